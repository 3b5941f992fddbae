using HelpdeskBot.Connectors.Hr;

namespace HelpdeskBot.Connectors.Tests.Http;

public sealed class HttpHrServiceTests : IAsyncLifetime
{
    private static readonly Requester Rina = Requester.Employee("EMP-0007");
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly EmployeeProfile RinaProfile = new("EMP-0007", "Rina Kartika", "Finance", "Accountant", "Sari Wijaya");

    private FakeBackOffice _server = null!;
    private ConnectorHost _host = null!;

    private IHrService Hr => _host.Hr;

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
    public async Task A_teams_user_is_found_by_their_entra_object_id_and_an_unknown_one_is_not()
    {
        Assert.Equal(RinaProfile, await Hr.FindByAadObjectIdAsync(FakeBackOffice.RinaAadObjectId, None));
        Assert.Null(await Hr.FindByAadObjectIdAsync(Guid.NewGuid(), None));
        Assert.Equal($"/api/directory/by-aad/{FakeBackOffice.RinaAadObjectId:D}", _server.Requests[0].Path);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task An_employee_the_system_does_not_know_gets_nothing_whether_it_says_404_or_403(int denyStatus)
    {
        _server.DenyStatus = denyStatus;
        var stranger = Requester.Employee("EMP-0999");

        Assert.Null(await Hr.GetProfileAsync(stranger, None));
        Assert.Empty(await Hr.GetLeaveBalancesAsync(stranger, 2026, None));
        Assert.Null(await Hr.GetLatestPayslipAsync(stranger, new(2026, 11, 27), None));
        Assert.Null(await Hr.GetNextPayDateAsync(stranger, new(2026, 11, 27), None));
        Assert.Equal(LeaveRequestOutcome.Invalid,
            (await Hr.SubmitLeaveRequestAsync(new NewLeaveRequest(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 2), 2m), stranger, None)).Outcome);
    }

    [Fact]
    public async Task Profile_and_leave_balances_are_the_requesters_own()
    {
        Assert.Equal(RinaProfile, await Hr.GetProfileAsync(Rina, None));
        var balances = await Hr.GetLeaveBalancesAsync(Rina, 2026, None);

        Assert.Equal([new LeaveBalanceInfo(LeaveType.Annual, 2026, 12m, 3.5m, 1m), new LeaveBalanceInfo(LeaveType.Sick, 2026, 14m, 0m, 0m)], balances);
        Assert.Equal(7.5m, balances[0].AvailableDays);
        Assert.Equal("/api/employees/me", _server.Requests[0].Path);
        Assert.Equal("?year=2026", _server.Requests[1].Query);
        Assert.All(_server.Requests, r => Assert.Equal("EMP-0007", r.Header("X-Requester-Id")));
    }

    [Fact]
    public async Task Leave_requests_map_submitted_insufficient_and_invalid()
    {
        var submitted = await Hr.SubmitLeaveRequestAsync(new NewLeaveRequest(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 2), 2m), Rina, None);
        var tooLong = await Hr.SubmitLeaveRequestAsync(new NewLeaveRequest(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 12), 10m), Rina, None);
        var backwards = await Hr.SubmitLeaveRequestAsync(new NewLeaveRequest(LeaveType.Annual, new(2026, 12, 5), new(2026, 12, 1), 1m), Rina, None);

        Assert.Equal(new LeaveRequestResult(LeaveRequestOutcome.Submitted, "LR-0031", LeaveRequestStatus.PendingApproval, "Sari Wijaya",
            new LeaveBalanceInfo(LeaveType.Annual, 2026, 12m, 3.5m, 3m)), submitted);
        Assert.Equal(new LeaveRequestResult(LeaveRequestOutcome.InsufficientBalance, null, null, null,
            new LeaveBalanceInfo(LeaveType.Annual, 2026, 12m, 3.5m, 1m)), tooLong);
        Assert.Equal(LeaveRequestOutcome.Invalid, backwards.Outcome);

        var body = _server.Requests[0].Json;
        Assert.Equal(("annual", "2026-12-01", "2026-12-02", 2m),
            (body.GetProperty("type").GetString(), body.GetProperty("start").GetString(), body.GetProperty("end").GetString(), body.GetProperty("workingDays").GetDecimal()));
    }

    [Fact]
    public async Task Payslip_and_next_pay_date_are_asked_as_of_the_given_day()
    {
        var payslip = await Hr.GetLatestPayslipAsync(Rina, new(2026, 11, 27), None);
        var none = await Hr.GetLatestPayslipAsync(Rina, new(2026, 1, 2), None);
        var next = await Hr.GetNextPayDateAsync(Rina, new(2026, 11, 27), None);

        Assert.Equal(new PayslipInfo(new(2026, 10, 1), new(2026, 10, 25), 15_000_000m, 1_850_000m, 13_150_000m, "https://hr.example/payslips/2026-10.pdf"), payslip);
        Assert.Null(none);
        Assert.Equal(new DateOnly(2026, 12, 25), next);
        Assert.Equal(["?asOf=2026-11-27", "?asOf=2026-01-02", "?from=2026-11-27"], _server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Someone_who_is_not_an_employee_gets_nothing_without_a_call()
    {
        var customer = Requester.Customer("CUS-0001");

        Assert.Null(await Hr.GetProfileAsync(customer, None));
        Assert.Empty(await Hr.GetLeaveBalancesAsync(Requester.Anonymous, 2026, None));
        Assert.Null(await Hr.GetNextPayDateAsync(Requester.Supplier("SUP-0001"), new(2026, 11, 27), None));
        Assert.Empty(_server.Requests);
    }
}
