using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>
/// "I need Visio": runs <see cref="SoftwareRequestForm"/> over the software catalogue and sends the request, routed to
/// the employee's manager when the item needs approval. "Status of my software request" lists the user's requests.
/// </summary>
internal sealed partial class SoftwareRequestSkill(
    IItSupportService it, IOptions<EntityOptions> entityOptions, ILogger<SoftwareRequestSkill> logger) : IFormSkill
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(entityOptions.Value.TimeZone);

    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.ItSoftwareRequest];

    public string FormIntent => IntentNames.ItSoftwareRequest;

    public bool Owns(FormState form) => form is SoftwareRequestFormState;

    public bool Accepts(FormState form, TurnContext turn) =>
        form is SoftwareRequestFormState state && SoftwareRequestForm.Accepts(state, turn.Message.Text);

    public async Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        if (SoftwareRequestForm.IsStatusQuestion(turn.Message.Text))
        {
            return await StatusAsync(turn, cancellationToken);
        }

        var catalog = await it.GetSoftwareCatalogAsync(cancellationToken);
        if (catalog.Count == 0)
        {
            return new SkillResult(turn.State, [new Reply(ItReplies.Catalog(catalog, language), IntentActions.HelpOrAgent(language))]);
        }

        return await ApplyAsync(SoftwareRequestForm.Begin(turn.Message.Text, catalog, language, turn.Now), turn, cancellationToken);
    }

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<SoftwareRequestFormState>(this);

        var step = SoftwareRequestForm.NextTurn(form, turn.Message.Text, turn.Language, turn.Now);
        return step.Action == SoftwareRequestFormAction.Expired ? null : await ApplyAsync(step, turn, cancellationToken);
    }

    public Reply Reminder(FormState form, string language) =>
        form is SoftwareRequestFormState state
            ? new Reply(SoftwareRequestForm.Question(state, language), SoftwareRequestForm.Buttons(state, language))
            : new Reply(ItPhrases.AskSoftware.In(language));

    private async Task<SkillResult> ApplyAsync(SoftwareRequestFormStep step, TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        switch (step.Action)
        {
            case SoftwareRequestFormAction.ShowStatus:
                return await StatusAsync(turn, cancellationToken);
            case SoftwareRequestFormAction.Request:
                var request = await it.RequestSoftwareAsync(step.Software!.SoftwareId, step.Justification, turn.Requester, cancellationToken);
                LogRequested(logger, request.SoftwareId, request.Status);
                return new SkillResult(turn.State with { ActiveForm = null }, [new Reply(ItReplies.Requested(request, language))]);
            case SoftwareRequestFormAction.Cancelled:
                return new SkillResult(
                    turn.State with { ActiveForm = null }, [step.Reply! with { SuggestedActions = IntentActions.Menu(language, turn.Requester) }]);
            default:
                return new SkillResult(turn.State with { ActiveForm = step.State }, [step.Reply!]);
        }
    }

    private async Task<SkillResult> StatusAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var requests = await it.GetSoftwareRequestsAsync(turn.Requester, cancellationToken);
        return new SkillResult(turn.State, [new Reply(ItReplies.Requests(requests, zone, turn.Language))]);
    }

    [LoggerMessage(LogLevel.Information, "Software {SoftwareId} requested: {Status}")]
    private static partial void LogRequested(ILogger logger, string softwareId, SoftwareRequestStatus status);
}
