using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Notifications;

/// <summary>Proactive status notifications (section <c>Notifications</c>), validated at start.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Whether this host polls the change feed and sends. Conversation references are recorded either way.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the change feed is read and due notifications are sent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "PollInterval must be between 50 ms and 1 hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Changes read per system per request, and notifications sent per round.</summary>
    [Range(1, 500, ErrorMessage = "BatchSize must be between 1 and 500.")]
    public int BatchSize { get; set; } = 100;

    /// <summary>Tries before a notification is given up (and logged).</summary>
    [Range(1, 50, ErrorMessage = "MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed try; it doubles with each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "RetryDelay must be between 0 and 1 hour.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "MaxRetryDelay must be between 0 and 1 day.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a host holds a notification it is sending before another host may take it over (it crashed mid-send).
    /// Longer than one Connector call with its retries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "ClaimTimeout must be between 5 seconds and 1 hour.")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Teams service URL for opening a chat with an employee when no Teams activity has told the bot one yet
    /// (e.g. <c>https://smba.trafficmanager.net/apac/</c>). Optional.
    /// </summary>
    public string? TeamsServiceUrl { get; set; }

    /// <summary>The Microsoft Entra tenant of those chats, with <see cref="TeamsServiceUrl"/>. Optional.</summary>
    public string? TeamsTenantId { get; set; }

    /// <summary>Language of a notification to someone whose language the bot has not seen (<c>en</c> or <c>id</c>).</summary>
    [RegularExpression("^(en|id)$", ErrorMessage = "DefaultLanguage must be en or id.")]
    public string DefaultLanguage { get; set; } = "en";
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add("Notifications:MaxRetryDelay must not be shorter than Notifications:RetryDelay.");
        }

        if (!string.IsNullOrWhiteSpace(options.TeamsServiceUrl)
            && (!Uri.TryCreate(options.TeamsServiceUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback))
        {
            failures.Add("Notifications:TeamsServiceUrl must be an absolute https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.TeamsServiceUrl) != string.IsNullOrWhiteSpace(options.TeamsTenantId))
        {
            failures.Add("Notifications:TeamsServiceUrl and Notifications:TeamsTenantId go together: set both or neither.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
