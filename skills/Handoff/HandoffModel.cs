using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Handoff;

/// <summary>Why the bot hands a conversation to a person. Recorded with the case and shown to the agent.</summary>
public enum HandoffReason
{
    /// <summary>The user asked for a person (the <c>agent.handoff</c> intent or the "Talk to a person" button).</summary>
    UserAsked,

    /// <summary>The bot did not understand several messages in a row.</summary>
    RepeatedFallback,

    /// <summary>The classifier was unsure several times in a row.</summary>
    LowConfidence,

    /// <summary>The user sounded frustrated ("this is useless", "tidak membantu").</summary>
    Frustration,

    /// <summary>A skill asked for a person: a refund above the limit, an identity check that failed.</summary>
    SkillRequest,
}

/// <summary>The queues agents serve, one per topic.</summary>
public static class HandoffQueues
{
    public const string Orders = "Orders";
    public const string It = "IT";
    public const string Hr = "HR";
    public const string Finance = "Finance";
    public const string General = "General";

    public static IReadOnlyList<string> All { get; } = [Orders, It, Hr, Finance, General];

    /// <summary>The queue that handles what the user was last doing (<paramref name="intent"/>), General when nothing fits.</summary>
    public static string ForIntent(string? intent) => intent switch
    {
        null => General,
        _ when intent.StartsWith("order.", StringComparison.Ordinal) => Orders,
        _ when intent.StartsWith("invoice.", StringComparison.Ordinal) => Finance,
        _ when intent.StartsWith("it.", StringComparison.Ordinal) => It,
        _ when intent.StartsWith("hr.", StringComparison.Ordinal) => Hr,
        _ => General,
    };

    /// <summary>The queue's name as the bot says it in <paramref name="language"/> ("the order support team").</summary>
    public static string TeamName(string queue, string language) => (queue switch
    {
        Orders => HandoffPhrases.OrdersTeam,
        It => HandoffPhrases.ItTeam,
        Hr => HandoffPhrases.HrTeam,
        Finance => HandoffPhrases.FinanceTeam,
        _ => HandoffPhrases.GeneralTeam,
    }).In(language);

    /// <summary>The exact spelling of a known queue name (case-insensitive match), or null.</summary>
    public static string? Normalize(string? queue) =>
        queue is null ? null : All.FirstOrDefault(q => string.Equals(q, queue.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="intent"/> is one whose skill did something for the user (not small talk or help).</summary>
    public static bool IsTask(string? intent) =>
        intent is not null
        && intent != IntentNames.OutOfScope
        && intent != IntentNames.BotHelp
        && intent != IntentNames.AgentHandoff
        && !intent.StartsWith("smalltalk.", StringComparison.Ordinal)
        && !intent.StartsWith("dialog.", StringComparison.Ordinal);
}

/// <summary>A request to put the conversation in front of a person.</summary>
/// <param name="ConversationId">The channel's conversation id.</param>
/// <param name="User">The user as the channel verified them.</param>
/// <param name="Language">The conversation's language ("en" or "id").</param>
/// <param name="Queue">One of <see cref="HandoffQueues"/>.</param>
/// <param name="Reason">Why.</param>
/// <param name="Detail">What a skill adds for the agent ("refund of Rp 7.500.000 is above the Rp 5.000.000 limit"), masked by the host.</param>
/// <param name="LastIntent">The last request a skill handled, for the agent's context.</param>
public sealed record HandoffRequest(
    string ConversationId,
    ChannelUser User,
    string Language,
    string Queue,
    HandoffReason Reason,
    string? Detail,
    string? LastIntent)
{
    /// <summary>Frustrated users and skills' escalations go first; everyone else in order of arrival.</summary>
    public int Priority => Reason is HandoffReason.Frustration or HandoffReason.SkillRequest ? 1 : 0;
}

/// <summary>A skill's request for a person, returned with its replies (<see cref="SkillResult.Handoff"/>).</summary>
/// <param name="Detail">For the agent: what made the skill ask.</param>
/// <param name="Queue">The queue; null for the one of the conversation's last request.</param>
/// <param name="Reason">Why; a skill's own judgement unless the user asked.</param>
public sealed record SkillHandoff(string? Detail, string? Queue = null, HandoffReason Reason = HandoffReason.SkillRequest);

/// <summary>What became of a handoff request.</summary>
public abstract record HandoffPlacement
{
    private HandoffPlacement() { }

    /// <summary>In the queue at <paramref name="Position"/> (1 = next), expected to wait about <paramref name="EstimatedWait"/>.</summary>
    public sealed record Queued(long CaseId, string Queue, int Position, TimeSpan EstimatedWait) : HandoffPlacement;

    /// <summary>The conversation already waits for or talks with a person.</summary>
    public sealed record AlreadyQueued(long CaseId, string Queue, int Position, TimeSpan EstimatedWait) : HandoffPlacement;

    /// <summary>The queue is closed now; it opens at <paramref name="NextOpening"/> (in the queue's time zone), if ever.</summary>
    public sealed record OutsideHours(string Queue, DateTimeOffset? NextOpening) : HandoffPlacement;

    /// <summary>Sent to the company's external agent hub (<c>handoff.initiate</c>); it answers with <c>handoff.status</c>.</summary>
    public sealed record SentToHub(long CaseId, string Queue) : HandoffPlacement;
}

/// <summary>Details collected outside business hours, for a person to call or write back.</summary>
/// <param name="Contact">How to reach the user, as they typed it; null for a signed-in user the company already knows.</param>
public sealed record CallbackRequest(
    string ConversationId,
    ChannelUser User,
    string Language,
    string Queue,
    HandoffReason Reason,
    string Details,
    string? Contact);

/// <summary>
/// Where handoffs go: the bot host implements it (queue in the database, agent console, or an external hub). The skills
/// decide when to hand off and what to say; the desk decides where the conversation waits.
/// </summary>
public interface IHandoffDesk
{
    /// <summary>Puts the conversation in its queue (or tells why it cannot be now).</summary>
    Task<HandoffPlacement> RequestAsync(HandoffRequest request, CancellationToken cancellationToken);

    /// <summary>Files a callback request; returns its reference ("CB-000123").</summary>
    Task<string> RequestCallbackAsync(CallbackRequest request, CancellationToken cancellationToken);

    /// <summary>Records the user's 1–5 rating of the help they got in handoff case <paramref name="caseId"/>.</summary>
    Task RecordSatisfactionAsync(string conversationId, long caseId, int score, CancellationToken cancellationToken);
}
