namespace HelpdeskBot.Connectors.Changes;

public enum DemoStatusOutcome
{
    /// <summary>The status changed; the change is in the feed.</summary>
    Changed,

    /// <summary>The record already had that status: nothing changed, nothing logged.</summary>
    Unchanged,

    /// <summary>No such record.</summary>
    NotFound,

    /// <summary>The status is not one this kind of record has.</summary>
    InvalidStatus,
}

/// <param name="Change">The change as the feed will show it, when <see cref="Outcome"/> is <see cref="DemoStatusOutcome.Changed"/>.</param>
public sealed record DemoStatusResult(DemoStatusOutcome Outcome, StatusChange? Change = null);

/// <summary>
/// What back-office staff do in the real systems — an IT engineer resolves a ticket, a manager approves leave, the
/// warehouse ships an order — for the demo back office, so someone trying the demo can make a status change happen and
/// watch the bot tell the owner. Demo only: the real systems have their own screens.
/// </summary>
public interface IDemoStaffDesk
{
    /// <summary>
    /// Sets the status of a record (<paramref name="status"/> as on the feed: <c>inProgress</c>, <c>approved</c>,
    /// <c>shipped</c>…) and logs the change in the same transaction.
    /// </summary>
    Task<DemoStatusResult> SetStatusAsync(ChangedRecordKind kind, string recordId, string status, CancellationToken cancellationToken);
}
