using System.Globalization;
using HelpdeskBot.Connectors.Hr;

namespace HelpdeskBot.Connectors.Http;

/// <summary>
/// The HR system over the company's REST API (<c>docs/connectors.md</c>, "HR"). An employee's own data only
/// (<c>/employees/me</c>, …): the system reads who "me" is from the requester headers.
/// </summary>
internal sealed class HttpHrService(BackOfficeHttp http) : IHrService
{
    private const BackOfficeSystem System = BackOfficeSystem.Hr;

    private static readonly LeaveRequestResult Invalid = new(LeaveRequestOutcome.Invalid, null, null, null, null);

    public async Task<EmployeeProfile?> FindByAadObjectIdAsync(Guid aadObjectId, CancellationToken cancellationToken)
    {
        if (aadObjectId == Guid.Empty)
        {
            return null;
        }

        var answer = await http.SendAsync<EmployeeProfile>(
            new(System, "FindByAadObjectId", HttpMethod.Get, $"directory/by-aad/{aadObjectId:D}"), cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<EmployeeProfile?> GetProfileAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return null;
        }

        var answer = await http.SendAsync<EmployeeProfile>(
            new(System, "GetProfile", HttpMethod.Get, "employees/me", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<IReadOnlyList<LeaveBalanceInfo>> GetLeaveBalancesAsync(Requester requester, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return [];
        }

        var answer = await http.SendAsync<List<LeaveBalanceInfo>>(
            new(System, "GetLeaveBalances", HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"leave/balances?year={year}"), requester),
            cancellationToken).ConfigureAwait(false);
        return answer.Value ?? [];
    }

    public async Task<LeaveRequestResult> SubmitLeaveRequestAsync(NewLeaveRequest request, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return Invalid;
        }

        var answer = await http.SendAsync<LeaveRequestResult>(
            new(System, "SubmitLeaveRequest", HttpMethod.Post, "leave/requests", requester, request), cancellationToken).ConfigureAwait(false);
        return answer.Value ?? Invalid;
    }

    public async Task<PayslipInfo?> GetLatestPayslipAsync(Requester requester, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return null;
        }

        var answer = await http.SendAsync<PayslipInfo>(
            new(System, "GetLatestPayslip", HttpMethod.Get, $"payslips/latest?asOf={IsoDate(today)}", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<DateOnly?> GetNextPayDateAsync(Requester requester, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (requester.EmployeeId is null)
        {
            return null;
        }

        var answer = await http.SendAsync<NextPayDate>(
            new(System, "GetNextPayDate", HttpMethod.Get, $"payroll/next-pay-date?from={IsoDate(today)}", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value?.PayDate;
    }

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record NextPayDate(DateOnly PayDate);
}
