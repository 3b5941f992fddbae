using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Skills.Orders;

/// <summary>The order-status form: waiting for an order number, or for an anonymous visitor's e-mail on the order.</summary>
public sealed record OrderStatusFormState : OrderFormState
{
    public const string Discriminator = "order.status";
}

/// <summary>
/// "Where is my order?": gets an order number and, for an anonymous visitor, proves it is theirs. Pure: no I/O and no
/// clock of its own, so every path is a plain test.
/// </summary>
public static class OrderStatusForm
{
    /// <summary>The user asked about an order; <paramref name="orderNumber"/> is the one the request names, if any.</summary>
    public static OrderFormStep<OrderStatusFormState> Begin(string? orderNumber, OrderAccess access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(access);
        return OrderForms.Begin(new OrderStatusFormState { LastActivityAt = now }, orderNumber, access, now);
    }

    /// <summary>The user answered the form's question with <paramref name="input"/>; <paramref name="recognizedEmail"/> is the turn's e-mail entity.</summary>
    public static OrderFormStep<OrderStatusFormState> NextTurn(
        OrderStatusFormState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (OrderForms.Interrupted(state, input, now) is { } interrupted)
        {
            return interrupted;
        }

        return state.Question == OrderQuestion.Email
            ? OrderForms.AnswerEmail(state, input, recognizedEmail, access, now)
            : OrderForms.AnswerOrderNumber(state, input, access, now);
    }

    public static OrderFormStep<OrderStatusFormState> AfterVerification(OrderStatusFormState state, OrderVerification verification, DateTimeOffset now) =>
        OrderForms.AfterVerification(state, verification, now);
}
