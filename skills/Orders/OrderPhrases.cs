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
        "I still couldn't find an order number, so let's stop here for now. You can ask again any time with the number, e.g. ORD-100123.",
        "Saya masih belum menemukan nomor pesanannya, jadi kita hentikan dulu ya. Anda bisa bertanya lagi kapan saja dengan menyebutkan nomornya, misalnya ORD-100123.");

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

    public static readonly Phrase AskEmail = new(
        "order.verify.ask_email",
        "To keep your order details private, please tell me the e-mail address you used for order {order}.",
        "Demi menjaga kerahasiaan data pesanan, mohon sebutkan alamat e-mail yang Anda gunakan untuk pesanan {order}.");

    public static readonly Phrase EmailReprompt = new(
        "order.verify.reprompt",
        "That doesn't look like an e-mail address. Please send the e-mail you used for order {order}, like name@example.com.",
        "Itu tidak terlihat seperti alamat e-mail. Silakan kirim e-mail yang Anda gunakan untuk pesanan {order}, contohnya nama@contoh.com.");

    public static readonly Phrase EmailLastTry = new(
        "order.verify.reprompt_last",
        "That still doesn't look like an e-mail address. Please send it like name@example.com, or type \"cancel\".",
        "Itu masih belum terlihat seperti alamat e-mail. Silakan kirim dengan format nama@contoh.com, atau ketik \"batal\".");

    public static readonly Phrase EmailGiveUp = new(
        "order.verify.give_up",
        "I still didn't get an e-mail address, so let's stop here for now. You can try again any time, or talk to a person.",
        "Saya masih belum menerima alamat e-mail, jadi kita hentikan dulu ya. Anda bisa mencoba lagi kapan saja, atau bicara dengan petugas.");

    // The same words whether the order exists or not, so the answer never tells a stranger which order numbers are real.
    public static readonly Phrase EmailMismatch = new(
        "order.verify.mismatch",
        "Sorry, that e-mail address doesn't match order {order}. Please check it and try again ({count} tries left).",
        "Maaf, alamat e-mail tersebut tidak cocok dengan pesanan {order}. Mohon periksa kembali dan coba lagi (sisa {count} kali percobaan).");

    public static readonly Phrase EmailMismatchLastTry = new(
        "order.verify.mismatch_last",
        "Sorry, that e-mail address doesn't match order {order}. You have 1 try left before checking is paused for a while.",
        "Maaf, alamat e-mail tersebut tidak cocok dengan pesanan {order}. Anda punya 1 kali percobaan lagi sebelum pengecekan dihentikan sementara.");

    public static readonly Phrase LockedOut = new(
        "order.verify.locked_out",
        "Too many tries, so I can't check that order myself right now. A person can verify it with you in other ways.",
        "Terlalu banyak percobaan, jadi pesanan itu belum bisa saya cek sendiri sekarang. Petugas bisa memverifikasinya bersama Anda dengan cara lain.");

    public static readonly Phrase StillWaitingEmail = new(
        "order.verify.still_waiting",
        "I'm still waiting for the e-mail address you used for order {order}, or type \"cancel\".",
        "Saya masih menunggu alamat e-mail yang Anda gunakan untuk pesanan {order}, atau ketik \"batal\".");
}
