using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Invoices;

namespace HelpdeskBot.Skills.Tests.Invoices;

public sealed class InvoiceFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static InvoiceStatusFormState Picking(int failedAttempts = 0) => new() { LastActivityAt = Now, FailedAttempts = failedAttempts };

    private static InvoiceCopyFormState Confirming(int failedAttempts = 0) =>
        new() { LastActivityAt = Now, Question = InvoiceQuestion.Confirmation, InvoiceId = "INV-2026-00002", FailedAttempts = failedAttempts };

    [Theory]
    [InlineData("INV-2026-00042", null, "INV-2026-00042")]
    [InlineData("whatever", "INV-2026-00042", "INV-2026-00042")]
    [InlineData("2026-00042", null, "INV-2026-00042")]
    [InlineData("inv 2026 00042", null, "INV-2026-00042")]
    [InlineData("202600042", null, "INV-2026-00042")]
    [InlineData("42", null, null)]
    [InlineData("ORD-100123", null, null)]
    public void Invoice_numbers_are_read_from_the_entity_or_the_whole_answer(string input, string? recognized, string? expected)
    {
        Assert.Equal(expected, InvoiceForms.FindInvoiceId(input, recognized));
    }

    [Fact]
    public void Status_begin_with_an_id_looks_it_up_and_without_one_lists_the_unpaid_invoices()
    {
        Assert.Equal(InvoiceFormAction.LookUp, InvoiceStatusForm.Begin("INV-2026-00002", Now).Action);
        Assert.Equal(InvoiceFormAction.ListUnpaid, InvoiceStatusForm.Begin(null, Now).Action);
    }

    [Fact]
    public void No_unpaid_invoices_is_the_whole_answer()
    {
        var step = InvoiceStatusForm.Listed(0, Now);

        Assert.Equal(InvoiceFormAction.Answered, step.Action);
        Assert.Null(step.State);
        Assert.Equal("Kabar baik: tidak ada tagihan yang belum dibayar — semuanya sudah lunas.", step.Prompt!.In(Languages.Indonesian));
    }

    [Theory]
    [InlineData(1, "invoice.pick")]
    [InlineData(5, "invoice.pick")]
    [InlineData(6, "invoice.many_unpaid")]
    public void A_few_unpaid_invoices_are_offered_and_many_are_asked_for_by_number(int count, string key)
    {
        var step = InvoiceStatusForm.Listed(count, Now);

        Assert.Equal(InvoiceFormAction.Ask, step.Action);
        Assert.Equal(Picking(), step.State);
        Assert.Equal(key, step.Prompt?.Phrase.Key);
    }

    [Fact]
    public void Status_answer_without_an_invoice_number_reprompts_then_gives_up()
    {
        var first = InvoiceStatusForm.NextTurn(Picking(), "the big one", null, Now);
        var second = InvoiceStatusForm.NextTurn(Picking(1), "the big one", null, Now);
        var third = InvoiceStatusForm.NextTurn(Picking(2), "the big one", null, Now);

        Assert.Equal("Sorry, that doesn't look like an invoice number. It looks like INV-2026-00042.", first.Prompt!.In(Languages.English));
        Assert.Equal("invoice.reprompt_last", second.Prompt?.Phrase.Key);
        Assert.Equal(InvoiceFormAction.GiveUp, third.Action);
        Assert.Null(third.State);
    }

    [Fact]
    public void Status_cancel_expiry_and_untouched_input()
    {
        var state = Picking(1);
        var snapshot = state with { };

        Assert.Equal(InvoiceFormAction.Cancelled, InvoiceStatusForm.NextTurn(state, "never mind", null, Now).Action);
        Assert.Equal(InvoiceFormAction.Expired, InvoiceStatusForm.NextTurn(state, "INV-2026-00002", null, Now.AddMinutes(30)).Action);
        Assert.Equal(InvoiceFormAction.LookUp, InvoiceStatusForm.NextTurn(state, "INV-2026-00002", null, Now.AddMinutes(29)).Action);
        Assert.Equal(snapshot, state);
    }

    [Fact]
    public void Copy_begin_with_an_id_checks_the_invoice_and_without_one_asks_for_it()
    {
        var withId = InvoiceCopyForm.Begin("INV-2026-00002", emailTyped: false, Now);
        var withoutId = InvoiceCopyForm.Begin(null, emailTyped: false, Now);

        Assert.Equal(InvoiceFormAction.LookUp, withId.Action);
        Assert.Equal("INV-2026-00002", withId.InvoiceId);
        Assert.Equal(InvoiceFormAction.Ask, withoutId.Action);
        Assert.Equal("Which invoice would you like a copy of? Send its number, like INV-2026-00042.", withoutId.Prompt!.In(Languages.English));
        Assert.False(withId.EmailIgnored);
    }

    [Fact]
    public void A_typed_email_in_the_request_is_flagged_to_be_ignored()
    {
        var step = InvoiceCopyForm.Begin("INV-2026-00002", emailTyped: true, Now);

        Assert.True(step.EmailIgnored);
        Assert.Equal(InvoiceFormAction.LookUp, step.Action);
    }

    [Fact]
    public void A_found_invoice_waits_for_a_yes()
    {
        var begun = InvoiceCopyForm.Begin("INV-2026-00002", emailTyped: false, Now);

        var step = InvoiceCopyForm.AwaitConfirmation(begun.State!, "INV-2026-00002", Now);

        Assert.Equal(InvoiceFormAction.Confirm, step.Action);
        Assert.Equal(Confirming(), step.State);
    }

    [Theory]
    [InlineData("send it to someone@else.com", "someone@else.com")]
    [InlineData("yes, to someone@else.com", "someone@else.com")]
    [InlineData("someone@else.com", null)]
    public void An_email_typed_at_the_confirmation_is_never_used_and_the_question_is_asked_again(string input, string? recognized)
    {
        var step = InvoiceCopyForm.NextTurn(Confirming(), input, null, recognized, Now);

        Assert.Equal(InvoiceFormAction.Ask, step.Action);
        Assert.True(step.EmailIgnored);
        Assert.Equal(0, step.State?.FailedAttempts);
        Assert.Equal(
            "Shall I send the copy of invoice INV-2026-00002 to the e-mail address on file for your account?",
            step.Prompt!.In(Languages.English));
    }

    [Theory]
    [InlineData("yes", InvoiceFormAction.Execute)]
    [InlineData("yep", InvoiceFormAction.Execute)]
    [InlineData("iya", InvoiceFormAction.Execute)]
    [InlineData("no", InvoiceFormAction.Declined)]
    [InlineData("nggak", InvoiceFormAction.Declined)]
    [InlineData("jangan", InvoiceFormAction.Declined)]
    [InlineData("hmm", InvoiceFormAction.Ask)]
    [InlineData("batal", InvoiceFormAction.Cancelled)]
    public void The_copy_confirmation_reads_yes_no_and_cancel_in_both_languages(string input, InvoiceFormAction expected)
    {
        Assert.Equal(expected, InvoiceCopyForm.NextTurn(Confirming(), input, null, null, Now).Action);
    }

    [Fact]
    public void Three_unclear_confirmations_give_up_without_sending()
    {
        var step = InvoiceCopyForm.NextTurn(Confirming(2), "hmm", null, null, Now);

        Assert.Equal(InvoiceFormAction.GiveUp, step.Action);
        Assert.Equal("I didn't get a yes or no, so I haven't sent a copy of invoice INV-2026-00002. You can ask again any time.", step.Prompt!.In(Languages.English));
    }

    [Fact]
    public void Another_invoice_number_at_the_confirmation_checks_that_invoice()
    {
        var step = InvoiceCopyForm.NextTurn(Confirming(), "INV-2026-00001", "INV-2026-00001", null, Now);

        Assert.Equal(InvoiceFormAction.LookUp, step.Action);
        Assert.Equal("INV-2026-00001", step.InvoiceId);
    }

    [Fact]
    public void Copy_expires_and_leaves_the_input_state_untouched()
    {
        var state = Confirming(1);
        var snapshot = state with { };

        Assert.Equal(InvoiceFormAction.Expired, InvoiceCopyForm.NextTurn(state, "yes", null, null, Now.AddHours(1)).Action);
        Assert.Equal(InvoiceFormAction.Execute, InvoiceCopyForm.NextTurn(state, "yes", null, null, Now).Action);
        Assert.Equal(InvoiceFormAction.Ask, InvoiceCopyForm.NextTurn(state, "x@y.com", null, null, Now).Action);
        Assert.Equal(snapshot, state);
    }
}
