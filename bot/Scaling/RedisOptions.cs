using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Bot.Scaling;

/// <summary>
/// Redis, for running several bot instances behind a load balancer: the SignalR backplane of the agent console, the
/// Direct Line "new activity" notices between instances, the per-conversation turn lock and the agents' presence. Without
/// <see cref="Connection"/> everything stays in the process, as one instance needs.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>redis:6379</c>, <c>host:6380,password=…,ssl=true</c>); empty: one instance, no Redis.</summary>
    public string? Connection { get; set; }

    /// <summary>Put before every channel and key the bot uses, so several deployments can share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.:-]{1,64}$")]
    public string ChannelPrefix { get; set; } = "helpdeskbot";

    /// <summary>
    /// The lease of a conversation's turn lock: renewed while the turn runs, so it only matters when an instance dies
    /// holding it (the next turn of that conversation waits at most this long).
    /// </summary>
    [Range(2, 600)]
    public int TurnLockSeconds { get; set; } = 30;

    /// <summary>How long a turn waits for another instance's turn of the same conversation before it goes ahead anyway (the database's version check still guards the state).</summary>
    [Range(1, 600)]
    public int TurnLockWaitSeconds { get; set; } = 60;

    /// <summary>How often an instance tells the others which agents have its console open (and reads theirs).</summary>
    [Range(1, 300)]
    public int PresenceSeconds { get; set; } = 5;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Connection);
}
