using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Invoices;

/// <summary>What the bot says about invoices, to customers (invoices we sent them) and suppliers (invoices they sent us).</summary>
internal static class InvoicePhrases
{
    public static readonly Phrase Paid = new(
        "invoice.status.paid",
        "Invoice {invoice} ({description}) for {amount} was paid on {date}.",
        "Tagihan {invoice} ({description}) sebesar {amount} sudah dibayar pada {date}.");

    public static readonly Phrase Open = new(
        "invoice.status.open",
        "Invoice {invoice} ({description}) is open: {outstanding} still to be paid, due on {date}.",
        "Tagihan {invoice} ({description}) belum lunas: sisa {outstanding} yang harus dibayar, jatuh tempo pada {date}.");

    public static readonly Phrase Overdue = new(
        "invoice.status.overdue",
        "Invoice {invoice} ({description}) is overdue: {outstanding} still to be paid. It was due on {date}, {days} days ago.",
        "Tagihan {invoice} ({description}) sudah lewat jatuh tempo: sisa {outstanding} yang harus dibayar. Jatuh temponya {date}, {days} hari yang lalu.");

    public static readonly Phrase OverdueOneDay = new(
        "invoice.status.overdue_one_day",
        "Invoice {invoice} ({description}) is overdue: {outstanding} still to be paid. It was due yesterday, {date}.",
        "Tagihan {invoice} ({description}) sudah lewat jatuh tempo: sisa {outstanding} yang harus dibayar. Jatuh temponya kemarin, {date}.");

    public static readonly Phrase NotFound = new(
        "invoice.not_found",
        "I couldn't find invoice {invoice} on your account. Please check the number — it looks like INV-2026-00042.",
        "Saya tidak menemukan tagihan {invoice} di akun Anda. Mohon periksa kembali nomornya — formatnya seperti INV-2026-00042.");

    public static readonly Phrase AllPaid = new(
        "invoice.all_paid",
        "Good news: you have no unpaid invoices — everything is paid.",
        "Kabar baik: tidak ada tagihan yang belum dibayar — semuanya sudah lunas.");

    public static readonly Phrase UnpaidOne = new(
        "invoice.unpaid_one",
        "You have 1 unpaid invoice:",
        "Ada 1 tagihan yang belum dibayar:");

    public static readonly Phrase UnpaidMany = new(
        "invoice.unpaid_many",
        "You have {count} unpaid invoices:",
        "Ada {count} tagihan yang belum dibayar:");

    public static readonly Phrase UnpaidLine = new(
        "invoice.unpaid_line",
        "• {invoice} — {description}: {outstanding}, due {date}",
        "• {invoice} — {description}: {outstanding}, jatuh tempo {date}");

    public static readonly Phrase OverdueLine = new(
        "invoice.overdue_line",
        "• {invoice} — {description}: {outstanding}, overdue since {date}",
        "• {invoice} — {description}: {outstanding}, lewat jatuh tempo sejak {date}");

    public static readonly Phrase PickInvoice = new(
        "invoice.pick",
        "Pick one for the details, or send its number.",
        "Pilih salah satu untuk melihat rinciannya, atau kirim nomornya.");

    public static readonly Phrase ManyUnpaid = new(
        "invoice.many_unpaid",
        "You have {count} unpaid invoices, {total} in total. Which one would you like to check? Send its number, like INV-2026-00042.",
        "Ada {count} tagihan yang belum dibayar, total {total}. Tagihan mana yang ingin Anda cek? Kirim nomornya, contohnya INV-2026-00042.");

    public static readonly Phrase Reprompt = new(
        "invoice.reprompt",
        "Sorry, that doesn't look like an invoice number. It looks like INV-2026-00042.",
        "Maaf, itu tidak terlihat seperti nomor tagihan. Formatnya seperti INV-2026-00042.");

    public static readonly Phrase LastTry = new(
        "invoice.reprompt_last",
        "That still doesn't look like an invoice number. Please send it like INV-2026-00042, or type \"cancel\".",
        "Itu masih belum terlihat seperti nomor tagihan. Silakan kirim dengan format INV-2026-00042, atau ketik \"batal\".");

    public static readonly Phrase GiveUp = new(
        "invoice.give_up",
        "I still couldn't find an invoice number, so let's stop here for now. You can ask again any time with the number, e.g. INV-2026-00042.",
        "Saya masih belum menemukan nomor tagihannya, jadi kita hentikan dulu ya. Anda bisa bertanya lagi kapan saja dengan menyebutkan nomornya, misalnya INV-2026-00042.");

    public static readonly Phrase StillWaiting = new(
        "invoice.still_waiting",
        "I'm still waiting for the invoice number (like INV-2026-00042), or type \"cancel\".",
        "Saya masih menunggu nomor tagihannya (contohnya INV-2026-00042), atau ketik \"batal\".");

    public static readonly Phrase AskInvoiceForCopy = new(
        "invoice.copy.ask_number",
        "Which invoice would you like a copy of? Send its number, like INV-2026-00042.",
        "Salinan tagihan mana yang Anda perlukan? Kirim nomornya, contohnya INV-2026-00042.");

    public static readonly Phrase CopyConfirm = new(
        "invoice.copy.confirm",
        "Shall I send a copy of invoice {invoice} ({description}, {amount}) to the e-mail address on file for your account?",
        "Apakah salinan tagihan {invoice} ({description}, {amount}) perlu saya kirim ke alamat e-mail yang terdaftar di akun Anda?");

    public static readonly Phrase CopyConfirmShort = new(
        "invoice.copy.confirm_short",
        "Shall I send the copy of invoice {invoice} to the e-mail address on file for your account?",
        "Apakah salinan tagihan {invoice} perlu saya kirim ke alamat e-mail yang terdaftar di akun Anda?");

    public static readonly Phrase CopyConfirmReprompt = new(
        "invoice.copy.confirm_reprompt",
        "Sorry, I need a yes or no: shall I send a copy of invoice {invoice} to the e-mail address on file?",
        "Maaf, saya perlu jawaban ya atau tidak: apakah salinan tagihan {invoice} perlu saya kirim ke alamat e-mail yang terdaftar?");

    public static readonly Phrase CopyConfirmGiveUp = new(
        "invoice.copy.confirm_give_up",
        "I didn't get a yes or no, so I haven't sent a copy of invoice {invoice}. You can ask again any time.",
        "Saya tidak mendapat jawaban ya atau tidak, jadi salinan tagihan {invoice} tidak saya kirim. Anda bisa meminta lagi kapan saja.");

    public static readonly Phrase CopyDeclined = new(
        "invoice.copy.declined",
        "OK, I haven't sent a copy of invoice {invoice}.",
        "Baik, salinan tagihan {invoice} tidak saya kirim.");

    public static readonly Phrase CopySent = new(
        "invoice.copy.sent",
        "Done — I've sent a copy of invoice {invoice} to {email}.",
        "Selesai — salinan tagihan {invoice} sudah saya kirim ke {email}.");

    public static readonly Phrase EmailOnFileOnly = new(
        "invoice.copy.email_on_file_only",
        "For your security I can only send invoice copies to the e-mail address on file for your account, not to an address typed in the chat. To change the address on file, please contact our support team.",
        "Demi keamanan, salinan tagihan hanya bisa saya kirim ke alamat e-mail yang terdaftar di akun Anda, bukan ke alamat yang diketik di chat. Untuk mengganti alamat e-mail yang terdaftar, silakan hubungi tim dukungan kami.");

    public static readonly Phrase CopyStillWaiting = new(
        "invoice.copy.still_waiting",
        "I'm still waiting for your yes or no: shall I send a copy of invoice {invoice} to the e-mail address on file?",
        "Saya masih menunggu jawaban ya atau tidak: apakah salinan tagihan {invoice} perlu saya kirim ke alamat e-mail yang terdaftar?");

    public static readonly Phrase NotAvailable = new(
        "invoice.not_available",
        "Invoices are only available to signed-in customers and suppliers.",
        "Informasi tagihan hanya tersedia untuk pelanggan dan pemasok yang sudah masuk ke akunnya.");
}
