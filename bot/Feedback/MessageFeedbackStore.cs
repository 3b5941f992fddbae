using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Cards;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Feedback;

/// <summary>
/// Records what the bot sent and what users thought of it: 👍 / 👎 reactions (Teams <c>messageReaction</c>, matched by
/// the reaction's <c>replyToId</c> to the id the channel gave the message) and the answer card's buttons (matched by the
/// bot's own message key). Feedback only ever lands on a message of the same conversation.
/// </summary>
internal sealed partial class MessageFeedbackStore(IDbContextFactory<StateDbContext> dbFactory, TimeProvider time, ILogger<MessageFeedbackStore> logger)
{
    public const string ReactionSource = "reaction";
    public const string CardSource = "card";

    // Teams sends like, heart, laugh, surprised, sad, angry; other channels use the emoji names.
    private static readonly HashSet<string> Positive = new(StringComparer.OrdinalIgnoreCase) { "like", "+1", "thumbsup", "👍", "heart", "❤️", "laugh" };
    private static readonly HashSet<string> Negative = new(StringComparer.OrdinalIgnoreCase) { "dislike", "-1", "thumbsdown", "👎", "sad", "angry" };

    /// <summary>A new key for a message about to be sent.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A 👍 / 👎 pressed on an answer card, within the turn's own database context. False when the key names no message
    /// of this conversation (a forged or foreign key): nothing is stored.
    /// </summary>
    public static async Task<bool> RecordCardAsync(
        StateDbContext db, string channelId, string conversationId, string userId, CardSubmission submission, DateTime now, CancellationToken cancellationToken)
    {
        var key = submission.Data.GetValueOrDefault(CardData.Message);
        if (key is null || !CardVerbs.IsFeedback(submission.Action))
        {
            return false;
        }

        var message = await db.SentMessages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Key == key && m.ChannelId == channelId && m.ConversationId == conversationId, cancellationToken);
        if (message is null)
        {
            return false;
        }

        // One verdict per user and message: pressing again replaces it.
        var previous = await db.MessageFeedback
            .Where(f => f.MessageKey == key && f.UserId == userId && f.Source == CardSource)
            .ToListAsync(cancellationToken);
        db.MessageFeedback.RemoveRange(previous);
        db.MessageFeedback.Add(new MessageFeedback
        {
            MessageKey = key, ChannelId = channelId, ConversationId = conversationId, UserId = userId,
            Helpful = submission.Action == CardVerbs.Helpful, Source = CardSource, Kind = submission.Action,
            Citation = message.Citation, DocumentId = message.DocumentId, DocumentVersion = message.DocumentVersion, AtUtc = now,
        });
        return true;
    }

    /// <summary>Applies a <c>messageReaction</c>: added 👍 / 👎 are recorded on the message, removed ones taken back.</summary>
    public async Task<int> ApplyReactionsAsync(Activity activity, CancellationToken cancellationToken)
    {
        var channelId = activity.ChannelId!;
        var conversationId = activity.Conversation!.Id!;
        var userId = activity.From!.Id!;
        if (activity.ReplyToId is not { Length: > 0 } replyToId)
        {
            LogReactionWithoutTarget(channelId);
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.SentMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ChannelId == channelId && m.ConversationId == conversationId && m.ActivityId == replyToId, cancellationToken);
        if (message is null)
        {
            // A reaction to a user's own message, or to one sent before messages were recorded.
            LogReactionToUnknownMessage(channelId);
            return 0;
        }

        var changes = 0;
        foreach (var removed in activity.ReactionsRemoved ?? [])
        {
            var kind = removed.Type ?? string.Empty;
            var rows = await db.MessageFeedback
                .Where(f => f.MessageKey == message.Key && f.UserId == userId && f.Source == ReactionSource && f.Kind == kind)
                .ToListAsync(cancellationToken);
            db.MessageFeedback.RemoveRange(rows);
            changes += rows.Count;
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var added in activity.ReactionsAdded ?? [])
        {
            var kind = added.Type ?? string.Empty;
            bool? helpful = Positive.Contains(kind) ? true : Negative.Contains(kind) ? false : null;
            if (helpful is null || kind.Length > 64)
            {
                continue;
            }

            var already = await db.MessageFeedback.AnyAsync(
                f => f.MessageKey == message.Key && f.UserId == userId && f.Source == ReactionSource && f.Kind == kind, cancellationToken);
            if (!already)
            {
                db.MessageFeedback.Add(new MessageFeedback
                {
                    MessageKey = message.Key, ChannelId = channelId, ConversationId = conversationId, UserId = userId,
                    Helpful = helpful.Value, Source = ReactionSource, Kind = kind, Citation = message.Citation,
                    DocumentId = message.DocumentId, DocumentVersion = message.DocumentVersion, AtUtc = now,
                });
                changes++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        LogReactions(channelId, changes);
        return changes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A reaction on {ChannelId} named no message; ignored")]
    private partial void LogReactionWithoutTarget(string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A reaction on {ChannelId} was to a message the bot has no record of; ignored")]
    private partial void LogReactionToUnknownMessage(string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reactions on {ChannelId} changed {Changes} feedback records")]
    private partial void LogReactions(string channelId, int changes);
}
