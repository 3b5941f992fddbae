using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Channels.BotFramework.Outbox;

/// <summary>
/// A Bot Connector conversation's replies as a turn's <see cref="ITurnReplyLog"/>: each reply becomes a
/// <see cref="ConnectorOutboxEntry"/> in the turn's own transaction, so a turn that is saved owes its replies in the
/// database before anything is sent, and a turn that fails owes nothing. Sending is the caller's next step
/// (<see cref="ConnectorOutbox.DeliverAsync"/>), or the sweep's when the instance did not live to do it.
/// </summary>
/// <param name="Incoming">The activity that arrived: the replies answer it (a welcome answers the conversationUpdate).</param>
internal sealed record ConnectorTurnLog(ConnectorOutbox Outbox, Activity Incoming) : ITurnReplyLog
{
    public Task<IStagedReplies> StageAsync(StateDbContext db, IReadOnlyList<Activity> replies, CancellationToken cancellationToken)
    {
        var entries = new List<ConnectorOutboxEntry>(replies.Count);
        foreach (var reply in replies)
        {
            reply.ReplyToId = Incoming.Id;
            reply.Id = null;
            var pendingId = ConnectorOutbox.NewPendingId();
            var entry = Outbox.NewEntry(
                Incoming.ChannelId!, Incoming.Conversation!.Id!, Incoming.ServiceUrl!, Incoming.Id, reply, ConnectorOutbox.ReplyOrigin, pendingId);
            db.Add(entry);
            entries.Add(entry);
            // The turn records this as the message's id; delivery replaces it with the Connector's.
            reply.Id = pendingId;
        }
        return Task.FromResult<IStagedReplies>(new Staged(db, entries));
    }

    private sealed class Staged(StateDbContext db, List<ConnectorOutboxEntry> entries) : IStagedReplies
    {
        private bool _saved;

        public void Saved() => _saved = true;

        public void Dispose()
        {
            if (_saved)
            {
                return;
            }
            // A failed attempt: its rows leave the unit of work (a retry stages them anew).
            foreach (var entry in entries)
            {
                db.Entry(entry).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            }
        }
    }
}
