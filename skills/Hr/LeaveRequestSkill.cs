using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Hr;

/// <summary>"I'd like leave on 22–24 December": runs <see cref="LeaveRequestForm"/> and submits the request for the turn's employee.</summary>
internal sealed partial class LeaveRequestSkill(IHrService hr, HrCalendar calendar, ILogger<LeaveRequestSkill> logger) : ICardFormSkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.HrLeaveRequest];

    public string FormIntent => IntentNames.HrLeaveRequest;

    public bool Owns(FormState form) => form is LeaveRequestFormState;

    public bool Accepts(FormState form, TurnContext turn) =>
        form is LeaveRequestFormState state && LeaveRequestForm.Accepts(state, turn.Message.Text, LeaveDates.From(turn.Entities), calendar.Today(turn.Now));

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        ApplyAsync(
            LeaveRequestForm.Begin(turn.Message.Text, LeaveDates.From(turn.Entities), calendar.At(turn.Now), turn.Language, turn.Now),
            turn,
            cancellationToken);

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<LeaveRequestFormState>(this);

        var step = LeaveRequestForm.NextTurn(form, turn.Message.Text, LeaveDates.From(turn.Entities), calendar.At(turn.Now), turn.Language, turn.Now);
        return step.Action == LeaveRequestFormAction.Expired ? null : await ApplyAsync(step, turn, cancellationToken);
    }

    public AdaptiveCard? FormCard(FormState form, string language, string cardRef) =>
        form is LeaveRequestFormState state ? LeaveRequestCard.For(state, language, cardRef) : null;

    public async Task<SkillResult> SubmitCardAsync(TurnContext turn, CardSubmission submission, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<LeaveRequestFormState>(this);
        var step = LeaveRequestForm.FromCard(
            form,
            LeaveRequestCard.ParseType(submission.Input(LeaveRequestCard.TypeInput)),
            LeaveRequestCard.ParseDate(submission.Input(LeaveRequestCard.StartInput)),
            LeaveRequestCard.ParseDate(submission.Input(LeaveRequestCard.EndInput)),
            calendar.At(turn.Now),
            turn.Language,
            turn.Now);
        return step.Action == LeaveRequestFormAction.Expired
            ? new SkillResult(turn.State with { ActiveForm = null }, [new Reply(HelpdeskCards.Stale(turn.Language))])
            : await ApplyAsync(step, turn, cancellationToken);
    }

    public Reply Reminder(FormState form, string language) =>
        form is LeaveRequestFormState state
            ? new Reply(LeaveRequestForm.Question(state, language), LeaveRequestForm.Buttons(state, language))
            : new Reply(HrPhrases.AskDates.In(language));

    private async Task<SkillResult> ApplyAsync(LeaveRequestFormStep step, TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        if (step.Action == LeaveRequestFormAction.CheckBalance)
        {
            step = await CheckBalanceAsync(step.State!, hr, turn.Requester, language, turn.Now, cancellationToken);
        }

        if (step.Action == LeaveRequestFormAction.Submit)
        {
            var request = step.Request!;
            var result = await hr.SubmitLeaveRequestAsync(request, turn.Requester, cancellationToken);
            LogSubmitted(logger, request.Type, request.WorkingDays, result.Outcome);
            IReadOnlyList<SuggestedAction> actions = result.Outcome == LeaveRequestOutcome.Submitted
                ? []
                : [IntentActions.For(IntentNames.HrLeaveBalance, language)!, IntentActions.For(IntentNames.HrLeaveRequest, language)!];
            return new SkillResult(turn.State with { ActiveForm = null }, [new Reply(HrReplies.Submitted(result, request, language), actions)]);
        }

        var reply = step.Action == LeaveRequestFormAction.Cancelled
            ? step.Reply! with { SuggestedActions = IntentActions.Menu(language, turn.Requester) }
            : step.Reply!;
        return new SkillResult(turn.State with { ActiveForm = step.State }, [reply]);
    }

    /// <summary>The balance check between the dates and the confirmation; shared with <see cref="HrPlugin"/>.</summary>
    internal static async Task<LeaveRequestFormStep> CheckBalanceAsync(
        LeaveRequestFormState state, IHrService hr, Requester requester, string language, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var balances = await hr.GetLeaveBalancesAsync(requester, state.Start!.Value.Year, cancellationToken);
        var balance = balances.FirstOrDefault(b => b.Type == state.Type && b.Year == state.Start!.Value.Year);
        return LeaveRequestForm.WithBalance(state, balance, language, now);
    }

    [LoggerMessage(LogLevel.Information, "Leave request ({LeaveType}, {WorkingDays} working days) submitted: {Outcome}")]
    private static partial void LogSubmitted(ILogger logger, LeaveType leaveType, decimal workingDays, LeaveRequestOutcome outcome);
}
