using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// A channel that keeps its own log of what the bot sent (Direct Line: the conversation's activity log, which clients read
/// from their watermark) writes a turn's replies into the turn's own unit of work, so they commit in one transaction with
/// the conversation state and the de-duplication record. A crash (kill -9, power loss) then leaves all of the turn or none
/// of it: never a turn marked processed whose replies are not in the log — a client's retry would be answered with
/// nothing — and never replies of a turn that will run again when the client retries.
/// </summary>
internal interface ITurnReplyLog
{
    /// <summary>
    /// Adds the replies to <paramref name="db"/> (not saved) and gives each its channel id. The result is disposed once
    /// the turn's transaction has committed or failed; <see cref="IStagedReplies.Committed"/> is called only after a commit.
    /// </summary>
    Task<IStagedReplies> StageAsync(StateDbContext db, IReadOnlyList<Activity> replies, CancellationToken cancellationToken);
}

/// <summary>Replies staged in a turn's unit of work, waiting for its commit.</summary>
internal interface IStagedReplies : IDisposable
{
    /// <summary>The turn's transaction committed: what needs the replies to be durable first (pushing them to open streams).</summary>
    void Committed();
}
