using HelpdeskBot.Connectors.Hr;

namespace HelpdeskBot.Connectors.Tests.Hr;

public sealed class HrTests : IAsyncLifetime
{
    private static readonly Requester Rina = Requester.Employee("EMP-0007");
    private FreshBackOffice _backOffice = null!;

    private IHrService Hr => _backOffice.Host.Hr;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync() => _backOffice = await FreshBackOffice.StartAsync();

    public async Task DisposeAsync() => await _backOffice.DisposeAsync();

    private async Task<LeaveBalanceInfo> Annual(Requester requester) =>
        (await Hr.GetLeaveBalancesAsync(requester, 2026, None)).Single(b => b.Type == LeaveType.Annual);

    private Task<LeaveRequestResult> Submit(LeaveType type, DateOnly start, DateOnly end, decimal days, Requester? requester = null) =>
        Hr.SubmitLeaveRequestAsync(new NewLeaveRequest(type, start, end, days), requester ?? Rina, None);

    [Fact]
    public async Task Teams_user_is_found_by_their_entra_object_id()
    {
        var profile = await Hr.FindByAadObjectIdAsync(Guid.Parse("00000000-0000-4000-8000-000000000007"), None);

        Assert.Equal(("EMP-0007", "Rina Wijaya", "Finance"), (profile?.EmployeeId, profile?.Name, profile?.Department));
        Assert.Equal(profile, await Hr.GetProfileAsync(Rina, None));
        Assert.NotNull(profile?.ManagerName);
        Assert.Null(await Hr.FindByAadObjectIdAsync(Guid.Empty, None));
        Assert.Null(await Hr.FindByAadObjectIdAsync(Guid.NewGuid(), None));
    }

    [Fact]
    public async Task Pending_leave_counts_against_the_available_balance()
    {
        Assert.Equal(new LeaveBalanceInfo(LeaveType.Annual, 2026, 12, 4, 3), await Annual(Rina));
        Assert.Equal(5m, (await Annual(Rina)).AvailableDays);

        var result = await Submit(LeaveType.Annual, new(2026, 12, 28), new(2026, 12, 29), 2);

        Assert.Equal(LeaveRequestOutcome.Submitted, result.Outcome);
        Assert.Equal(new LeaveBalanceInfo(LeaveType.Annual, 2026, 12, 4, 5), result.Balance);
        Assert.Equal(3m, (await Annual(Rina)).AvailableDays);
    }

    [Fact]
    public async Task Leave_is_routed_to_the_manager_for_approval()
    {
        var manager = (await Hr.GetProfileAsync(Rina, None))!.ManagerName;

        var result = await Submit(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 1), 1);

        Assert.Equal(("LR-000002", LeaveRequestStatus.PendingApproval, manager), (result.RequestId, result.Status, result.Approver));
    }

    [Fact]
    public async Task Annual_leave_beyond_the_available_days_is_refused()
    {
        var result = await Submit(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 8), 6);

        Assert.Equal((LeaveRequestOutcome.InsufficientBalance, (string?)null), (result.Outcome, result.RequestId));
        Assert.Equal(5m, result.Balance?.AvailableDays);
        Assert.Equal(3m, (await Annual(Rina)).PendingDays);
    }

    [Fact]
    public async Task Pending_requests_are_spent_before_the_next_one_is_checked()
    {
        Assert.Equal(LeaveRequestOutcome.Submitted, (await Submit(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 3), 3)).Outcome);

        Assert.Equal(LeaveRequestOutcome.InsufficientBalance, (await Submit(LeaveType.Annual, new(2026, 12, 7), new(2026, 12, 9), 3)).Outcome);
    }

    [Fact]
    public async Task Unpaid_leave_is_capped_and_sick_leave_is_never_refused_for_balance()
    {
        Assert.Equal(LeaveRequestOutcome.InsufficientBalance, (await Submit(LeaveType.Unpaid, new(2026, 1, 1), new(2026, 3, 31), 31)).Outcome);

        var sick = await Submit(LeaveType.Sick, new(2026, 11, 2), new(2026, 11, 27), 20);
        Assert.Equal(LeaveRequestOutcome.Submitted, sick.Outcome);
        Assert.True(sick.Balance?.AvailableDays < 0);
    }

    [Theory]
    [InlineData(2026, 12, 23, 2026, 12, 24)]
    [InlineData(2026, 12, 18, 2026, 12, 21)]
    [InlineData(2026, 12, 21, 2026, 12, 21)]
    public async Task Leave_overlapping_pending_leave_is_refused(int y1, int m1, int d1, int y2, int m2, int d2)
    {
        var result = await Submit(LeaveType.Sick, new(y1, m1, d1), new(y2, m2, d2), 1);

        Assert.Equal(LeaveRequestOutcome.Overlaps, result.Outcome);
    }

    [Fact]
    public async Task A_request_overlapping_one_just_submitted_is_refused()
    {
        Assert.Equal(LeaveRequestOutcome.Submitted, (await Submit(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 2), 2)).Outcome);

        Assert.Equal(LeaveRequestOutcome.Overlaps, (await Submit(LeaveType.Unpaid, new(2026, 12, 2), new(2026, 12, 4), 3)).Outcome);
    }

    [Theory]
    [InlineData(2026, 12, 2, 2026, 12, 1, 1)]
    [InlineData(2026, 12, 1, 2026, 12, 2, 0)]
    [InlineData(2026, 12, 1, 2026, 12, 2, -1)]
    [InlineData(2026, 12, 1, 2026, 12, 2, 3)]
    [InlineData(2026, 12, 1, 2026, 12, 2, 0.3)]
    [InlineData(2026, 12, 30, 2027, 1, 4, 3)]
    public async Task Impossible_requests_are_invalid(int y1, int m1, int d1, int y2, int m2, int d2, double days)
    {
        var result = await Submit(LeaveType.Annual, new(y1, m1, d1), new(y2, m2, d2), (decimal)days);

        Assert.Equal(LeaveRequestOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public async Task Only_the_employee_themself_sees_their_hr_data()
    {
        Requester[] outsiders = [Requester.Customer("EMP-0007"), Requester.Supplier("EMP-0007"), Requester.Anonymous, Requester.Employee("EMP-9999")];
        var today = new DateOnly(2026, 11, 20);
        foreach (var outsider in outsiders)
        {
            Assert.Null(await Hr.GetProfileAsync(outsider, None));
            Assert.Empty(await Hr.GetLeaveBalancesAsync(outsider, 2026, None));
            Assert.Null(await Hr.GetLatestPayslipAsync(outsider, today, None));
            Assert.Null(await Hr.GetNextPayDateAsync(outsider, today, None));
            Assert.Equal(LeaveRequestOutcome.Invalid, (await Submit(LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 1), 1, outsider)).Outcome);
        }

        var colleague = await Annual(Requester.Employee("EMP-0008"));
        Assert.Equal(0m, colleague.PendingDays);
    }

    [Fact]
    public async Task Latest_payslip_is_the_last_one_paid_and_links_to_its_document()
    {
        var payslip = await Hr.GetLatestPayslipAsync(Rina, new DateOnly(2026, 11, 20), None);

        Assert.Equal(
            new PayslipInfo(new(2026, 10, 1), new(2026, 10, 23), 9_500_000m, 760_000m, 8_740_000m,
                "https://hr.corp.example/payslips/EMP-0007/2026-10.pdf"),
            payslip);
        Assert.Null(await Hr.GetLatestPayslipAsync(Rina, new DateOnly(2026, 1, 1), None));

        await using var endOfMonth = await FreshBackOffice.StartAsync(businessDate: "2026-11-30");
        Assert.Equal(new DateOnly(2026, 11, 1), (await endOfMonth.Host.Hr.GetLatestPayslipAsync(Rina, new DateOnly(2026, 11, 25), None))?.Period);
    }

    [Fact]
    public async Task Pay_dates_after_the_business_date_read_as_the_business_date()
    {
        Assert.Equal(
            await Hr.GetLatestPayslipAsync(Rina, new DateOnly(2026, 11, 20), None),
            await Hr.GetLatestPayslipAsync(Rina, new DateOnly(2027, 3, 1), None));
        Assert.Equal(new DateOnly(2026, 11, 25), await Hr.GetNextPayDateAsync(Rina, new DateOnly(2027, 3, 1), None));
        Assert.Equal(new DateOnly(2026, 11, 25), await Hr.GetNextPayDateAsync(Rina, new DateOnly(2026, 10, 26), None));
        Assert.Equal(new DateOnly(2026, 10, 23), await Hr.GetNextPayDateAsync(Rina, new DateOnly(2026, 10, 23), None));

        await using var december = await FreshBackOffice.StartAsync(businessDate: "2026-11-26");
        Assert.Equal(new DateOnly(2026, 12, 25), await december.Host.Hr.GetNextPayDateAsync(Rina, new DateOnly(2026, 12, 1), None));
    }
}
