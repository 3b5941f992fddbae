using System.Globalization;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Hr;

/// <summary>What the HR system says, in words; shared by the skills and <see cref="HrPlugin"/>.</summary>
internal static class HrReplies
{
    public static string Balances(IReadOnlyList<LeaveBalanceInfo> balances, int year, string language)
    {
        var yearText = year.ToString(CultureInfo.InvariantCulture);
        var ofYear = balances.Where(b => b.Year == year).OrderBy(b => b.Type).ToList();
        if (ofYear.Count == 0)
        {
            return HrPhrases.NoBalance.Format(language, ("year", yearText));
        }

        var lines = ofYear.Select(b => HrPhrases.BalanceLine.Format(
            language,
            ("type", HrFormat.TypeName(b.Type, language)),
            ("available", HrFormat.Days(b.AvailableDays, language)),
            ("entitled", HrFormat.Number(b.EntitledDays, language)),
            ("used", HrFormat.Number(b.UsedDays, language)),
            ("pending", HrFormat.Number(b.PendingDays, language))));
        return string.Join('\n', [HrPhrases.BalanceHeader.Format(language, ("year", yearText)), .. lines]);
    }

    public static string NextPayday(DateOnly? next, string language) =>
        next is { } date ? HrPhrases.NextPayday.Format(language, ("date", LocalFormat.Date(date, language))) : HrPhrases.NoNextPayday.In(language);

    public static string Payslip(PayslipInfo? payslip, string language) =>
        payslip is null
            ? HrPhrases.NoPayslip.In(language)
            : HrPhrases.LatestPayslip.Format(
                language,
                ("period", HrFormat.Month(payslip.Period, language)),
                ("paid", LocalFormat.Date(payslip.PayDate, language)),
                ("gross", LocalFormat.Rupiah(payslip.GrossIdr)),
                ("deductions", LocalFormat.Rupiah(payslip.DeductionsIdr)),
                ("net", LocalFormat.Rupiah(payslip.NetIdr)),
                ("link", payslip.DocumentUrl));

    /// <summary>What the HR system did with a submitted request.</summary>
    public static string Submitted(LeaveRequestResult result, NewLeaveRequest request, string language)
    {
        var id = result.RequestId ?? "-";
        return result.Outcome switch
        {
            LeaveRequestOutcome.Submitted when result.Status == LeaveRequestStatus.Approved =>
                HrPhrases.SubmittedApproved.Format(language, ("request", id)),
            LeaveRequestOutcome.Submitted when !string.IsNullOrWhiteSpace(result.Approver) =>
                HrPhrases.Submitted.Format(language, ("request", id), ("approver", result.Approver)),
            LeaveRequestOutcome.Submitted => HrPhrases.SubmittedNoApprover.Format(language, ("request", id)),
            LeaveRequestOutcome.InsufficientBalance => HrPhrases.Insufficient.Format(
                language,
                ("type", HrFormat.TypeName(request.Type, language).ToLowerInvariant()),
                ("available", HrFormat.Days(result.Balance?.AvailableDays ?? 0m, language))),
            LeaveRequestOutcome.Overlaps => HrPhrases.Overlaps.In(language),
            _ => HrPhrases.Invalid.In(language),
        };
    }
}
