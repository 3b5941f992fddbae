using HelpdeskBot.Connectors.BackOffice;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.Orders;

/// <summary>The order system in the demo back office database.</summary>
internal sealed class BackOfficeOrderService(IDbContextFactory<BackOfficeDbContext> dbFactory) : IOrderService
{
    public async Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);

        if (OrderNumber.Normalize(orderNumber) is not { } number)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders
            .AsNoTracking()
            .Include(o => o.Lines)
            .Include(o => o.Shipment)
            .AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == number, cancellationToken);

        if (order is null || !OrderVisibility.IsVisibleTo(requester, order.Id, order.CustomerId))
        {
            return null;
        }

        return new OrderStatusInfo(
            order.Id,
            order.Status,
            order.OrderedOn,
            ItemCount: order.Lines.Sum(l => l.Quantity),
            TotalIdr: order.Lines.Sum(l => l.Quantity * l.UnitPriceIdr),
            order.Shipment is { } s
                ? new ShipmentInfo(s.Carrier, s.TrackingNumber, s.ShippedOn, s.EstimatedDelivery, s.DeliveredOn)
                : null);
    }

    public Task<OrderVerification> VerifyAsync(string orderNumber, string email, string visitorKey, CancellationToken cancellationToken) =>
        throw new NotSupportedException("TODO(connectors helper)");

    public Task<OrderActionCheck> CheckCancellationAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("TODO(connectors helper)");

    public Task<OrderCancellation> CancelAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("TODO(connectors helper)");

    public Task<OrderActionCheck> CheckReturnAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("TODO(connectors helper)");

    public Task<OrderReturn> RequestReturnAsync(string orderNumber, ReturnReason reason, string? note, Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("TODO(connectors helper)");
}
