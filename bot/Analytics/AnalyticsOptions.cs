namespace HelpdeskBot.Bot.Analytics;

/// <summary>The <c>Analytics</c> configuration section.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics";

    /// <summary>
    /// The salt of the user keys. Empty: one is generated on first start and kept in the data directory
    /// (<c>analytics.salt</c>). Changing it makes returning users look new, so containment counts them as contained.
    /// </summary>
    public string? UserKeySalt { get; set; }
}
