using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Invoices;

/// <summary>
/// "Send me a copy of invoice INV-2026-00042": checks the invoice is the requester's, asks for a yes, and has the
/// invoicing system send it to the e-mail address on file. An address typed in the chat is never used (the connector
/// has no parameter for one); the user is told how to change the address on file instead.
/// </summary>
internal sealed partial class InvoiceCopySkill(IInvoiceService invoices, ILogger<InvoiceCopySkill> logger) : IFormSkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.InvoiceCopy];

    public string FormIntent => IntentNames.InvoiceCopy;

    public bool Owns(FormState form) => form is InvoiceCopyFormState;

    public bool Accepts(FormState form, TurnContext turn)
    {
        var text = turn.Message.Text;
        if (form is not InvoiceCopyFormState state)
        {
            return false;
        }

        return InvoiceForms.FindInvoiceId(text, turn.Entity(EntityTypes.InvoiceId)) is not null
            || OrderForms.FindEmailInAnswer(text, turn.Entity(EntityTypes.Email)) is not null
            || (state.Question == InvoiceQuestion.Confirmation && Confirmation.Parse(text, Confirmation.SendEchoes) != ConfirmationAnswer.Unclear);
    }

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        ApplyAsync(
            InvoiceCopyForm.Begin(turn.Entity(EntityTypes.InvoiceId), emailTyped: turn.Entity(EntityTypes.Email) is not null, turn.Now),
            turn,
            cancellationToken);

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<InvoiceCopyFormState>(this);

        var step = InvoiceCopyForm.NextTurn(
            form, turn.Message.Text, turn.Entity(EntityTypes.InvoiceId), turn.Entity(EntityTypes.Email), turn.Now);
        return step.Action == InvoiceFormAction.Expired ? null : await ApplyAsync(step, turn, cancellationToken);
    }

    public Reply Reminder(FormState form, string language) =>
        form is InvoiceCopyFormState { Question: InvoiceQuestion.Confirmation, InvoiceId: { } invoiceId }
            ? new Reply(InvoicePhrases.CopyStillWaiting.Format(language, ("invoice", invoiceId)), Confirmation.Buttons(language))
            : new Reply(InvoicePhrases.AskInvoiceForCopy.In(language));

    private async Task<SkillResult> ApplyAsync(InvoiceFormStep<InvoiceCopyFormState> step, TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var state = turn.State with { ActiveForm = step.State };
        var replies = new List<Reply>();
        if (step.EmailIgnored)
        {
            LogTypedEmailIgnored(logger);
            replies.Add(new Reply(InvoicePhrases.EmailOnFileOnly.In(language)));
        }

        switch (step.Action)
        {
            case InvoiceFormAction.LookUp:
                var invoiceId = step.InvoiceId!;
                var invoice = await invoices.GetInvoiceAsync(invoiceId, turn.Requester, cancellationToken);
                if (invoice is null)
                {
                    LogInvoiceNotFound(logger, invoiceId, turn.Requester.Kind);
                    replies.Add(new Reply(InvoiceReplies.NotFound(invoiceId, language), [IntentActions.For(IntentNames.InvoiceCopy, language)!]));
                    return new SkillResult(state with { ActiveForm = null }, replies);
                }

                var confirm = InvoiceCopyForm.AwaitConfirmation(step.State!, invoice.InvoiceId, turn.Now);
                replies.Add(new Reply(InvoiceReplies.CopyConfirmation(invoice, language), Confirmation.Buttons(language)));
                return new SkillResult(state with { ActiveForm = confirm.State }, replies);

            case InvoiceFormAction.Execute:
                var sent = await invoices.SendCopyAsync(step.InvoiceId!, turn.Requester, cancellationToken);
                state = state with { ActiveForm = null };
                if (sent is null)
                {
                    LogInvoiceNotFound(logger, step.InvoiceId!, turn.Requester.Kind);
                    replies.Add(new Reply(InvoiceReplies.NotFound(step.InvoiceId!, language)));
                    return new SkillResult(state, replies);
                }

                LogCopySent(logger, sent.InvoiceId, turn.Requester.Kind);
                replies.Add(new Reply(InvoiceReplies.CopySent(sent, language), IntentActions.Menu(language, turn.Requester)));
                return new SkillResult(state, replies);
        }

        IReadOnlyList<SuggestedAction> actions = step.Action switch
        {
            InvoiceFormAction.GiveUp => IntentActions.HelpOrAgent(language),
            InvoiceFormAction.Cancelled or InvoiceFormAction.Declined => IntentActions.Menu(language, turn.Requester),
            _ when step.State is { Question: InvoiceQuestion.Confirmation } => Confirmation.Buttons(language),
            _ => [],
        };
        replies.Add(new Reply(step.Prompt!.In(language), actions));
        return new SkillResult(state, replies);
    }

    [LoggerMessage(LogLevel.Information, "Invoice {InvoiceId} not found for a {RequesterKind} requester")]
    private static partial void LogInvoiceNotFound(ILogger logger, string invoiceId, RequesterKind requesterKind);

    [LoggerMessage(LogLevel.Information, "Copy of invoice {InvoiceId} sent to the e-mail on file of a {RequesterKind} requester")]
    private static partial void LogCopySent(ILogger logger, string invoiceId, RequesterKind requesterKind);

    // Only that it happened: the address itself is personal data and is dropped.
    [LoggerMessage(LogLevel.Information, "An e-mail address typed in the chat was ignored for an invoice copy")]
    private static partial void LogTypedEmailIgnored(ILogger logger);
}
