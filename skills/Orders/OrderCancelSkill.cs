using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Orders;

/// <summary>
/// "Cancel my order": checks with the order system whether the order can still be cancelled, shows what will be
/// cancelled, and cancels only after the user's yes.
/// </summary>
internal sealed partial class OrderCancelSkill(IOrderService orders, ILogger<OrderCancelSkill> logger)
    : OrderFormSkill<OrderCancelFormState>(orders, logger)
{
    public override string FormIntent => IntentNames.OrderCancel;

    protected override OrderFormStep<OrderCancelFormState> Begin(string? orderNumber, OrderAccess access, DateTimeOffset now) =>
        OrderCancelForm.Begin(orderNumber, access, now);

    protected override OrderFormStep<OrderCancelFormState> NextTurn(
        OrderCancelFormState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now) =>
        OrderCancelForm.NextTurn(state, input, recognizedEmail, access, now);

    protected override OrderFormStep<OrderCancelFormState> AfterVerification(OrderCancelFormState state, OrderVerification verification, DateTimeOffset now) =>
        OrderCancelForm.AfterVerification(state, verification, now);

    protected override async Task<SkillResult> ProceedAsync(
        OrderFormStep<OrderCancelFormState> step, TurnContext turn, ConversationState state, Requester requester, CancellationToken cancellationToken)
    {
        var orderNumber = step.OrderNumber!;
        var check = await Orders.CheckCancellationAsync(orderNumber, requester, cancellationToken);
        if (check is { Eligibility: OrderActionEligibility.Allowed, Order: { } order })
        {
            var confirm = OrderCancelForm.AwaitConfirmation(step.State!, turn.Now);
            return new SkillResult(
                state with { ActiveForm = confirm.State },
                [new Reply(OrderReplies.CancelConfirmation(order, turn.Language), Confirmation.Buttons(turn.Language))]);
        }

        LogNotCancellable(Logger, orderNumber, check.Eligibility);
        return Ended(state, OrderReplies.CancelRefusal(check, orderNumber, turn.Language));
    }

    protected override async Task<SkillResult> ExecuteAsync(
        OrderFormStep<OrderCancelFormState> step, TurnContext turn, ConversationState state, Requester requester, CancellationToken cancellationToken)
    {
        var orderNumber = step.OrderNumber!;
        var result = await Orders.CancelAsync(orderNumber, requester, cancellationToken);
        if (!result.Cancelled)
        {
            // Shipped between the check and the yes: the order system re-checks atomically and says why.
            LogNotCancellable(Logger, orderNumber, result.Check.Eligibility);
            return Ended(state, OrderReplies.CancelRefusal(result.Check, orderNumber, turn.Language));
        }

        LogCancelled(Logger, orderNumber, requester.Kind);
        return Ended(state, new Reply(OrderReplies.Cancelled(orderNumber, result.Check.Order, turn.Language), IntentActions.Menu(turn.Language, turn.Requester)));
    }

    protected override Reply ReminderFor(OrderCancelFormState state, string language) =>
        new(OrderActionPhrases.CancelStillWaiting.Format(language, ("order", state.OrderNumber ?? string.Empty)), Confirmation.Buttons(language));

    [LoggerMessage(LogLevel.Information, "Order {OrderNumber} cancelled at the request of a {RequesterKind} requester")]
    private static partial void LogCancelled(ILogger logger, string orderNumber, RequesterKind requesterKind);

    [LoggerMessage(LogLevel.Information, "Order {OrderNumber} not cancellable: {Eligibility}")]
    private static partial void LogNotCancellable(ILogger logger, string orderNumber, OrderActionEligibility eligibility);
}
