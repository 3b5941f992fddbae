using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;

namespace HelpdeskBot.Skills.Tests.ItSupport;

/// <summary>An IT desk with two tickets (one of them another employee's) and a small catalogue, recording every write.</summary>
internal sealed class FakeItSupport : IItSupportService
{
    public const string Me = "EMP-0007";
    public const string SomeoneElse = "EMP-0099";

    public static readonly DateTimeOffset Created = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    public static readonly TicketInfo MyVpnTicket = new(
        "IT-000001", "VPN not connecting", "My laptop can't connect to the VPN from home", TicketCategory.Network,
        TicketStatus.InProgress, TicketUrgency.High, Created, new DateTimeOffset(2026, 11, 26, 7, 5, 0, TimeSpan.Zero), "Andi", 1);

    public static readonly TicketInfo OthersTicket = new(
        "IT-000002", "Printer jammed", "Printer on floor 3 jams", TicketCategory.Printer,
        TicketStatus.Open, TicketUrgency.Low, Created, Created, null, 0);

    public static readonly SoftwareItem Visio = new("SW-001", "Microsoft Visio", NeedsLicence: true, NeedsApproval: true);
    public static readonly SoftwareItem VsCode = new("SW-002", "Visual Studio Code", NeedsLicence: false, NeedsApproval: false);
    public static readonly SoftwareItem VisualStudio = new("SW-003", "Visual Studio Professional", NeedsLicence: true, NeedsApproval: true);
    public static readonly SoftwareItem Zoom = new("SW-004", "Zoom", NeedsLicence: false, NeedsApproval: false);

    private readonly List<(TicketInfo Ticket, string Owner)> tickets = [(MyVpnTicket, Me), (OthersTicket, SomeoneElse)];
    private readonly List<(SoftwareRequestInfo Request, string Owner)> requests = [];

    public bool Down { get; set; }

    public List<(NewTicket Ticket, Requester Requester)> CreatedTickets { get; } = [];

    public List<(string TicketId, string Comment, Requester Requester)> Comments { get; } = [];

    public List<(string SoftwareId, string? Justification, Requester Requester)> SoftwareRequests { get; } = [];

    public List<(AccountAction Action, Requester Requester)> AccountActions { get; } = [];

    public List<Requester> Readers { get; } = [];

    /// <summary>Makes <see cref="AddCommentAsync"/> fail as if the ticket had just been closed.</summary>
    public bool RefuseComments { get; set; }

    public void AddTicket(TicketInfo ticket, string owner) => tickets.Add((ticket, owner));

    public void AddRequest(SoftwareRequestInfo request, string owner) => requests.Add((request, owner));

    public Task<TicketInfo?> GetTicketAsync(string ticketId, Requester requester, CancellationToken cancellationToken)
    {
        Check(requester);
        return Task.FromResult<TicketInfo?>(tickets.FirstOrDefault(t => t.Ticket.TicketId == ticketId && t.Owner == requester.EmployeeId).Ticket);
    }

    public Task<IReadOnlyList<TicketInfo>> GetOpenTicketsAsync(Requester requester, CancellationToken cancellationToken)
    {
        Check(requester);
        IReadOnlyList<TicketInfo> open =
        [
            .. tickets.Where(t => t.Owner == requester.EmployeeId && t.Ticket.Status is TicketStatus.Open or TicketStatus.InProgress)
                .Select(t => t.Ticket)
                .OrderByDescending(t => t.CreatedAt),
        ];
        return Task.FromResult(open);
    }

    public Task<TicketInfo> CreateTicketAsync(NewTicket ticket, Requester requester, CancellationToken cancellationToken)
    {
        Check(requester);
        CreatedTickets.Add((ticket, requester));
        var created = new TicketInfo(
            $"IT-{tickets.Count + 1:000000}", ticket.Description, ticket.Description, ticket.Category, TicketStatus.Open, ticket.Urgency,
            Created, Created, null, 0);
        tickets.Add((created, requester.EmployeeId!));
        return Task.FromResult(created);
    }

    public Task<TicketInfo?> AddCommentAsync(string ticketId, string comment, Requester requester, CancellationToken cancellationToken)
    {
        Check(requester);
        var ticket = tickets.FirstOrDefault(t => t.Ticket.TicketId == ticketId && t.Owner == requester.EmployeeId).Ticket;
        if (ticket is null || RefuseComments)
        {
            return Task.FromResult<TicketInfo?>(null);
        }

        Comments.Add((ticketId, comment, requester));
        return Task.FromResult<TicketInfo?>(ticket with { CommentCount = ticket.CommentCount + 1 });
    }

    public Task<IReadOnlyList<SoftwareItem>> GetSoftwareCatalogAsync(CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult<IReadOnlyList<SoftwareItem>>([Visio, VsCode, VisualStudio, Zoom]);
    }

    public Task<SoftwareRequestInfo> RequestSoftwareAsync(string softwareId, string? justification, Requester requester, CancellationToken cancellationToken)
    {
        Check(requester);
        SoftwareRequests.Add((softwareId, justification, requester));
        var item = new[] { Visio, VsCode, VisualStudio, Zoom }.Single(i => i.SoftwareId == softwareId);
        var request = new SoftwareRequestInfo(
            $"SR-{requests.Count + 1:0000}",
            softwareId,
            item.Name,
            item.NeedsApproval ? SoftwareRequestStatus.PendingApproval : SoftwareRequestStatus.Approved,
            item.NeedsApproval ? "Sari Wulandari" : null,
            Created,
            Created);
        requests.Add((request, requester.EmployeeId!));
        return Task.FromResult(request);
    }

    public Task<IReadOnlyList<SoftwareRequestInfo>> GetSoftwareRequestsAsync(Requester requester, CancellationToken cancellationToken)
    {
        Check(requester);
        return Task.FromResult<IReadOnlyList<SoftwareRequestInfo>>([.. requests.Where(r => r.Owner == requester.EmployeeId).Select(r => r.Request).Reverse()]);
    }

    public Task<AccountActionResult> RunAccountActionAsync(AccountAction action, Requester requester, CancellationToken cancellationToken)
    {
        Check(requester);
        AccountActions.Add((action, requester));
        return Task.FromResult(new AccountActionResult(action, true, action == AccountAction.PasswordReset ? "b***@corp.example" : null, WasLocked: true));
    }

    private void Check(Requester requester)
    {
        ThrowIfDown();
        Readers.Add(requester);
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new BackOfficeUnavailableException(BackOfficeSystem.ItSupport, "The IT system is down (test).");
        }
    }
}

/// <summary>One-time codes with a fixed code, so tests can type the right one (and check it never comes back).</summary>
internal sealed class FakeNotifications : INotificationService
{
    public const string Code = "246810";

    private readonly Dictionary<string, (Requester Owner, int Wrong)> challenges = [];

    public bool Down { get; set; }

    /// <summary>The next check reports the code as expired.</summary>
    public bool ExpireNext { get; set; }

    public HashSet<ContactChannel> NothingOnFile { get; } = [];

    public List<(Requester Requester, ContactChannel Channel, string Purpose)> Sent { get; } = [];

    public List<(string ChallengeId, string Code)> Checks { get; } = [];

    public Task<OneTimeCodeChallenge?> SendOneTimeCodeAsync(Requester requester, ContactChannel channel, string purpose, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        if (NothingOnFile.Contains(channel))
        {
            return Task.FromResult<OneTimeCodeChallenge?>(null);
        }

        Sent.Add((requester, channel, purpose));
        var id = $"CH-{Sent.Count}";
        challenges[id] = (requester, 0);
        var sentTo = channel == ContactChannel.Sms ? "+62***0007" : "b***@corp.example";
        return Task.FromResult<OneTimeCodeChallenge?>(new OneTimeCodeChallenge(id, channel, sentTo, TestConversation.Start.AddMinutes(10)));
    }

    public Task<OneTimeCodeCheck> VerifyOneTimeCodeAsync(string challengeId, string code, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Checks.Add((challengeId, code));
        if (!challenges.TryGetValue(challengeId, out var challenge) || challenge.Owner != requester)
        {
            return Task.FromResult(new OneTimeCodeCheck(OneTimeCodeOutcome.NotFound, 0));
        }

        if (ExpireNext)
        {
            ExpireNext = false;
            return Task.FromResult(new OneTimeCodeCheck(OneTimeCodeOutcome.Expired, 0));
        }

        if (challenge.Wrong >= INotificationService.MaxCodeAttempts)
        {
            return Task.FromResult(new OneTimeCodeCheck(OneTimeCodeOutcome.LockedOut, 0));
        }

        if (code == Code)
        {
            challenges.Remove(challengeId);
            return Task.FromResult(new OneTimeCodeCheck(OneTimeCodeOutcome.Verified, 0));
        }

        var wrong = challenge.Wrong + 1;
        challenges[challengeId] = (challenge.Owner, wrong);
        var left = INotificationService.MaxCodeAttempts - wrong;
        return Task.FromResult(new OneTimeCodeCheck(left > 0 ? OneTimeCodeOutcome.Wrong : OneTimeCodeOutcome.LockedOut, left));
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new BackOfficeUnavailableException(BackOfficeSystem.Notifications, "The notification system is down (test).");
        }
    }
}
