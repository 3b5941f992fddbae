namespace HelpdeskBot.Connectors.Hr;

public enum LeaveType { Annual, Sick, Unpaid }

/// <summary>An employee as the HR directory knows them. Only ever returned for the requester themself (or a channel lookup).</summary>
public sealed record EmployeeProfile(string EmployeeId, string Name, string Department, string JobTitle, string? ManagerName)
{
    /// <summary>
    /// The employee's Microsoft Entra object id (what Teams sends as <c>aadObjectId</c>), when the directory has one: the bot
    /// needs it to open a Teams chat with an employee who has not written to it yet.
    /// </summary>
    public Guid? AadObjectId { get; init; }
}

public sealed record LeaveBalanceInfo(LeaveType Type, int Year, decimal EntitledDays, decimal UsedDays, decimal PendingDays)
{
    /// <summary>What can still be requested: entitlement minus taken and pending days.</summary>
    public decimal AvailableDays => EntitledDays - UsedDays - PendingDays;
}

/// <param name="WorkingDays">Working days the request covers, counted by the caller (weekends and public holidays excluded).</param>
public sealed record NewLeaveRequest(LeaveType Type, DateOnly Start, DateOnly End, decimal WorkingDays);

public enum LeaveRequestStatus { PendingApproval, Approved, Rejected }

public enum LeaveRequestOutcome { Submitted, InsufficientBalance, Overlaps, Invalid }

/// <param name="Approver">The manager it was routed to.</param>
public sealed record LeaveRequestResult(
    LeaveRequestOutcome Outcome,
    string? RequestId,
    LeaveRequestStatus? Status,
    string? Approver,
    LeaveBalanceInfo? Balance);

/// <param name="DocumentUrl">A link to the payslip document (PDF) for the employee.</param>
public sealed record PayslipInfo(DateOnly Period, DateOnly PayDate, decimal GrossIdr, decimal DeductionsIdr, decimal NetIdr, string DocumentUrl);

/// <summary>
/// The HR system. An employee sees only their own data; anyone else gets null or nothing.
/// Failures to reach the system throw <see cref="BackOfficeUnavailableException"/>.
/// </summary>
public interface IHrService
{
    /// <summary>The employee a Teams user is (by the Entra object id the channel sends), or null when not in the directory.</summary>
    Task<EmployeeProfile?> FindByAadObjectIdAsync(Guid aadObjectId, CancellationToken cancellationToken);

    Task<EmployeeProfile?> GetProfileAsync(Requester requester, CancellationToken cancellationToken);

    Task<IReadOnlyList<LeaveBalanceInfo>> GetLeaveBalancesAsync(Requester requester, int year, CancellationToken cancellationToken);

    /// <summary>Submits a leave request for manager approval after checking the balance and overlaps again.</summary>
    Task<LeaveRequestResult> SubmitLeaveRequestAsync(NewLeaveRequest request, Requester requester, CancellationToken cancellationToken);

    /// <summary>The latest payslip paid on or before <paramref name="today"/>.</summary>
    Task<PayslipInfo?> GetLatestPayslipAsync(Requester requester, DateOnly today, CancellationToken cancellationToken);

    /// <summary>The next pay date on or after <paramref name="today"/>.</summary>
    Task<DateOnly?> GetNextPayDateAsync(Requester requester, DateOnly today, CancellationToken cancellationToken);
}
