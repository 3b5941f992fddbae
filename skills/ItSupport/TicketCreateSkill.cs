using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>"My laptop won't connect to the VPN": runs <see cref="TicketCreateForm"/> and opens (or comments on) a ticket for the turn's employee.</summary>
internal sealed partial class TicketCreateSkill(IItSupportService it, ILogger<TicketCreateSkill> logger) : ICardFormSkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.ItTicketCreate];

    public string FormIntent => IntentNames.ItTicketCreate;

    public bool Owns(FormState form) => form is TicketCreateFormState;

    public bool Accepts(FormState form, TurnContext turn) =>
        form is TicketCreateFormState state && TicketCreateForm.Accepts(state, turn.Message.Text);

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        ApplyAsync(TicketCreateForm.Begin(turn.Message.Text, turn.Language, turn.Now), turn, cancellationToken);

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<TicketCreateFormState>(this);

        var step = TicketCreateForm.NextTurn(form, turn.Message.Text, turn.Language, turn.Now);
        return step.Action == TicketCreateFormAction.Expired ? null : await ApplyAsync(step, turn, cancellationToken);
    }

    public AdaptiveCard? FormCard(FormState form, string language, string cardRef) =>
        form is TicketCreateFormState state ? TicketCreateCard.For(state, language, cardRef) : null;

    public async Task<SkillResult> SubmitCardAsync(TurnContext turn, CardSubmission submission, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<TicketCreateFormState>(this);
        var step = TicketCreateForm.FromCard(
            form,
            TicketCreateCard.ParseCategory(submission.Input(TicketCreateCard.CategoryInput)),
            TicketCreateCard.Description(submission.Input(TicketCreateCard.SummaryInput), submission.Input(TicketCreateCard.DetailsInput)),
            TicketCreateCard.ParseUrgency(submission.Input(TicketCreateCard.UrgencyInput)),
            turn.Language,
            turn.Now);
        return step.Action == TicketCreateFormAction.Expired
            ? new SkillResult(turn.State with { ActiveForm = null }, [new Reply(HelpdeskCards.Stale(turn.Language))])
            : await ApplyAsync(step, turn, cancellationToken);
    }

    public Reply Reminder(FormState form, string language) =>
        form is TicketCreateFormState state
            ? new Reply(TicketCreateForm.Question(state, language), TicketCreateForm.Buttons(state, language))
            : new Reply(ItPhrases.AskDescription.In(language));

    private async Task<SkillResult> ApplyAsync(TicketCreateFormStep step, TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var requester = turn.Requester;

        if (step.Action == TicketCreateFormAction.CheckOpenTickets)
        {
            var open = await it.GetOpenTicketsAsync(requester, cancellationToken);
            step = TicketCreateForm.WithOpenTickets(step.State!, open, language, turn.Now);
        }
        else if (step.Action == TicketCreateFormAction.AddComment)
        {
            var state = step.State!;
            var commented = await it.AddCommentAsync(step.TicketId!, state.Description!, requester, cancellationToken);
            if (commented is not null)
            {
                LogCommented(logger, commented.TicketId);
                return new SkillResult(
                    turn.State with { ActiveForm = null },
                    [new Reply(ItPhrases.CommentAdded.Format(language, ("ticket", commented.TicketId)))]);
            }

            step = TicketCreateForm.CommentFailed(state, language, turn.Now);
        }
        else if (step.Action == TicketCreateFormAction.Create)
        {
            var created = await it.CreateTicketAsync(step.Ticket!, requester, cancellationToken);
            LogCreated(logger, created.TicketId, created.Category, created.Urgency);
            return new SkillResult(turn.State with { ActiveForm = null }, [new Reply(ItReplies.Created(created, language))]);
        }

        var reply = step.Action == TicketCreateFormAction.Cancelled
            ? step.Reply! with { SuggestedActions = IntentActions.Menu(language, requester) }
            : step.Reply!;
        return new SkillResult(turn.State with { ActiveForm = step.State }, [reply]);
    }

    [LoggerMessage(LogLevel.Information, "Ticket {TicketId} created ({Category}, {Urgency})")]
    private static partial void LogCreated(ILogger logger, string ticketId, TicketCategory category, TicketUrgency urgency);

    [LoggerMessage(LogLevel.Information, "Description added as a comment to the similar ticket {TicketId}")]
    private static partial void LogCommented(ILogger logger, string ticketId);
}
