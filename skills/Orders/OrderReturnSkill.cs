using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Orders;

/// <summary>
/// "I want to return my order": checks with the order system whether the order can be returned, asks why, shows the
/// refund, and opens the return only after the user's yes.
/// </summary>
internal sealed partial class OrderReturnSkill(IOrderService orders, ILogger<OrderReturnSkill> logger, IOptions<HandoffTriggerOptions>? handoff = null)
    : OrderFormSkill<OrderReturnFormState>(orders, logger)
{
    private readonly decimal refundLimit = handoff?.Value.RefundApprovalLimitIdr ?? new HandoffTriggerOptions().RefundApprovalLimitIdr;

    public override string FormIntent => IntentNames.OrderReturn;

    protected override OrderFormStep<OrderReturnFormState> Begin(string? orderNumber, OrderAccess access, DateTimeOffset now) =>
        OrderReturnForm.Begin(orderNumber, access, now);

    protected override OrderFormStep<OrderReturnFormState> NextTurn(
        OrderReturnFormState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now) =>
        OrderReturnForm.NextTurn(state, input, recognizedEmail, access, now);

    protected override OrderFormStep<OrderReturnFormState> AfterVerification(OrderReturnFormState state, OrderVerification verification, DateTimeOffset now) =>
        OrderReturnForm.AfterVerification(state, verification, now);

    protected override async Task<SkillResult> ProceedAsync(
        OrderFormStep<OrderReturnFormState> step, TurnContext turn, ConversationState state, Requester requester, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var orderNumber = step.OrderNumber!;
        var check = await Orders.CheckReturnAsync(orderNumber, requester, cancellationToken);
        if (check is { Eligibility: OrderActionEligibility.Allowed, Order: { } large } && large.TotalIdr > refundLimit)
        {
            // The bot does not promise refunds this large: a person approves them.
            LogRefundAboveLimit(Logger, orderNumber, large.TotalIdr, refundLimit);
            var text = HandoffPhrases.RefundNeedsPerson.Format(
                language, ("order", orderNumber), ("amount", LocalFormat.Rupiah(large.TotalIdr)), ("limit", LocalFormat.Rupiah(refundLimit)));
            return new SkillResult(state with { ActiveForm = null }, [new Reply(text)])
            {
                Handoff = new SkillHandoff(
                    $"Return of order {orderNumber}: refund {LocalFormat.Rupiah(large.TotalIdr)} is above the bot's limit of {LocalFormat.Rupiah(refundLimit)}.",
                    HandoffQueues.Orders),
            };
        }

        if (check is { Eligibility: OrderActionEligibility.Allowed, Order: { } order })
        {
            var ask = OrderReturnForm.AskReason(step.State!, order.TotalIdr, turn.Now);
            var text = OrderReplies.ReturnWindow(check, orderNumber, language) is { } window
                ? $"{window}\n{ask.Prompt!.In(language)}"
                : ask.Prompt!.In(language);
            return new SkillResult(state with { ActiveForm = ask.State }, [new Reply(text, OrderReturnForm.ReasonButtons(language))]);
        }

        LogNotReturnable(Logger, orderNumber, check.Eligibility);
        return Ended(state, OrderReplies.ReturnRefusal(check, orderNumber, language));
    }

    protected override async Task<SkillResult> ExecuteAsync(
        OrderFormStep<OrderReturnFormState> step, TurnContext turn, ConversationState state, Requester requester, CancellationToken cancellationToken)
    {
        var form = step.State!;
        var orderNumber = step.OrderNumber!;
        var reason = form.Reason ?? throw new InvalidOperationException("A return is confirmed only after its reason.");
        var result = await Orders.RequestReturnAsync(orderNumber, reason, form.Note, requester, cancellationToken);
        if (result.ReturnNumber is not { } returnNumber)
        {
            LogNotReturnable(Logger, orderNumber, result.Check.Eligibility);
            return Ended(state, OrderReplies.ReturnRefusal(result.Check, orderNumber, turn.Language));
        }

        LogReturnRequested(Logger, returnNumber, orderNumber, reason);
        return Ended(state, new Reply(
            OrderReplies.ReturnRequested(orderNumber, returnNumber, result.RefundIdr, turn.Language),
            IntentActions.Menu(turn.Language, turn.Requester)));
    }

    protected override Reply ConfirmReply(OrderReturnFormState state, string language) =>
        new(OrderReplies.ReturnConfirmation(state.OrderNumber!, state.Reason!.Value, state.RefundIdr, language));

    protected override Reply ReminderFor(OrderReturnFormState state, string language)
    {
        var order = ("order", state.OrderNumber ?? string.Empty);
        return state.Question switch
        {
            OrderQuestion.ReturnReason => new Reply(OrderActionPhrases.AskReason.Format(language, order), OrderReturnForm.ReasonButtons(language)),
            OrderQuestion.ReturnNote => new Reply(OrderActionPhrases.AskNote.Format(language, order)),
            _ => new Reply(OrderActionPhrases.ReturnStillWaiting.Format(language, order), Confirmation.Buttons(language)),
        };
    }

    protected override IReadOnlyList<SuggestedAction> ButtonsFor(OrderReturnFormState state, string language) =>
        state.Question == OrderQuestion.ReturnReason ? OrderReturnForm.ReasonButtons(language) : base.ButtonsFor(state, language);

    [LoggerMessage(LogLevel.Information, "Return of order {OrderNumber} for {Amount} is above the limit of {Limit}; handing off")]
    private static partial void LogRefundAboveLimit(ILogger logger, string orderNumber, decimal amount, decimal limit);

    [LoggerMessage(LogLevel.Information, "Return {ReturnNumber} opened for order {OrderNumber} ({Reason})")]
    private static partial void LogReturnRequested(ILogger logger, string returnNumber, string orderNumber, ReturnReason reason);

    [LoggerMessage(LogLevel.Information, "Order {OrderNumber} not returnable: {Eligibility}")]
    private static partial void LogNotReturnable(ILogger logger, string orderNumber, OrderActionEligibility eligibility);
}
