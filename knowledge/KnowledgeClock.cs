using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge;

/// <summary>Today in the company's time zone: a policy effective from 1 January applies from midnight in Jakarta, not in UTC.</summary>
public sealed class KnowledgeClock(TimeProvider time, IOptions<KnowledgeOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);
}
