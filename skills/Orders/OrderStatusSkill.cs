using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Orders;

/// <summary>
/// "Where is my order?": runs <see cref="OrderStatusForm"/> and asks the order system on behalf of the turn's verified
/// requester. Anonymous visitors first prove the order is theirs with the e-mail on it.
/// </summary>
internal sealed class OrderStatusSkill(IOrderService orders, ILogger<OrderStatusSkill> logger)
    : OrderFormSkill<OrderStatusFormState>(orders, logger)
{
    public override string FormIntent => IntentNames.OrderStatus;

    protected override OrderFormStep<OrderStatusFormState> Begin(string? orderNumber, OrderAccess access, DateTimeOffset now) =>
        OrderStatusForm.Begin(orderNumber, access, now);

    protected override OrderFormStep<OrderStatusFormState> NextTurn(
        OrderStatusFormState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now) =>
        OrderStatusForm.NextTurn(state, input, recognizedEmail, access, now);

    protected override OrderFormStep<OrderStatusFormState> AfterVerification(OrderStatusFormState state, OrderVerification verification, DateTimeOffset now) =>
        OrderStatusForm.AfterVerification(state, verification, now);

    protected override async Task<SkillResult> ProceedAsync(
        OrderFormStep<OrderStatusFormState> step, TurnContext turn, ConversationState state, Requester requester, CancellationToken cancellationToken)
    {
        var orderNumber = step.OrderNumber!;
        var order = await Orders.GetStatusAsync(orderNumber, requester, cancellationToken);
        if (order is null)
        {
            LogOrderNotFound(Logger, orderNumber, requester.Kind);
            var tryAgain = IntentActions.For(IntentNames.OrderStatus, turn.Language)!;
            return Ended(state, new Reply(OrderReplies.NotFound(orderNumber, turn.Language), [tryAgain]));
        }

        return Ended(state, new Reply(OrderStatusReply.Describe(order, turn.Language)));
    }
}
