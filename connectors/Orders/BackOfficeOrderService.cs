using System.Security.Cryptography;
using System.Text;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.Orders;

/// <summary>
/// The order system in the demo back office database. Return windows are measured against
/// <see cref="BackOfficeOptions.BusinessDate"/> (the frozen demo's "today"); verification lock-outs against the injected
/// <see cref="TimeProvider"/>. Cancellations and returns repeat their check inside a write transaction, so two
/// concurrent requests for the same order change it once. Verification takes no transaction: it is the one back-office
/// call every anonymous visitor makes, a right e-mail only reads, and a failure is counted by one atomic statement.
/// </summary>
internal sealed partial class BackOfficeOrderService(
    IDbContextFactory<BackOfficeDbContext> dbFactory,
    IOptions<BackOfficeOptions> options,
    TimeProvider time,
    ILogger<BackOfficeOrderService> logger) : IOrderService
{
    /// <summary>How long a visitor or an order stays locked after too many failed verifications.</summary>
    public static readonly TimeSpan LockOutDuration = TimeSpan.FromMinutes(30);

    private const int MaxEmailLength = 254;

    public Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Orders, async () =>
        {
            if (OrderNumber.Normalize(orderNumber) is not { } number)
            {
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var order = await LoadAsync(db, number, tracking: false, cancellationToken);
            return order is not null && OrderVisibility.IsVisibleTo(requester, order.Id, order.CustomerId) ? ToInfo(order) : null;
        });
    }

    public Task<OrderVerification> VerifyAsync(string orderNumber, string email, string visitorKey, CancellationToken cancellationToken) =>
        BackOfficeCall.RunAsync(BackOfficeSystem.Orders, async () =>
        {
            var max = IOrderService.MaxVerificationFailures;
            var now = time.GetUtcNow().UtcDateTime;
            var number = OrderNumber.Normalize(orderNumber);

            // Malformed numbers are counted against the visitor only: there is no order to protect.
            var visitor = VisitorKey(visitorKey);
            string[] keys = number is null ? [visitor] : [visitor, "order:" + number];

            // No transaction and no lock: the check is two reads, and a right e-mail writes nothing unless the visitor has
            // failures to clear. Under load every visitor may be checking the same order; a lock around the whole check
            // queued them all behind each other's round trips (under 200 busy conversations on PostgreSQL some waited past
            // the command timeout and were told the order system was not answering).
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var counters = await db.VerificationFailures.AsNoTracking().Where(v => keys.Contains(v.Key)).ToListAsync(cancellationToken);
            if (counters.Where(c => c.LockedUntil > now).Select(c => c.LockedUntil).Max() is { } lockedUntil)
            {
                return new OrderVerification(OrderVerificationOutcome.LockedOut, 0, BackOfficeCall.Utc(lockedUntil));
            }

            var customerEmail = number is null ? null : await db.Orders.AsNoTracking()
                .Where(o => o.Id == number)
                .Join(db.Customers, o => o.CustomerId, c => c.Id, (o, c) => c.Email)
                .SingleOrDefaultAsync(cancellationToken);
            var given = email?.Trim();
            if (customerEmail is not null && given is { Length: > 0 and <= MaxEmailLength }
                && string.Equals(customerEmail, given, StringComparison.OrdinalIgnoreCase))
            {
                // A success clears the visitor's record; the order's count stays, so one visitor cannot keep resetting it
                // for guesses at someone else's e-mail through another conversation. A lock-out that a concurrent failure
                // has just set is left alone: this check came before it.
                if (counters.Any(c => c.Key == visitor && c.FailureCount > 0))
                {
                    await db.VerificationFailures
                        .Where(v => v.Key == visitor && (v.LockedUntil == null || v.LockedUntil <= now))
                        .ExecuteUpdateAsync(s => s.SetProperty(v => v.FailureCount, 0).SetProperty(v => v.LockedUntil, (DateTime?)null), cancellationToken);
                }

                var orderFailures = counters.Where(c => c.Key != visitor && c.LockedUntil is null).Select(c => c.FailureCount).DefaultIfEmpty().Max();
                return new OrderVerification(OrderVerificationOutcome.Verified, max - orderFailures);
            }

            // Each failure is counted by one atomic statement, and the answer follows from what that statement found: of
            // guesses sent at once, only those counted before the limit read "mismatch", the rest "locked out", as if they
            // had come one at a time.
            var left = max;
            DateTime? locked = null;
            foreach (var key in keys)
            {
                if (await CountFailureAsync(db, key, now, cancellationToken) is not { } counted)
                {
                    // Locked by failures counted since the read above. Only a failure counted while unlocked changes a
                    // locked counter's LockedUntil, and this one is still in the future, so it is there to read.
                    var until = await db.VerificationFailures.AsNoTracking().Where(v => v.Key == key).Select(v => v.LockedUntil).SingleAsync(cancellationToken);
                    return new OrderVerification(OrderVerificationOutcome.LockedOut, 0, BackOfficeCall.Utc(until ?? now));
                }

                left = Math.Min(left, Math.Max(0, max - counted.FailureCount));
                if (counted.LockedUntil is { } lockedNow)
                {
                    locked = lockedNow;

                    // The counter's kind only: the key holds a visitor hash or an order number, not for an Information log.
                    LogLockedOut(logger, key.StartsWith("order:", StringComparison.Ordinal) ? "order" : "visitor", LockOutDuration.TotalMinutes);
                }
            }

            return new OrderVerification(OrderVerificationOutcome.Mismatch, left, locked is { } l ? BackOfficeCall.Utc(l) : null);
        });

    public Task<OrderActionCheck> CheckCancellationAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Orders, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var order = await ChangeableAsync(db, orderNumber, requester, tracking: false, cancellationToken);
            return order is null ? NotFound : CancellationCheck(order);
        });
    }

    public Task<OrderCancellation> CancelAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Orders, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var order = await ChangeableAsync(db, orderNumber, requester, tracking: true, cancellationToken);
            if (order is null)
            {
                return new OrderCancellation(false, NotFound);
            }

            var check = CancellationCheck(order);
            if (check.Eligibility != OrderActionEligibility.Allowed)
            {
                return new OrderCancellation(false, check);
            }

            Changes.ChangeLog.Add(
                db, BackOfficeSystem.Orders, Changes.ChangedRecordKind.Order, order.Id, Requester.Customer(order.CustomerId),
                order.Status, OrderState.Cancelled, time.GetUtcNow().UtcDateTime);
            order.Status = OrderState.Cancelled;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new OrderCancellation(true, check with { Order = ToInfo(order) });
        });
    }

    public Task<OrderActionCheck> CheckReturnAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Orders, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var order = await ChangeableAsync(db, orderNumber, requester, tracking: false, cancellationToken);
            return order is null ? NotFound : await ReturnCheckAsync(db, order, cancellationToken);
        });
    }

    public Task<OrderReturn> RequestReturnAsync(
        string orderNumber, ReturnReason reason, string? note, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Orders, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var order = await ChangeableAsync(db, orderNumber, requester, tracking: false, cancellationToken);
            if (order is null)
            {
                return new OrderReturn(null, 0, NotFound);
            }

            var check = await ReturnCheckAsync(db, order, cancellationToken);
            if (check.Eligibility != OrderActionEligibility.Allowed)
            {
                return new OrderReturn(null, 0, check);
            }

            var refund = order.Lines.Sum(l => l.Quantity * l.UnitPriceIdr);
            var id = DemoBackOffice.ReturnId(await db.Returns.CountAsync(cancellationToken) + 1);
            db.Returns.Add(new ReturnRequest
            {
                Id = id,
                OrderId = order.Id,
                Reason = Enum.IsDefined(reason) ? reason : ReturnReason.Other,
                Note = BackOfficeCall.Text(note),
                RefundIdr = refund,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new OrderReturn(id, refund, check);
        });
    }

    public Task<CustomerProfile?> GetCustomerProfileAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Orders, async () =>
        {
            if (requester.CustomerId is not { Length: > 0 and <= 20 } id)
            {
                return null;
            }

            var customerId = id.Trim().ToUpperInvariant();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken);
            if (customer is null)
            {
                return null;
            }

            var orders = db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id);
            var count = await orders.CountAsync(cancellationToken);
            var latest = await orders
                .OrderByDescending(o => o.OrderedOn).ThenByDescending(o => o.Id)
                .Select(o => new { o.Id, o.OrderedOn })
                .FirstOrDefaultAsync(cancellationToken);
            return new CustomerProfile(
                customer.Id, customer.Name, ContactMask.Email(customer.Email), ContactMask.Phone(customer.Phone), count, latest?.Id, latest?.OrderedOn);
        });
    }

    private static readonly OrderActionCheck NotFound = new(OrderActionEligibility.NotFound);

    /// <summary>The order when the requester may change it; null (as for an unknown order) when not.</summary>
    private static async Task<Order?> ChangeableAsync(
        BackOfficeDbContext db, string orderNumber, Requester requester, bool tracking, CancellationToken cancellationToken)
    {
        if (OrderNumber.Normalize(orderNumber) is not { } number)
        {
            return null;
        }

        var order = await LoadAsync(db, number, tracking, cancellationToken);
        return order is not null && OrderVisibility.MayChange(requester, order.Id, order.CustomerId) ? order : null;
    }

    private static Task<Order?> LoadAsync(BackOfficeDbContext db, string number, bool tracking, CancellationToken cancellationToken)
    {
        var orders = tracking ? db.Orders : db.Orders.AsNoTracking();
        return orders.Include(o => o.Lines).Include(o => o.Shipment).AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == number, cancellationToken);
    }

    private static OrderActionCheck CancellationCheck(Order order) => new(
        order.Status switch
        {
            OrderState.Processing => OrderActionEligibility.Allowed,
            OrderState.Shipped => OrderActionEligibility.AlreadyShipped,
            OrderState.Delivered => OrderActionEligibility.AlreadyDelivered,
            _ => OrderActionEligibility.AlreadyCancelled,
        },
        ToInfo(order));

    private async Task<OrderActionCheck> ReturnCheckAsync(BackOfficeDbContext db, Order order, CancellationToken cancellationToken)
    {
        var info = ToInfo(order);
        if (order.Status == OrderState.Cancelled)
        {
            return new OrderActionCheck(OrderActionEligibility.AlreadyCancelled, info);
        }

        if (order.Status != OrderState.Delivered || order.Shipment?.DeliveredOn is not { } deliveredOn)
        {
            return new OrderActionCheck(OrderActionEligibility.NotDeliveredYet, info);
        }

        var windowEndsOn = deliveredOn.AddDays(IOrderService.ReturnWindowDays);
        var existing = await db.Returns.AsNoTracking().Where(r => r.OrderId == order.Id).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var eligibility = existing is not null ? OrderActionEligibility.AlreadyReturned
            : options.Value.Today > windowEndsOn ? OrderActionEligibility.ReturnWindowClosed
            : OrderActionEligibility.Allowed;
        return new OrderActionCheck(eligibility, info, windowEndsOn, existing);
    }

    /// <summary>
    /// Counts one failed verification against <paramref name="key"/> in one statement (an upsert, on SQLite and PostgreSQL
    /// alike): the first failure creates the counter, a lapsed lock-out starts a fresh count, and the failure that reaches
    /// <see cref="IOrderService.MaxVerificationFailures"/> sets the lock-out. Null when the counter is locked: then nothing is
    /// counted. Concurrent failures on one key are counted one after another by the database's row lock, held for this one
    /// statement only.
    /// </summary>
    private static async Task<CountedFailure?> CountFailureAsync(BackOfficeDbContext db, string key, DateTime now, CancellationToken cancellationToken)
    {
        var rows = await db.Database
            .SqlQueryRaw<CountedFailure>(CountFailureSql(db), key, IOrderService.MaxVerificationFailures, now + LockOutDuration, now)
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>
    /// The upsert behind <see cref="CountFailureAsync"/>; the table's name (and schema, on PostgreSQL) comes from the model.
    /// Parameters: {0} the key, {1} the limit, {2} the lock-out's end, {3} now.
    /// </summary>
    private static string CountFailureSql(BackOfficeDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(VerificationFailure))!;
        var table = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
        return CountFailureTemplate.Replace("{table}", table, StringComparison.Ordinal);
    }

    private const string CountFailureTemplate = """
        INSERT INTO {table} AS v ("Key", "FailureCount", "LockedUntil")
        VALUES ({0}, 1, CASE WHEN 1 >= {1} THEN {2} END)
        ON CONFLICT ("Key") DO UPDATE SET
            "FailureCount" = CASE WHEN v."LockedUntil" IS NULL THEN v."FailureCount" + 1 ELSE 1 END,
            "LockedUntil" = CASE WHEN (CASE WHEN v."LockedUntil" IS NULL THEN v."FailureCount" + 1 ELSE 1 END) >= {1} THEN {2} END
        WHERE v."LockedUntil" IS NULL OR v."LockedUntil" <= {3}
        RETURNING "FailureCount", "LockedUntil"
        """;

    /// <summary>A counter as <see cref="CountFailureAsync"/> left it: <see cref="LockedUntil"/> is set when this failure locked it.</summary>
    private sealed class CountedFailure
    {
        public int FailureCount { get; init; }

        public DateTime? LockedUntil { get; init; }
    }

    /// <summary>The channel's user id is kept only as a hash: the counter needs to recognise it, not to know it.</summary>
    private static string VisitorKey(string? visitorKey) =>
        "visitor:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(visitorKey ?? "")));

    private static OrderStatusInfo ToInfo(Order order) => new(
        order.Id,
        order.Status,
        order.OrderedOn,
        ItemCount: order.Lines.Sum(l => l.Quantity),
        TotalIdr: order.Lines.Sum(l => l.Quantity * l.UnitPriceIdr),
        order.Shipment is { } s
            ? new ShipmentInfo(s.Carrier, s.TrackingNumber, s.ShippedOn, s.EstimatedDelivery, s.DeliveredOn)
            : null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order verification locked a {CounterKind} out for {Minutes} minutes after repeated failures")]
    private static partial void LogLockedOut(ILogger logger, string counterKind, double minutes);
}
