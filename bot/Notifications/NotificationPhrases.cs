using HelpdeskBot.Connectors.Changes;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Notifications;

/// <summary>What a status notification says, in English and Bahasa Indonesia: the record's id and its new status, nothing more.</summary>
internal static class NotificationPhrases
{
    public static readonly Phrase Update = new(
        "notify.status_update",
        "Update on your {record}: it is now {status}.",
        "Kabar terbaru tentang {record} Anda: sekarang {status}.");

    private static readonly Phrase Ticket = new("notify.record.ticket", "ticket {id}", "tiket {id}");
    private static readonly Phrase SoftwareRequest = new("notify.record.software", "software request {id}", "permintaan software {id}");
    private static readonly Phrase LeaveRequest = new("notify.record.leave", "leave request {id}", "pengajuan cuti {id}");
    private static readonly Phrase Order = new("notify.record.order", "order {id}", "pesanan {id}");

    private static readonly Dictionary<(ChangedRecordKind, string), Phrase> Statuses = new()
    {
        [(ChangedRecordKind.Ticket, "open")] = new("notify.ticket.open", "open", "terbuka"),
        [(ChangedRecordKind.Ticket, "inProgress")] = new("notify.ticket.in_progress", "in progress", "sedang dikerjakan"),
        [(ChangedRecordKind.Ticket, "resolved")] = new("notify.ticket.resolved", "resolved", "sudah diselesaikan"),
        [(ChangedRecordKind.Ticket, "closed")] = new("notify.ticket.closed", "closed", "ditutup"),
        [(ChangedRecordKind.SoftwareRequest, "pendingApproval")] = new("notify.software.pending", "waiting for approval", "menunggu persetujuan"),
        [(ChangedRecordKind.SoftwareRequest, "approved")] = new("notify.software.approved", "approved, to be installed", "disetujui, akan dipasang"),
        [(ChangedRecordKind.SoftwareRequest, "rejected")] = new("notify.software.rejected", "not approved", "tidak disetujui"),
        [(ChangedRecordKind.SoftwareRequest, "fulfilled")] = new("notify.software.fulfilled", "installed", "sudah dipasang"),
        [(ChangedRecordKind.LeaveRequest, "pendingApproval")] = new("notify.leave.pending", "waiting for approval", "menunggu persetujuan"),
        [(ChangedRecordKind.LeaveRequest, "approved")] = new("notify.leave.approved", "approved", "disetujui"),
        [(ChangedRecordKind.LeaveRequest, "rejected")] = new("notify.leave.rejected", "not approved", "tidak disetujui"),
        [(ChangedRecordKind.Order, "processing")] = new("notify.order.processing", "being processed", "sedang diproses"),
        [(ChangedRecordKind.Order, "shipped")] = new("notify.order.shipped", "on its way", "sedang dikirim"),
        [(ChangedRecordKind.Order, "delivered")] = new("notify.order.delivered", "delivered", "sudah diterima"),
        [(ChangedRecordKind.Order, "cancelled")] = new("notify.order.cancelled", "cancelled", "dibatalkan"),
    };

    /// <summary>Every phrase here, for the bilingual consistency test.</summary>
    public static IEnumerable<Phrase> All => [Update, Ticket, SoftwareRequest, LeaveRequest, Order, .. Statuses.Values];

    /// <summary>
    /// The notification text. A status the bot has no words for (a real system's own) is shown as the system named it,
    /// rather than dropping the notification.
    /// </summary>
    public static string Text(ChangedRecordKind kind, string recordId, string newStatus, string language)
    {
        var record = (kind switch
        {
            ChangedRecordKind.Ticket => Ticket,
            ChangedRecordKind.SoftwareRequest => SoftwareRequest,
            ChangedRecordKind.LeaveRequest => LeaveRequest,
            _ => Order,
        }).Format(language, ("id", recordId));
        var status = Statuses.TryGetValue((kind, newStatus), out var phrase) ? phrase.In(language) : newStatus;
        return Update.Format(language, ("record", record), ("status", status));
    }
}
