using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>
/// One Direct Line conversation's activity log as a turn's <see cref="ITurnReplyLog"/>: the bot's replies are stored with
/// the turn (one transaction instead of the turn's, then one per reply, then one for their delivered ids) and reach open
/// WebSockets once it is saved.
/// </summary>
/// <param name="InReplyToUser">False for the welcome, which answers no message of the user's (stored without a replyToId).</param>
internal sealed record DirectLineTurnLog(DirectLineConversations Conversations, string ConversationId, bool InReplyToUser) : ITurnReplyLog
{
    public Task<IStagedReplies> StageAsync(StateDbContext db, IReadOnlyList<Activity> replies, CancellationToken cancellationToken) =>
        Conversations.StageAsync(db, ConversationId, replies, InReplyToUser, cancellationToken);
}
