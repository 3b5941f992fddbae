using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>
/// One Direct Line conversation's activity log as a turn's <see cref="ITurnReplyLog"/>: the user's activity (when the turn
/// answers a POST) and the bot's replies are stored with the turn — one transaction per message, where it used to be one
/// for the user's activity, one for the turn, one per reply and one for their delivered ids — and reach open WebSockets
/// once it is saved.
/// </summary>
/// <param name="InReplyToUser">False for the welcome, which answers no message of the user's (stored without a replyToId).</param>
/// <param name="User">The POSTed activity, stored ahead of the replies; null for the welcome.</param>
internal sealed record DirectLineTurnLog(DirectLineConversations Conversations, string ConversationId, bool InReplyToUser, DirectLineInbound? User = null)
    : ITurnReplyLog, ITurnInboundLog
{
    public Task<IStagedReplies> StageAsync(StateDbContext db, IReadOnlyList<Activity> replies, CancellationToken cancellationToken) =>
        Conversations.StageAsync(db, ConversationId, replies, InReplyToUser, User, cancellationToken);

    public bool Pending => User?.Pending == true;

    public Task FindStoredAsync(StateDbContext db, CancellationToken cancellationToken) =>
        User?.FindStoredAsync(db, cancellationToken) ?? Task.CompletedTask;
}
