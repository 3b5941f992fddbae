using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Orders;

/// <summary>Puts what the order system says about an order into words: status first, then shipping, then what was ordered.</summary>
internal static class OrderStatusReply
{
    public static string Describe(OrderStatusInfo order, string language)
    {
        var shipment = order.Shipment;
        var carrier = string.IsNullOrWhiteSpace(shipment?.Carrier) ? null : shipment.Carrier;
        var tracking = string.IsNullOrWhiteSpace(shipment?.TrackingNumber) ? null : shipment.TrackingNumber;
        var orderArgument = ("order", order.OrderNumber);

        var headline = order.Status switch
        {
            OrderState.Processing => OrderPhrases.Processing.Format(language, orderArgument),
            OrderState.Shipped when carrier is not null => OrderPhrases.ShippedWithCarrier.Format(language, orderArgument, ("carrier", carrier)),
            OrderState.Shipped => OrderPhrases.Shipped.Format(language, orderArgument),
            OrderState.Delivered when shipment?.DeliveredOn is { } deliveredOn =>
                OrderPhrases.DeliveredOn.Format(language, orderArgument, ("date", LocalFormat.Date(deliveredOn, language))),
            OrderState.Delivered => OrderPhrases.Delivered.Format(language, orderArgument),
            OrderState.Cancelled => OrderPhrases.Cancelled.Format(language, orderArgument),
            _ => throw new ArgumentOutOfRangeException(nameof(order), order.Status, "Unknown order state."),
        };

        var details = new List<string>();
        switch (order.Status)
        {
            case OrderState.Shipped:
                if (tracking is not null)
                {
                    details.Add(OrderPhrases.TrackingNumber.Format(language, ("tracking", tracking)));
                }

                if (shipment?.ShippedOn is { } shippedOn)
                {
                    details.Add(OrderPhrases.ShippedOn.Format(language, ("date", LocalFormat.Date(shippedOn, language))));
                }

                AddEstimate(details, shipment, language);
                break;
            case OrderState.Delivered when carrier is not null && tracking is not null:
                details.Add(OrderPhrases.DeliveredBy.Format(language, ("carrier", carrier), ("tracking", tracking)));
                break;
            case OrderState.Processing:
                AddEstimate(details, shipment, language);
                break;
        }

        var items = order.ItemCount == 1
            ? OrderPhrases.OneItem.In(language)
            : OrderPhrases.ManyItems.Format(language, ("count", order.ItemCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var summary = OrderPhrases.Summary.Format(
            language,
            ("date", LocalFormat.Date(order.OrderedOn, language)),
            ("items", items),
            ("total", LocalFormat.Rupiah(order.TotalIdr)));

        return details.Count == 0
            ? $"{headline}\n{summary}"
            : $"{headline}\n{string.Join(' ', details)}\n{summary}";
    }

    private static void AddEstimate(List<string> details, ShipmentInfo? shipment, string language)
    {
        if (shipment?.EstimatedDelivery is { } estimate)
        {
            details.Add(OrderPhrases.EstimatedDelivery.Format(language, ("date", LocalFormat.Date(estimate, language))));
        }
    }
}
