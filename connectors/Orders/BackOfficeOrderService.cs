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
/// concurrent requests for the same order change it once.
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

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);

            // Malformed numbers are counted against the visitor only: there is no order to protect.
            var counters = new List<VerificationFailure> { await CounterAsync(db, VisitorKey(visitorKey), now, cancellationToken) };
            if (number is not null)
            {
                counters.Add(await CounterAsync(db, "order:" + number, now, cancellationToken));
            }

            if (counters.Where(c => c.LockedUntil is not null).Select(c => c.LockedUntil).Max() is { } lockedUntil)
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new OrderVerification(OrderVerificationOutcome.LockedOut, 0, BackOfficeCall.Utc(lockedUntil));
            }

            var customerEmail = number is null ? null : await db.Orders.AsNoTracking()
                .Where(o => o.Id == number)
                .Join(db.Customers, o => o.CustomerId, c => c.Id, (o, c) => c.Email)
                .SingleOrDefaultAsync(cancellationToken);
            var given = email?.Trim();
            OrderVerification result;
            if (customerEmail is not null && given is { Length: > 0 and <= MaxEmailLength }
                && string.Equals(customerEmail, given, StringComparison.OrdinalIgnoreCase))
            {
                // A success clears the visitor's record; the order's count stays, so one visitor cannot keep resetting it
                // for guesses at someone else's e-mail through another conversation.
                counters[0].FailureCount = 0;
                counters[0].LockedUntil = null;
                result = new OrderVerification(OrderVerificationOutcome.Verified, max - counters.Max(c => c.FailureCount));
            }
            else
            {
                DateTime? locked = null;
                foreach (var counter in counters)
                {
                    counter.FailureCount++;
                    if (counter.FailureCount >= max)
                    {
                        counter.LockedUntil = now + LockOutDuration;
                        locked = counter.LockedUntil;

                        // The counter's kind only: the key holds a visitor hash or an order number, not for an Information log.
                        LogLockedOut(logger, counter.Key.StartsWith("order:", StringComparison.Ordinal) ? "order" : "visitor", LockOutDuration.TotalMinutes);
                    }
                }

                var left = Math.Max(0, max - counters.Max(c => c.FailureCount));
                result = new OrderVerification(OrderVerificationOutcome.Mismatch, left, locked is { } l ? BackOfficeCall.Utc(l) : null);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
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

    private static async Task<VerificationFailure> CounterAsync(BackOfficeDbContext db, string key, DateTime now, CancellationToken cancellationToken)
    {
        var counter = await db.VerificationFailures.SingleOrDefaultAsync(v => v.Key == key, cancellationToken);
        if (counter is null)
        {
            counter = new VerificationFailure { Key = key };
            db.VerificationFailures.Add(counter);
        }
        else if (counter.LockedUntil is { } until && until <= now)
        {
            // The lock-out has run out: the next try starts a fresh count.
            counter.FailureCount = 0;
            counter.LockedUntil = null;
        }

        return counter;
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
