using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Skills.Tests;

/// <summary>
/// An order system with a few known orders of customer C-1 (the test conversation's default user) and one of C-2. It
/// follows the contract: customers see their own orders, anonymous visitors only the ones they verified, and an order
/// someone may not see reads exactly like one that does not exist. It records what it was asked.
/// </summary>
internal sealed class FakeOrderLookup : IOrderService
{
    public const string Owner = "C-1";
    public const string OtherCustomer = "C-2";

    public static readonly OrderStatusInfo ShippedOrder = new(
        "ORD-100123",
        OrderState.Shipped,
        new DateOnly(2026, 11, 27),
        3,
        1_250_000m,
        new ShipmentInfo("JNE", "JNE0012345678", new DateOnly(2026, 11, 28), new DateOnly(2026, 12, 2), null));

    public static readonly OrderStatusInfo ProcessingOrder = new(
        "ORD-100200", OrderState.Processing, new DateOnly(2026, 11, 30), 1, 89_000m, null);

    /// <summary>Delivered in January: its return window closed long ago.</summary>
    public static readonly OrderStatusInfo DeliveredOrder = new(
        "ORD-100300",
        OrderState.Delivered,
        new DateOnly(2026, 1, 5),
        2,
        450_500m,
        new ShipmentInfo("SiCepat", "SCP778899", new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 9), new DateOnly(2026, 1, 8)));

    public static readonly OrderStatusInfo CancelledOrder = new(
        "ORD-100400", OrderState.Cancelled, new DateOnly(2026, 8, 17), 4, 2_000_000m, null);

    /// <summary>Customer C-2's order: C-1 must not learn it exists.</summary>
    public static readonly OrderStatusInfo OtherCustomersOrder = new(
        "ORD-100500", OrderState.Processing, new DateOnly(2026, 11, 29), 2, 300_000m, null);

    /// <summary>Delivered last week: inside the return window.</summary>
    public static readonly OrderStatusInfo RecentlyDeliveredOrder = new(
        "ORD-100600",
        OrderState.Delivered,
        new DateOnly(2026, 11, 20),
        2,
        750_000m,
        new ShipmentInfo("JNE", "JNE0099887766", new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 25)));

    /// <summary>Delivered recently, and a return is already open for it.</summary>
    public static readonly OrderStatusInfo ReturnedOrder = new(
        "ORD-100700",
        OrderState.Delivered,
        new DateOnly(2026, 11, 18),
        1,
        120_000m,
        new ShipmentInfo("JNE", "JNE0011223344", new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 22)));

    /// <summary>The e-mail on every order of the test data.</summary>
    public const string OrderEmail = "budi@example.com";

    private readonly Dictionary<string, (OrderStatusInfo Order, string CustomerId)> orders =
        new[] { ShippedOrder, ProcessingOrder, DeliveredOrder, CancelledOrder, RecentlyDeliveredOrder, ReturnedOrder }
            .Select(order => (order, Owner))
            .Append((OtherCustomersOrder, OtherCustomer))
            .ToDictionary(entry => entry.Item1.OrderNumber, entry => (entry.Item1, entry.Item2));

    private readonly Dictionary<string, string> openReturns = new() { ["ORD-100700"] = "RET-000042" };
    private readonly Dictionary<string, int> failuresByVisitor = [];

    public List<(string OrderNumber, Requester Requester)> Lookups { get; } = [];

    public List<(string OrderNumber, string Email, string VisitorKey)> Verifications { get; } = [];

    public List<(string OrderNumber, Requester Requester)> Checks { get; } = [];

    public List<(string OrderNumber, Requester Requester)> Cancellations { get; } = [];

    public List<(string OrderNumber, ReturnReason Reason, string? Note, Requester Requester)> Returns { get; } = [];

    public List<Requester> ProfileRequests { get; } = [];

    /// <summary>While true, every call fails the way an unreachable order system does.</summary>
    public bool Down { get; set; }

    /// <summary>The order system's today, for the return window.</summary>
    public DateOnly Today { get; set; } = new(2026, 12, 1);

    public Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Lookups.Add((orderNumber, requester));
        return Task.FromResult(Visible(orderNumber, requester, statusOnly: true));
    }

    public Task<OrderVerification> VerifyAsync(string orderNumber, string email, string visitorKey, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Verifications.Add((orderNumber, email, visitorKey));
        var failures = failuresByVisitor.GetValueOrDefault(visitorKey);
        if (failures >= IOrderService.MaxVerificationFailures)
        {
            return Task.FromResult(new OrderVerification(OrderVerificationOutcome.LockedOut, 0, DateTimeOffset.UnixEpoch.AddYears(57)));
        }

        if (orders.ContainsKey(orderNumber) && string.Equals(email, OrderEmail, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(new OrderVerification(OrderVerificationOutcome.Verified, IOrderService.MaxVerificationFailures - failures));
        }

        failuresByVisitor[visitorKey] = ++failures;
        return Task.FromResult(new OrderVerification(OrderVerificationOutcome.Mismatch, IOrderService.MaxVerificationFailures - failures));
    }

    public Task<OrderActionCheck> CheckCancellationAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Checks.Add((orderNumber, requester));
        return Task.FromResult(CancellationCheck(orderNumber, requester));
    }

    public Task<OrderCancellation> CancelAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Cancellations.Add((orderNumber, requester));
        var check = CancellationCheck(orderNumber, requester);
        if (check.Eligibility != OrderActionEligibility.Allowed)
        {
            return Task.FromResult(new OrderCancellation(false, check));
        }

        var (order, owner) = orders[orderNumber];
        orders[orderNumber] = (order with { Status = OrderState.Cancelled }, owner);
        return Task.FromResult(new OrderCancellation(true, check));
    }

    public Task<OrderActionCheck> CheckReturnAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Checks.Add((orderNumber, requester));
        return Task.FromResult(ReturnCheck(orderNumber, requester));
    }

    public Task<OrderReturn> RequestReturnAsync(string orderNumber, ReturnReason reason, string? note, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Returns.Add((orderNumber, reason, note, requester));
        var check = ReturnCheck(orderNumber, requester);
        if (check.Eligibility != OrderActionEligibility.Allowed)
        {
            return Task.FromResult(new OrderReturn(null, 0m, check));
        }

        var returnNumber = $"RET-{100 + openReturns.Count:000000}";
        openReturns[orderNumber] = returnNumber;
        return Task.FromResult(new OrderReturn(returnNumber, check.Order!.TotalIdr, check));
    }

    /// <summary>C-1 and C-2 are known customers; their contacts are masked as the real connectors mask them.</summary>
    public Task<CustomerProfile?> GetCustomerProfileAsync(Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        ProfileRequests.Add(requester);
        if (requester.CustomerId is not ({ } id and (Owner or OtherCustomer)))
        {
            return Task.FromResult<CustomerProfile?>(null);
        }

        var own = orders.Values.Where(entry => entry.CustomerId == id).Select(entry => entry.Order)
            .OrderByDescending(order => order.OrderedOn).ToList();
        return Task.FromResult<CustomerProfile?>(new CustomerProfile(
            id, id == Owner ? "Budi Santoso" : "Sari Wijaya", "b***@example.com", "+62***0001", own.Count, own.FirstOrDefault()?.OrderNumber, own.FirstOrDefault()?.OrderedOn));
    }

    private OrderActionCheck CancellationCheck(string orderNumber, Requester requester)
    {
        var order = Visible(orderNumber, requester, statusOnly: false);
        return order?.Status switch
        {
            null => new OrderActionCheck(OrderActionEligibility.NotFound),
            OrderState.Processing => new OrderActionCheck(OrderActionEligibility.Allowed, order),
            OrderState.Shipped => new OrderActionCheck(OrderActionEligibility.AlreadyShipped, order),
            OrderState.Delivered => new OrderActionCheck(OrderActionEligibility.AlreadyDelivered, order),
            _ => new OrderActionCheck(OrderActionEligibility.AlreadyCancelled, order),
        };
    }

    private OrderActionCheck ReturnCheck(string orderNumber, Requester requester)
    {
        var order = Visible(orderNumber, requester, statusOnly: false);
        if (order is null)
        {
            return new OrderActionCheck(OrderActionEligibility.NotFound);
        }

        if (order.Status == OrderState.Cancelled)
        {
            return new OrderActionCheck(OrderActionEligibility.AlreadyCancelled, order);
        }

        if (order.Shipment?.DeliveredOn is not { } deliveredOn)
        {
            return new OrderActionCheck(OrderActionEligibility.NotDeliveredYet, order);
        }

        var windowEndsOn = deliveredOn.AddDays(IOrderService.ReturnWindowDays);
        if (openReturns.TryGetValue(orderNumber, out var existing))
        {
            return new OrderActionCheck(OrderActionEligibility.AlreadyReturned, order, windowEndsOn, existing);
        }

        return Today > windowEndsOn
            ? new OrderActionCheck(OrderActionEligibility.ReturnWindowClosed, order, windowEndsOn)
            : new OrderActionCheck(OrderActionEligibility.Allowed, order, windowEndsOn);
    }

    private OrderStatusInfo? Visible(string orderNumber, Requester requester, bool statusOnly)
    {
        if (!orders.TryGetValue(orderNumber, out var entry))
        {
            return null;
        }

        var visible = requester.Kind switch
        {
            RequesterKind.Customer => requester.CustomerId == entry.CustomerId,
            RequesterKind.Anonymous => requester.VerifiedOrderNumbers.Contains(orderNumber),
            RequesterKind.Employee => statusOnly,
            _ => false,
        };
        return visible ? entry.Order : null;
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new BackOfficeUnavailableException(BackOfficeSystem.Orders, "The order system is down (test).");
        }
    }
}
