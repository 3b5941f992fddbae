using System.Globalization;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Invoices;

/// <summary>Puts what the invoicing system says into words, for the skills and the kernel plugin alike.</summary>
internal static class InvoiceReplies
{
    /// <summary>Paid (when), open (how much, due when) or overdue (how much, due when, how long ago) as of <paramref name="today"/>.</summary>
    public static string Describe(InvoiceInfo invoice, string language, DateOnly today)
    {
        var id = ("invoice", invoice.InvoiceId);
        var description = ("description", invoice.Description);
        var outstanding = ("outstanding", LocalFormat.Rupiah(invoice.OutstandingIdr));
        var due = ("date", LocalFormat.Date(invoice.DueOn, language));
        switch (invoice.Status)
        {
            case InvoiceStatus.Paid:
                var paidOn = invoice.PaidOn is { } date ? LocalFormat.Date(date, language) : LocalFormat.Date(invoice.DueOn, language);
                return InvoicePhrases.Paid.Format(language, id, description, ("amount", LocalFormat.Rupiah(invoice.AmountIdr)), ("date", paidOn));
            case InvoiceStatus.Overdue:
                var days = Math.Max(1, today.DayNumber - invoice.DueOn.DayNumber);
                return days == 1
                    ? InvoicePhrases.OverdueOneDay.Format(language, id, description, outstanding, due)
                    : InvoicePhrases.Overdue.Format(language, id, description, outstanding, due, ("days", days.ToString(CultureInfo.InvariantCulture)));
            default:
                return InvoicePhrases.Open.Format(language, id, description, outstanding, due);
        }
    }

    /// <summary>The same words for an invoice that does not exist and one the requester may not see.</summary>
    public static string NotFound(string invoiceId, string language) => InvoicePhrases.NotFound.Format(language, ("invoice", invoiceId));

    /// <summary>"You have 2 unpaid invoices:" and a line for each.</summary>
    public static string UnpaidList(IReadOnlyList<InvoiceInfo> unpaid, string language)
    {
        var header = unpaid.Count == 1
            ? InvoicePhrases.UnpaidOne.In(language)
            : InvoicePhrases.UnpaidMany.Format(language, ("count", unpaid.Count.ToString(CultureInfo.InvariantCulture)));
        var lines = unpaid.Select(invoice => (invoice.Status == InvoiceStatus.Overdue ? InvoicePhrases.OverdueLine : InvoicePhrases.UnpaidLine).Format(
            language,
            ("invoice", invoice.InvoiceId),
            ("description", invoice.Description),
            ("outstanding", LocalFormat.Rupiah(invoice.OutstandingIdr)),
            ("date", LocalFormat.Date(invoice.DueOn, language))));
        return string.Join('\n', [header, .. lines]);
    }

    public static string ManyUnpaid(IReadOnlyList<InvoiceInfo> unpaid, string language) =>
        InvoicePhrases.ManyUnpaid.Format(
            language,
            ("count", unpaid.Count.ToString(CultureInfo.InvariantCulture)),
            ("total", LocalFormat.Rupiah(unpaid.Sum(invoice => invoice.OutstandingIdr))));

    public static string CopyConfirmation(InvoiceInfo invoice, string language) =>
        InvoicePhrases.CopyConfirm.Format(
            language,
            ("invoice", invoice.InvoiceId),
            ("description", invoice.Description),
            ("amount", LocalFormat.Rupiah(invoice.AmountIdr)));

    public static string CopySent(InvoiceCopyResult result, string language) =>
        InvoicePhrases.CopySent.Format(language, ("invoice", result.InvoiceId), ("email", result.SentTo));

    /// <summary>Today where the bot's users are (the time zone entity recognition resolves dates in).</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
}
