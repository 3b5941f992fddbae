using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Bot.Operations.Health;

/// <summary>How long readiness waits for each dependency, bound from <c>Health</c>.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// The longest one readiness check may take before it counts as failed. Load balancers give up on a probe after a few
    /// seconds; a dependency that hangs must fail the check inside that, not hold the probe open.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Health:Timeout must be between 100 ms and 1 minute.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
