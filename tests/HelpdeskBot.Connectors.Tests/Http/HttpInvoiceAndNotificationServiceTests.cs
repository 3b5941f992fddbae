using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.Notifications;

namespace HelpdeskBot.Connectors.Tests.Http;

public sealed class HttpInvoiceAndNotificationServiceTests : IAsyncLifetime
{
    private static readonly Requester Customer = Requester.Customer("CUS-0001");
    private static readonly Requester Rina = Requester.Employee("EMP-0007");
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeBackOffice _server = null!;
    private ConnectorHost _host = null!;

    private IInvoiceService Invoices => _host.Invoices;

    private INotificationService Notifications => _host.Notifications;

    public async Task InitializeAsync()
    {
        _server = await FakeBackOffice.StartAsync();
        _host = ConnectorHost.Create(_server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_customers_invoice_is_mapped_field_by_field_and_a_supplier_sees_the_bill_they_sent()
    {
        Assert.Equal(new InvoiceInfo("INV-2026-0001", "Office chairs (10)", InvoiceStatus.Paid, 12_500_000m, 0m, new(2026, 9, 1), new(2026, 10, 1), new(2026, 9, 28)),
            await Invoices.GetInvoiceAsync("INV-2026-0001", Customer, None));
        Assert.Equal(InvoiceStatus.Open, (await Invoices.GetInvoiceAsync("BILL-0009", Requester.Supplier("SUP-0001"), None))?.Status);
        Assert.Equal(("supplier", "SUP-0001"), (_server.Requests[1].Header("X-Requester-Kind"), _server.Requests[1].Header("X-Requester-Id")));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task Another_partys_invoice_reads_as_missing_whether_the_system_says_404_or_403(int denyStatus)
    {
        _server.DenyStatus = denyStatus;

        Assert.Null(await Invoices.GetInvoiceAsync("INV-2026-0001", Requester.Supplier("SUP-0001"), None));
        Assert.Null(await Invoices.GetInvoiceAsync("INV-2099-0404", Customer, None));
        Assert.Null(await Invoices.SendCopyAsync("BILL-0009", Customer, None));
    }

    [Fact]
    public async Task Unpaid_invoices_come_oldest_due_first()
    {
        var unpaid = await Invoices.GetUnpaidInvoicesAsync(Customer, None);

        Assert.Equal(["INV-2026-0002", "INV-2026-0003"], unpaid.Select(i => i.InvoiceId));
        Assert.Equal((InvoiceStatus.Overdue, (DateOnly?)null), (unpaid[0].Status, unpaid[0].PaidOn));
        Assert.Equal("?unpaid=true", Assert.Single(_server.Requests).Query);
    }

    [Fact]
    public async Task A_copy_goes_to_the_address_on_file_and_only_the_masked_address_comes_back()
    {
        var copy = await Invoices.SendCopyAsync("INV-2026-0002", Customer, None);

        Assert.Equal(new InvoiceCopyResult("INV-2026-0002", "b***@example.com"), copy);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/api/invoices/INV-2026-0002/copies", ""), (request.Method, request.Path, request.Body));
    }

    [Fact]
    public async Task Employees_and_visitors_see_no_invoices_without_a_call()
    {
        Assert.Null(await Invoices.GetInvoiceAsync("INV-2026-0001", Rina, None));
        Assert.Empty(await Invoices.GetUnpaidInvoicesAsync(Requester.Anonymous, None));
        Assert.Null(await Invoices.SendCopyAsync("INV-2026-0001", Rina, None));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_one_time_code_is_sent_to_the_contact_on_file_and_checked()
    {
        var challenge = await Notifications.SendOneTimeCodeAsync(Rina, ContactChannel.Sms, "password-reset", None);
        var wrong = await Notifications.VerifyOneTimeCodeAsync("OTC-0001", "000000", Rina, None);
        var right = await Notifications.VerifyOneTimeCodeAsync("OTC-0001", "123456", Rina, None);

        Assert.Equal(new OneTimeCodeChallenge("OTC-0001", ContactChannel.Sms, "+62 *** *** 4321", new(2026, 11, 27, 8, 10, 0, TimeSpan.Zero)), challenge);
        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.Wrong, 2), wrong);
        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.Verified, 3), right);
        Assert.Equal(("sms", "password-reset"), (_server.Requests[0].Json.GetProperty("channel").GetString(), _server.Requests[0].Json.GetProperty("purpose").GetString()));
        Assert.Equal("/api/one-time-codes/OTC-0001/verification", _server.Requests[1].Path);
        Assert.Equal("123456", _server.Requests[2].Json.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task No_contact_on_file_or_another_persons_challenge_reads_as_not_found(int denyStatus)
    {
        _server.DenyStatus = denyStatus;

        Assert.Null(await Notifications.SendOneTimeCodeAsync(Requester.Customer("CUS-0002"), ContactChannel.Sms, "invoice-copy", None));
        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.NotFound, 0),
            await Notifications.VerifyOneTimeCodeAsync("OTC-0001", "123456", Requester.Customer("CUS-0002"), None));
    }

    [Fact]
    public async Task A_malformed_code_is_wrong_not_an_exception_and_visitors_get_no_code()
    {
        Assert.Equal(OneTimeCodeOutcome.Wrong, (await Notifications.VerifyOneTimeCodeAsync("OTC-0001", "12", Rina, None)).Outcome);
        Assert.Null(await Notifications.SendOneTimeCodeAsync(Requester.Anonymous, ContactChannel.Email, "order", None));
        Assert.Single(_server.Requests);
    }
}
