using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>What the IT system says, in words; shared by the skills and <see cref="ItSupportPlugin"/>.</summary>
internal static class ItReplies
{
    public static string Ticket(TicketInfo ticket, TimeZoneInfo zone, string language) =>
        ItPhrases.TicketStatusLine.Format(
            language,
            ("ticket", ticket.TicketId),
            ("title", ticket.Title),
            ("status", ItVocabulary.StatusPhrase(ticket.Status).In(language)),
            ("updated", ItVocabulary.DateTime(ticket.UpdatedAt, zone, language)),
            ("assignee", string.IsNullOrWhiteSpace(ticket.AssignedTo)
                ? ItPhrases.NotAssigned.In(language)
                : ItPhrases.AssignedTo.Format(language, ("name", MarkdownText.Literal(ticket.AssignedTo)))));

    public static string TicketNotFound(string ticketId, string language) => ItPhrases.TicketNotFound.Format(language, ("ticket", ticketId));

    /// <summary>The open tickets, one a line; the "none open" text when there are none.</summary>
    public static string OpenTickets(IReadOnlyList<TicketInfo> tickets, string language) =>
        tickets.Count == 0
            ? ItPhrases.NoOpenTickets.In(language)
            : string.Join('\n', [ItPhrases.OpenTicketsHeader.In(language), .. tickets.Select(t => $"• {t.TicketId} — {t.Title} ({ItVocabulary.StatusPhrase(t.Status).In(language)})")]);

    public static string Created(TicketInfo ticket, string language) =>
        ItPhrases.TicketCreated.Format(
            language, ("ticket", ticket.TicketId), ("urgency", ItVocabulary.UrgencyPhrase(ticket.Urgency).In(language).ToLowerInvariant()));

    public static string Catalog(IReadOnlyList<SoftwareItem> catalog, string language) =>
        catalog.Count == 0
            ? ItPhrases.EmptyCatalog.In(language)
            : string.Join('\n', [ItPhrases.CatalogHeader.In(language), .. catalog.Select(item => $"• {item.Name}{SoftwareRequestForm.Details(SoftwareChoice.From(item), language)}")]);

    public static string Requested(SoftwareRequestInfo request, string language)
    {
        var id = ("request", request.RequestId);
        var software = ("software", request.SoftwareName);
        return request.Status switch
        {
            SoftwareRequestStatus.PendingApproval when !string.IsNullOrWhiteSpace(request.Approver) =>
                ItPhrases.SentForApproval.Format(language, id, software, ("approver", request.Approver)),
            SoftwareRequestStatus.PendingApproval => ItPhrases.SentForApprovalNoName.Format(language, id, software),
            SoftwareRequestStatus.Approved => ItPhrases.SoftwareApproved.Format(language, id, software),
            SoftwareRequestStatus.Fulfilled => ItPhrases.SoftwareFulfilled.Format(language, id, software),
            _ => ItPhrases.SoftwareRejected.Format(language, id, software),
        };
    }

    public static string Requests(IReadOnlyList<SoftwareRequestInfo> requests, TimeZoneInfo zone, string language)
    {
        if (requests.Count == 0)
        {
            return ItPhrases.NoSoftwareRequests.In(language);
        }

        var lines = requests.Select(r => ItPhrases.SoftwareRequestLine.Format(
            language,
            ("software", r.SoftwareName),
            ("request", r.RequestId),
            ("status", RequestStatus(r, language)),
            ("date", LocalFormat.Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.RequestedAt, zone).DateTime), language))));
        return string.Join('\n', [ItPhrases.SoftwareRequestsHeader.In(language), .. lines]);
    }

    private static string RequestStatus(SoftwareRequestInfo request, string language) => request.Status switch
    {
        SoftwareRequestStatus.PendingApproval when !string.IsNullOrWhiteSpace(request.Approver) =>
            ItPhrases.PendingApprovalBy.Format(language, ("approver", request.Approver)),
        SoftwareRequestStatus.PendingApproval => ItPhrases.PendingApproval.In(language),
        SoftwareRequestStatus.Approved => ItPhrases.ApprovedStatus.In(language),
        SoftwareRequestStatus.Fulfilled => ItPhrases.FulfilledStatus.In(language),
        _ => ItPhrases.RejectedStatus.In(language),
    };

    public static string AccountActionDone(AccountActionResult result, string language) => result switch
    {
        { Done: false } => ItPhrases.AccountActionFailed.In(language),
        { Action: AccountAction.Unlock, WasLocked: false } => ItPhrases.WasNotLocked.In(language),
        { Action: AccountAction.Unlock } => ItPhrases.UnlockDone.In(language),
        { SentTo: { Length: > 0 } sentTo } => ItPhrases.ResetDone.Format(language, ("destination", sentTo)),
        _ => ItPhrases.ResetDoneNoDestination.In(language),
    };
}
