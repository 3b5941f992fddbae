using System.Collections.Frozen;
using HelpdeskBot.Classifier.Entities;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.Hr;

/// <summary>
/// "Today" and the public holidays for HR: the date in the time zone the entity recogniser resolves "besok" in
/// (<see cref="EntityOptions.TimeZone"/>, Asia/Jakarta by default), so a leave "tomorrow" and the balance year agree.
/// </summary>
public sealed class HrCalendar(IOptions<LeaveOptions> leave, IOptions<EntityOptions> entities)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(entities.Value.TimeZone);
    private readonly FrozenSet<DateOnly> holidays = leave.Value.PublicHolidays.ToFrozenSet();

    public DateOnly Today(DateTimeOffset now) => HrFormat.Today(now, zone);

    public LeaveCalendar At(DateTimeOffset now) => new(Today(now), holidays);
}
