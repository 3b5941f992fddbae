using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Analytics;

/// <summary>
/// Writes one <see cref="AnalyticsEvent"/> per bot turn, after the turn is saved and in its own context: a failure here is
/// logged and the user still gets the reply (a dashboard short by one turn is better than a lost answer).
/// </summary>
internal sealed partial class AnalyticsRecorder(
    IDbContextFactory<StateDbContext> dbFactory,
    AnalyticsUserKeys userKeys,
    ILogger<AnalyticsRecorder> logger)
{
    /// <summary>The intent recorded for a turn that failed before the engine said what it was.</summary>
    public const string UnknownIntent = "unknown";

    public async Task RecordAsync(
        string channelId, string conversationId, ChannelUser user, TurnResult? result, string language, TimeSpan took, DateTime atUtc, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
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
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRecordFailed(ex, channelId);
        }
    }

    public static string OutcomeName(TurnKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the analytics event of a turn on {ChannelId}; the turn went ahead")]
    private partial void LogRecordFailed(Exception exception, string channelId);
}
