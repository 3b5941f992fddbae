namespace HelpdeskBot.Connectors.Orders;

public enum OrderState { Processing, Shipped, Delivered, Cancelled }

public sealed record ShipmentInfo(string Carrier, string TrackingNumber, DateOnly? ShippedOn, DateOnly? EstimatedDelivery, DateOnly? DeliveredOn);

/// <summary>
/// What the order system tells a requester about one order. Personal data (customer name, email, address) is not part of it.
/// </summary>
public sealed record OrderStatusInfo(
    string OrderNumber,
    OrderState Status,
    DateOnly OrderedOn,
    int ItemCount,
    decimal TotalIdr,
    ShipmentInfo? Shipment);

public enum OrderVerificationOutcome
{
    /// <summary>The e-mail matches the one on the order: the visitor may see it.</summary>
    Verified,

    /// <summary>No such order, or a different e-mail (indistinguishable on purpose).</summary>
    Mismatch,

    /// <summary>Too many failed tries (<see cref="IOrderService.MaxVerificationFailures"/>); no check was made.</summary>
    LockedOut,
}

/// <param name="AttemptsLeft">Failed tries left before the lock-out.</param>
public sealed record OrderVerification(OrderVerificationOutcome Outcome, int AttemptsLeft, DateTimeOffset? LockedUntil = null);

/// <summary>Why an order cannot be cancelled or returned, or that it can.</summary>
public enum OrderActionEligibility
{
    /// <summary>No such order, or the requester may not see it (indistinguishable on purpose).</summary>
    NotFound,
    Allowed,
    AlreadyShipped,
    AlreadyDelivered,
    AlreadyCancelled,
    NotDeliveredYet,
    ReturnWindowClosed,
    AlreadyReturned,
}

/// <param name="ReturnWindowEndsOn">For returns: the last day a return can be requested (delivered orders only).</param>
/// <param name="ExistingReturnNumber">For <see cref="OrderActionEligibility.AlreadyReturned"/>: the return already open.</param>
public sealed record OrderActionCheck(
    OrderActionEligibility Eligibility,
    OrderStatusInfo? Order = null,
    DateOnly? ReturnWindowEndsOn = null,
    string? ExistingReturnNumber = null);

public enum ReturnReason { Damaged, WrongItem, NotAsDescribed, NoLongerNeeded, Other }

/// <summary>The outcome of a cancellation: <see cref="Check"/> says why not when <see cref="Cancelled"/> is false.</summary>
public sealed record OrderCancellation(bool Cancelled, OrderActionCheck Check);

/// <summary>A return request the order system accepted (or why not, in <see cref="Check"/>).</summary>
/// <param name="ReturnNumber">E.g. <c>RET-000001</c>; null when not accepted.</param>
/// <param name="RefundIdr">What will be refunded once the goods are back.</param>
public sealed record OrderReturn(string? ReturnNumber, decimal RefundIdr, OrderActionCheck Check);

/// <summary>
/// A customer's own record in the order system, as support staff see it: the contacts masked, enough to recognise them
/// (<c>b***@example.com</c>, <c>+62***0001</c>), not to learn them.
/// </summary>
/// <param name="OrderCount">All the customer's orders, cancelled ones included.</param>
/// <param name="LatestOrderNumber">The most recently placed order; null when the customer has none.</param>
/// <param name="LatestOrderedOn">The day <paramref name="LatestOrderNumber"/> was placed.</param>
public sealed record CustomerProfile(
    string CustomerId,
    string Name,
    string MaskedEmail,
    string MaskedPhone,
    int OrderCount,
    string? LatestOrderNumber,
    DateOnly? LatestOrderedOn);

/// <summary>
/// The order system. Every call carries the requester from the turn; an order the requester may not see is reported
/// exactly like one that does not exist. Failures to reach the system throw <see cref="BackOfficeUnavailableException"/>.
/// </summary>
public interface IOrderService
{
    /// <summary>Failed verification tries (per visitor and per order) before a lock-out.</summary>
    public const int MaxVerificationFailures = 5;

    /// <summary>Days after delivery during which a return can be requested.</summary>
    public const int ReturnWindowDays = 14;

    /// <summary>
    /// The status of <paramref name="orderNumber"/> (canonical form <c>ORD-100123</c>), or null when no such order exists
    /// or the requester may not see it. Customers see their own orders; anonymous visitors only orders in
    /// <see cref="Requester.VerifiedOrderNumbers"/>; employees (support staff) see the status of any order.
    /// </summary>
    Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken);

    /// <summary>
    /// An anonymous visitor proves they placed <paramref name="orderNumber"/> with the e-mail address on it. Failures
    /// count per <paramref name="visitorKey"/> (the channel's user id) and per order; after
    /// <see cref="MaxVerificationFailures"/> either is locked out for a while.
    /// </summary>
    Task<OrderVerification> VerifyAsync(string orderNumber, string email, string visitorKey, CancellationToken cancellationToken);

    /// <summary>Whether the requester's order can be cancelled now (only before shipment). Changes nothing.</summary>
    Task<OrderActionCheck> CheckCancellationAsync(string orderNumber, Requester requester, CancellationToken cancellationToken);

    /// <summary>Cancels the order if it is still allowed at this moment (the check is repeated atomically).</summary>
    Task<OrderCancellation> CancelAsync(string orderNumber, Requester requester, CancellationToken cancellationToken);

    /// <summary>Whether the requester's order can be returned now (delivered, inside the return window, no open return).</summary>
    Task<OrderActionCheck> CheckReturnAsync(string orderNumber, Requester requester, CancellationToken cancellationToken);

    /// <summary>Opens a return for the whole order if still allowed (checked again atomically); creates a return number.</summary>
    Task<OrderReturn> RequestReturnAsync(string orderNumber, ReturnReason reason, string? note, Requester requester, CancellationToken cancellationToken);

    /// <summary>
    /// The requester's own customer record, or null when the requester is not a signed-in customer or the order system
    /// does not know the id. Nobody gets another customer's record through this call.
    /// </summary>
    Task<CustomerProfile?> GetCustomerProfileAsync(Requester requester, CancellationToken cancellationToken);
}
