using HelpdeskBot.Connectors.ItSupport;

namespace HelpdeskBot.Connectors.Http;

/// <summary>
/// The IT service desk and identity system over the company's REST API (<c>docs/connectors.md</c>, "IT support").
/// Employees only: anyone else gets nothing without a call, as the interface promises; the system enforces it again.
/// </summary>
internal sealed class HttpItSupportService(BackOfficeHttp http) : IItSupportService
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
            throw new InvalidOperationException("Only employees can open IT tickets.");
        }

        var answer = await http.SendAsync<TicketInfo>(
            new(System, "CreateTicket", HttpMethod.Post, "tickets", requester, ticket), cancellationToken).ConfigureAwait(false);
        return answer.Value ?? throw Refused("open the ticket", answer.StatusCode);
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
            throw new InvalidOperationException("Only employees can request software.");
        }

        var answer = await http.SendAsync<SoftwareRequestInfo>(
            new(System, "RequestSoftware", HttpMethod.Post, "software-requests", requester, new SoftwareRequest(softwareId.Trim(), justification)),
            cancellationToken).ConfigureAwait(false);
        return answer.Value ?? throw Refused("request the software", answer.StatusCode);
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

    // These two results have no "declined" shape: a refusal is a caller error (unknown software, invalid ticket), not an outage.
    private static InvalidOperationException Refused(string what, int statusCode) =>
        new($"The IT system refused to {what} (HTTP {statusCode}).");

    private sealed record CommentRequest(string Comment);

    private sealed record SoftwareRequest(string SoftwareId, string? Justification);
}
