using HelpdeskBot.Bot.Handoff;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Handoff;

public sealed class BusinessHoursTests
{
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    private static DateTimeOffset Wib(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData(27, 8, 0, true)] // Friday 08:00, opening minute
    [InlineData(27, 17, 59, true)]
    [InlineData(27, 18, 0, false)] // closing minute belongs to the night
    [InlineData(27, 7, 59, false)]
    [InlineData(28, 10, 0, false)] // Saturday
    [InlineData(30, 9, 0, true)] // Monday
    public void Weekday_hours_are_read_in_the_queues_time_zone(int day, int hour, int minute, bool open)
    {
        var hours = new BusinessHours(new QueueOptions { Days = "Mon-Fri", Opens = "08:00", Closes = "18:00" }, Jakarta);

        Assert.Equal(open, hours.IsOpen(Wib(day, hour, minute)));
        Assert.Equal(open, hours.IsOpen(Wib(day, hour, minute).ToUniversalTime()));
    }

    [Fact]
    public void The_next_opening_skips_closed_days_and_keeps_the_local_offset()
    {
        var hours = new BusinessHours(new QueueOptions { Days = "Mon-Fri", Opens = "08:00", Closes = "18:00" }, Jakarta);

        Assert.Equal(Wib(30, 8), hours.NextOpening(Wib(27, 19)));
        Assert.Equal(TimeSpan.FromHours(7), hours.NextOpening(Wib(27, 19).ToUniversalTime()).Offset);
        Assert.Equal(Wib(27, 8), hours.NextOpening(Wib(27, 6)));
    }

    [Theory]
    [InlineData("Daily", "00:00", "24:00")]
    [InlineData("Sat-Tue", "07:00", "22:00")]
    [InlineData("mon, wed, fri", "09:00", "17:00")]
    public void Day_lists_and_ranges_wrap_around_the_week(string days, string opens, string closes)
    {
        var hours = new BusinessHours(new QueueOptions { Days = days, Opens = opens, Closes = closes }, Jakarta);

        var openDays = Enumerable.Range(23, 7).Where(day => hours.IsOpen(Wib(day, 12))).Select(day => Wib(day, 12).DayOfWeek).ToHashSet();

        var expected = days switch
        {
            "Daily" => Enum.GetValues<DayOfWeek>().ToHashSet(),
            "Sat-Tue" => [DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday],
            _ => new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday },
        };
        Assert.Equal(expected, openDays);
    }

    [Theory]
    [InlineData("Someday", "08:00", "17:00")]
    [InlineData("Mon-Fri", "8am", "17:00")]
    [InlineData("Mon-Fri", "17:00", "08:00")]
    public void Bad_hours_are_refused_with_the_reason(string days, string opens, string closes) =>
        Assert.Throws<OptionsValidationException>(() => new BusinessHours(new QueueOptions { Days = days, Opens = opens, Closes = closes }, Jakarta));

    [Fact]
    public void The_options_validator_names_the_queue_and_the_key()
    {
        var options = new HandoffOptions { TimeZone = "Mars/Olympus", Queues = { ["Sales"] = new QueueOptions(), ["IT"] = new QueueOptions { Opens = "25:00" } } };

        var result = new HandoffOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Mars/Olympus", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Handoff:Queues:Sales is not a queue", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Handoff:Queues:IT:", StringComparison.Ordinal) && f.Contains("25:00", StringComparison.Ordinal));
    }
}
