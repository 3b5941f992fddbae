namespace HelpdeskBot.Connectors.Invoices;

public enum InvoiceStatus { Paid, Open, Overdue }

/// <summary>An invoice a customer received from us, or one a supplier sent us, as its party may see it.</summary>
public sealed record InvoiceInfo(
    string InvoiceId,
    string Description,
    InvoiceStatus Status,
    decimal AmountIdr,
    decimal OutstandingIdr,
    DateOnly IssuedOn,
    DateOnly DueOn,
    DateOnly? PaidOn);

/// <param name="SentTo">The e-mail on file, masked (<c>b***@example.com</c>).</param>
public sealed record InvoiceCopyResult(string InvoiceId, string SentTo);

/// <summary>
/// The invoicing system. Customers see the invoices issued to them, suppliers the invoices they sent; nobody else sees
/// any (another party's invoice reads as "not found"). Failures to reach it throw <see cref="BackOfficeUnavailableException"/>.
/// </summary>
public interface IInvoiceService
{
    Task<InvoiceInfo?> GetInvoiceAsync(string invoiceId, Requester requester, CancellationToken cancellationToken);

    /// <summary>The requester's unpaid (open or overdue) invoices, oldest due date first.</summary>
    Task<IReadOnlyList<InvoiceInfo>> GetUnpaidInvoicesAsync(Requester requester, CancellationToken cancellationToken);

    /// <summary>
    /// Re-sends a copy of the invoice to the e-mail address on file — never to an address from the chat, which is why
    /// there is no address parameter. Null when the requester may not see the invoice.
    /// </summary>
    Task<InvoiceCopyResult?> SendCopyAsync(string invoiceId, Requester requester, CancellationToken cancellationToken);
}
