using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Analytics;

/// <summary>
/// Adds one <see cref="AnalyticsEvent"/> per bot turn to the turn's own unit of work, so it is saved in the turn's one
/// transaction (a separate write per turn was one of the several transactions each turn queued for SQLite's one writer):
/// a turn that is stored is counted once, a turn that fails to store is not counted. If the event itself cannot be stored
/// (an older database without the table) the turn pipeline saves the turn again without it: a dashboard short by one
/// turn is better than a lost answer.
/// </summary>
internal sealed class AnalyticsRecorder(AnalyticsUserKeys userKeys)
{
    /// <summary>The intent recorded for a turn that failed before the engine said what it was.</summary>
    public const string UnknownIntent = "unknown";

    /// <summary>Adds the turn's event to <paramref name="db"/> (not saved) and returns it, so a failed save can be retried without it.</summary>
    public AnalyticsEvent Add(
        StateDbContext db, string channelId, string conversationId, ChannelUser user, TurnResult? result, string language, TimeSpan took, DateTime atUtc) =>
        db.Set<AnalyticsEvent>().Add(new AnalyticsEvent
        {
            ChannelId = channelId,
            ConversationId = conversationId,
            UserKey = userKeys.For(channelId, user),
            Language = result?.Language ?? language,
            Intent = result?.Intent ?? UnknownIntent,
            Confidence = result?.Confidence ?? 0,
            Outcome = OutcomeName(result?.Kind ?? TurnKind.Failed),
            ResponseMs = (int)Math.Clamp(Math.Round(took.TotalMilliseconds), 0, int.MaxValue),
            AtUtc = atUtc,
        }).Entity;

    public static string OutcomeName(TurnKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}
