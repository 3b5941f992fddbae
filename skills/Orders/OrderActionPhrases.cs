using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Orders;

/// <summary>What the bot says when cancelling or returning an order.</summary>
internal static class OrderActionPhrases
{
    /// <summary>Working days a refund takes to reach the original payment method; said in cancel and return replies.</summary>
    public const int RefundWorkingDays = 7;

    public static readonly Phrase CancelConfirm = new(
        "order.cancel.confirm",
        "Order {order} ({items}, total {total}) hasn't shipped yet, so it can still be cancelled. Shall I cancel it?",
        "Pesanan {order} ({items}, total {total}) belum dikirim, jadi masih bisa dibatalkan. Apakah pesanan ini perlu saya batalkan?");

    public static readonly Phrase CancelConfirmReprompt = new(
        "order.cancel.confirm_reprompt",
        "Sorry, I need a yes or no: shall I cancel order {order}?",
        "Maaf, saya perlu jawaban ya atau tidak: apakah pesanan {order} perlu saya batalkan?");

    public static readonly Phrase CancelConfirmGiveUp = new(
        "order.cancel.confirm_give_up",
        "I didn't get a yes or no, so I have not cancelled order {order}. You can ask again any time.",
        "Saya tidak mendapat jawaban ya atau tidak, jadi pesanan {order} tidak saya batalkan. Anda bisa meminta lagi kapan saja.");

    public static readonly Phrase CancelDeclined = new(
        "order.cancel.declined",
        "OK, I have not cancelled order {order}; nothing has changed.",
        "Baik, pesanan {order} tidak saya batalkan; tidak ada yang berubah.");

    public static readonly Phrase CancelStillWaiting = new(
        "order.cancel.still_waiting",
        "I'm still waiting for your yes or no: shall I cancel order {order}?",
        "Saya masih menunggu jawaban ya atau tidak: apakah pesanan {order} perlu saya batalkan?");

    public static readonly Phrase Cancelled = new(
        "order.cancel.done",
        "Order {order} is cancelled. The refund of {total} goes back to your original payment method within {days} working days.",
        "Pesanan {order} sudah dibatalkan. Dana sebesar {total} akan dikembalikan ke metode pembayaran awal Anda dalam {days} hari kerja.");

    public static readonly Phrase CancelAlreadyShipped = new(
        "order.cancel.already_shipped",
        "Order {order} has already shipped, so it can't be cancelled any more. Once it's delivered you can return it within 14 days for a refund.",
        "Pesanan {order} sudah dikirim, jadi tidak bisa dibatalkan lagi. Setelah pesanan diterima, Anda bisa meretur dalam 14 hari untuk mendapatkan refund.");

    public static readonly Phrase CancelAlreadyDelivered = new(
        "order.cancel.already_delivered",
        "Order {order} has already been delivered, so it can't be cancelled. You can return it instead and get a refund.",
        "Pesanan {order} sudah diterima, jadi tidak bisa dibatalkan. Sebagai gantinya, Anda bisa meretur pesanan dan mendapatkan refund.");

    public static readonly Phrase AlreadyCancelled = new(
        "order.already_cancelled",
        "Order {order} is already cancelled, so there's nothing more to do.",
        "Pesanan {order} sudah dibatalkan sebelumnya, jadi tidak ada lagi yang perlu dilakukan.");

    public static readonly Phrase CancelNotPossible = new(
        "order.cancel.not_possible",
        "Sorry, order {order} can't be cancelled at this stage.",
        "Maaf, pesanan {order} tidak bisa dibatalkan pada tahap ini.");

    public static readonly Phrase AskReason = new(
        "order.return.ask_reason",
        "What's the reason for returning order {order}?",
        "Apa alasan Anda meretur pesanan {order}?");

    public static readonly Phrase ReturnWindowOpen = new(
        "order.return.window_open",
        "Order {order} can be returned until {date}.",
        "Pesanan {order} bisa diretur sampai {date}.");

    public static readonly Phrase ReasonDamaged = new("order.return.reason.damaged", "Damaged", "Rusak");
    public static readonly Phrase ReasonWrongItem = new("order.return.reason.wrong_item", "Wrong item", "Barang salah");
    public static readonly Phrase ReasonNotAsDescribed = new("order.return.reason.not_as_described", "Not as described", "Tidak sesuai deskripsi");
    public static readonly Phrase ReasonNoLongerNeeded = new("order.return.reason.no_longer_needed", "No longer needed", "Tidak diperlukan lagi");
    public static readonly Phrase ReasonOther = new("order.return.reason.other", "Other", "Lainnya");

    public static readonly Phrase ReasonReprompt = new(
        "order.return.reason_reprompt",
        "Sorry, I didn't catch the reason. I need one of: Damaged, Wrong item, Not as described, No longer needed, Other.",
        "Maaf, saya belum menangkap alasannya. Pilih salah satu: Rusak, Barang salah, Tidak sesuai deskripsi, Tidak diperlukan lagi, Lainnya.");

    public static readonly Phrase ReasonGiveUp = new(
        "order.return.reason_give_up",
        "I still don't have a reason for the return, so let's stop here for now. No return was requested.",
        "Saya masih belum mendapat alasan retur, jadi kita hentikan dulu ya. Belum ada retur yang diajukan.");

    public static readonly Phrase AskNote = new(
        "order.return.ask_note",
        "Please describe the problem with order {order} in a few words.",
        "Mohon jelaskan singkat masalah pada pesanan {order}.");

    public static readonly Phrase NoteReprompt = new(
        "order.return.note_reprompt",
        "I need a short description of the problem, e.g. \"the zip is broken\".",
        "Saya perlu penjelasan singkat tentang masalahnya, misalnya \"resletingnya rusak\".");

    public static readonly Phrase ReturnConfirm = new(
        "order.return.confirm",
        "Please confirm: return order {order} (reason: {reason}). Once we receive the items, {total} will be refunded to your original payment method. Shall I go ahead?",
        "Mohon konfirmasi: retur pesanan {order} (alasan: {reason}). Setelah barang kami terima, {total} akan dikembalikan ke metode pembayaran awal Anda. Lanjutkan?");

    public static readonly Phrase ReturnConfirmReprompt = new(
        "order.return.confirm_reprompt",
        "Sorry, I need a yes or no: shall I request the return of order {order}?",
        "Maaf, saya perlu jawaban ya atau tidak: apakah retur pesanan {order} perlu saya ajukan?");

    public static readonly Phrase ReturnConfirmGiveUp = new(
        "order.return.confirm_give_up",
        "I didn't get a yes or no, so I have not requested a return for order {order}. You can ask again any time.",
        "Saya tidak mendapat jawaban ya atau tidak, jadi retur pesanan {order} tidak saya ajukan. Anda bisa meminta lagi kapan saja.");

    public static readonly Phrase ReturnDeclined = new(
        "order.return.declined",
        "OK, I have not requested a return for order {order}; nothing has changed.",
        "Baik, retur pesanan {order} tidak saya ajukan; tidak ada yang berubah.");

    public static readonly Phrase ReturnStillWaiting = new(
        "order.return.still_waiting",
        "I'm still waiting for your answer about the return of order {order}.",
        "Saya masih menunggu jawaban Anda tentang retur pesanan {order}.");

    public static readonly Phrase ReturnRequested = new(
        "order.return.done",
        "Your return {return} for order {order} is registered.\nNext steps: we'll e-mail you a return label within 1 working day. Pack the items in their original packaging and hand the parcel to the courier within 7 days. Once we receive it, {total} goes back to your original payment method within {days} working days.",
        "Retur {return} untuk pesanan {order} sudah terdaftar.\nLangkah berikutnya: kami akan mengirim label retur ke e-mail Anda dalam 1 hari kerja. Kemas barang dalam kemasan aslinya dan serahkan paket ke kurir dalam 7 hari. Setelah paket kami terima, {total} akan dikembalikan ke metode pembayaran awal Anda dalam {days} hari kerja.");

    public static readonly Phrase ReturnNotDelivered = new(
        "order.return.not_delivered",
        "Order {order} hasn't been delivered yet. You can request a return once it arrives, within 14 days after delivery.",
        "Pesanan {order} belum diterima. Anda bisa mengajukan retur setelah pesanan tiba, paling lambat 14 hari setelah diterima.");

    public static readonly Phrase ReturnNotDeliveredCancel = new(
        "order.return.not_shipped",
        "Order {order} hasn't shipped yet, so there's nothing to return — but you can still cancel it.",
        "Pesanan {order} belum dikirim, jadi belum ada yang perlu diretur — tetapi pesanan ini masih bisa dibatalkan.");

    public static readonly Phrase ReturnWindowClosed = new(
        "order.return.window_closed",
        "Sorry, the 14-day return window for order {order} closed on {date}, so it can no longer be returned.",
        "Maaf, batas waktu retur 14 hari untuk pesanan {order} sudah berakhir pada {date}, jadi pesanan ini tidak bisa diretur lagi.");

    public static readonly Phrase AlreadyReturned = new(
        "order.return.already_returned",
        "A return for order {order} is already open: {return}. We'll keep you posted by e-mail.",
        "Retur untuk pesanan {order} sudah diajukan: {return}. Kami akan mengabari Anda melalui e-mail.");

    public static readonly Phrase ReturnCancelledOrder = new(
        "order.return.cancelled_order",
        "Order {order} was cancelled, so there's nothing to return. If you paid for it, the refund was started when it was cancelled.",
        "Pesanan {order} sudah dibatalkan, jadi tidak ada yang perlu diretur. Jika sudah dibayar, refund sudah diproses saat pesanan dibatalkan.");

    public static readonly Phrase ReturnNotPossible = new(
        "order.return.not_possible",
        "Sorry, order {order} can't be returned at this stage.",
        "Maaf, pesanan {order} tidak bisa diretur pada tahap ini.");

    public static readonly Phrase CancelledWithoutAmount = new(
        "order.cancel.done_no_amount",
        "Order {order} is cancelled. Any payment goes back to your original payment method within {days} working days.",
        "Pesanan {order} sudah dibatalkan. Pembayaran yang sudah masuk akan dikembalikan ke metode pembayaran awal Anda dalam {days} hari kerja.");

    public static readonly Phrase CancelAllowed = new(
        "order.cancel.allowed",
        "Order {order} ({items}, total {total}) hasn't shipped yet, so it can still be cancelled.",
        "Pesanan {order} ({items}, total {total}) belum dikirim, jadi masih bisa dibatalkan.");

    public static readonly Phrase ReturnAllowed = new(
        "order.return.allowed",
        "Order {order} can be returned for a refund of {total}.",
        "Pesanan {order} bisa diretur dengan refund sebesar {total}.");

    /// <summary>Said with a side effect's question when a kernel function prepared it: nothing happens without the user's yes.</summary>
    public static readonly Phrase ConfirmInChat = new(
        "action.confirm_in_chat",
        "Nothing has been done yet: this needs your yes or no here in the chat.",
        "Belum ada yang dilakukan: ini memerlukan jawaban ya atau tidak dari Anda di chat ini.");

    public static readonly Phrase NotForRequester = new(
        "order.not_for_requester",
        "Sorry, I can't do that for your account in this chat.",
        "Maaf, hal itu tidak bisa saya lakukan untuk akun Anda di chat ini.");
}
