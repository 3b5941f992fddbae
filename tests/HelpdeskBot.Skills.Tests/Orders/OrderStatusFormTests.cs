using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

public sealed class OrderStatusFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static OrderStatusFormState Waiting(int failedAttempts = 0, DateTimeOffset? lastActivityAt = null) =>
        new() { LastActivityAt = lastActivityAt ?? Now, FailedAttempts = failedAttempts };

    [Theory]
    [InlineData("where is my order ORD-100123", "ORD-100123")]
    [InlineData("where is #100123", "ORD-100123")]
    [InlineData("order 100123", "ORD-100123")]
    [InlineData("pesanan saya ORD-100123 sudah sampai mana?", "ORD-100123")]
    public void Begin_with_an_order_number_looks_it_up_without_opening_the_form(string utterance, string expected)
    {
        var step = OrderStatusForm.Begin(utterance, Now);

        Assert.Equal(OrderStatusFormAction.LookUp, step.Action);
        Assert.Equal(expected, step.OrderNumber);
        Assert.Null(step.State);
    }

    [Fact]
    public void Begin_without_an_order_number_asks_for_it_and_opens_the_form()
    {
        var step = OrderStatusForm.Begin("where is my order", Now);

        Assert.Equal(OrderStatusFormAction.AskForNumber, step.Action);
        Assert.Equal(new OrderStatusFormState { LastActivityAt = Now, FailedAttempts = 0 }, step.State);
        Assert.Equal("order.ask_number", step.Prompt?.Key);
        Assert.Null(step.OrderNumber);
    }

    [Theory]
    [InlineData("ORD-100123")]
    [InlineData("100123")]
    [InlineData("#100123")]
    [InlineData("it's ORD-100123 thanks")]
    public void Answer_with_an_order_number_ends_the_form_with_a_lookup(string input)
    {
        var step = OrderStatusForm.NextTurn(Waiting(), input, Now.AddMinutes(1));

        Assert.Equal(OrderStatusFormAction.LookUp, step.Action);
        Assert.Equal("ORD-100123", step.OrderNumber);
        Assert.Null(step.State);
    }

    [Theory]
    [InlineData("call me on 100123")]
    [InlineData("1001234")]
    [InlineData("100.123")]
    [InlineData("012345")]
    public void Digits_that_are_not_the_whole_answer_are_not_taken_for_an_order_number(string input)
    {
        var step = OrderStatusForm.NextTurn(Waiting(), input, Now);

        Assert.Equal(OrderStatusFormAction.Reprompt, step.Action);
    }

    [Fact]
    public void Ask_then_answer_then_lookup()
    {
        var asked = OrderStatusForm.Begin("where is my order", Now);
        var answered = OrderStatusForm.NextTurn(asked.State!, "100123", Now.AddMinutes(2));

        Assert.Equal(OrderStatusFormAction.AskForNumber, asked.Action);
        Assert.Equal(OrderStatusFormAction.LookUp, answered.Action);
        Assert.Equal("ORD-100123", answered.OrderNumber);
    }

    [Fact]
    public void Answer_without_an_order_number_reprompts_and_counts_the_attempt()
    {
        var later = Now.AddMinutes(5);

        var step = OrderStatusForm.NextTurn(Waiting(), "I don't know", later);

        Assert.Equal(OrderStatusFormAction.Reprompt, step.Action);
        Assert.Equal(new OrderStatusFormState { LastActivityAt = later, FailedAttempts = 1 }, step.State);
        Assert.Equal("order.reprompt", step.Prompt?.Key);
    }

    [Fact]
    public void Second_answer_without_an_order_number_warns_it_is_the_last_try()
    {
        var step = OrderStatusForm.NextTurn(Waiting(failedAttempts: 1), "blue", Now);

        Assert.Equal(OrderStatusFormAction.Reprompt, step.Action);
        Assert.Equal(2, step.State?.FailedAttempts);
        Assert.Equal("order.reprompt_last", step.Prompt?.Key);
    }

    [Fact]
    public void Third_answer_without_an_order_number_gives_up_and_ends_the_form()
    {
        var step = OrderStatusForm.NextTurn(Waiting(failedAttempts: OrderStatusForm.MaxFailedAttempts - 1), "still no idea", Now);

        Assert.Equal(OrderStatusFormAction.GiveUp, step.Action);
        Assert.Null(step.State);
        Assert.Equal("order.give_up", step.Prompt?.Key);
    }

    [Fact]
    public void Three_answers_without_an_order_number_walk_reprompt_reprompt_give_up()
    {
        var state = OrderStatusForm.Begin("where is my order", Now).State!;
        var actions = new List<OrderStatusFormAction>();
        for (var i = 0; i < 3; i++)
        {
            var step = OrderStatusForm.NextTurn(state, "hmm", Now.AddMinutes(i));
            actions.Add(step.Action);
            state = step.State ?? state;
        }

        Assert.Equal([OrderStatusFormAction.Reprompt, OrderStatusFormAction.Reprompt, OrderStatusFormAction.GiveUp], actions);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("Cancel.")]
    [InlineData("never mind")]
    [InlineData("Never mind!")]
    [InlineData("batal")]
    [InlineData("gak jadi")]
    [InlineData("nggak jadi")]
    public void Cancel_words_end_the_form_without_a_lookup(string input)
    {
        var step = OrderStatusForm.NextTurn(Waiting(failedAttempts: 1), input, Now);

        Assert.Equal(OrderStatusFormAction.Cancelled, step.Action);
        Assert.Null(step.State);
        Assert.Null(step.OrderNumber);
    }

    [Fact]
    public void Form_expires_after_thirty_minutes_without_input()
    {
        var step = OrderStatusForm.NextTurn(Waiting(), "ORD-100123", Now + OrderStatusForm.Timeout);

        Assert.Equal(OrderStatusFormAction.Expired, step.Action);
        Assert.Null(step.State);
        Assert.Null(step.OrderNumber);
    }

    [Fact]
    public void Form_still_takes_input_just_before_thirty_minutes()
    {
        var step = OrderStatusForm.NextTurn(Waiting(), "ORD-100123", Now + OrderStatusForm.Timeout - TimeSpan.FromSeconds(1));

        Assert.Equal(OrderStatusFormAction.LookUp, step.Action);
    }

    [Fact]
    public void Expiry_counts_from_the_last_answer_not_from_the_start()
    {
        var reprompted = OrderStatusForm.NextTurn(Waiting(), "hmm", Now.AddMinutes(20)).State!;

        var step = OrderStatusForm.NextTurn(reprompted, "ORD-100123", Now.AddMinutes(45));

        Assert.Equal(OrderStatusFormAction.LookUp, step.Action);
    }

    [Theory]
    [InlineData("ORD-100123")]
    [InlineData("garbage")]
    [InlineData("batal")]
    public void NextTurn_leaves_the_input_state_untouched(string input)
    {
        var state = Waiting(failedAttempts: 1);
        var snapshot = state with { };

        var step = OrderStatusForm.NextTurn(state, input, Now.AddMinutes(3));

        Assert.Equal(snapshot, state);
        Assert.NotSame(state, step.State);
    }

    [Fact]
    public void Every_prompt_the_form_returns_speaks_both_languages()
    {
        var steps = new[]
        {
            OrderStatusForm.Begin("where is my order", Now),
            OrderStatusForm.NextTurn(Waiting(), "x", Now),
            OrderStatusForm.NextTurn(Waiting(failedAttempts: 1), "x", Now),
            OrderStatusForm.NextTurn(Waiting(failedAttempts: 2), "x", Now),
            OrderStatusForm.NextTurn(Waiting(), "cancel", Now),
        };

        Assert.All(steps, step =>
        {
            Assert.NotNull(step.Prompt);
            Assert.NotEqual(step.Prompt.In(Languages.English), step.Prompt.In(Languages.Indonesian));
        });
    }
}
