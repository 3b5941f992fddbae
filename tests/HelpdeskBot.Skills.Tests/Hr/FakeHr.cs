using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;

namespace HelpdeskBot.Skills.Tests.Hr;

/// <summary>An HR system that knows one employee (EMP-0007), recording every request.</summary>
internal sealed class FakeHr : IHrService
{
    public const string Me = "EMP-0007";

    /// <summary>The public holidays the test conversations run with (cuti bersama and Christmas 2026, New Year 2027).</summary>
    public static readonly DateOnly[] Holidays = [new(2026, 12, 24), new(2026, 12, 25), new(2027, 1, 1)];

    public static readonly PayslipInfo November = new(
        new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 25), 15_000_000m, 1_750_000m, 13_250_000m, "https://hr.example/payslips/2026-11.pdf");

    public bool Down { get; set; }

    public LeaveRequestOutcome NextOutcome { get; set; } = LeaveRequestOutcome.Submitted;

    public List<(NewLeaveRequest Request, Requester Requester)> Submitted { get; } = [];

    public List<(Requester Requester, int Year)> BalanceReads { get; } = [];

    public List<LeaveBalanceInfo> Balances { get; } =
    [
        new(LeaveType.Annual, 2026, 12m, 4m, 1m),
        new(LeaveType.Sick, 2026, 14m, 2m, 0m),
        new(LeaveType.Annual, 2027, 12m, 0m, 0m),
    ];

    public Task<EmployeeProfile?> FindByAadObjectIdAsync(Guid aadObjectId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");

    public Task<EmployeeProfile?> GetProfileAsync(Requester requester, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");

    public Task<IReadOnlyList<LeaveBalanceInfo>> GetLeaveBalancesAsync(Requester requester, int year, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        BalanceReads.Add((requester, year));
        IReadOnlyList<LeaveBalanceInfo> balances = requester.EmployeeId == Me ? [.. Balances.Where(b => b.Year == year)] : [];
        return Task.FromResult(balances);
    }

    public Task<LeaveRequestResult> SubmitLeaveRequestAsync(NewLeaveRequest request, Requester requester, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        Submitted.Add((request, requester));
        var balance = Balances.FirstOrDefault(b => b.Type == request.Type && b.Year == request.Start.Year);
        return Task.FromResult(NextOutcome switch
        {
            LeaveRequestOutcome.Submitted => new LeaveRequestResult(LeaveRequestOutcome.Submitted, "LV-0001", LeaveRequestStatus.PendingApproval, "Sari Wulandari", balance),
            var outcome => new LeaveRequestResult(outcome, null, null, null, balance),
        });
    }

    public Task<PayslipInfo?> GetLatestPayslipAsync(Requester requester, DateOnly today, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(requester.EmployeeId == Me && today >= November.PayDate ? November : null);
    }

    public Task<DateOnly?> GetNextPayDateAsync(Requester requester, DateOnly today, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult<DateOnly?>(requester.EmployeeId == Me ? new DateOnly(2026, 12, 25) : null);
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new BackOfficeUnavailableException(BackOfficeSystem.Hr, "The HR system is down (test).");
        }
    }
}
