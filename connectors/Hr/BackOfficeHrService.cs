using System.Globalization;
using HelpdeskBot.Connectors.BackOffice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.Hr;

/// <summary>
/// The HR system of the demo back office. Leave requests waiting for approval count as pending days against the balance
/// of the year they start in. Balance rules on submission: annual leave needs enough available days; unpaid leave is
/// capped by its yearly entitlement the same way; sick leave is never refused for balance (someone who is ill must be able
/// to report it — HR follows up on sick leave beyond the entitlement), though it still shows as pending. Every type is
/// refused when it overlaps the employee's pending or approved leave. A request may not span two years.
/// The demo's payroll stands still at <see cref="BackOfficeOptions.BusinessDate"/>: a <c>today</c> after it is read as
/// that day, so "latest payslip" and "next pay date" tell the same story whenever the demo runs.
/// </summary>
internal sealed class BackOfficeHrService(
    IDbContextFactory<BackOfficeDbContext> dbFactory, IOptions<BackOfficeOptions> options, TimeProvider time) : IHrService
{
    public Task<EmployeeProfile?> FindByAadObjectIdAsync(Guid aadObjectId, CancellationToken cancellationToken) =>
        BackOfficeCall.RunAsync(BackOfficeSystem.Hr, async () =>
        {
            if (aadObjectId == Guid.Empty)
            {
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.AadObjectId == aadObjectId, cancellationToken);
            return employee is null ? null : await ToProfileAsync(db, employee, cancellationToken);
        });

    public Task<EmployeeProfile?> GetProfileAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Hr, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId)
            {
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
            return employee is null ? null : await ToProfileAsync(db, employee, cancellationToken);
        });
    }

    public Task<IReadOnlyList<LeaveBalanceInfo>> GetLeaveBalancesAsync(Requester requester, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Hr, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId)
            {
                return (IReadOnlyList<LeaveBalanceInfo>)[];
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var balances = await db.LeaveBalances.AsNoTracking().Where(b => b.EmployeeId == employeeId && b.Year == year).ToListAsync(cancellationToken);
            var pending = await PendingDaysAsync(db, employeeId, year, cancellationToken);
            return balances.OrderBy(b => b.Type).Select(b => ToInfo(b, pending)).ToList();
        });
    }

    public Task<LeaveRequestResult> SubmitLeaveRequestAsync(NewLeaveRequest request, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Hr, async () =>
        {
            var invalid = new LeaveRequestResult(LeaveRequestOutcome.Invalid, null, null, null, null);
            if (EmployeeIdOf(requester) is not { } employeeId || !IsValid(request))
            {
                return invalid;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

            // Balance and overlaps are read under the write lock, so two requests at once cannot both spend the same days.
            await using var transaction = await BackOfficeDatabase.BeginWriteAsync(db, cancellationToken);
            var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == employeeId, cancellationToken);
            if (employee is null)
            {
                return invalid;
            }

            var year = request.Start.Year;
            var pending = await PendingDaysAsync(db, employeeId, year, cancellationToken);
            var row = await db.LeaveBalances.AsNoTracking()
                .SingleOrDefaultAsync(b => b.EmployeeId == employeeId && b.Year == year && b.Type == request.Type, cancellationToken);
            var balance = row is null ? null : ToInfo(row, pending);

            var active = await db.LeaveRequests.AsNoTracking()
                .Where(r => r.EmployeeId == employeeId && (r.Status == LeaveRequestStatus.PendingApproval || r.Status == LeaveRequestStatus.Approved))
                .Select(r => new { r.Start, r.End })
                .ToListAsync(cancellationToken);
            if (active.Any(r => r.Start <= request.End && request.Start <= r.End))
            {
                return new LeaveRequestResult(LeaveRequestOutcome.Overlaps, null, null, null, balance);
            }

            if (request.Type != LeaveType.Sick && (balance is null || balance.AvailableDays < request.WorkingDays))
            {
                return new LeaveRequestResult(LeaveRequestOutcome.InsufficientBalance, null, null, null, balance);
            }

            var approver = employee.ManagerId is { } managerId
                ? await db.Employees.Where(e => e.Id == managerId).Select(e => e.Name).SingleAsync(cancellationToken)
                : employee.Name;
            var entity = new LeaveRequest
            {
                Id = DemoBackOffice.LeaveRequestId(await db.LeaveRequests.CountAsync(cancellationToken) + 1),
                EmployeeId = employeeId,
                Type = request.Type,
                Start = request.Start,
                End = request.End,
                WorkingDays = request.WorkingDays,
                Status = LeaveRequestStatus.PendingApproval,
                Approver = approver,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.LeaveRequests.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            var after = balance is null ? null : balance with { PendingDays = balance.PendingDays + request.WorkingDays };
            return new LeaveRequestResult(LeaveRequestOutcome.Submitted, entity.Id, entity.Status, approver, after);
        });
    }

    public Task<PayslipInfo?> GetLatestPayslipAsync(Requester requester, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Hr, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId)
            {
                return null;
            }

            var day = BusinessDay(today);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var payslips = await db.Payslips.AsNoTracking().Where(p => p.EmployeeId == employeeId).ToListAsync(cancellationToken);
            return payslips.Where(p => p.PayDate <= day).OrderByDescending(p => p.PayDate).Select(p => new PayslipInfo(
                p.Period, p.PayDate, p.GrossIdr, p.DeductionsIdr, p.NetIdr,
                string.Create(CultureInfo.InvariantCulture, $"https://hr.corp.example/payslips/{p.EmployeeId}/{p.Period:yyyy-MM}.pdf"))).FirstOrDefault();
        });
    }

    public Task<DateOnly?> GetNextPayDateAsync(Requester requester, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        return BackOfficeCall.RunAsync(BackOfficeSystem.Hr, async () =>
        {
            if (EmployeeIdOf(requester) is not { } employeeId)
            {
                return null;
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Employees.AnyAsync(e => e.Id == employeeId, cancellationToken))
            {
                return null;
            }

            // Payroll runs monthly on the rule the payslips follow (the 25th, or the Friday before a weekend).
            var day = BusinessDay(today);
            var thisMonth = DemoBackOffice.PayDate(day.Year, day.Month);
            var next = thisMonth >= day ? thisMonth : DemoBackOffice.PayDate(day.AddMonths(1).Year, day.AddMonths(1).Month);
            return (DateOnly?)next;
        });
    }

    private DateOnly BusinessDay(DateOnly today) => today > options.Value.Today ? options.Value.Today : today;

    private static bool IsValid(NewLeaveRequest request) =>
        Enum.IsDefined(request.Type)
        && request.Start <= request.End
        && request.Start.Year == request.End.Year
        && request.WorkingDays > 0
        && request.WorkingDays <= request.End.DayNumber - request.Start.DayNumber + 1
        && request.WorkingDays * 2 == decimal.Truncate(request.WorkingDays * 2);

    private static async Task<Dictionary<LeaveType, decimal>> PendingDaysAsync(
        BackOfficeDbContext db, string employeeId, int year, CancellationToken cancellationToken)
    {
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var pending = await db.LeaveRequests.AsNoTracking()
            .Where(r => r.EmployeeId == employeeId && r.Status == LeaveRequestStatus.PendingApproval && r.Start >= yearStart && r.Start <= yearEnd)
            .Select(r => new { r.Type, r.WorkingDays })
            .ToListAsync(cancellationToken);
        return pending.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Sum(r => r.WorkingDays));
    }

    private static LeaveBalanceInfo ToInfo(LeaveBalance b, Dictionary<LeaveType, decimal> pending) =>
        new(b.Type, b.Year, b.EntitledDays, b.UsedDays, pending.GetValueOrDefault(b.Type));

    private static async Task<EmployeeProfile> ToProfileAsync(BackOfficeDbContext db, Employee employee, CancellationToken cancellationToken)
    {
        var manager = employee.ManagerId is { } managerId
            ? await db.Employees.Where(e => e.Id == managerId).Select(e => e.Name).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new EmployeeProfile(employee.Id, employee.Name, employee.Department, employee.JobTitle, manager)
        {
            AadObjectId = employee.AadObjectId == Guid.Empty ? null : employee.AadObjectId,
        };
    }

    private static string? EmployeeIdOf(Requester requester) =>
        requester.EmployeeId is { Length: > 0 and <= 20 } id ? id.Trim().ToUpperInvariant() : null;
}
