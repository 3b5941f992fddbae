using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

public sealed class OrderCancelFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static readonly OrderAccess Customer = OrderAccess.SignedIn;

    private static OrderCancelFormState Confirming(int failedAttempts = 0) =>
        new() { LastActivityAt = Now, Question = OrderQuestion.Confirmation, OrderNumber = "ORD-100200", FailedAttempts = failedAttempts };

    [Fact]
    public void Begin_with_an_order_number_proceeds_to_the_order_systems_check()
    {
        var step = OrderCancelForm.Begin("ORD-100200", Customer, Now);

        Assert.Equal(OrderFormAction.Proceed, step.Action);
        Assert.Equal("ORD-100200", step.OrderNumber);
        Assert.Equal("ORD-100200", step.State?.OrderNumber);
    }

    [Fact]
    public void Begin_without_an_order_number_asks_for_it()
    {
        var step = OrderCancelForm.Begin(null, Customer, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(new OrderCancelFormState { LastActivityAt = Now }, step.State);
        Assert.Equal("order.ask_number", step.Prompt?.Phrase.Key);
    }

    [Fact]
    public void Anonymous_visitors_verify_before_the_check()
    {
        var asked = OrderCancelForm.Begin("ORD-100200", new OrderAccess(true, []), Now);
        var verify = OrderCancelForm.NextTurn(asked.State!, "budi@example.com", null, new OrderAccess(true, []), Now);
        var verified = OrderCancelForm.AfterVerification(verify.State!, new OrderVerification(OrderVerificationOutcome.Verified, 5), Now);

        Assert.Equal(OrderQuestion.Email, asked.State?.Question);
        Assert.Equal(OrderFormAction.Verify, verify.Action);
        Assert.Equal(OrderFormAction.Proceed, verified.Action);
        Assert.IsType<OrderCancelFormState>(verified.State);
    }

    [Fact]
    public void After_an_allowed_check_the_form_waits_for_a_yes_or_no()
    {
        var proceed = OrderCancelForm.Begin("ORD-100200", Customer, Now);

        var step = OrderCancelForm.AwaitConfirmation(proceed.State!, Now.AddSeconds(1));

        Assert.Equal(OrderFormAction.Confirm, step.Action);
        Assert.Equal(Confirming() with { LastActivityAt = Now.AddSeconds(1) }, step.State);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("yep")]
    [InlineData("Yes please")]
    [InlineData("ya")]
    [InlineData("iya")]
    [InlineData("iya betul")]
    [InlineData("oke")]
    public void Yes_in_either_language_executes(string input)
    {
        var step = OrderCancelForm.NextTurn(Confirming(), input, null, Customer, Now);

        Assert.Equal(OrderFormAction.Execute, step.Action);
        Assert.Equal("ORD-100200", step.OrderNumber);
    }

    [Theory]
    [InlineData("no", "en", "OK, I have not cancelled order ORD-100200; nothing has changed.")]
    [InlineData("nope", "en", "OK, I have not cancelled order ORD-100200; nothing has changed.")]
    [InlineData("tidak", "id", "Baik, pesanan ORD-100200 tidak saya batalkan; tidak ada yang berubah.")]
    [InlineData("nggak", "id", "Baik, pesanan ORD-100200 tidak saya batalkan; tidak ada yang berubah.")]
    [InlineData("jangan", "id", "Baik, pesanan ORD-100200 tidak saya batalkan; tidak ada yang berubah.")]
    public void No_in_either_language_ends_the_form_with_nothing_done(string input, string language, string expected)
    {
        var step = OrderCancelForm.NextTurn(Confirming(), input, null, Customer, Now);

        Assert.Equal(OrderFormAction.Declined, step.Action);
        Assert.Null(step.State);
        Assert.Equal(expected, step.Prompt!.In(language));
    }

    [Fact]
    public void An_unclear_answer_is_asked_again_as_a_yes_or_no_question()
    {
        var step = OrderCancelForm.NextTurn(Confirming(), "hmm maybe", null, Customer, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(1, step.State?.FailedAttempts);
        Assert.Equal("Sorry, I need a yes or no: shall I cancel order ORD-100200?", step.Prompt!.In(Languages.English));
    }

    [Fact]
    public void Three_unclear_answers_give_up_without_cancelling()
    {
        var step = OrderCancelForm.NextTurn(Confirming(failedAttempts: 2), "what", null, Customer, Now);

        Assert.Equal(OrderFormAction.GiveUp, step.Action);
        Assert.Null(step.State);
        Assert.Equal(
            "Saya tidak mendapat jawaban ya atau tidak, jadi pesanan ORD-100200 tidak saya batalkan. Anda bisa meminta lagi kapan saja.",
            step.Prompt!.In(Languages.Indonesian));
    }

    [Fact]
    public void Another_order_number_at_the_confirmation_starts_over_with_that_order()
    {
        var step = OrderCancelForm.NextTurn(Confirming(), "no wait, I meant ORD-100123", null, Customer, Now);

        Assert.Equal(OrderFormAction.Proceed, step.Action);
        Assert.Equal("ORD-100123", step.OrderNumber);
        Assert.Equal(OrderQuestion.OrderNumber, step.State?.Question);
    }

    [Fact]
    public void Cancel_words_at_the_confirmation_end_the_form()
    {
        var step = OrderCancelForm.NextTurn(Confirming(), "gak jadi", null, Customer, Now);

        Assert.Equal(OrderFormAction.Cancelled, step.Action);
        Assert.Null(step.State);
    }

    [Fact]
    public void The_confirmation_expires_after_thirty_minutes()
    {
        var step = OrderCancelForm.NextTurn(Confirming(), "yes", null, Customer, Now + OrderForms.Timeout);

        Assert.Equal(OrderFormAction.Expired, step.Action);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("hmm")]
    [InlineData("ORD-100123")]
    public void NextTurn_leaves_the_input_state_untouched(string input)
    {
        var state = Confirming(failedAttempts: 1);
        var snapshot = state with { };

        var step = OrderCancelForm.NextTurn(state, input, null, Customer, Now.AddMinutes(2));

        Assert.Equal(snapshot, state);
        Assert.NotSame(state, step.State);
    }
}
