using HelpdeskBot.Connectors.BackOffice;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.Orders;

/// <summary>Order status from the demo back office database.</summary>
internal sealed class BackOfficeOrderLookup(IDbContextFactory<BackOfficeDbContext> dbFactory) : IOrderLookup
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

        if (order is null || !OrderVisibility.IsVisibleTo(requester, order.CustomerId))
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
}
