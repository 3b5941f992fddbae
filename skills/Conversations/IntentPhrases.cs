namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// How the bot names each intent to the user: a button title (offered when it asks which one was meant) and a topic
/// (used when it recognises a request it cannot serve in this chat yet).
/// </summary>
internal static class IntentPhrases
{
    public static readonly Phrase CancelOrderTitle = new("action.cancel_order", "Cancel an order", "Batalkan pesanan");
    public static readonly Phrase CancelOrderTopic = new("topic.cancel_order", "cancel an order", "membatalkan pesanan");

    public static readonly Phrase ReturnOrderTitle = new("action.return_order", "Return or refund", "Retur atau refund");
    public static readonly Phrase ReturnOrderTopic = new("topic.return_order", "return an item or get a refund", "meretur barang atau meminta refund");

    public static readonly Phrase PasswordResetTitle = new("action.password_reset", "Reset my password", "Reset kata sandi");
    public static readonly Phrase PasswordResetTopic = new("topic.password_reset", "reset your password or unlock your account", "mereset kata sandi atau membuka akun yang terkunci");

    public static readonly Phrase TicketCreateTitle = new("action.ticket_create", "Report an IT problem", "Laporkan masalah IT");
    public static readonly Phrase TicketCreateTopic = new("topic.ticket_create", "report an IT problem", "melaporkan masalah IT");

    public static readonly Phrase TicketStatusTitle = new("action.ticket_status", "Check an IT ticket", "Cek tiket IT");
    public static readonly Phrase TicketStatusTopic = new("topic.ticket_status", "check an IT ticket", "mengecek status tiket IT");

    public static readonly Phrase SoftwareRequestTitle = new("action.software_request", "Request software", "Minta software");
    public static readonly Phrase SoftwareRequestTopic = new("topic.software_request", "request software", "meminta software");

    public static readonly Phrase LeaveBalanceTitle = new("action.leave_balance", "My leave balance", "Sisa cuti saya");
    public static readonly Phrase LeaveBalanceTopic = new("topic.leave_balance", "check your leave balance", "mengecek sisa cuti Anda");

    public static readonly Phrase LeaveRequestTitle = new("action.leave_request", "Request leave", "Ajukan cuti");
    public static readonly Phrase LeaveRequestTopic = new("topic.leave_request", "request leave", "mengajukan cuti");

    public static readonly Phrase PayslipTitle = new("action.payslip", "My payslip", "Slip gaji saya");
    public static readonly Phrase PayslipTopic = new("topic.payslip", "get your payslip", "mendapatkan slip gaji Anda");

    public static readonly Phrase InvoiceStatusTitle = new("action.invoice_status", "Invoice status", "Status tagihan");
    public static readonly Phrase InvoiceStatusTopic = new("topic.invoice_status", "check an invoice", "mengecek status tagihan");

    public static readonly Phrase InvoiceCopyTitle = new("action.invoice_copy", "Copy of an invoice", "Salinan invoice");
    public static readonly Phrase InvoiceCopyTopic = new("topic.invoice_copy", "get a copy of an invoice", "mendapatkan salinan invoice");

    public static readonly Phrase PolicyTitle = new("action.policy", "Ask about a policy", "Tanya kebijakan");
    public static readonly Phrase PolicyTopic = new("topic.policy", "know about a company policy", "mengetahui kebijakan perusahaan");

    public static readonly Phrase HandoffTitle = new("action.handoff", "Talk to a person", "Bicara dengan petugas");
    public static readonly Phrase HandoffTopic = new("topic.handoff", "talk to a person", "berbicara dengan petugas");

    public static readonly Phrase ThanksTitle = new("action.thanks", "Thanks!", "Terima kasih!");

    public static readonly Phrase GoodbyeTitle = new("action.goodbye", "That's all, bye", "Sudah, terima kasih");

    public static readonly Phrase TrackOrderTopic = new("topic.track_order", "track an order", "melacak pesanan");

    public static readonly Phrase CancelOrderCapability = new(
        "capability.cancel_order", "• Cancel an order that hasn't shipped yet", "• Membatalkan pesanan yang belum dikirim");

    public static readonly Phrase ReturnOrderCapability = new(
        "capability.return_order", "• Return a delivered order and get a refund", "• Meretur pesanan yang sudah diterima dan mendapatkan refund");

    public static readonly Phrase InvoiceStatusCapability = new(
        "capability.invoice_status", "• Check an invoice — paid, open or overdue", "• Mengecek tagihan — lunas, belum dibayar, atau jatuh tempo");

    public static readonly Phrase InvoiceCopyCapability = new(
        "capability.invoice_copy", "• Send you a copy of an invoice by e-mail", "• Mengirim salinan invoice ke e-mail Anda");

    public static readonly Phrase PasswordResetCapability = new(
        "capability.password_reset", "• Reset your password or unlock your account", "• Reset kata sandi atau membuka akun yang terkunci");

    public static readonly Phrase TicketCreateCapability = new(
        "capability.ticket_create", "• Report an IT problem (I'll open a ticket)", "• Melaporkan masalah IT (saya buatkan tiket)");

    public static readonly Phrase TicketStatusCapability = new(
        "capability.ticket_status", "• Check your IT tickets", "• Mengecek tiket IT Anda");

    public static readonly Phrase SoftwareRequestCapability = new(
        "capability.software_request", "• Request software or a licence", "• Meminta software atau lisensi");

    public static readonly Phrase LeaveBalanceCapability = new(
        "capability.leave_balance", "• Check your leave balance", "• Mengecek sisa cuti Anda");

    public static readonly Phrase LeaveRequestCapability = new(
        "capability.leave_request", "• Request leave", "• Mengajukan cuti");

    public static readonly Phrase PayslipCapability = new(
        "capability.payslip", "• Your payslip and next payday", "• Slip gaji dan tanggal gajian berikutnya");
}
