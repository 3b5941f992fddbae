namespace HelpdeskBot.Connectors.ItSupport;

public enum TicketCategory { Hardware, Software, Network, Access, Email, Printer }

public enum TicketStatus { Open, InProgress, Resolved, Closed }

/// <summary>How urgent the user says it is; the IT system maps it to its priority.</summary>
public enum TicketUrgency { Low, Medium, High, Critical }

public sealed record TicketInfo(
    string TicketId,
    string Title,
    string Description,
    TicketCategory Category,
    TicketStatus Status,
    TicketUrgency Urgency,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? AssignedTo,
    int CommentCount);

public sealed record NewTicket(TicketCategory Category, string Description, TicketUrgency Urgency);

public sealed record SoftwareItem(string SoftwareId, string Name, bool NeedsLicence, bool NeedsApproval);

public enum SoftwareRequestStatus { PendingApproval, Approved, Rejected, Fulfilled }

/// <param name="Approver">The manager the request was routed to (display name), null when no approval is needed.</param>
public sealed record SoftwareRequestInfo(
    string RequestId,
    string SoftwareId,
    string SoftwareName,
    SoftwareRequestStatus Status,
    string? Approver,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt);

public enum AccountAction { PasswordReset, Unlock }

/// <summary>
/// What an account action did. The bot never sees or shows a password: a reset sends a single-use reset link to the
/// contact on file, and <see cref="SentTo"/> is that contact masked (<c>r***@corp.example</c>).
/// </summary>
public sealed record AccountActionResult(AccountAction Action, bool Done, string? SentTo, bool WasLocked);

/// <summary>
/// The IT service desk and the identity system. Employees only: a requester who is not an employee gets nothing (empty
/// lists, null), and an employee sees only their own tickets and requests — another's id reads as "not found".
/// Failures to reach the system throw <see cref="BackOfficeUnavailableException"/>.
/// </summary>
public interface IItSupportService
{
    Task<TicketInfo?> GetTicketAsync(string ticketId, Requester requester, CancellationToken cancellationToken);

    /// <summary>The requester's tickets that are open or in progress, newest first.</summary>
    Task<IReadOnlyList<TicketInfo>> GetOpenTicketsAsync(Requester requester, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a ticket for the requester. Refused (not an employee, empty description) → a record with an empty
    /// <see cref="TicketInfo.TicketId"/>: nothing was created.
    /// </summary>
    Task<TicketInfo> CreateTicketAsync(NewTicket ticket, Requester requester, CancellationToken cancellationToken);

    /// <summary>Adds a comment to one of the requester's open tickets; null when it is not theirs, not open or does not exist.</summary>
    Task<TicketInfo?> AddCommentAsync(string ticketId, string comment, Requester requester, CancellationToken cancellationToken);

    Task<IReadOnlyList<SoftwareItem>> GetSoftwareCatalogAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Requests software (by <see cref="SoftwareItem.SoftwareId"/>) for the requester, routed to their manager for approval
    /// when the item needs it. Refused (not an employee, unknown software) → a record with an empty
    /// <see cref="SoftwareRequestInfo.RequestId"/> and status <see cref="SoftwareRequestStatus.Rejected"/>: nothing was requested.
    /// </summary>
    Task<SoftwareRequestInfo> RequestSoftwareAsync(string softwareId, string? justification, Requester requester, CancellationToken cancellationToken);

    /// <summary>The requester's software requests, newest first.</summary>
    Task<IReadOnlyList<SoftwareRequestInfo>> GetSoftwareRequestsAsync(Requester requester, CancellationToken cancellationToken);

    /// <summary>
    /// Resets the password (a single-use link to the contact on file) or unlocks the account. Callers must have checked
    /// the requester's identity first (a one-time code through <see cref="Notifications.INotificationService"/>).
    /// </summary>
    Task<AccountActionResult> RunAccountActionAsync(AccountAction action, Requester requester, CancellationToken cancellationToken);
}
