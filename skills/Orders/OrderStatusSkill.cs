using HelpdeskBot.Connectors;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Orders;

/// <summary>
/// "Where is my order?": runs <see cref="OrderStatusForm"/> and asks the order system on behalf of the turn's verified
/// requester. The order number comes from the user; who may see it never does.
/// </summary>
internal sealed partial class OrderStatusSkill(IOrderService orders, ILogger<OrderStatusSkill> logger) : IFormSkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.OrderStatus];

    public string FormIntent => IntentNames.OrderStatus;

    public bool Owns(FormState form) => form is OrderStatusFormState;

    public bool Accepts(FormState form, TurnContext turn) => OrderStatusForm.FindOrderNumberInAnswer(turn.Message.Text) is not null;

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        ApplyAsync(OrderStatusForm.Begin(turn.Message.Text, turn.Now), turn, cancellationToken);

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.State.ActiveForm is not OrderStatusFormState form)
        {
            throw new InvalidOperationException($"{nameof(OrderStatusSkill)} was asked to continue a form it does not own.");
        }

        var step = OrderStatusForm.NextTurn(form, turn.Message.Text, turn.Now);
        return step.Action == OrderStatusFormAction.Expired
            ? null
            : await ApplyAsync(step, turn, cancellationToken);
    }

    public Reply Reminder(FormState form, string language) => new(OrderPhrases.StillWaiting.In(language));

    private async Task<SkillResult> ApplyAsync(OrderStatusFormStep step, TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var state = turn.State with { ActiveForm = step.State };

        if (step.Action != OrderStatusFormAction.LookUp)
        {
            IReadOnlyList<SuggestedAction> actions = step.Action switch
            {
                OrderStatusFormAction.GiveUp => IntentActions.HelpOrAgent(language),
                OrderStatusFormAction.Cancelled => IntentActions.Menu(language, turn.Requester),
                _ => [],
            };
            return new SkillResult(state, [new Reply(step.Prompt!.In(language), actions)]);
        }

        var orderNumber = step.OrderNumber!;
        var order = await orders.GetStatusAsync(orderNumber, turn.Message.User.Requester, cancellationToken);
        if (order is null)
        {
            LogOrderNotFound(logger, orderNumber, turn.Message.User.Requester.Kind);
            var tryAgain = IntentActions.For(IntentNames.OrderStatus, language)!;
            return new SkillResult(state, [new Reply(OrderPhrases.NotFound.Format(language, ("order", orderNumber)), [tryAgain])]);
        }

        return new SkillResult(state, [new Reply(OrderStatusReply.Describe(order, language))]);
    }

    // The order number is not personal data on its own, and support needs it to follow up "the bot couldn't find my order".
    [LoggerMessage(LogLevel.Information, "Order {OrderNumber} not found for a {RequesterKind} requester")]
    private static partial void LogOrderNotFound(ILogger logger, string orderNumber, RequesterKind requesterKind);
}
