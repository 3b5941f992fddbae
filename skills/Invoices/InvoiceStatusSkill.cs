using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.Invoices;

/// <summary>
/// "Is invoice INV-2026-00042 paid?" / "what do I still owe?": one invoice's status, or the requester's unpaid invoices
/// to pick from. Customers and suppliers only (the engine refuses everyone else); the invoicing system answers only
/// about the turn's requester's invoices.
/// </summary>
internal sealed partial class InvoiceStatusSkill(
    IInvoiceService invoices, IOptions<EntityOptions> entityOptions, ILogger<InvoiceStatusSkill> logger) : IFormSkill
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(entityOptions.Value.TimeZone);

    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.InvoiceStatus];

    public string FormIntent => IntentNames.InvoiceStatus;

    public bool Owns(FormState form) => form is InvoiceStatusFormState;

    public bool Accepts(FormState form, TurnContext turn) =>
        InvoiceForms.FindInvoiceId(turn.Message.Text, turn.Entity(EntityTypes.InvoiceId)) is not null;

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        ApplyAsync(InvoiceStatusForm.Begin(turn.Entity(EntityTypes.InvoiceId), turn.Now), turn, cancellationToken);

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<InvoiceStatusFormState>(this);

        var step = InvoiceStatusForm.NextTurn(form, turn.Message.Text, turn.Entity(EntityTypes.InvoiceId), turn.Now);
        return step.Action == InvoiceFormAction.Expired ? null : await ApplyAsync(step, turn, cancellationToken);
    }

    public Reply Reminder(FormState form, string language) => new(InvoicePhrases.StillWaiting.In(language));

    private async Task<SkillResult> ApplyAsync(InvoiceFormStep<InvoiceStatusFormState> step, TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var state = turn.State with { ActiveForm = step.State };
        switch (step.Action)
        {
            case InvoiceFormAction.LookUp:
                var invoiceId = step.InvoiceId!;
                var invoice = await invoices.GetInvoiceAsync(invoiceId, turn.Requester, cancellationToken);
                if (invoice is null)
                {
                    LogInvoiceNotFound(logger, invoiceId, turn.Requester.Kind);
                    return new SkillResult(state, [new Reply(InvoiceReplies.NotFound(invoiceId, language), [IntentActions.For(IntentNames.InvoiceStatus, language)!])]);
                }

                var today = InvoiceReplies.Today(turn.Now, zone);
                return new SkillResult(state, [new Reply(InvoiceReplies.Describe(invoice, language, today))]);

            case InvoiceFormAction.ListUnpaid:
                var unpaid = await invoices.GetUnpaidInvoicesAsync(turn.Requester, cancellationToken);
                var listed = InvoiceStatusForm.Listed(unpaid.Count, turn.Now);
                state = state with { ActiveForm = listed.State };
                if (listed.Action == InvoiceFormAction.Answered)
                {
                    return new SkillResult(state, [new Reply(listed.Prompt!.In(language))]);
                }

                return unpaid.Count <= InvoiceForms.MaxInvoiceButtons
                    ? new SkillResult(state, [new Reply(
                        $"{InvoiceReplies.UnpaidList(unpaid, language)}\n{listed.Prompt!.In(language)}",
                        [.. unpaid.Select(i => new SuggestedAction(i.InvoiceId, i.InvoiceId))])])
                    : new SkillResult(state, [new Reply(InvoiceReplies.ManyUnpaid(unpaid, language))]);
        }

        IReadOnlyList<SuggestedAction> actions = step.Action switch
        {
            InvoiceFormAction.GiveUp => IntentActions.HelpOrAgent(language),
            InvoiceFormAction.Cancelled => IntentActions.Menu(language, turn.Requester),
            _ => [],
        };
        return new SkillResult(state, [new Reply(step.Prompt!.In(language), actions)]);
    }

    [LoggerMessage(LogLevel.Information, "Invoice {InvoiceId} not found for a {RequesterKind} requester")]
    private static partial void LogInvoiceNotFound(ILogger logger, string invoiceId, RequesterKind requesterKind);
}
