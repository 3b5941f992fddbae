using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Invoices;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

/// <summary>The customer forms and the verified orders survive the host's JSON round trip between turns and restarts.</summary>
public sealed class CustomerFormStateJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    public static TheoryData<FormState> Forms() =>
    [
        new OrderStatusFormState { LastActivityAt = Now, Question = OrderQuestion.Email, OrderNumber = "ORD-100123", FailedAttempts = 1 },
        new OrderCancelFormState { LastActivityAt = Now, Question = OrderQuestion.Confirmation, OrderNumber = "ORD-100200" },
        new OrderReturnFormState
        {
            LastActivityAt = Now,
            Question = OrderQuestion.Confirmation,
            OrderNumber = "ORD-100600",
            Reason = ReturnReason.Other,
            Note = "warnanya beda",
            RefundIdr = 750_000m,
        },
        new InvoiceStatusFormState { LastActivityAt = Now, FailedAttempts = 2 },
        new InvoiceCopyFormState { LastActivityAt = Now, Question = InvoiceQuestion.Confirmation, InvoiceId = "INV-2026-00002" },
    ];

    [Theory]
    [MemberData(nameof(Forms))]
    public void Every_customer_form_round_trips_through_json(FormState form)
    {
        var state = ConversationState.New with { ActiveForm = form, SuspendedForm = form };

        var read = ConversationState.FromJson(state.ToJson());

        Assert.Equal(form, read.ActiveForm);
        Assert.Equal(form, read.SuspendedForm);
    }

    [Fact]
    public void Verified_order_numbers_round_trip_and_an_empty_state_stays_equal_to_itself()
    {
        var state = ConversationState.New with { VerifiedOrderNumbers = ["ORD-100123", "ORD-100200"] };

        var read = ConversationState.FromJson(state.ToJson());

        Assert.Equal(["ORD-100123", "ORD-100200"], read.VerifiedOrderNumbers);
        Assert.DoesNotContain("verifiedOrderNumbers", ConversationState.New.ToJson(), StringComparison.Ordinal);
        Assert.Equal(ConversationState.New, ConversationState.FromJson(ConversationState.New.ToJson()));
    }

    [Fact]
    public void Adding_a_verified_order_keeps_the_list_free_of_duplicates()
    {
        var once = OrderTurn.WithVerifiedOrder(ConversationState.New, "ORD-100123");
        var twice = OrderTurn.WithVerifiedOrder(once, "ORD-100123");

        Assert.Same(once, twice);
        Assert.Equal(["ORD-100123"], twice.VerifiedOrderNumbers);
    }

    [Fact]
    public void The_state_remembers_a_bounded_number_of_verified_orders()
    {
        var state = ConversationState.New;
        for (var n = 0; n < OrderTurn.MaxVerifiedOrders + 5; n++)
        {
            state = OrderTurn.WithVerifiedOrder(state, $"ORD-{200000 + n}");
        }

        Assert.Equal(OrderTurn.MaxVerifiedOrders, state.VerifiedOrderNumbers?.Count);
        Assert.Equal($"ORD-{200000 + OrderTurn.MaxVerifiedOrders + 4}", state.VerifiedOrderNumbers?[^1]);
        Assert.DoesNotContain("ORD-200000", state.VerifiedOrderNumbers!);
    }

    [Fact]
    public void Only_anonymous_visitors_carry_verified_orders_to_the_order_system()
    {
        var state = ConversationState.New with { VerifiedOrderNumbers = ["ORD-100123"] };
        var customer = HelpdeskBot.Connectors.Requester.Customer("C-1");

        Assert.Same(customer, OrderTurn.RequesterFor(customer, state));
        Assert.Equal(["ORD-100123"], OrderTurn.RequesterFor(HelpdeskBot.Connectors.Requester.Anonymous, state).VerifiedOrderNumbers);
        Assert.False(OrderTurn.Access(customer, state).MustVerify);
    }
}
