using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>
/// "Status of IT-000123?": the ticket's status, last update and assignee; without a number, the user's open tickets to
/// pick from. Another employee's ticket reads exactly like one that doesn't exist.
/// </summary>
internal sealed partial class TicketStatusSkill(IItSupportService it, IOptions<EntityOptions> entityOptions, ILogger<TicketStatusSkill> logger) : IFormSkill
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(entityOptions.Value.TimeZone);

    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.ItTicketStatus];

    public string FormIntent => IntentNames.ItTicketStatus;

    public bool Owns(FormState form) => form is TicketStatusFormState;

    public bool Accepts(FormState form, TurnContext turn) =>
        TicketStatusForm.FindTicketId(turn.Message.Text, turn.Entity(EntityTypes.TicketId)) is not null;

    public async Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        if (turn.Entity(EntityTypes.TicketId) is { } ticketId)
        {
            return await LookUpAsync(ticketId, turn, cancellationToken);
        }

        var open = await it.GetOpenTicketsAsync(turn.Requester, cancellationToken);
        if (open.Count == 0)
        {
            return new SkillResult(turn.State, [new Reply(ItReplies.OpenTickets(open, language), [IntentActions.For(IntentNames.ItTicketCreate, language)!])]);
        }

        var text = $"{ItReplies.OpenTickets(open, language)}\n{ItPhrases.WhichTicket.In(language)}";
        return new SkillResult(
            turn.State with { ActiveForm = new TicketStatusFormState { LastActivityAt = turn.Now } },
            [new Reply(text, [.. open.Take(10).Select(t => ItVocabulary.Button(t.TicketId))])]);
    }

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<TicketStatusFormState>(this);

        var language = turn.Language;
        var step = TicketStatusForm.NextTurn(form, turn.Message.Text, turn.Entity(EntityTypes.TicketId), language, turn.Now);
        switch (step.Action)
        {
            case TicketStatusFormAction.Expired:
                return null;
            case TicketStatusFormAction.LookUp:
                return await LookUpAsync(step.TicketId!, turn with { State = turn.State with { ActiveForm = null } }, cancellationToken);
            case TicketStatusFormAction.Cancelled:
                return new SkillResult(turn.State with { ActiveForm = null }, [step.Reply! with { SuggestedActions = IntentActions.Menu(language, turn.Requester) }]);
            default:
                return new SkillResult(turn.State with { ActiveForm = step.State }, [step.Reply!]);
        }
    }

    public Reply Reminder(FormState form, string language) => new(ItPhrases.WhichTicket.In(language));

    private async Task<SkillResult> LookUpAsync(string ticketId, TurnContext turn, CancellationToken cancellationToken)
    {
        var ticket = await it.GetTicketAsync(ticketId, turn.Requester, cancellationToken);
        if (ticket is null)
        {
            LogNotFound(logger, ticketId, turn.Requester.Kind);
            return new SkillResult(turn.State, [new Reply(ItReplies.TicketNotFound(ticketId, turn.Language), [IntentActions.For(IntentNames.ItTicketStatus, turn.Language)!])]);
        }

        return new SkillResult(turn.State, [new Reply(ItReplies.Ticket(ticket, zone, turn.Language))]);
    }

    [LoggerMessage(LogLevel.Information, "Ticket {TicketId} not found for a {RequesterKind} requester")]
    private static partial void LogNotFound(ILogger logger, string ticketId, RequesterKind requesterKind);
}
