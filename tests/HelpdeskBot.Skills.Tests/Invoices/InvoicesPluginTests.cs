using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Invoices;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.Tests.Invoices;

public sealed class InvoicesPluginTests
{
    private static readonly Requester Customer = Requester.Customer(FakeOrderLookup.Owner);

    private readonly FakeInvoiceService invoices = new();

    private (InvoicesPlugin Plugin, KernelPlugin Functions) Create(Requester requester, string language = "en")
    {
        var plugin = new InvoicesPlugin(invoices, requester, language, new ManualTimeProvider(TestConversation.Start), TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"));
        return (plugin, KernelPluginFactory.CreateFromObject(plugin, "invoices"));
    }

    private static async Task<string> CallAsync(KernelPlugin functions, string name, KernelArguments? arguments = null) =>
        (await functions[name].InvokeAsync(new Kernel(), arguments ?? [])).GetValue<string>()!;

    [Fact]
    public void The_model_sees_described_functions_with_no_identity_or_email_parameter()
    {
        var (_, functions) = Create(Customer);

        Assert.Equal(["get_invoice_status", "list_unpaid_invoices", "request_invoice_copy"], functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(functions, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        Assert.Equal(["invoiceId"], functions.SelectMany(f => f.Metadata.Parameters).Select(p => p.Name).Distinct());
    }

    [Fact]
    public async Task Status_and_list_answer_for_the_bound_requester_only()
    {
        var (_, functions) = Create(Customer, Languages.Indonesian);

        var overdue = await CallAsync(functions, "get_invoice_status", new() { ["invoiceId"] = "INV-2026-00003" });
        var someoneElses = await CallAsync(functions, "get_invoice_status", new() { ["invoiceId"] = "INV-2026-00009" });
        var list = await CallAsync(functions, "list_unpaid_invoices");

        Assert.EndsWith("11 hari yang lalu.", overdue, StringComparison.Ordinal);
        Assert.Equal("Saya tidak menemukan tagihan INV-2026-00009 di akun Anda. Mohon periksa kembali nomornya — formatnya seperti INV-2026-00042.", someoneElses);
        Assert.StartsWith("Ada 2 tagihan yang belum dibayar:", list, StringComparison.Ordinal);
        Assert.All(invoices.Lookups, lookup => Assert.Same(Customer, lookup.Requester));
        Assert.Same(Customer, Assert.Single(invoices.Listings));
    }

    [Fact]
    public async Task Requesting_a_copy_sends_nothing_and_leaves_the_confirmation_pending()
    {
        var (plugin, functions) = Create(Customer);

        var text = await CallAsync(functions, "request_invoice_copy", new() { ["invoiceId"] = "2026-00002" });

        Assert.StartsWith("Shall I send a copy of invoice INV-2026-00002 (Printer toner, Rp 1.200.000) to the e-mail address on file", text, StringComparison.Ordinal);
        Assert.Empty(invoices.CopiesSent);
        var pending = Assert.IsType<InvoiceCopyFormState>(plugin.PendingForm);
        Assert.Equal((InvoiceQuestion.Confirmation, "INV-2026-00002"), (pending.Question, pending.InvoiceId));
    }

    [Fact]
    public async Task Anonymous_visitors_and_employees_get_no_invoices()
    {
        var (_, anonymous) = Create(Requester.Anonymous);
        var (_, employee) = Create(Requester.Employee("EMP-0007"));

        Assert.Equal("Invoices are only available to signed-in customers and suppliers.", await CallAsync(anonymous, "list_unpaid_invoices"));
        Assert.Equal("Invoices are only available to signed-in customers and suppliers.", await CallAsync(employee, "get_invoice_status", new() { ["invoiceId"] = "INV-2026-00001" }));
        Assert.Empty(invoices.Lookups);
        Assert.Empty(invoices.Listings);
    }

    [Fact]
    public async Task Failures_come_back_as_text()
    {
        var (_, functions) = Create(Customer);
        invoices.Down = true;

        var down = await CallAsync(functions, "list_unpaid_invoices");
        var invalid = await CallAsync(functions, "request_invoice_copy", new() { ["invoiceId"] = "the last one" });

        Assert.StartsWith("Sorry, the invoicing system is not answering right now.", down, StringComparison.Ordinal);
        Assert.StartsWith("Sorry, that doesn't look like an invoice number.", invalid, StringComparison.Ordinal);
    }
}
