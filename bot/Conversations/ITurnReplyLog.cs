using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// A channel that keeps its own log of what the bot sent (Direct Line does: the log is what WebSocket and polling clients
/// read). The turn writes the replies into that log in its own unit of work, so a turn's state, de-duplication record,
/// transcript, sent messages, analytics and the replies themselves are one transaction: a turn that fails stores none of
/// them, and each reply is stored (and later delivered) exactly once, under the id its sent-message record already names.
/// </summary>
internal interface ITurnReplyLog
{
    /// <summary>
    /// Adds <paramref name="replies"/> to the log in <paramref name="db"/> without saving, and gives each its id. The
    /// returned staging is told when the turn was saved (then the replies go out to open streams) and disposed either way;
    /// disposed unsaved, it takes its rows out of <paramref name="db"/> again (a failed attempt, which may be retried).
    /// </summary>
    Task<IStagedReplies> StageAsync(StateDbContext db, IReadOnlyList<Activity> replies, CancellationToken cancellationToken);
}

/// <summary>Replies added to a channel's log in a turn's unit of work, not yet saved.</summary>
internal interface IStagedReplies : IDisposable
{
    /// <summary>The turn's unit of work was saved: publish the replies. Called at most once; without it nothing is published.</summary>
    void Saved();
}
