using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Invoices;

namespace HelpdeskBot.Skills.Tests.Invoices;

/// <summary>Invoice status through the real engine, for customers and suppliers.</summary>
public sealed class InvoiceStatusConversationTests
{
    private static TestConversation Customer(string? locale = null, Requester? requester = null) =>
        new TestConversation(locale, requester)
            .Means("is invoice INV-2026-00001 paid?", IntentNames.InvoiceStatus)
            .Means("is invoice INV-2026-00002 paid?", IntentNames.InvoiceStatus)
            .Means("status tagihan INV-2026-00003", IntentNames.InvoiceStatus)
            .Means("which invoices are still open?", IntentNames.InvoiceStatus)
            .Means("tagihan mana yang belum dibayar?", IntentNames.InvoiceStatus);

    [Fact]
    public async Task A_paid_invoice_says_when_it_was_paid()
    {
        var conversation = Customer();

        var result = await conversation.SayAsync("is invoice INV-2026-00001 paid?");

        Assert.Equal("Invoice INV-2026-00001 (Office chairs) for Rp 4.500.000 was paid on 20 October 2026.", result.Text());
        Assert.Equal(("INV-2026-00001", conversation.User.Requester), Assert.Single(conversation.Invoices.Lookups));
        Assert.Null(result.State.ActiveForm);
    }

    [Fact]
    public async Task Open_and_overdue_invoices_say_what_is_outstanding_and_when_it_is_due()
    {
        var english = await Customer().SayAsync("is invoice INV-2026-00002 paid?");
        var indonesian = await Customer("id-ID").SayAsync("status tagihan INV-2026-00003");

        Assert.Equal("Invoice INV-2026-00002 (Printer toner) is open: Rp 1.200.000 still to be paid, due on 20 December 2026.", english.Text());
        Assert.Equal(
            "Tagihan INV-2026-00003 (Standing desks) sudah lewat jatuh tempo: sisa Rp 3.000.000 yang harus dibayar. Jatuh temponya 20 November 2026, 11 hari yang lalu.",
            indonesian.Text());
    }

    [Fact]
    public async Task Without_a_number_the_unpaid_invoices_are_listed_with_a_button_each()
    {
        var conversation = Customer();

        var listed = await conversation.SayAsync("which invoices are still open?");
        var picked = await conversation.SayAsync("INV-2026-00002");

        Assert.Equal(
            "You have 2 unpaid invoices:\n• INV-2026-00003 — Standing desks: Rp 3.000.000, overdue since 20 November 2026\n• INV-2026-00002 — Printer toner: Rp 1.200.000, due 20 December 2026\nPick one for the details, or send its number.",
            listed.Text());
        Assert.Equal(["INV-2026-00003", "INV-2026-00002"], listed.ActionTitles());
        Assert.IsType<InvoiceStatusFormState>(listed.State.ActiveForm);
        Assert.StartsWith("Invoice INV-2026-00002 (Printer toner) is open", picked.Text(), StringComparison.Ordinal);
        Assert.Null(picked.State.ActiveForm);
    }

    [Fact]
    public async Task Tidak_ada_tagihan_yang_belum_dibayar()
    {
        var conversation = Customer("id-ID");
        conversation.Invoices.AllPaid = true;

        var result = await conversation.SayAsync("tagihan mana yang belum dibayar?");

        Assert.Equal("Kabar baik: tidak ada tagihan yang belum dibayar — semuanya sudah lunas.", result.Text());
        Assert.Null(result.State.ActiveForm);
    }

    [Fact]
    public async Task Many_unpaid_invoices_are_summarised_and_asked_for_by_number()
    {
        var conversation = Customer(requester: Requester.Customer(FakeInvoiceService.ManyInvoicesCustomer));

        var result = await conversation.SayAsync("which invoices are still open?");

        Assert.Equal("You have 7 unpaid invoices, Rp 700.000 in total. Which one would you like to check? Send its number, like INV-2026-00042.", result.Text());
        Assert.Empty(result.ActionTitles());
        Assert.IsType<InvoiceStatusFormState>(result.State.ActiveForm);
    }

    [Fact]
    public async Task Another_customers_invoice_gets_the_same_reply_as_a_non_existent_one()
    {
        var someoneElses = await Customer().Means("status of INV-2026-00009", IntentNames.InvoiceStatus).SayAsync("status of INV-2026-00009");
        var missing = await Customer().Means("status of INV-2026-09999", IntentNames.InvoiceStatus).SayAsync("status of INV-2026-09999");

        Assert.Equal(missing.TextWithout("INV-2026-09999"), someoneElses.TextWithout("INV-2026-00009"));
        Assert.Equal("I couldn't find invoice INV-2026-09999 on your account. Please check the number — it looks like INV-2026-00042.", missing.Text());
    }

    [Fact]
    public async Task A_supplier_sees_the_invoices_they_sent()
    {
        var conversation = Customer("id-ID", Requester.Supplier(FakeInvoiceService.Supplier));

        var result = await conversation.SayAsync("tagihan mana yang belum dibayar?");

        Assert.StartsWith("Ada 1 tagihan yang belum dibayar:\n• INV-2026-00100 — Cleaning services November: Rp 2.750.000, jatuh tempo 30 Desember 2026", result.Text(), StringComparison.Ordinal);
        Assert.Equal(["INV-2026-00100"], result.ActionTitles());
    }

    [Fact]
    public async Task An_anonymous_visitor_is_asked_to_sign_in_and_nothing_is_looked_up()
    {
        var conversation = Customer(requester: Requester.Anonymous);

        var result = await conversation.SayAsync("is invoice INV-2026-00001 paid?");

        Assert.StartsWith("For that I need to know who you are", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Invoices.Lookups);
    }

    [Fact]
    public async Task Invoicing_system_down_keeps_the_list_waiting_for_a_pick()
    {
        var conversation = Customer();
        await conversation.SayAsync("which invoices are still open?");
        var before = conversation.State;
        conversation.Invoices.Down = true;

        var down = await conversation.SayAsync("INV-2026-00003");

        Assert.StartsWith("Sorry, the invoicing system is not answering right now.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(before.ActiveForm, down.State.ActiveForm);

        conversation.Invoices.Down = false;
        var retried = await conversation.SayAsync("INV-2026-00003");

        Assert.StartsWith("Invoice INV-2026-00003 (Standing desks) is overdue", retried.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jawaban_yang_bukan_nomor_tagihan_diminta_ulang_dengan_alasannya()
    {
        var conversation = Customer("id-ID");
        await conversation.SayAsync("tagihan mana yang belum dibayar?");

        var result = await conversation.SayAsync("yang paling mahal");

        Assert.Equal("Maaf, itu tidak terlihat seperti nomor tagihan. Formatnya seperti INV-2026-00042.", result.Text());
    }

    [Fact]
    public async Task A_greeting_while_the_list_waits_is_answered_and_the_check_offered_back()
    {
        var conversation = Customer();
        await conversation.SayAsync("which invoices are still open?");

        var interrupted = await conversation.SayAsync("hello");
        var resumed = await conversation.SayAsync("yes");

        Assert.Equal("Shall we get back to your request to check an invoice?", interrupted.Replies[^1].Text);
        Assert.Equal("I'm still waiting for the invoice number (like INV-2026-00042), or type \"cancel\".", resumed.Text());
    }
}
