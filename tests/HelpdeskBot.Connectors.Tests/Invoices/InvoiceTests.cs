using HelpdeskBot.Connectors.Invoices;

namespace HelpdeskBot.Connectors.Tests.Invoices;

public sealed class InvoiceTests : IAsyncLifetime
{
    private static readonly Requester Budi = Requester.Customer("CUS-0001");
    private static readonly Requester Sumber = Requester.Supplier("SUP-0001");
    private FreshBackOffice _backOffice = null!;

    private IInvoiceService Invoices => _backOffice.Host.Invoices;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync() => _backOffice = await FreshBackOffice.StartAsync();

    public async Task DisposeAsync() => await _backOffice.DisposeAsync();

    [Fact]
    public async Task Readme_invoices_of_CUS_0001_have_their_documented_state()
    {
        Assert.Equal(
            new InvoiceInfo("INV-2026-00001", "Order ORD-100124", InvoiceStatus.Paid, 475_000m, 0m, new(2026, 11, 2), new(2026, 11, 16), new(2026, 11, 3)),
            await Invoices.GetInvoiceAsync("inv-2026-00001", Budi, None));
        Assert.Equal(
            new InvoiceInfo("INV-2026-00003", "Biaya keanggotaan premium 2026", InvoiceStatus.Overdue, 250_000m, 250_000m,
                new(2026, 10, 1), new(2026, 10, 31), null),
            await Invoices.GetInvoiceAsync("INV-2026-00003", Budi, None));
        Assert.Equal(InvoiceStatus.Paid, (await Invoices.GetInvoiceAsync("INV-2026-00004", Budi, None))?.Status);
    }

    [Fact]
    public async Task Unpaid_invoices_are_listed_oldest_due_date_first()
    {
        Assert.Equal(["INV-2026-00003", "INV-2026-00002"], (await Invoices.GetUnpaidInvoicesAsync(Budi, None)).Select(i => i.InvoiceId));
        Assert.Equal(
            [("INV-2026-09003", InvoiceStatus.Overdue), ("INV-2026-09002", InvoiceStatus.Open)],
            (await Invoices.GetUnpaidInvoicesAsync(Sumber, None)).Select(i => (i.InvoiceId, i.Status)));
    }

    [Fact]
    public async Task Overdue_is_decided_against_the_business_date()
    {
        await using var later = await FreshBackOffice.StartAsync(businessDate: "2026-12-10");

        Assert.Equal(InvoiceStatus.Overdue, (await later.Host.Invoices.GetInvoiceAsync("INV-2026-00002", Budi, None))?.Status);
        Assert.Equal(InvoiceStatus.Overdue, (await later.Host.Invoices.GetInvoiceAsync("INV-2026-09002", Sumber, None))?.Status);
    }

    [Theory]
    [InlineData("INV-2026-00001", "CUS-0002")]
    [InlineData("INV-2026-09001", "CUS-0001")]
    public async Task Another_partys_invoice_reads_like_an_unknown_invoice_for_a_customer(string invoiceId, string customerId)
    {
        var customer = Requester.Customer(customerId);

        Assert.Null(await Invoices.GetInvoiceAsync(invoiceId, customer, None));
        Assert.Null(await Invoices.GetInvoiceAsync("INV-2026-99999", customer, None));
        Assert.Null(await Invoices.SendCopyAsync(invoiceId, customer, None));
        Assert.Null(await Invoices.SendCopyAsync("INV-2026-99999", customer, None));
        Assert.Empty(await _backOffice.Host.Outbox.GetRecentAsync("budi.santoso@example.com", 10, None));
    }

    [Fact]
    public async Task Suppliers_see_only_the_invoices_they_sent()
    {
        Assert.Equal("INV-2026-09001", (await Invoices.GetInvoiceAsync("INV-2026-09001", Sumber, None))?.InvoiceId);

        var other = Requester.Supplier("SUP-0002");
        Assert.Null(await Invoices.GetInvoiceAsync("INV-2026-09001", other, None));
        Assert.Null(await Invoices.GetInvoiceAsync("INV-2026-00001", Sumber, None));
        Assert.DoesNotContain(await Invoices.GetUnpaidInvoicesAsync(other, None), i => i.InvoiceId is "INV-2026-09002" or "INV-2026-09003");
    }

    [Fact]
    public async Task Employees_and_visitors_see_no_invoices()
    {
        Requester[] outsiders = [Requester.Employee("CUS-0001"), Requester.Anonymous, Requester.Customer("CUS-9999")];
        foreach (var outsider in outsiders)
        {
            Assert.Null(await Invoices.GetInvoiceAsync("INV-2026-00001", outsider, None));
            Assert.Empty(await Invoices.GetUnpaidInvoicesAsync(outsider, None));
            Assert.Null(await Invoices.SendCopyAsync("INV-2026-00001", outsider, None));
        }
    }

    [Fact]
    public async Task A_copy_goes_to_the_email_on_file()
    {
        var result = await Invoices.SendCopyAsync("INV-2026-00002", Budi, None);

        Assert.Equal(new InvoiceCopyResult("INV-2026-00002", "b***@example.com"), result);
        var message = Assert.Single(await _backOffice.Host.Outbox.GetRecentAsync("Budi.Santoso@example.com", 10, None));
        Assert.Equal(("budi.santoso@example.com", "invoice-copy", FreshBackOffice.Start), (message.Destination, message.Purpose, message.CreatedAt));
        Assert.Contains("INV-2026-00002", message.Body, StringComparison.Ordinal);
        Assert.Contains("339,000", message.Body, StringComparison.Ordinal);

        Assert.Equal("t***@sumbermakmur.example", (await Invoices.SendCopyAsync("INV-2026-09001", Sumber, None))?.SentTo);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("INV-2026-1")]
    [InlineData("INV-2026-00001' OR '1'='1")]
    public async Task Bad_invoice_ids_are_not_found(string invoiceId)
    {
        Assert.Null(await Invoices.GetInvoiceAsync(invoiceId, Budi, None));
        Assert.Null(await Invoices.SendCopyAsync(invoiceId, Budi, None));
        Assert.Null(await Invoices.GetInvoiceAsync(new string('9', 100_000), Budi, None));
    }
}
