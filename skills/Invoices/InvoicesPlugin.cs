using System.ComponentModel;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.Invoices;

/// <summary>
/// The invoice skills as Semantic Kernel functions, for customers (invoices we sent them) and suppliers (invoices they
/// sent us). Identity is the requester bound at construction, never a parameter; there is no e-mail parameter either,
/// since copies only go to the address on file. A copy is only prepared: the form at its confirmation step is left in
/// <see cref="PendingForm"/>. Failures come back as text, never as exceptions.
/// </summary>
public sealed class InvoicesPlugin(IInvoiceService invoices, Requester requester, string language, TimeProvider timeProvider, TimeZoneInfo timeZone)
{
    /// <summary>The invoice-copy form waiting for the user's yes or no; install it as the conversation's active form.</summary>
    public FormState? PendingForm { get; private set; }

    /// <summary>The plugin for one turn: its requester and language; "today" in <paramref name="timeZone"/> counts the days overdue.</summary>
    public static InvoicesPlugin ForTurn(IInvoiceService invoices, TurnContext turn, TimeProvider timeProvider, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return new InvoicesPlugin(invoices, turn.Requester, turn.Language, timeProvider, timeZone);
    }

    [KernelFunction("get_invoice_status")]
    [Description("Gets the status of one of the user's invoices: paid (and when), open (amount outstanding, due date) or overdue (amount outstanding, due date, days overdue).")]
    public Task<string> GetInvoiceStatusAsync(
        [Description("The invoice number, e.g. INV-2026-00042")] string invoiceId,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(invoiceId, async id =>
        {
            var invoice = await invoices.GetInvoiceAsync(id, requester, cancellationToken);
            return invoice is null
                ? InvoiceReplies.NotFound(id, language)
                : InvoiceReplies.Describe(invoice, language, InvoiceReplies.Today(timeProvider.GetUtcNow(), timeZone));
        });

    [KernelFunction("list_unpaid_invoices")]
    [Description("Lists the user's unpaid (open or overdue) invoices with amounts outstanding and due dates, oldest due first.")]
    public Task<string> ListUnpaidInvoicesAsync(CancellationToken cancellationToken = default) =>
        AnswerAsync(null, async _ =>
        {
            var unpaid = await invoices.GetUnpaidInvoicesAsync(requester, cancellationToken);
            return unpaid.Count == 0 ? InvoicePhrases.AllPaid.In(language) : InvoiceReplies.UnpaidList(unpaid, language);
        });

    [KernelFunction("request_invoice_copy")]
    [Description("Prepares sending a copy of one of the user's invoices to the e-mail address on file for their account (never any other address). It does NOT send: the user must confirm with yes in the chat, and the returned text is the question to show them.")]
    public Task<string> RequestInvoiceCopyAsync(
        [Description("The invoice number, e.g. INV-2026-00042")] string invoiceId,
        CancellationToken cancellationToken = default) =>
        AnswerAsync(invoiceId, async id =>
        {
            var invoice = await invoices.GetInvoiceAsync(id, requester, cancellationToken);
            if (invoice is null)
            {
                return InvoiceReplies.NotFound(id, language);
            }

            PendingForm = new InvoiceCopyFormState
            {
                LastActivityAt = timeProvider.GetUtcNow(),
                Question = InvoiceQuestion.Confirmation,
                InvoiceId = invoice.InvoiceId,
            };
            return $"{InvoiceReplies.CopyConfirmation(invoice, language)}\n{OrderActionPhrases.ConfirmInChat.In(language)}";
        });

    /// <summary>Refuses who the invoicing system serves nobody for, validates the id, and says a system that does not answer in words.</summary>
    private async Task<string> AnswerAsync(string? invoiceId, Func<string, Task<string>> answer)
    {
        if (!IntentActions.Serves(IntentNames.InvoiceStatus, requester))
        {
            return InvoicePhrases.NotAvailable.In(language);
        }

        var id = string.Empty;
        if (invoiceId is not null)
        {
            if (InvoiceForms.FindInvoiceId(invoiceId, null) is not { } parsed)
            {
                return InvoicePhrases.Reprompt.In(language);
            }

            id = parsed;
        }

        try
        {
            return await answer(id);
        }
        catch (BackOfficeUnavailableException ex)
        {
            return DialogPhrases.SystemDown.Format(language, ("system", DialogPhrases.SystemName(ex.System).In(language)));
        }
    }
}
