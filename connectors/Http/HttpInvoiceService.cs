using HelpdeskBot.Connectors.Invoices;

namespace HelpdeskBot.Connectors.Http;

/// <summary>
/// The invoicing system over the company's REST API (<c>docs/connectors.md</c>, "Invoicing"). Customers and suppliers
/// only: anyone else gets nothing without a call; the system decides which invoices are the requester's.
/// </summary>
internal sealed class HttpInvoiceService(BackOfficeHttp http) : IInvoiceService
{
    private const BackOfficeSystem System = BackOfficeSystem.Invoicing;

    public async Task<InvoiceInfo?> GetInvoiceAsync(string invoiceId, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (!MayHaveInvoices(requester) || string.IsNullOrWhiteSpace(invoiceId))
        {
            return null;
        }

        var answer = await http.SendAsync<InvoiceInfo>(
            new(System, "GetInvoice", HttpMethod.Get, $"invoices/{Uri.EscapeDataString(invoiceId.Trim())}", requester),
            cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<IReadOnlyList<InvoiceInfo>> GetUnpaidInvoicesAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (!MayHaveInvoices(requester))
        {
            return [];
        }

        var answer = await http.SendAsync<List<InvoiceInfo>>(
            new(System, "GetUnpaidInvoices", HttpMethod.Get, "invoices?unpaid=true", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value is { } invoices ? [.. invoices.OrderBy(i => i.DueOn)] : [];
    }

    public async Task<InvoiceCopyResult?> SendCopyAsync(string invoiceId, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (!MayHaveInvoices(requester) || string.IsNullOrWhiteSpace(invoiceId))
        {
            return null;
        }

        var answer = await http.SendAsync<InvoiceCopyResult>(
            new(System, "SendCopy", HttpMethod.Post, $"invoices/{Uri.EscapeDataString(invoiceId.Trim())}/copies", requester),
            cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    private static bool MayHaveInvoices(Requester requester) => requester.CustomerId is not null || requester.SupplierId is not null;
}
