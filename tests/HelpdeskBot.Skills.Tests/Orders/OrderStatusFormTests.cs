using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

public sealed class OrderStatusFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static readonly OrderAccess Customer = OrderAccess.SignedIn;

    private static readonly OrderAccess Visitor = new(true, []);

    private static OrderStatusFormState Waiting(int failedAttempts = 0, DateTimeOffset? lastActivityAt = null) =>
        new() { LastActivityAt = lastActivityAt ?? Now, FailedAttempts = failedAttempts };

    private static OrderStatusFormState WaitingForEmail(int failedAttempts = 0) =>
        new() { LastActivityAt = Now, Question = OrderQuestion.Email, OrderNumber = "ORD-100123", FailedAttempts = failedAttempts };

    [Fact]
    public void Begin_with_an_order_number_proceeds_for_a_signed_in_customer()
    {
        var step = OrderStatusForm.Begin("ORD-100123", Customer, Now);

        Assert.Equal(OrderFormAction.Proceed, step.Action);
        Assert.Equal("ORD-100123", step.OrderNumber);
    }

    [Fact]
    public void Begin_without_an_order_number_asks_for_it_and_opens_the_form()
    {
        var step = OrderStatusForm.Begin(null, Customer, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(new OrderStatusFormState { LastActivityAt = Now, FailedAttempts = 0 }, step.State);
        Assert.Equal("order.ask_number", step.Prompt?.Phrase.Key);
        Assert.Null(step.OrderNumber);
    }

    [Fact]
    public void Begin_with_an_order_number_asks_an_anonymous_visitor_for_the_email_on_it()
    {
        var step = OrderStatusForm.Begin("ORD-100123", Visitor, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(WaitingForEmail(), step.State);
        Assert.Equal(
            "To keep your order details private, please tell me the e-mail address you used for order ORD-100123.",
            step.Prompt!.In(Languages.English));
    }

    [Fact]
    public void A_visitor_who_already_verified_the_order_is_not_asked_again()
    {
        var step = OrderStatusForm.Begin("ORD-100123", new OrderAccess(true, ["ORD-100123"]), Now);

        Assert.Equal(OrderFormAction.Proceed, step.Action);
    }

    [Theory]
    [InlineData("ORD-100123")]
    [InlineData("100123")]
    [InlineData("#100123")]
    [InlineData("it's ORD-100123 thanks")]
    public void Answer_with_an_order_number_proceeds(string input)
    {
        var step = OrderStatusForm.NextTurn(Waiting(), input, null, Customer, Now.AddMinutes(1));

        Assert.Equal(OrderFormAction.Proceed, step.Action);
        Assert.Equal("ORD-100123", step.OrderNumber);
    }

    [Theory]
    [InlineData("call me on 100123")]
    [InlineData("1001234")]
    [InlineData("100.123")]
    [InlineData("012345")]
    public void Digits_that_are_not_the_whole_answer_are_not_taken_for_an_order_number(string input)
    {
        var step = OrderStatusForm.NextTurn(Waiting(), input, null, Customer, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal("order.reprompt", step.Prompt?.Phrase.Key);
    }

    [Fact]
    public void Answer_without_an_order_number_reprompts_with_the_reason_and_counts_the_attempt()
    {
        var later = Now.AddMinutes(5);

        var step = OrderStatusForm.NextTurn(Waiting(), "I don't know", null, Customer, later);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(new OrderStatusFormState { LastActivityAt = later, FailedAttempts = 1 }, step.State);
        Assert.StartsWith("Sorry, I couldn't find an order number in that.", step.Prompt!.In(Languages.English), StringComparison.Ordinal);
    }

    [Fact]
    public void Second_answer_without_an_order_number_warns_it_is_the_last_try()
    {
        var step = OrderStatusForm.NextTurn(Waiting(failedAttempts: 1), "blue", null, Customer, Now);

        Assert.Equal(2, step.State?.FailedAttempts);
        Assert.Equal("order.reprompt_last", step.Prompt?.Phrase.Key);
    }

    [Fact]
    public void Three_answers_without_an_order_number_walk_reprompt_reprompt_give_up()
    {
        var state = OrderStatusForm.Begin(null, Customer, Now).State!;
        var actions = new List<OrderFormAction>();
        for (var i = 0; i < 3; i++)
        {
            var step = OrderStatusForm.NextTurn(state, "hmm", null, Customer, Now.AddMinutes(i));
            actions.Add(step.Action);
            state = step.State ?? state;
        }

        Assert.Equal([OrderFormAction.Ask, OrderFormAction.Ask, OrderFormAction.GiveUp], actions);
    }

    [Theory]
    [InlineData("budi@example.com", null, "budi@example.com")]
    [InlineData(" Budi@Example.com ", null, "budi@example.com")]
    [InlineData("it's budi@example.com", "budi@example.com", "budi@example.com")]
    public void An_email_answer_is_sent_for_verification_and_the_form_waits_for_the_result(string input, string? recognized, string expected)
    {
        var step = OrderStatusForm.NextTurn(WaitingForEmail(), input, recognized, Visitor, Now.AddMinutes(1));

        Assert.Equal(OrderFormAction.Verify, step.Action);
        Assert.Equal("ORD-100123", step.OrderNumber);
        Assert.Equal(expected, step.Email);
        Assert.Equal(OrderQuestion.Email, step.State?.Question);
    }

    [Fact]
    public void An_answer_that_is_not_an_email_is_reprompted_with_the_reason()
    {
        var step = OrderStatusForm.NextTurn(WaitingForEmail(), "budi at example", null, Visitor, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(1, step.State?.FailedAttempts);
        Assert.StartsWith("Itu tidak terlihat seperti alamat e-mail.", step.Prompt!.In(Languages.Indonesian), StringComparison.Ordinal);
    }

    [Fact]
    public void Three_answers_without_an_email_give_up_with_the_form_ended()
    {
        var step = OrderStatusForm.NextTurn(WaitingForEmail(failedAttempts: 2), "no idea", null, Visitor, Now);

        Assert.Equal(OrderFormAction.GiveUp, step.Action);
        Assert.Null(step.State);
        Assert.Equal("order.verify.give_up", step.Prompt?.Phrase.Key);
    }

    [Fact]
    public void A_corrected_order_number_at_the_email_question_asks_for_the_email_on_that_order()
    {
        var step = OrderStatusForm.NextTurn(WaitingForEmail(), "sorry, it's ORD-100200", null, Visitor, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal("ORD-100200", step.State?.OrderNumber);
        Assert.Contains("ORD-100200", step.Prompt!.In(Languages.English), StringComparison.Ordinal);
    }

    [Fact]
    public void Verified_proceeds_with_the_order()
    {
        var step = OrderStatusForm.AfterVerification(WaitingForEmail(), new OrderVerification(OrderVerificationOutcome.Verified, 5), Now);

        Assert.Equal(OrderFormAction.Proceed, step.Action);
        Assert.Equal("ORD-100123", step.OrderNumber);
    }

    [Theory]
    [InlineData("en", "Sorry, that e-mail address doesn't match order ORD-100123. Please check it and try again (3 tries left).")]
    [InlineData("id", "Maaf, alamat e-mail tersebut tidak cocok dengan pesanan ORD-100123. Mohon periksa kembali dan coba lagi (sisa 3 kali percobaan).")]
    public void A_mismatch_says_so_with_the_tries_left_and_keeps_asking(string language, string expected)
    {
        var step = OrderStatusForm.AfterVerification(WaitingForEmail(), new OrderVerification(OrderVerificationOutcome.Mismatch, 3), Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(OrderQuestion.Email, step.State?.Question);
        Assert.Equal(expected, step.Prompt!.In(language));
    }

    [Fact]
    public void A_mismatch_with_one_try_left_warns_about_the_lock_out()
    {
        var step = OrderStatusForm.AfterVerification(WaitingForEmail(), new OrderVerification(OrderVerificationOutcome.Mismatch, 1), Now);

        Assert.Equal("order.verify.mismatch_last", step.Prompt?.Phrase.Key);
    }

    [Theory]
    [InlineData(OrderVerificationOutcome.LockedOut, 0)]
    [InlineData(OrderVerificationOutcome.Mismatch, 0)]
    public void Locked_out_ends_the_form_and_says_a_person_can_verify(OrderVerificationOutcome outcome, int attemptsLeft)
    {
        var step = OrderStatusForm.AfterVerification(WaitingForEmail(), new OrderVerification(outcome, attemptsLeft), Now);

        Assert.Equal(OrderFormAction.LockedOut, step.Action);
        Assert.Null(step.State);
        Assert.Equal(
            "Too many tries, so I can't check that order myself right now. A person can verify it with you in other ways.",
            step.Prompt!.In(Languages.English));
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("Never mind!")]
    [InlineData("batal")]
    [InlineData("gak jadi")]
    public void Cancel_words_end_the_form_at_any_question(string input)
    {
        Assert.Equal(OrderFormAction.Cancelled, OrderStatusForm.NextTurn(Waiting(failedAttempts: 1), input, null, Customer, Now).Action);
        Assert.Equal(OrderFormAction.Cancelled, OrderStatusForm.NextTurn(WaitingForEmail(), input, null, Visitor, Now).Action);
    }

    [Fact]
    public void Form_expires_after_thirty_minutes_without_input()
    {
        var step = OrderStatusForm.NextTurn(Waiting(), "ORD-100123", null, Customer, Now + OrderForms.Timeout);

        Assert.Equal(OrderFormAction.Expired, step.Action);
        Assert.Null(step.State);
    }

    [Fact]
    public void Form_still_takes_input_just_before_thirty_minutes()
    {
        var step = OrderStatusForm.NextTurn(Waiting(), "ORD-100123", null, Customer, Now + OrderForms.Timeout - TimeSpan.FromSeconds(1));

        Assert.Equal(OrderFormAction.Proceed, step.Action);
    }

    [Theory]
    [InlineData("ORD-100123")]
    [InlineData("garbage")]
    [InlineData("batal")]
    [InlineData("budi@example.com")]
    public void NextTurn_leaves_the_input_state_untouched(string input)
    {
        foreach (var state in new[] { Waiting(failedAttempts: 1), WaitingForEmail(failedAttempts: 1) })
        {
            var snapshot = state with { };

            var step = OrderStatusForm.NextTurn(state, input, null, Visitor, Now.AddMinutes(3));

            Assert.Equal(snapshot, state);
            Assert.NotSame(state, step.State);
        }
    }
}
