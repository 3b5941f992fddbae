using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Orders;

/// <summary>
/// What the order skills share: running their form, the anonymous visitor's e-mail verification (the order system
/// checks it; verified order numbers go into the server-side state), and the replies for asking, giving up and
/// cancelling. Each skill adds what it does with the order. Identity comes from the turn, the order number from the user.
/// </summary>
internal abstract partial class OrderFormSkill<TState>(IOrderService orders, ILogger logger) : IFormSkill
    where TState : OrderFormState
{
    protected IOrderService Orders { get; } = orders;

    protected ILogger Logger { get; } = logger;

    public abstract string FormIntent { get; }

    public IReadOnlyCollection<string> Intents => [FormIntent];

    public bool Owns(FormState form) => form is TState;

    public bool Accepts(FormState form, TurnContext turn) =>
        form is TState state && OrderForms.Answers(state, turn.Message.Text, turn.Entity(EntityTypes.Email));

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        ApplyAsync(Begin(turn.Entity(EntityTypes.OrderId), OrderTurn.Access(turn.Requester, turn.State), turn.Now), turn, turn.State, cancellationToken);

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<TState>(this);

        var step = NextTurn(form, turn.Message.Text, turn.Entity(EntityTypes.Email), OrderTurn.Access(turn.Requester, turn.State), turn.Now);
        return step.Action == OrderFormAction.Expired ? null : await ApplyAsync(step, turn, turn.State, cancellationToken);
    }

    public Reply Reminder(FormState form, string language)
    {
        var state = form as TState ?? throw new ArgumentException($"{GetType().Name} does not own a {form.GetType().Name}.", nameof(form));
        return state.Question switch
        {
            OrderQuestion.OrderNumber => new Reply(OrderPhrases.StillWaiting.In(language)),
            OrderQuestion.Email => new Reply(OrderPhrases.StillWaitingEmail.Format(language, ("order", state.OrderNumber ?? string.Empty))),
            _ => ReminderFor(state, language),
        };
    }

    protected abstract OrderFormStep<TState> Begin(string? orderNumber, OrderAccess access, DateTimeOffset now);

    protected abstract OrderFormStep<TState> NextTurn(TState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now);

    protected abstract OrderFormStep<TState> AfterVerification(TState state, OrderVerification verification, DateTimeOffset now);

    /// <summary>The order number is known and the requester may ask about it: look it up or check the action.</summary>
    /// <param name="state">The conversation state with the form's new state installed.</param>
    protected abstract Task<SkillResult> ProceedAsync(
        OrderFormStep<TState> step, TurnContext turn, ConversationState state, Requester requester, CancellationToken cancellationToken);

    /// <summary>The user confirmed. Only forms with a confirmation override it.</summary>
    protected virtual Task<SkillResult> ExecuteAsync(
        OrderFormStep<TState> step, TurnContext turn, ConversationState state, Requester requester, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{GetType().Name} has nothing to execute.");

    /// <summary>The yes/no question, written from the form's state (a form that confirms right after a check writes it there).</summary>
    protected virtual Reply ConfirmReply(TState state, string language) => ReminderFor(state, language);

    /// <summary>What the form is still waiting for, for questions beyond the order number and the e-mail.</summary>
    protected virtual Reply ReminderFor(TState state, string language) => new(OrderPhrases.StillWaiting.In(language));

    /// <summary>The buttons that go with a question the form asks.</summary>
    protected virtual IReadOnlyList<SuggestedAction> ButtonsFor(TState state, string language) =>
        state.Question == OrderQuestion.Confirmation ? Confirmation.Buttons(language) : [];

    protected static SkillResult Ended(ConversationState state, params Reply[] replies) => new(state with { ActiveForm = null }, replies);

    private async Task<SkillResult> ApplyAsync(OrderFormStep<TState> step, TurnContext turn, ConversationState state, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        state = state with { ActiveForm = step.State };
        switch (step.Action)
        {
            case OrderFormAction.Verify:
                var orderNumber = step.OrderNumber!;
                var verification = await Orders.VerifyAsync(orderNumber, step.Email!, turn.Message.User.Id, cancellationToken);
                LogVerification(Logger, orderNumber, verification.Outcome, verification.AttemptsLeft);
                if (verification.Outcome == OrderVerificationOutcome.Verified)
                {
                    state = OrderTurn.WithVerifiedOrder(state, orderNumber);
                }

                return await ApplyAsync(AfterVerification(step.State!, verification, turn.Now), turn, state, cancellationToken);
            case OrderFormAction.Proceed:
                return await ProceedAsync(step, turn, state, OrderTurn.RequesterFor(turn.Requester, state), cancellationToken);
            case OrderFormAction.Execute:
                return await ExecuteAsync(step, turn, state, OrderTurn.RequesterFor(turn.Requester, state), cancellationToken);
            case OrderFormAction.Confirm:
                return new SkillResult(state, [ConfirmReply(step.State!, language) with { SuggestedActions = Confirmation.Buttons(language) }]);
        }

        if (step.Action == OrderFormAction.LockedOut)
        {
            // A visitor who cannot prove the order is theirs may still be its owner: a person can check in other ways.
            return new SkillResult(state, [new Reply(step.Prompt!.In(language))])
            {
                Handoff = new SkillHandoff("An anonymous visitor failed the order e-mail check too many times (verification locked).", HandoffQueues.Orders),
            };
        }

        IReadOnlyList<SuggestedAction> actions = step.Action switch
        {
            OrderFormAction.GiveUp => IntentActions.HelpOrAgent(language),
            OrderFormAction.Cancelled or OrderFormAction.Declined => IntentActions.Menu(language, turn.Requester),
            _ when step.State is { } asking => ButtonsFor(asking, language),
            _ => [],
        };
        return new SkillResult(state, [new Reply(step.Prompt!.In(language), actions)]);
    }

    // The order number is not personal data on its own, and support needs it to follow up "the bot couldn't find my order".
    [LoggerMessage(LogLevel.Information, "Order {OrderNumber} not found for a {RequesterKind} requester")]
    protected static partial void LogOrderNotFound(ILogger logger, string orderNumber, RequesterKind requesterKind);

    // Never the e-mail itself: only whether it matched.
    [LoggerMessage(LogLevel.Information, "Verification of order {OrderNumber} by an anonymous visitor: {Outcome}, {AttemptsLeft} tries left")]
    private static partial void LogVerification(ILogger logger, string orderNumber, OrderVerificationOutcome outcome, int attemptsLeft);
}
