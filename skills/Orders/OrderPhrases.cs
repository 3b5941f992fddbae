using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Orders;

internal static class OrderPhrases
{
    public static readonly Phrase AskForNumber = new(
        "order.ask_number",
        "Sure — what's your order number? It looks like ORD-100123.",
        "Baik, boleh saya tahu nomor pesanan Anda? Contohnya ORD-100123.");

    public static readonly Phrase Reprompt = new(
        "order.reprompt",
        "Sorry, I couldn't find an order number in that. It looks like ORD-100123 (or just the digits, 100123).",
        "Maaf, saya tidak menemukan nomor pesanan di situ. Formatnya seperti ORD-100123 (atau angkanya saja, 100123).");

    public static readonly Phrase LastTry = new(
        "order.reprompt_last",
        "That still doesn't look like an order number. Please send it like ORD-100123, or type \"cancel\".",
        "Itu masih belum terlihat seperti nomor pesanan. Silakan kirim dengan format ORD-100123, atau ketik \"batal\".");

    public static readonly Phrase GiveUp = new(
        "order.give_up",
        "I still couldn't find an order number, so let's stop here for now. You can ask again any time, e.g. \"where is my order ORD-100123?\"",
        "Saya masih belum menemukan nomor pesanannya, jadi kita hentikan dulu ya. Anda bisa bertanya lagi kapan saja, misalnya \"pesanan saya ORD-100123 sudah sampai mana?\"");

    public static readonly Phrase StillWaiting = new(
        "order.still_waiting",
        "I'm still waiting for your order number (like ORD-100123), or type \"cancel\".",
        "Saya masih menunggu nomor pesanan Anda (contohnya ORD-100123), atau ketik \"batal\".");

    public static readonly Phrase NotFound = new(
        "order.not_found",
        "I couldn't find order {order}. Please check the number — it looks like ORD-100123.",
        "Saya tidak menemukan pesanan {order}. Mohon periksa kembali nomornya — formatnya seperti ORD-100123.");

    public static readonly Phrase Processing = new(
        "order.status.processing",
        "Order {order} is being processed and hasn't shipped yet.",
        "Pesanan {order} sedang diproses dan belum dikirim.");

    public static readonly Phrase ShippedWithCarrier = new(
        "order.status.shipped_carrier",
        "Order {order} is on its way with {carrier}.",
        "Pesanan {order} sedang dalam pengiriman dengan {carrier}.");

    public static readonly Phrase Shipped = new(
        "order.status.shipped",
        "Order {order} has shipped.",
        "Pesanan {order} sudah dikirim.");

    public static readonly Phrase DeliveredOn = new(
        "order.status.delivered_on",
        "Order {order} was delivered on {date}.",
        "Pesanan {order} sudah diterima pada {date}.");

    public static readonly Phrase Delivered = new(
        "order.status.delivered",
        "Order {order} has been delivered.",
        "Pesanan {order} sudah diterima.");

    public static readonly Phrase Cancelled = new(
        "order.status.cancelled",
        "Order {order} has been cancelled.",
        "Pesanan {order} telah dibatalkan.");

    public static readonly Phrase TrackingNumber = new(
        "order.tracking_number",
        "Tracking number: {tracking}.",
        "Nomor resi: {tracking}.");

    public static readonly Phrase DeliveredBy = new(
        "order.delivered_by",
        "Delivered by {carrier}, tracking number {tracking}.",
        "Diantar oleh {carrier}, nomor resi {tracking}.");

    public static readonly Phrase ShippedOn = new(
        "order.shipped_on",
        "Shipped on {date}.",
        "Dikirim pada {date}.");

    public static readonly Phrase EstimatedDelivery = new(
        "order.estimated_delivery",
        "Estimated delivery: {date}.",
        "Perkiraan tiba: {date}.");

    public static readonly Phrase Summary = new(
        "order.summary",
        "Ordered on {date}: {items}, total {total}.",
        "Dipesan pada {date}: {items}, total {total}.");

    public static readonly Phrase OneItem = new("order.items_one", "1 item", "1 barang");

    public static readonly Phrase ManyItems = new("order.items_many", "{count} items", "{count} barang");
}
