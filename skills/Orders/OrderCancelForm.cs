using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Skills.Orders;

/// <summary>The cancel-order form: order number, the visitor's e-mail if anonymous, then yes or no.</summary>
public sealed record OrderCancelFormState : OrderFormState
{
    public const string Discriminator = "order.cancel";
}

/// <summary>
/// "Cancel my order": order number (verified for anonymous visitors), the order system's check, then the user's yes
/// before anything is cancelled. Pure.
/// </summary>
public static class OrderCancelForm
{
    public static OrderFormStep<OrderCancelFormState> Begin(string? orderNumber, OrderAccess access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(access);
        return OrderForms.Begin(new OrderCancelFormState { LastActivityAt = now }, orderNumber, access, now);
    }

    public static OrderFormStep<OrderCancelFormState> NextTurn(
        OrderCancelFormState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (OrderForms.Interrupted(state, input, now) is { } interrupted)
        {
            return interrupted;
        }

        return state.Question switch
        {
            OrderQuestion.Email => OrderForms.AnswerEmail(state, input, recognizedEmail, access, now),
            OrderQuestion.Confirmation => OrderForms.AnswerConfirmation(
                state, input, access, now, OrderActionPhrases.CancelConfirmReprompt, OrderActionPhrases.CancelDeclined, OrderActionPhrases.CancelConfirmGiveUp),
            _ => OrderForms.AnswerOrderNumber(state, input, access, now),
        };
    }

    public static OrderFormStep<OrderCancelFormState> AfterVerification(OrderCancelFormState state, OrderVerification verification, DateTimeOffset now) =>
        OrderForms.AfterVerification(state, verification, now);

    /// <summary>The order system says the order can be cancelled: ask for the user's yes.</summary>
    public static OrderFormStep<OrderCancelFormState> AwaitConfirmation(OrderCancelFormState state, DateTimeOffset now) =>
        OrderForms.AwaitConfirmation(state, now);
}
