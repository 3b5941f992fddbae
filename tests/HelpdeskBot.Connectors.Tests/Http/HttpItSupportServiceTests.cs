using HelpdeskBot.Connectors.ItSupport;

namespace HelpdeskBot.Connectors.Tests.Http;

public sealed class HttpItSupportServiceTests : IAsyncLifetime
{
    private static readonly Requester Rina = Requester.Employee("EMP-0007");
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeBackOffice _server = null!;
    private ConnectorHost _host = null!;

    private IItSupportService It => _host.ItSupport;

    public async Task InitializeAsync()
    {
        _server = await FakeBackOffice.StartAsync();
        _host = ConnectorHost.Create(_server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_employees_ticket_is_mapped_field_by_field()
    {
        var ticket = await It.GetTicketAsync("TCK-000101", Rina, None);

        Assert.Equal(new TicketInfo("TCK-000101", "Laptop will not start", "Black screen after the update", TicketCategory.Hardware,
            TicketStatus.Open, TicketUrgency.High, new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(7)), new(2026, 11, 21, 10, 30, 0, TimeSpan.FromHours(7)),
            "Andi (IT)", 1), ticket);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/tickets/TCK-000101", "employee", "EMP-0007"),
            (request.Method, request.Path, request.Header("X-Requester-Kind"), request.Header("X-Requester-Id")));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task Another_employees_ticket_reads_as_missing_whether_the_system_says_404_or_403(int denyStatus)
    {
        _server.DenyStatus = denyStatus;

        Assert.Null(await It.GetTicketAsync("TCK-000102", Rina, None));
        Assert.Null(await It.AddCommentAsync("TCK-000102", "Any news?", Rina, None));
        Assert.Equal(new AccountActionResult(AccountAction.Unlock, false, null, false),
            await It.RunAccountActionAsync(AccountAction.Unlock, Requester.Employee("EMP-0999"), None));
    }

    [Fact]
    public async Task A_400_or_409_is_an_answer_not_an_exception()
    {
        Assert.Null(await It.GetTicketAsync("BAD ID", Rina, None));
        Assert.Null(await It.AddCommentAsync("TCK-000103", "Reopen please", Rina, None));
        Assert.Equal("/api/tickets/BAD%20ID", _server.Requests[0].RawTarget);
    }

    [Fact]
    public async Task Open_tickets_come_newest_first()
    {
        var tickets = await It.GetOpenTicketsAsync(Rina, None);

        Assert.Equal(["TCK-000101", "TCK-000099"], tickets.Select(t => t.TicketId));
        Assert.Equal(TicketStatus.InProgress, tickets[1].Status);
        Assert.Equal("?status=open", Assert.Single(_server.Requests).Query);
    }

    [Fact]
    public async Task Someone_who_is_not_an_employee_gets_nothing_without_a_call()
    {
        var customer = Requester.Customer("CUS-0001");

        Assert.Null(await It.GetTicketAsync("TCK-000101", customer, None));
        Assert.Empty(await It.GetOpenTicketsAsync(Requester.Anonymous, None));
        Assert.Empty(await It.GetSoftwareRequestsAsync(customer, None));
        Assert.False((await It.RunAccountActionAsync(AccountAction.PasswordReset, customer, None)).Done);
        Assert.Equal("", (await It.CreateTicketAsync(new NewTicket(TicketCategory.Email, "No mail", TicketUrgency.Low), customer, None)).TicketId);
        Assert.Equal("", (await It.RequestSoftwareAsync("SW-ADOBE", null, customer, None)).RequestId);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_new_ticket_is_posted_once_with_category_description_and_urgency()
    {
        var ticket = await It.CreateTicketAsync(new NewTicket(TicketCategory.Printer, "Printer on 3rd floor jams", TicketUrgency.Medium), Rina, None);

        Assert.Equal(("TCK-000200", TicketCategory.Printer, TicketStatus.Open, TicketUrgency.Medium, null),
            (ticket.TicketId, ticket.Category, ticket.Status, ticket.Urgency, ticket.AssignedTo));
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("POST", "/api/tickets"), (request.Method, request.Path));
        Assert.Equal("printer", request.Json.GetProperty("category").GetString());
        Assert.Equal("medium", request.Json.GetProperty("urgency").GetString());
        Assert.Equal("Printer on 3rd floor jams", request.Json.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_ticket_the_system_refuses_to_open_comes_back_without_an_id_not_as_an_outage()
    {
        var refused = await It.CreateTicketAsync(new NewTicket(TicketCategory.Software, " ", TicketUrgency.Low), Rina, None);

        Assert.Equal("", refused.TicketId);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_comment_on_an_open_ticket_returns_the_updated_ticket()
    {
        var ticket = await It.AddCommentAsync("TCK-000101", "Still black", Rina, None);

        Assert.Equal(2, ticket?.CommentCount);
        Assert.Equal("Still black", Assert.Single(_server.Requests).Json.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Software_catalogue_request_and_list_are_mapped()
    {
        var catalogue = await It.GetSoftwareCatalogAsync(None);
        var request = await It.RequestSoftwareAsync("SW-ADOBE", "Editing supplier contracts", Rina, None);
        var requests = await It.GetSoftwareRequestsAsync(Rina, None);

        Assert.Equal([new SoftwareItem("SW-VSCODE", "Visual Studio Code", false, false), new SoftwareItem("SW-ADOBE", "Adobe Acrobat Pro", true, true)], catalogue);
        Assert.Equal(("SWR-0042", SoftwareRequestStatus.PendingApproval, "Sari Wijaya"), (request.RequestId, request.Status, request.Approver));
        Assert.Equal(["SWR-0042", "SWR-0001"], requests.Select(r => r.RequestId));
        Assert.Null(_server.Requests[0].Header("X-Requester-Kind"));
        Assert.Equal("Editing supplier contracts", _server.Requests[1].Json.GetProperty("justification").GetString());
        var unknown = await It.RequestSoftwareAsync("SW-UNKNOWN", null, Rina, None);
        Assert.Equal(("", SoftwareRequestStatus.Rejected), (unknown.RequestId, unknown.Status));
    }

    [Fact]
    public async Task Account_actions_post_to_the_requesters_own_account()
    {
        var reset = await It.RunAccountActionAsync(AccountAction.PasswordReset, Rina, None);
        var unlock = await It.RunAccountActionAsync(AccountAction.Unlock, Rina, None);

        Assert.Equal(new AccountActionResult(AccountAction.PasswordReset, true, "r***@corp.example", false), reset);
        Assert.Equal(new AccountActionResult(AccountAction.Unlock, true, null, true), unlock);
        Assert.Equal(["POST /api/accounts/me/password-reset", "POST /api/accounts/me/unlock"], _server.Requests.Select(r => $"{r.Method} {r.Path}"));
    }
}
