using HelpdeskBot.Connectors.ItSupport;

namespace HelpdeskBot.Connectors.Tests.ItSupport;

public sealed class ItSupportTests : IAsyncLifetime
{
    private static readonly Requester Rina = Requester.Employee("EMP-0007");
    private static readonly Requester Colleague = Requester.Employee("EMP-0008");
    private FreshBackOffice _backOffice = null!;

    private IItSupportService It => _backOffice.Host.It;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync() => _backOffice = await FreshBackOffice.StartAsync();

    public async Task DisposeAsync() => await _backOffice.DisposeAsync();

    [Fact]
    public async Task Readme_ticket_IT_000002_is_in_progress_assigned_and_commented()
    {
        var ticket = await It.GetTicketAsync("it-000002", Rina, None);

        Assert.NotNull(ticket);
        Assert.Equal(("IT-000002", TicketStatus.InProgress, TicketCategory.Access, TicketUrgency.Medium, 1),
            (ticket.TicketId, ticket.Status, ticket.Category, ticket.Urgency, ticket.CommentCount));
        Assert.False(string.IsNullOrWhiteSpace(ticket.AssignedTo));
        Assert.Contains("Finance", ticket.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_employees_ticket_reads_like_an_unknown_ticket()
    {
        Assert.NotNull(await It.GetTicketAsync("IT-000001", Rina, None));

        Assert.Null(await It.GetTicketAsync("IT-000001", Colleague, None));
        Assert.Null(await It.GetTicketAsync("IT-999999", Colleague, None));
        Assert.Null(await It.AddCommentAsync("IT-000001", "me too", Colleague, None));
        Assert.Null(await It.AddCommentAsync("IT-999999", "me too", Colleague, None));
        Assert.DoesNotContain(await It.GetOpenTicketsAsync(Colleague, None), t => t.TicketId == "IT-000001");
        Assert.Equal(0, (await It.GetTicketAsync("IT-000001", Rina, None))?.CommentCount);
    }

    [Fact]
    public async Task Requesters_who_are_not_employees_get_nothing()
    {
        Requester[] outsiders = [Requester.Customer("EMP-0007"), Requester.Supplier("EMP-0007"), Requester.Anonymous];
        foreach (var outsider in outsiders)
        {
            Assert.Null(await It.GetTicketAsync("IT-000001", outsider, None));
            Assert.Empty(await It.GetOpenTicketsAsync(outsider, None));
            Assert.Empty(await It.GetSoftwareRequestsAsync(outsider, None));
            Assert.Equal("", (await It.CreateTicketAsync(new NewTicket(TicketCategory.Email, "Inbox full", TicketUrgency.Low), outsider, None)).TicketId);
            Assert.Equal("", (await It.RequestSoftwareAsync("SW-001", null, outsider, None)).RequestId);
            Assert.False((await It.RunAccountActionAsync(AccountAction.PasswordReset, outsider, None)).Done);
        }

        Assert.Empty(await It.GetOpenTicketsAsync(Requester.Employee("EMP-9999"), None));
    }

    [Fact]
    public async Task Open_tickets_are_the_requesters_open_and_in_progress_ones_newest_first()
    {
        var tickets = await It.GetOpenTicketsAsync(Rina, None);

        Assert.Equal(["IT-000001", "IT-000002"], tickets.Select(t => t.TicketId).Where(id => string.CompareOrdinal(id, "IT-000004") < 0));
        Assert.All(tickets, t => Assert.True(t.Status is TicketStatus.Open or TicketStatus.InProgress));
        Assert.Equal(tickets.OrderByDescending(t => t.CreatedAt).Select(t => t.TicketId), tickets.Select(t => t.TicketId));
    }

    [Fact]
    public async Task A_new_ticket_is_open_numbered_next_and_listed_first()
    {
        var created = await It.CreateTicketAsync(
            new NewTicket(TicketCategory.Hardware, "Layar laptop berkedip\nTerjadi sejak kemarin sore.", TicketUrgency.High), Rina, None);

        Assert.Equal(
            ("IT-000061", "Layar laptop berkedip", TicketStatus.Open, TicketUrgency.High, FreshBackOffice.Start),
            (created.TicketId, created.Title, created.Status, created.Urgency, created.CreatedAt));
        Assert.Equal(created, (await It.GetOpenTicketsAsync(Rina, None))[0]);
    }

    [Fact]
    public async Task Empty_or_nonsense_tickets_are_not_created()
    {
        Assert.Equal("", (await It.CreateTicketAsync(new NewTicket(TicketCategory.Email, "   ", TicketUrgency.Low), Rina, None)).TicketId);
        Assert.Equal("", (await It.CreateTicketAsync(new NewTicket((TicketCategory)99, "x", TicketUrgency.Low), Rina, None)).TicketId);

        var huge = await It.CreateTicketAsync(new NewTicket(TicketCategory.Email, new string('a', 100_000), TicketUrgency.Low), Rina, None);
        Assert.Equal("IT-000061", huge.TicketId);
        Assert.True(huge.Title.Length <= 80 && huge.Description.Length <= 2000);
    }

    [Fact]
    public async Task Comments_go_only_on_the_requesters_open_tickets()
    {
        _backOffice.Time.Advance(TimeSpan.FromHours(1));

        var commented = await It.AddCommentAsync("IT-000001", "Sudah coba restart, masih gagal.", Rina, None);

        Assert.Equal((1, FreshBackOffice.Start.AddHours(1)), (commented?.CommentCount, commented?.UpdatedAt));
        Assert.Equal(2, (await It.AddCommentAsync("IT-000002", "Ada kabar?", Rina, None))?.CommentCount);
        Assert.Null(await It.AddCommentAsync("IT-000003", "Macet lagi", Rina, None));
        Assert.Null(await It.AddCommentAsync("IT-000001", "  ", Rina, None));
        Assert.Null(await It.AddCommentAsync("", "hello", Rina, None));
    }

    [Fact]
    public async Task Catalogue_lists_free_and_approval_needing_software()
    {
        var catalogue = await It.GetSoftwareCatalogAsync(None);

        Assert.Contains(new SoftwareItem("SW-001", "Visual Studio Code", false, false), catalogue);
        Assert.Contains(new SoftwareItem("SW-002", "Microsoft Visio", true, true), catalogue);
        Assert.Contains(catalogue, s => s is { NeedsLicence: true, NeedsApproval: false });
    }

    [Fact]
    public async Task Software_needing_approval_is_routed_to_the_manager_and_free_software_is_approved()
    {
        var manager = (await _backOffice.Host.Hr.GetProfileAsync(Rina, None))!.ManagerName;

        var figma = await It.RequestSoftwareAsync("SW-004", "Mock-up laporan", Rina, None);
        var code = await It.RequestSoftwareAsync("sw-001", null, Rina, None);

        Assert.Equal(("SR-000002", "Figma", SoftwareRequestStatus.PendingApproval, manager), (figma.RequestId, figma.SoftwareName, figma.Status, figma.Approver));
        Assert.Equal(("SR-000003", SoftwareRequestStatus.Approved, (string?)null), (code.RequestId, code.Status, code.Approver));
        Assert.NotNull(manager);
        Assert.Equal(["SR-000003", "SR-000002", "SR-000001"], (await It.GetSoftwareRequestsAsync(Rina, None)).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Another_employees_software_requests_are_not_listed()
    {
        await It.RequestSoftwareAsync("SW-003", null, Colleague, None);

        Assert.DoesNotContain(await It.GetSoftwareRequestsAsync(Colleague, None), r => r.RequestId == "SR-000001");
        Assert.DoesNotContain(await It.GetSoftwareRequestsAsync(Rina, None), r => r.RequestId == "SR-000002");
    }

    [Theory]
    [InlineData("")]
    [InlineData("SW-999")]
    [InlineData("Visio; DROP TABLE SoftwareRequests")]
    public async Task Unknown_software_is_not_requested(string softwareId)
    {
        var result = await It.RequestSoftwareAsync(softwareId, null, Rina, None);

        Assert.Equal(("", SoftwareRequestStatus.Rejected), (result.RequestId, result.Status));
        Assert.Equal(["SR-000001"], (await It.GetSoftwareRequestsAsync(Rina, None)).Select(r => r.RequestId));
    }

    [Fact]
    public async Task Password_reset_sends_a_single_use_link_to_the_email_on_file_and_shows_no_password()
    {
        var result = await It.RunAccountActionAsync(AccountAction.PasswordReset, Rina, None);

        Assert.Equal(new AccountActionResult(AccountAction.PasswordReset, true, "r***@corp.example", true), result);
        var message = Assert.Single(await _backOffice.Host.Outbox.GetRecentAsync("rina.wijaya@corp.example", 10, None));
        Assert.Equal(("password-reset", HelpdeskBot.Connectors.Notifications.ContactChannel.Email), (message.Purpose, message.Channel));
        Assert.Contains("https://id.corp.example/reset?token=", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("password:", message.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unlock_clears_the_lock_of_EMP_0007()
    {
        var first = await It.RunAccountActionAsync(AccountAction.Unlock, Rina, None);
        var second = await It.RunAccountActionAsync(AccountAction.Unlock, Rina, None);

        Assert.Equal((true, true), (first.Done, first.WasLocked));
        Assert.Equal((true, false), (second.Done, second.WasLocked));
    }
}
