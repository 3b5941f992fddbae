using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Invoices;

namespace HelpdeskBot.Skills.Tests;

/// <summary>
/// An invoicing system with invoices of customer C-1 (the test conversation's default user), customer C-2, a supplier,
/// and a customer with many unpaid invoices. Another party's invoice reads as not found. It records what it was asked.
/// </summary>
internal sealed class FakeInvoiceService : IInvoiceService
{
    public const string ManyInvoicesCustomer = "C-MANY";
    public const string Supplier = "SUP-0001";
    public const string MaskedEmail = "b***@example.com";

    public static readonly InvoiceInfo PaidInvoice = new(
        "INV-2026-00001", "Office chairs", InvoiceStatus.Paid, 4_500_000m, 0m, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), new DateOnly(2026, 10, 20));

    public static readonly InvoiceInfo OpenInvoice = new(
        "INV-2026-00002", "Printer toner", InvoiceStatus.Open, 1_200_000m, 1_200_000m, new DateOnly(2026, 11, 20), new DateOnly(2026, 12, 20), null);

    /// <summary>Due 20 November 2026: 11 days overdue on the test conversation's 1 December.</summary>
    public static readonly InvoiceInfo OverdueInvoice = new(
        "INV-2026-00003", "Standing desks", InvoiceStatus.Overdue, 9_000_000m, 3_000_000m, new DateOnly(2026, 10, 21), new DateOnly(2026, 11, 20), null);

    public static readonly InvoiceInfo OtherCustomersInvoice = new(
        "INV-2026-00009", "Laptops", InvoiceStatus.Open, 30_000_000m, 30_000_000m, new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), null);

    public static readonly InvoiceInfo SupplierInvoice = new(
        "INV-2026-00100", "Cleaning services November", InvoiceStatus.Open, 2_750_000m, 2_750_000m, new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 30), null);

    private readonly List<(InvoiceInfo Invoice, string PartyId)> invoices =
    [
        (PaidInvoice, FakeOrderLookup.Owner),
        (OpenInvoice, FakeOrderLookup.Owner),
        (OverdueInvoice, FakeOrderLookup.Owner),
        (OtherCustomersInvoice, FakeOrderLookup.OtherCustomer),
        (SupplierInvoice, Supplier),
        .. Enumerable.Range(10, 7).Select(n => (
            new InvoiceInfo($"INV-2026-{n:00000}", $"Monthly service {n}", InvoiceStatus.Open, 100_000m, 100_000m, new DateOnly(2026, 11, 1), new DateOnly(2026, 12, n), null),
            ManyInvoicesCustomer)),
    ];

    public List<(string InvoiceId, Requester Requester)> Lookups { get; } = [];

    public List<Requester> Listings { get; } = [];

    public List<(string InvoiceId, Requester Requester)> CopiesSent { get; } = [];

    /// <summary>While true, every call fails the way an unreachable invoicing system does.</summary>
    public bool Down { get; set; }

    /// <summary>C-1 paid everything (for the "all paid" answer).</summary>
    public bool AllPaid { get; set; }

    public Task<InvoiceInfo?> GetInvoiceAsync(string invoiceId, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Lookups.Add((invoiceId, requester));
        return Task.FromResult(Visible(invoiceId, requester));
    }

    public Task<IReadOnlyList<InvoiceInfo>> GetUnpaidInvoicesAsync(Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Listings.Add(requester);
        IReadOnlyList<InvoiceInfo> unpaid = AllPaid
            ? []
            : [.. invoices.Where(i => i.PartyId == requester.PartyId && i.Invoice.Status != InvoiceStatus.Paid).Select(i => i.Invoice).OrderBy(i => i.DueOn)];
        return Task.FromResult(unpaid);
    }

    public Task<InvoiceCopyResult?> SendCopyAsync(string invoiceId, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        CopiesSent.Add((invoiceId, requester));
        return Task.FromResult(Visible(invoiceId, requester) is null ? null : new InvoiceCopyResult(invoiceId, MaskedEmail));
    }

    private InvoiceInfo? Visible(string invoiceId, Requester requester) =>
        requester.Kind is RequesterKind.Customer or RequesterKind.Supplier
            ? invoices.FirstOrDefault(i => i.Invoice.InvoiceId == invoiceId && i.PartyId == requester.PartyId).Invoice
            : null;

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new BackOfficeUnavailableException(BackOfficeSystem.Invoicing, "The invoicing system is down (test).");
        }
    }
}
