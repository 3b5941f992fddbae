using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

public sealed class OrderStatusReplyTests
{
    [Theory]
    [InlineData("en", "Order ORD-100123 is on its way with JNE.\nTracking number: JNE0012345678. Shipped on 28 November 2026. Estimated delivery: 2 December 2026.\nOrdered on 27 November 2026: 3 items, total Rp 1.250.000.")]
    [InlineData("id", "Pesanan ORD-100123 sedang dalam pengiriman dengan JNE.\nNomor resi: JNE0012345678. Dikirim pada 28 November 2026. Perkiraan tiba: 2 Desember 2026.\nDipesan pada 27 November 2026: 3 barang, total Rp 1.250.000.")]
    public void Shipped_order_gives_carrier_tracking_number_and_dates(string language, string expected)
    {
        Assert.Equal(expected, OrderStatusReply.Describe(FakeOrderLookup.ShippedOrder, language));
    }

    [Theory]
    [InlineData("en", "Order ORD-100200 is being processed and hasn't shipped yet.\nOrdered on 30 November 2026: 1 item, total Rp 89.000.")]
    [InlineData("id", "Pesanan ORD-100200 sedang diproses dan belum dikirim.\nDipesan pada 30 November 2026: 1 barang, total Rp 89.000.")]
    public void Processing_order_says_it_has_not_shipped(string language, string expected)
    {
        Assert.Equal(expected, OrderStatusReply.Describe(FakeOrderLookup.ProcessingOrder, language));
    }

    [Theory]
    [InlineData("en", "Order ORD-100300 was delivered on 8 January 2026.\nDelivered by SiCepat, tracking number SCP778899.\nOrdered on 5 January 2026: 2 items, total Rp 450.500.")]
    [InlineData("id", "Pesanan ORD-100300 sudah diterima pada 8 Januari 2026.\nDiantar oleh SiCepat, nomor resi SCP778899.\nDipesan pada 5 Januari 2026: 2 barang, total Rp 450.500.")]
    public void Delivered_order_gives_the_delivery_date(string language, string expected)
    {
        Assert.Equal(expected, OrderStatusReply.Describe(FakeOrderLookup.DeliveredOrder, language));
    }

    [Theory]
    [InlineData("en", "Order ORD-100400 has been cancelled.\nOrdered on 17 August 2026: 4 items, total Rp 2.000.000.")]
    [InlineData("id", "Pesanan ORD-100400 telah dibatalkan.\nDipesan pada 17 Agustus 2026: 4 barang, total Rp 2.000.000.")]
    public void Cancelled_order_says_so(string language, string expected)
    {
        Assert.Equal(expected, OrderStatusReply.Describe(FakeOrderLookup.CancelledOrder, language));
    }

    [Fact]
    public void Shipped_order_without_shipment_details_still_says_it_shipped()
    {
        var order = FakeOrderLookup.ShippedOrder with { Shipment = null };

        Assert.Equal(
            "Order ORD-100123 has shipped.\nOrdered on 27 November 2026: 3 items, total Rp 1.250.000.",
            OrderStatusReply.Describe(order, "en"));
    }

    [Fact]
    public void Processing_order_with_an_estimate_gives_it()
    {
        var order = FakeOrderLookup.ProcessingOrder with { Shipment = new ShipmentInfo("JNE", "", null, new DateOnly(2026, 12, 5), null) };

        Assert.Equal(
            "Pesanan ORD-100200 sedang diproses dan belum dikirim.\nPerkiraan tiba: 5 Desember 2026.\nDipesan pada 30 November 2026: 1 barang, total Rp 89.000.",
            OrderStatusReply.Describe(order, "id"));
    }
}
