using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Invoices;

namespace HelpdeskBot.Skills.Tests.Invoices;

/// <summary>Invoice copies through the real engine: only ever to the e-mail address on file.</summary>
public sealed class InvoiceCopyConversationTests
{
    private const string OnFileOnly =
        "For your security I can only send invoice copies to the e-mail address on file for your account, not to an address typed in the chat. To change the address on file, please contact our support team.";

    private static TestConversation Customer(string? locale = null) =>
        new TestConversation(locale)
            .Means("send me a copy of invoice INV-2026-00002", IntentNames.InvoiceCopy)
            .Means("kirim salinan tagihan INV-2026-00002", IntentNames.InvoiceCopy)
            .Means("send invoice INV-2026-00002 to hacker@evil.example", IntentNames.InvoiceCopy)
            .Means("I need a copy of an invoice", IntentNames.InvoiceCopy);

    [Fact]
    public async Task A_copy_goes_to_the_email_on_file_after_yes()
    {
        var conversation = Customer();

        var asked = await conversation.SayAsync("send me a copy of invoice INV-2026-00002");
        Assert.Empty(conversation.Invoices.CopiesSent);
        var sent = await conversation.SayAsync("yes");

        Assert.Equal("Shall I send a copy of invoice INV-2026-00002 (Printer toner, Rp 1.200.000) to the e-mail address on file for your account?", asked.Text());
        Assert.Equal(["Yes", "No"], asked.ActionTitles());
        Assert.Equal("Done — I've sent a copy of invoice INV-2026-00002 to b***@example.com.", sent.Text());
        Assert.Equal(("INV-2026-00002", conversation.User.Requester), Assert.Single(conversation.Invoices.CopiesSent));
        Assert.Null(sent.State.ActiveForm);
    }

    [Fact]
    public async Task Salinan_dikirim_setelah_iya()
    {
        var conversation = Customer("id-ID");

        var asked = await conversation.SayAsync("kirim salinan tagihan INV-2026-00002");
        var sent = await conversation.SayAsync("iya");

        Assert.Equal("Apakah salinan tagihan INV-2026-00002 (Printer toner, Rp 1.200.000) perlu saya kirim ke alamat e-mail yang terdaftar di akun Anda?", asked.Text());
        Assert.Equal("Selesai — salinan tagihan INV-2026-00002 sudah saya kirim ke b***@example.com.", sent.Text());
    }

    [Fact]
    public async Task A_typed_email_address_is_never_used_and_the_user_is_told_how_to_change_the_one_on_file()
    {
        var conversation = Customer();

        var asked = await conversation.SayAsync("send invoice INV-2026-00002 to hacker@evil.example");
        var again = await conversation.SayAsync("no, send it to hacker@evil.example please");
        var sent = await conversation.SayAsync("yes");

        Assert.Equal(OnFileOnly, asked.Replies[0].Text);
        Assert.StartsWith("Shall I send a copy of invoice INV-2026-00002", asked.Replies[1].Text, StringComparison.Ordinal);
        Assert.Equal(OnFileOnly, again.Replies[0].Text);
        Assert.Equal("Shall I send the copy of invoice INV-2026-00002 to the e-mail address on file for your account?", again.Replies[1].Text);
        Assert.Equal(["Yes", "No"], again.ActionTitles());
        Assert.Equal("Done — I've sent a copy of invoice INV-2026-00002 to b***@example.com.", sent.Text());
        Assert.DoesNotContain("hacker", sent.Text(), StringComparison.Ordinal);
        Assert.Single(conversation.Invoices.CopiesSent);
    }

    [Fact]
    public async Task No_sends_nothing()
    {
        var conversation = Customer("id-ID");
        await conversation.SayAsync("kirim salinan tagihan INV-2026-00002");

        var result = await conversation.SayAsync("nggak");

        Assert.Equal("Baik, salinan tagihan INV-2026-00002 tidak saya kirim.", result.Text());
        Assert.Empty(conversation.Invoices.CopiesSent);
    }

    [Fact]
    public async Task Another_customers_invoice_gets_the_same_reply_as_a_non_existent_one_and_no_confirmation()
    {
        var someoneElses = await Customer().Means("copy of INV-2026-00009", IntentNames.InvoiceCopy).SayAsync("copy of INV-2026-00009");
        var missing = await Customer().Means("copy of INV-2026-09999", IntentNames.InvoiceCopy).SayAsync("copy of INV-2026-09999");

        Assert.Equal(missing.TextWithout("INV-2026-09999"), someoneElses.TextWithout("INV-2026-00009"));
        Assert.Null(someoneElses.State.ActiveForm);
    }

    [Fact]
    public async Task Invoicing_system_down_at_the_yes_keeps_the_form_at_the_confirmation()
    {
        var conversation = Customer();
        await conversation.SayAsync("send me a copy of invoice INV-2026-00002");
        var before = conversation.State;
        conversation.Invoices.Down = true;

        var down = await conversation.SayAsync("yes");

        Assert.StartsWith("Sorry, the invoicing system is not answering right now.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(InvoiceQuestion.Confirmation, Assert.IsType<InvoiceCopyFormState>(down.State.ActiveForm).Question);
        Assert.Equal(before.ActiveForm, down.State.ActiveForm);

        conversation.Invoices.Down = false;
        var retried = await conversation.SayAsync("yes");

        Assert.StartsWith("Done — I've sent a copy", retried.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_number_the_bot_asks_for_it_and_reprompts_with_the_reason()
    {
        var conversation = Customer();

        var asked = await conversation.SayAsync("I need a copy of an invoice");
        var invalid = await conversation.SayAsync("the one from last month");
        var confirm = await conversation.SayAsync("2026-00002");

        Assert.Equal("Which invoice would you like a copy of? Send its number, like INV-2026-00042.", asked.Text());
        Assert.Equal("Sorry, that doesn't look like an invoice number. It looks like INV-2026-00042.", invalid.Text());
        Assert.StartsWith("Shall I send a copy of invoice INV-2026-00002", confirm.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_greeting_at_the_confirmation_is_answered_and_the_copy_offered_back()
    {
        var conversation = Customer();
        await conversation.SayAsync("send me a copy of invoice INV-2026-00002");

        var interrupted = await conversation.SayAsync("hello");
        var resumed = await conversation.SayAsync("yes");
        Assert.Empty(conversation.Invoices.CopiesSent);
        var sent = await conversation.SayAsync("yes");

        Assert.Equal("Shall we get back to your request to get a copy of an invoice?", interrupted.Replies[^1].Text);
        Assert.Equal("I'm still waiting for your yes or no: shall I send a copy of invoice INV-2026-00002 to the e-mail address on file?", resumed.Text());
        Assert.StartsWith("Done", sent.Text(), StringComparison.Ordinal);
    }
}
