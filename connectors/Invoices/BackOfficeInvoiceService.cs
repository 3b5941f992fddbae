using System.Globalization;
using System.Text.RegularExpressions;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.Invoices;

/// <summary>
/// The invoicing system of the demo back office: invoices we issued to customers and invoices suppliers sent us. Whether
/// an unpaid invoice is open or overdue is decided against <see cref="BackOfficeOptions.BusinessDate"/>, the frozen
/// demo's "today".
/// </summary>
internal sealed partial class BackOfficeInvoiceService(
    IDbContextFactory<BackOfficeDbContext> dbFactory, IOptions<BackOfficeOptions> options, TimeProvider time) : IInvoiceService
{
    public Task<InvoiceInfo?> GetInvoiceAsync(string invoiceId, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Invoicing, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return (await FindAsync(db, invoiceId, requester, cancellationToken))?.Info;
        });
    }

    public Task<IReadOnlyList<InvoiceInfo>> GetUnpaidInvoicesAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Invoicing, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            List<InvoiceInfo> invoices = requester.Kind switch
            {
                RequesterKind.Customer when PartyIdOf(requester) is { } customerId => (await db.Invoices.AsNoTracking()
                    .Where(i => i.CustomerId == customerId && i.PaidOn == null).ToListAsync(cancellationToken)).Select(ToInfo).ToList(),
                RequesterKind.Supplier when PartyIdOf(requester) is { } supplierId => (await db.SupplierInvoices.AsNoTracking()
                    .Where(i => i.SupplierId == supplierId && i.PaidOn == null).ToListAsync(cancellationToken)).Select(ToInfo).ToList(),
                _ => [],
            };
            return (IReadOnlyList<InvoiceInfo>)invoices.OrderBy(i => i.DueOn).ThenBy(i => i.InvoiceId, StringComparer.Ordinal).ToList();
        });
    }

    public Task<InvoiceCopyResult?> SendCopyAsync(string invoiceId, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Invoicing, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await FindAsync(db, invoiceId, requester, cancellationToken) is not { } found)
            {
                return null;
            }

            var invoice = found.Info;
            DemoOutbox.Add(
                db, ContactChannel.Email, found.Email, "Invoice " + invoice.InvoiceId,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"As requested, here is a copy of invoice {invoice.InvoiceId} ({invoice.Description}): IDR {invoice.AmountIdr:N0}, "
                    + $"issued {invoice.IssuedOn:yyyy-MM-dd}, due {invoice.DueOn:yyyy-MM-dd}, status {invoice.Status}. "
                    + $"PDF: https://billing.example/invoices/{invoice.InvoiceId}.pdf"),
                "invoice-copy", time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return new InvoiceCopyResult(invoice.InvoiceId, ContactMask.Email(found.Email));
        });
    }

    private sealed record Found(InvoiceInfo Info, string Email);

    /// <summary>The invoice and its party's e-mail when the requester is that party; null exactly as for an unknown id.</summary>
    private async Task<Found?> FindAsync(BackOfficeDbContext db, string invoiceId, Requester requester, CancellationToken cancellationToken)
    {
        if (BackOfficeCall.NormalizeId(invoiceId, InvoiceIdFormat()) is not { } id || PartyIdOf(requester) is not { } partyId)
        {
            return null;
        }

        switch (requester.Kind)
        {
            case RequesterKind.Customer:
                var ours = await db.Invoices.AsNoTracking()
                    .Where(i => i.Id == id && i.CustomerId == partyId)
                    .Join(db.Customers, i => i.CustomerId, c => c.Id, (i, c) => new { Invoice = i, c.Email })
                    .SingleOrDefaultAsync(cancellationToken);
                return ours is null ? null : new Found(ToInfo(ours.Invoice), ours.Email);
            case RequesterKind.Supplier:
                var theirs = await db.SupplierInvoices.AsNoTracking()
                    .Where(i => i.Id == id && i.SupplierId == partyId)
                    .Join(db.Suppliers, i => i.SupplierId, s => s.Id, (i, s) => new { Invoice = i, s.Email })
                    .SingleOrDefaultAsync(cancellationToken);
                return theirs is null ? null : new Found(ToInfo(theirs.Invoice), theirs.Email);
            default:
                return null;
        }
    }

    private InvoiceInfo ToInfo(Invoice i) => Info(i.Id, i.Description, i.AmountIdr, i.IssuedOn, i.DueOn, i.PaidOn);

    private InvoiceInfo ToInfo(SupplierInvoice i) => Info(i.Id, i.Description, i.AmountIdr, i.IssuedOn, i.DueOn, i.PaidOn);

    private InvoiceInfo Info(string id, string description, decimal amount, DateOnly issuedOn, DateOnly dueOn, DateOnly? paidOn)
    {
        var status = paidOn is not null ? InvoiceStatus.Paid : dueOn < options.Value.Today ? InvoiceStatus.Overdue : InvoiceStatus.Open;
        return new InvoiceInfo(id, description, status, amount, paidOn is null ? amount : 0, issuedOn, dueOn, paidOn);
    }

    private static string? PartyIdOf(Requester requester) =>
        requester.PartyId is { Length: > 0 and <= 20 } id ? id.Trim().ToUpperInvariant() : null;

    [GeneratedRegex("^INV-[0-9]{4}-[0-9]{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex InvoiceIdFormat();
}
