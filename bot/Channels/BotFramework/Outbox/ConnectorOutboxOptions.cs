using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework.Outbox;

/// <summary>How replies owed to Bot Connector conversations are retried and shared between instances.</summary>
public sealed class ConnectorOutboxOptions
{
    public const string SectionName = "BotFramework:Outbox";

    /// <summary>How often each instance looks for replies that are due again or were left behind by a stopped instance.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a claim on a conversation's rows lasts unless renewed; the instance that holds it renews it every third of
    /// this while it delivers. Rows claimed by an instance that stopped (killed mid-delivery) wait at most this long before
    /// another instance takes them over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:30:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after a failed delivery (the Connector client's own retries used up); it doubles with every failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two deliveries of one reply.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A reply still not delivered this long after its turn is given up (logged): an answer that late misleads more than it helps.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a request waits for the earlier replies of its conversation that another delivery is sending, before it
    /// leaves its own to that delivery (or the sweep) and answers 202.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan WaitForEarlierReplies { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>What data annotations cannot check: the back-off's cap is not below where it starts.</summary>
internal sealed class ConnectorOutboxOptionsValidator : IValidateOptions<ConnectorOutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOutboxOptions options) =>
        options.MaxRetryDelay < options.RetryDelay
            ? ValidateOptionsResult.Fail($"{ConnectorOutboxOptions.SectionName}:MaxRetryDelay must not be shorter than RetryDelay.")
            : ValidateOptionsResult.Success;
}
