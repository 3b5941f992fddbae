using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.Changes;

/// <summary>
/// Staff actions on the demo back office. Each change and its change-log row are saved together in one write
/// transaction, as the systems' own changes (an order the bot cancelled) are.
/// </summary>
internal sealed class DemoStaffDesk(
    IDbContextFactory<BackOfficeDbContext> dbFactory,
    IOptions<BackOfficeOptions> options,
    TimeProvider time) : IDemoStaffDesk
{
    public Task<DemoStatusResult> SetStatusAsync(ChangedRecordKind kind, string recordId, string status, CancellationToken cancellationToken)
    {
        var system = SystemOf(kind);
        return BackOfficeCall.RunAsync(system, async () =>
        {
            var id = recordId?.Trim().ToUpperInvariant();
            if (string.IsNullOrEmpty(id) || id.Length > 20)
            {
                return new DemoStatusResult(DemoStatusOutcome.NotFound);
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var outcome = kind switch
            {
                ChangedRecordKind.Ticket => await SetTicketAsync(db, id, status, now, cancellationToken),
                ChangedRecordKind.SoftwareRequest => await SetSoftwareRequestAsync(db, id, status, now, cancellationToken),
                ChangedRecordKind.LeaveRequest => await SetLeaveRequestAsync(db, id, status, now, cancellationToken),
                ChangedRecordKind.Order => await SetOrderAsync(db, id, status, now, cancellationToken),
                _ => DemoStatusOutcome.NotFound,
            };
            if (outcome != DemoStatusOutcome.Changed)
            {
                return new DemoStatusResult(outcome);
            }

            var entry = db.ChangeTracker.Entries<StatusChangeEntry>().Single().Entity;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DemoStatusResult(outcome, new StatusChange(
                entry.Sequence, entry.Kind, entry.RecordId, new Requester(entry.OwnerKind, entry.OwnerId), entry.OldStatus, entry.NewStatus,
                BackOfficeCall.Utc(entry.ChangedAt)));
        });
    }

    private static BackOfficeSystem SystemOf(ChangedRecordKind kind) => kind switch
    {
        ChangedRecordKind.Order => BackOfficeSystem.Orders,
        ChangedRecordKind.LeaveRequest => BackOfficeSystem.Hr,
        _ => BackOfficeSystem.ItSupport,
    };

    private static async Task<DemoStatusOutcome> SetTicketAsync(BackOfficeDbContext db, string id, string status, DateTime now, CancellationToken ct) =>
        await db.ItTickets.SingleOrDefaultAsync(t => t.Id == id, ct) is not { } ticket
            ? DemoStatusOutcome.NotFound
            : Change(db, BackOfficeSystem.ItSupport, ChangedRecordKind.Ticket, ticket.Id, ticket.EmployeeId, ticket.Status, status, now,
                next => (ticket.Status, ticket.UpdatedAt) = (next, now));

    private static async Task<DemoStatusOutcome> SetSoftwareRequestAsync(BackOfficeDbContext db, string id, string status, DateTime now, CancellationToken ct) =>
        await db.SoftwareRequests.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request
            ? DemoStatusOutcome.NotFound
            : Change(db, BackOfficeSystem.ItSupport, ChangedRecordKind.SoftwareRequest, request.Id, request.EmployeeId, request.Status, status, now,
                next => (request.Status, request.UpdatedAt) = (next, now));

    private static async Task<DemoStatusOutcome> SetLeaveRequestAsync(BackOfficeDbContext db, string id, string status, DateTime now, CancellationToken ct) =>
        await db.LeaveRequests.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } request
            ? DemoStatusOutcome.NotFound
            : Change(db, BackOfficeSystem.Hr, ChangedRecordKind.LeaveRequest, request.Id, request.EmployeeId, request.Status, status, now,
                next => request.Status = next);

    /// <summary>
    /// An employee's record moved to <paramref name="status"/>: logged for the owner in the same unit of work as the
    /// change, which <paramref name="apply"/> makes; nothing happens for an unknown or unchanged status.
    /// </summary>
    private static DemoStatusOutcome Change<TStatus>(
        BackOfficeDbContext db, BackOfficeSystem system, ChangedRecordKind kind, string recordId, string employeeId,
        TStatus current, string status, DateTime now, Action<TStatus> apply)
        where TStatus : struct, Enum
    {
        if (StatusNames.Parse<TStatus>(status) is not { } next)
        {
            return DemoStatusOutcome.InvalidStatus;
        }

        if (EqualityComparer<TStatus>.Default.Equals(current, next))
        {
            return DemoStatusOutcome.Unchanged;
        }

        ChangeLog.Add(db, system, kind, recordId, Requester.Employee(employeeId), current, next, now);
        apply(next);
        return DemoStatusOutcome.Changed;
    }

    private async Task<DemoStatusOutcome> SetOrderAsync(BackOfficeDbContext db, string id, string status, DateTime now, CancellationToken ct)
    {
        var order = await db.Orders.Include(o => o.Shipment).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return DemoStatusOutcome.NotFound;
        }

        if (StatusNames.Parse<OrderState>(status) is not { } next)
        {
            return DemoStatusOutcome.InvalidStatus;
        }

        if (order.Status == next)
        {
            return DemoStatusOutcome.Unchanged;
        }

        ChangeLog.Add(db, BackOfficeSystem.Orders, ChangedRecordKind.Order, order.Id, Requester.Customer(order.CustomerId), order.Status, next, now);
        order.Status = next;
        if (next == OrderState.Delivered && order.Shipment is { DeliveredOn: null } shipment)
        {
            shipment.DeliveredOn = options.Value.Today;
        }

        return DemoStatusOutcome.Changed;
    }
}
