using HelpdeskBot.Connectors.BackOffice;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.Changes;

/// <summary>The demo back office's change feed: its change log table, read after a cursor.</summary>
internal sealed class DemoBackOfficeChanges(IDbContextFactory<BackOfficeDbContext> dbFactory) : IBackOfficeChanges
{
    /// <summary>The most changes one read returns, whatever the caller asks for.</summary>
    public const int MaxLimit = 500;

    public Task<IReadOnlyList<StatusChange>> GetChangesAsync(BackOfficeSystem system, long after, int limit, CancellationToken cancellationToken) =>
        BackOfficeCall.RunAsync<IReadOnlyList<StatusChange>>(system, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rows = await db.StatusChanges.AsNoTracking()
                .Where(c => c.System == system && c.Sequence > after)
                .OrderBy(c => c.Sequence)
                .Take(Math.Clamp(limit, 1, MaxLimit))
                .ToListAsync(cancellationToken);
            return [.. rows.Select(ToChange)];
        });

    private static StatusChange ToChange(StatusChangeEntry row) => new(
        row.Sequence,
        row.Kind,
        row.RecordId,
        new Requester(row.OwnerKind, row.OwnerId),
        row.OldStatus,
        row.NewStatus,
        BackOfficeCall.Utc(row.ChangedAt));
}

/// <summary>Writes a change into the demo back office's change log, inside the caller's unit of work.</summary>
internal static class ChangeLog
{
    public static void Add<TStatus>(
        BackOfficeDbContext db, BackOfficeSystem system, ChangedRecordKind kind, string recordId, Requester owner,
        TStatus oldStatus, TStatus newStatus, DateTime changedAtUtc)
        where TStatus : struct, Enum
    {
        if (EqualityComparer<TStatus>.Default.Equals(oldStatus, newStatus))
        {
            return;
        }

        db.StatusChanges.Add(new StatusChangeEntry
        {
            System = system,
            Kind = kind,
            RecordId = recordId,
            OwnerKind = owner.Kind,
            OwnerId = owner.PartyId ?? throw new ArgumentException("A record's owner has an id.", nameof(owner)),
            OldStatus = StatusNames.Of(oldStatus),
            NewStatus = StatusNames.Of(newStatus),
            ChangedAt = changedAtUtc,
        });
    }
}
