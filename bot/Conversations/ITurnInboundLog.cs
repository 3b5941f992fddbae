namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// A channel log (<see cref="ITurnReplyLog"/>) that also keeps the user's activity and stores it with the turn — Direct
/// Line does — so a message costs one write transaction: the user's activity, the turn and its replies are saved
/// together, and a turn that fails stores none of them (the client's retry runs it afresh). Until it is stored the
/// activity has no id; staging gives it one (the replies' <c>replyToId</c> and the de-duplication record follow).
/// </summary>
internal interface ITurnInboundLog
{
    /// <summary>
    /// The user's activity is not in the log yet: the turn's save stages it (so the save is a transaction even when the
    /// turn has no reply, as a message to a person does).
    /// </summary>
    bool Pending { get; }

    /// <summary>
    /// Under the turn's lock, before de-duplication: finds the user's activity in the log when an earlier attempt stored
    /// it (the client's retry of a message already answered, or of a streamed turn that failed after its activity went
    /// in) and gives the activity its stored id, so the pipeline's de-duplication record decides whether to run it again.
    /// </summary>
    Task FindStoredAsync(StateDbContext db, CancellationToken cancellationToken);
}
