using System.ComponentModel;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>
/// IT support operations as kernel functions for the turn's employee (bound at construction; no function takes an
/// employee id). Nothing that changes anything runs from here: ticket creation, software requests and account actions
/// are checked and left in <see cref="PendingForm"/> at their confirmation (or identity-check) step, for the caller to
/// install as the conversation's active form. Failures come back as text.
/// </summary>
public sealed class ItSupportPlugin(IItSupportService it, TimeProvider time, TimeZoneInfo zone, Requester requester, string language)
{
    /// <summary>The form a side-effecting function prepared, waiting for the user in the chat.</summary>
    public FormState? PendingForm { get; private set; }

    [KernelFunction("get_ticket_status"), Description("Gets the status, last update and assignee of one of the signed-in employee's IT tickets.")]
    public async Task<string> GetTicketStatusAsync(
        [Description("The ticket number, like IT-000123.")] string ticketId,
        CancellationToken cancellationToken = default)
    {
        var id = TicketStatusForm.FindTicketId(ticketId ?? string.Empty, null)
            ?? (ticketId?.Trim().ToUpperInvariant() is { Length: 9 } upper && upper.StartsWith("IT-", StringComparison.Ordinal) ? upper : null);
        if (id is null)
        {
            return ItPhrases.NotATicketNumber.In(language);
        }

        return await Guard(async () =>
        {
            var ticket = await it.GetTicketAsync(id, requester, cancellationToken);
            return ticket is null ? ItReplies.TicketNotFound(id, language) : ItReplies.Ticket(ticket, zone, language);
        });
    }

    [KernelFunction("list_open_tickets"), Description("Lists the signed-in employee's open and in-progress IT tickets, newest first.")]
    public Task<string> ListOpenTicketsAsync(CancellationToken cancellationToken = default) =>
        Guard(async () => ItReplies.OpenTickets(await it.GetOpenTicketsAsync(requester, cancellationToken), language));

    [KernelFunction("request_ticket_creation"), Description("Prepares a new IT ticket for the signed-in employee. Does not create it: the user must confirm in the chat (or choose to comment on a similar open ticket).")]
    public async Task<string> RequestTicketCreationAsync(
        [Description("Category: hardware, software, network, access, email or printer.")] string category,
        [Description("The problem in the user's words.")] string description,
        [Description("Urgency: low, medium, high or critical.")] string urgency,
        CancellationToken cancellationToken = default)
    {
        PendingForm = null;
        var parsedCategory = ItVocabulary.ParseCategory(category ?? string.Empty)
            ?? (Enum.TryParse<TicketCategory>(category, ignoreCase: true, out var c) && Enum.IsDefined(c) ? c : (TicketCategory?)null);
        if (parsedCategory is null)
        {
            return ItPhrases.UnknownCategory.In(language);
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            return ItPhrases.EmptyDescription.In(language);
        }

        var parsedUrgency = ItVocabulary.ParseUrgency(urgency ?? string.Empty)
            ?? (Enum.TryParse<TicketUrgency>(urgency, ignoreCase: true, out var u) && Enum.IsDefined(u) ? u : (TicketUrgency?)null);
        if (parsedUrgency is null)
        {
            return ItPhrases.UnknownUrgency.In(language);
        }

        return await Guard(async () =>
        {
            var now = time.GetUtcNow();
            var step = TicketCreateForm.BeginWith(parsedCategory.Value, description, parsedUrgency.Value, language, now);
            step = TicketCreateForm.WithOpenTickets(step.State!, await it.GetOpenTicketsAsync(requester, cancellationToken), language, now);
            PendingForm = step.State;
            return $"{step.Reply!.Text}\n{ItPhrases.NeedsConfirmation.In(language)}";
        });
    }

    [KernelFunction("list_software_catalog"), Description("Lists the software employees can request, and which items need a licence or the manager's approval.")]
    public Task<string> ListSoftwareCatalogAsync(CancellationToken cancellationToken = default) =>
        Guard(async () => ItReplies.Catalog(await it.GetSoftwareCatalogAsync(cancellationToken), language));

    [KernelFunction("request_software"), Description("Prepares a software or licence request for the signed-in employee. Does not send it: the user must confirm in the chat.")]
    public async Task<string> RequestSoftwareAsync(
        [Description("The software's name as in the catalogue.")] string software,
        [Description("Why the user needs it; required for licensed items or items that need approval.")] string? justification = null,
        CancellationToken cancellationToken = default)
    {
        PendingForm = null;
        return await Guard(async () =>
        {
            var catalog = (await it.GetSoftwareCatalogAsync(cancellationToken)).Select(SoftwareChoice.From).ToList();
            if (SoftwareRequestForm.Match(software ?? string.Empty, catalog) is not [var item])
            {
                return ItPhrases.UnknownSoftware.Format(language, ("choices", string.Join(", ", catalog.Select(c => c.Name))));
            }

            var step = SoftwareRequestForm.BeginWith(item, justification, language, time.GetUtcNow());
            PendingForm = step.State;
            return $"{step.Reply!.Text}\n{ItPhrases.NeedsConfirmation.In(language)}";
        });
    }

    [KernelFunction("get_software_requests"), Description("Lists the signed-in employee's software requests and their approval status, newest first.")]
    public Task<string> GetSoftwareRequestsAsync(CancellationToken cancellationToken = default) =>
        Guard(async () => ItReplies.Requests(await it.GetSoftwareRequestsAsync(requester, cancellationToken), zone, language));

    [KernelFunction("request_password_reset"), Description("Starts a password reset for the signed-in employee. Does not reset anything: the user must pass a one-time-code identity check and confirm in the chat.")]
    public string RequestPasswordReset() => PrepareAccountAction(AccountAction.PasswordReset);

    [KernelFunction("request_account_unlock"), Description("Starts unlocking the signed-in employee's account. Does not unlock anything: the user must pass a one-time-code identity check and confirm in the chat.")]
    public string RequestAccountUnlock() => PrepareAccountAction(AccountAction.Unlock);

    private string PrepareAccountAction(AccountAction action)
    {
        var step = PasswordResetForm.BeginWith(action, language, time.GetUtcNow());
        PendingForm = step.State;
        return $"{step.Reply!.Text}\n{ItPhrases.IdentityCheckNeeded.In(language)}";
    }

    private async Task<string> Guard(Func<Task<string>> call)
    {
        try
        {
            return await call();
        }
        catch (BackOfficeUnavailableException ex)
        {
            return DialogPhrases.SystemDown.Format(language, ("system", DialogPhrases.SystemName(ex.System).In(language)));
        }
    }
}
