using HelpdeskBot.Connectors.ItSupport;

namespace HelpdeskBot.Connectors.Http;

/// <summary>
/// The IT service desk and identity system over the company's REST API (<c>docs/connectors.md</c>, "IT support").
/// Employees only: anyone else gets nothing without a call, as the interface promises; the system enforces it again.
/// </summary>
internal sealed class HttpItSupportService(BackOfficeHttp http, TimeProvider time) : IItSupportService
{
    private const BackOfficeSystem System = BackOfficeSystem.ItSupport;

    public async Task<TicketInfo?> GetTicketAsync(string ticketId, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null || string.IsNullOrWhiteSpace(ticketId))
        {
            return null;
        }

        var answer = await http.SendAsync<TicketInfo>(
            new(System, "GetTicket", HttpMethod.Get, $"tickets/{Uri.EscapeDataString(ticketId.Trim())}", requester),
            cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<IReadOnlyList<TicketInfo>> GetOpenTicketsAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return [];
        }

        var answer = await http.SendAsync<List<TicketInfo>>(
            new(System, "GetOpenTickets", HttpMethod.Get, "tickets?status=open", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value is { } tickets ? [.. tickets.OrderByDescending(t => t.CreatedAt)] : [];
    }

    public async Task<TicketInfo> CreateTicketAsync(NewTicket ticket, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return NotCreated(ticket);
        }

        var answer = await http.SendAsync<TicketInfo>(
            new(System, "CreateTicket", HttpMethod.Post, "tickets", requester, ticket), cancellationToken).ConfigureAwait(false);
        return answer.Value ?? NotCreated(ticket);
    }

    public async Task<TicketInfo?> AddCommentAsync(string ticketId, string comment, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null || string.IsNullOrWhiteSpace(ticketId))
        {
            return null;
        }

        var answer = await http.SendAsync<TicketInfo>(
            new(System, "AddComment", HttpMethod.Post, $"tickets/{Uri.EscapeDataString(ticketId.Trim())}/comments", requester, new CommentRequest(comment)),
            cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<IReadOnlyList<SoftwareItem>> GetSoftwareCatalogAsync(CancellationToken cancellationToken)
    {
        var answer = await http.SendAsync<List<SoftwareItem>>(
            new(System, "GetSoftwareCatalog", HttpMethod.Get, "software"), cancellationToken).ConfigureAwait(false);
        return answer.Value ?? [];
    }

    public async Task<SoftwareRequestInfo> RequestSoftwareAsync(
        string softwareId, string? justification, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(softwareId);
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return NotRequested(softwareId);
        }

        var answer = await http.SendAsync<SoftwareRequestInfo>(
            new(System, "RequestSoftware", HttpMethod.Post, "software-requests", requester, new SoftwareRequest(softwareId.Trim(), justification)),
            cancellationToken).ConfigureAwait(false);
        return answer.Value ?? NotRequested(softwareId);
    }

    public async Task<IReadOnlyList<SoftwareRequestInfo>> GetSoftwareRequestsAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return [];
        }

        var answer = await http.SendAsync<List<SoftwareRequestInfo>>(
            new(System, "GetSoftwareRequests", HttpMethod.Get, "software-requests", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value is { } requests ? [.. requests.OrderByDescending(r => r.RequestedAt)] : [];
    }

    public async Task<AccountActionResult> RunAccountActionAsync(AccountAction action, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var notDone = new AccountActionResult(action, Done: false, SentTo: null, WasLocked: false);
        if (requester.EmployeeId is null)
        {
            return notDone;
        }

        var (operation, path) = action switch
        {
            AccountAction.PasswordReset => ("ResetPassword", "accounts/me/password-reset"),
            AccountAction.Unlock => ("UnlockAccount", "accounts/me/unlock"),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown account action."),
        };
        var answer = await http.SendAsync<AccountActionResult>(
            new(System, operation, HttpMethod.Post, path, requester), cancellationToken).ConfigureAwait(false);
        return answer.Value ?? notDone;
    }

    // A refusal (not an employee, unknown software, invalid ticket) is answered like the demo back office does: a
    // record with an empty id, nothing created (IItSupportService's contract).
    private TicketInfo NotCreated(NewTicket ticket)
    {
        var now = time.GetUtcNow();
        return new TicketInfo("", "", ticket.Description, ticket.Category, TicketStatus.Closed, ticket.Urgency, now, now, null, 0);
    }

    private SoftwareRequestInfo NotRequested(string softwareId)
    {
        var now = time.GetUtcNow();
        return new SoftwareRequestInfo("", softwareId.Trim(), "", SoftwareRequestStatus.Rejected, null, now, now);
    }

    private sealed record CommentRequest(string Comment);

    private sealed record SoftwareRequest(string SoftwareId, string? Justification);
}
