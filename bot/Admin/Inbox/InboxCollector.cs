using System.Runtime.InteropServices;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>Settings of the unanswered-question inbox, section <c>Inbox</c>.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>
    /// An answer the bot gave from an intent whose calibrated confidence was under this is an unsure one and goes to the
    /// inbox as low confidence, although the user got an answer (0 turns it off). Questions the bot asked back about
    /// (two intents too close) always go there.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public float UnsureAnswerBelow { get; set; } = 0.5f;

    /// <summary>
    /// How often an instance checks whether another promoted a retrained intent model, and then loads it from the state
    /// database (<see cref="IntentModelSync"/>).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.1, 3600)]
    public double ModelSyncSeconds { get; set; } = 10;
}

/// <summary>
/// Turns what the bot could not serve well into inbox items: out-of-scope messages, fallbacks, unsure predictions (the
/// bot asked back, or answered from an intent with a confidence under <see cref="InboxOptions.UnsureAnswerBelow"/>) and
/// handoffs (from the turn's outcome) and 👎 on an answer (card button or Teams reaction). The text is taken from the
/// transcript the turn just wrote, so it is masked exactly as stored there and a withheld one-time code never becomes
/// an item. Runs after the turn is saved, in its own context: a failure is logged and the user's reply is unaffected.
/// The item's embedding is not computed here: a sentence embedding is a model run (milliseconds of CPU) on the turn's
/// path, and only the inbox's view needs it, which computes the missing ones when it is read (<see cref="InboxService"/>).
/// </summary>
internal sealed partial class InboxCollector(
    IDbContextFactory<StateDbContext> dbFactory,
    TimeProvider time,
    IOptions<InboxOptions> options,
    ILogger<InboxCollector> logger)
{
    /// <summary>
    /// After a turn: <paramref name="result"/> is the engine's outcome (null when the engine did not run or the turn was
    /// card feedback), <paramref name="feedbackMessageKey"/> the message a 👍 / 👎 button was pressed on.
    /// </summary>
    public async Task CollectTurnAsync(
        string channelId, string conversationId, TurnResult? result, string? feedbackMessageKey, CancellationToken cancellationToken)
    {
        try
        {
            if (feedbackMessageKey is not null)
            {
                await CollectFeedbackAsync(channelId, conversationId, feedbackMessageKey, cancellationToken);
                return;
            }

            var reason = result?.Kind switch
            {
                TurnKind.Fallback when result.Intent == IntentNames.OutOfScope => InboxReasons.OutOfScope,
                TurnKind.Fallback => InboxReasons.Fallback,
                TurnKind.LowConfidence => InboxReasons.LowConfidence,
                TurnKind.HandedOff => InboxReasons.Handoff,
                TurnKind.Answered when IsUnsure(result) => InboxReasons.LowConfidence,
                _ => null,
            };
            if (reason is null)
            {
                return;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var said = await LastSaid.For(db)(db, channelId, conversationId, cancellationToken);
            if (reason == InboxReasons.Handoff && said?.Intent == IntentNames.AgentHandoff)
            {
                // "Let me talk to a person" says little; the question before it is what the bot could not answer.
                var before = await SaidBefore.For(db)(db, channelId, conversationId, said.Id, cancellationToken);
                said = before ?? said;
            }

            if (result!.Kind == TurnKind.Answered && said?.Intent != result.Intent)
            {
                // The answer did not come from what the classifier made of this message (a form's last step, a
                // knowledge answer to an out-of-scope question): its confidence says nothing about the answer.
                return;
            }

            await AddAsync(db, said, reason, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCollectFailed(ex, channelId);
        }
    }

    private bool IsUnsure(TurnResult result) =>
        result.Intent != IntentNames.OutOfScope && result.Confidence > 0 && result.Confidence < options.Value.UnsureAnswerBelow;

    /// <summary>After a Teams <c>messageReaction</c> was applied: a 👎 now on the message puts its question in the inbox.</summary>
    public async Task CollectReactionAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.ReplyToId is not { Length: > 0 } replyToId || activity.ChannelId is not { } channelId || activity.Conversation?.Id is not { } conversationId)
        {
            return;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var key = await db.SentMessages.AsNoTracking()
                .Where(m => m.ChannelId == channelId && m.ConversationId == conversationId && m.ActivityId == replyToId)
                .Select(m => m.Key)
                .FirstOrDefaultAsync(cancellationToken);
            if (key is not null)
            {
                await CollectFeedbackAsync(channelId, conversationId, key, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCollectFailed(ex, channelId);
        }
    }

    private async Task CollectFeedbackAsync(string channelId, string conversationId, string messageKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unhelpful = await db.MessageFeedback.AsNoTracking().AnyAsync(
            f => f.MessageKey == messageKey && f.ChannelId == channelId && f.ConversationId == conversationId && !f.Helpful, cancellationToken);
        var message = unhelpful
            ? await db.SentMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Key == messageKey && m.ChannelId == channelId && m.ConversationId == conversationId, cancellationToken)
            : null;
        if (message is null)
        {
            return;
        }

        // The question the answer was for: the user's last message up to the moment the answer was sent, not a press of
        // a feedback button (one pressed within the same clock tick as the answer also qualifies by time).
        var question = await db.Transcript.AsNoTracking()
            .Where(t => t.ChannelId == channelId && t.ConversationId == conversationId && t.Direction == "user" && t.AtUtc <= message.AtUtc &&
                !t.Text.StartsWith(FeedbackPress))
            .OrderByDescending(t => t.Id)
            .FirstOrDefaultAsync(cancellationToken);
        await AddAsync(db, question, InboxReasons.NegativeFeedback, cancellationToken);
    }

    private async Task AddAsync(StateDbContext db, TranscriptEntry? said, string reason, CancellationToken cancellationToken)
    {
        if (said is null || string.IsNullOrWhiteSpace(said.Text) || said.Text == TurnPipeline.WithheldSecret || said.Intent == TurnPipeline.IntentToAgent ||
            await Collected.For(db)(db, said.Id, reason, cancellationToken))
        {
            return;
        }

        db.Set<InboxItem>().Add(new InboxItem
        {
            ChannelId = said.ChannelId,
            ConversationId = said.ConversationId,
            TranscriptEntryId = said.Id,
            Reason = reason,
            Text = said.Text,
            Language = said.Language ?? Languages.English,
            Intent = said.Intent,
            Confidence = said.Confidence,
            Embedding = [],
            Status = InboxStatuses.Open,
            AtUtc = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogCollected(said.ChannelId, reason);
    }

    // Compiled: a fallback, an unsure answer or a handoff (one turn in five of the load test's) reads them.
    private static readonly PerModelQuery<Func<StateDbContext, string, string, CancellationToken, Task<TranscriptEntry?>>> LastSaid =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string channelId, string conversationId, CancellationToken _) =>
            db.Transcript.AsNoTracking()
                .Where(t => t.ChannelId == channelId && t.ConversationId == conversationId && t.Direction == "user")
                .OrderByDescending(t => t.Id)
                .FirstOrDefault()));

    private static readonly PerModelQuery<Func<StateDbContext, string, string, long, CancellationToken, Task<TranscriptEntry?>>> SaidBefore =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string channelId, string conversationId, long beforeId, CancellationToken _) =>
            db.Transcript.AsNoTracking()
                .Where(t => t.ChannelId == channelId && t.ConversationId == conversationId && t.Direction == "user" && t.Id < beforeId &&
                            t.Intent != IntentNames.AgentHandoff && t.Intent != TurnPipeline.IntentToAgent)
                .OrderByDescending(t => t.Id)
                .FirstOrDefault()));

    private static readonly PerModelQuery<Func<StateDbContext, long, string, CancellationToken, Task<bool>>> Collected =
        new(() => EF.CompileAsyncQuery((StateDbContext db, long transcriptEntryId, string reason, CancellationToken _) =>
            db.Set<InboxItem>().Any(i => i.TranscriptEntryId == transcriptEntryId && i.Reason == reason)));

    /// <summary>How the transcript records a press of an answer card's feedback button.</summary>
    private const string FeedbackPress = "[card] feedback.";

    public static byte[] ToBytes(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    public static float[] ToVector(byte[] bytes) => bytes.Length % sizeof(float) == 0 ? MemoryMarshal.Cast<byte, float>(bytes).ToArray() : [];

    [LoggerMessage(Level = LogLevel.Information, Message = "A message on {ChannelId} went to the unanswered-question inbox ({Reason})")]
    private partial void LogCollected(string channelId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put a message on {ChannelId} in the unanswered-question inbox; the turn went ahead")]
    private partial void LogCollectFailed(Exception exception, string channelId);
}
