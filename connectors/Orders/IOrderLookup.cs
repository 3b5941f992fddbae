namespace HelpdeskBot.Connectors.Orders;

/// <summary>Who is asking, as verified by the channel (never taken from message text).</summary>
public sealed record Requester(RequesterKind Kind, string? CustomerId = null, string? EmployeeId = null)
{
    public static Requester Anonymous { get; } = new(RequesterKind.Anonymous);
}

public enum RequesterKind { Anonymous, Customer, Employee }

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

public interface IOrderLookup
{
    /// <summary>
    /// The status of <paramref name="orderNumber"/> (canonical form <c>ORD-100123</c>), or null when no such order exists
    /// or the requester may not see it (the two are indistinguishable to the caller on purpose).
    /// </summary>
    Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken);
}
