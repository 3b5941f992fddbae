using System.ComponentModel;
using System.Globalization;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.Hr;

/// <summary>
/// HR operations as kernel functions for the turn's employee (bound at construction; no function takes an employee id).
/// Leave is never requested from here: <c>request_leave</c> checks the request and leaves the form at its confirmation
/// step in <see cref="PendingForm"/>, for the caller to install as the conversation's active form.
/// </summary>
public sealed class HrPlugin(IHrService hr, HrCalendar calendar, TimeProvider time, Requester requester, string language)
{
    /// <summary>A leave request waiting for the user's yes in the chat, after <c>request_leave</c>.</summary>
    public FormState? PendingForm { get; private set; }

    [KernelFunction("get_leave_balance"), Description("Gets the signed-in employee's leave balance for this year: entitled, used, pending and available days per leave type.")]
    public async Task<string> GetLeaveBalanceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var year = calendar.Today(time.GetUtcNow()).Year;
            return HrReplies.Balances(await hr.GetLeaveBalancesAsync(requester, year, cancellationToken), year, language);
        }
        catch (BackOfficeUnavailableException ex)
        {
            return SystemDown(ex);
        }
    }

    [KernelFunction("request_leave"), Description("Prepares a leave request for the signed-in employee and checks dates and balance. Does not submit it: the user must confirm in the chat.")]
    public async Task<string> RequestLeaveAsync(
        [Description("Leave type: annual, sick or unpaid.")] string type,
        [Description("First day of leave, yyyy-MM-dd.")] string startDate,
        [Description("Last day of leave, yyyy-MM-dd (the same as startDate for one day).")] string endDate,
        CancellationToken cancellationToken = default)
    {
        PendingForm = null;
        var now = time.GetUtcNow();
        var leaveType = LeaveRequestForm.ParseType(type ?? string.Empty)
            ?? (Enum.TryParse<LeaveType>(type, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : (LeaveType?)null);
        if (leaveType is null)
        {
            return HrPhrases.UnknownType.In(language);
        }

        if (!TryDate(startDate, out var start) || !TryDate(endDate, out var end))
        {
            return HrPhrases.NoDate.In(language);
        }

        try
        {
            var step = LeaveRequestForm.BeginWith(leaveType, new LeaveDates(start, end), calendar.At(now), language, now);
            if (step.Action == LeaveRequestFormAction.CheckBalance)
            {
                step = await LeaveRequestSkill.CheckBalanceAsync(step.State!, hr, requester, language, now, cancellationToken);
            }

            if (step.Action != LeaveRequestFormAction.Confirm)
            {
                return step.Reply?.Text ?? HrPhrases.Invalid.In(language);
            }

            PendingForm = step.State;
            return $"{step.Reply!.Text}\n{HrPhrases.NeedsConfirmation.In(language)}";
        }
        catch (BackOfficeUnavailableException ex)
        {
            return SystemDown(ex);
        }
    }

    [KernelFunction("get_payslip_summary"), Description("Gets a summary of the signed-in employee's latest payslip: period, pay date, gross, deductions, net and the document link.")]
    public async Task<string> GetPayslipSummaryAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var today = calendar.Today(time.GetUtcNow());
            return HrReplies.Payslip(await hr.GetLatestPayslipAsync(requester, today, cancellationToken), language);
        }
        catch (BackOfficeUnavailableException ex)
        {
            return SystemDown(ex);
        }
    }

    [KernelFunction("get_next_payday"), Description("Gets the signed-in employee's next pay date.")]
    public async Task<string> GetNextPaydayAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var today = calendar.Today(time.GetUtcNow());
            return HrReplies.NextPayday(await hr.GetNextPayDateAsync(requester, today, cancellationToken), language);
        }
        catch (BackOfficeUnavailableException ex)
        {
            return SystemDown(ex);
        }
    }

    private string SystemDown(BackOfficeUnavailableException ex) =>
        DialogPhrases.SystemDown.Format(language, ("system", DialogPhrases.SystemName(ex.System).In(language)));

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
