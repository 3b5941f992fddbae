using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Hr;

namespace HelpdeskBot.Skills.Tests.Hr;

public sealed class LeaveConversationTests
{
    private const string Balance = IntentNames.HrLeaveBalance;
    private const string Leave = IntentNames.HrLeaveRequest;

    [Fact]
    public async Task Leave_balance_lists_each_type_for_this_year_for_the_signed_in_employee()
    {
        var conversation = EmployeeConversation.Start();

        var result = await conversation.AskAsync("how much leave do I have left", Balance);

        Assert.Equal(
            "Your leave balance for 2026:\n"
            + "• Annual leave: 7 days available (12 entitled, 4 used, 1 pending approval)\n"
            + "• Sick leave: 12 days available (14 entitled, 2 used, 0 pending approval)",
            result.Text());
        Assert.Equal((EmployeeConversation.Employee, 2026), Assert.Single(conversation.Hr.BalanceReads));
        Assert.Equal(["Request leave"], result.ActionTitles());
    }

    [Fact]
    public async Task Leave_balance_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var result = await conversation.AskAsync("sisa cuti saya berapa", Balance);

        Assert.StartsWith("Sisa cuti Anda untuk tahun 2026:\n• Cuti tahunan: 7 hari tersedia (jatah 12, terpakai 4, menunggu persetujuan 1)", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leave_request_with_type_and_dates_goes_straight_to_the_confirmation_and_submits_on_yes()
    {
        var conversation = EmployeeConversation.Start();

        var asked = await conversation.AskAsync("I'd like annual leave from 21 to 23 December", Leave);
        var done = await conversation.SayAsync("yes");

        Assert.Equal("Annual leave 21–23 December 2026, 3 working days, leaving 4 days. Submit?", asked.Text());
        Assert.Equal(["Yes", "No"], asked.ActionTitles());
        var (request, requester) = Assert.Single(conversation.Hr.Submitted);
        Assert.Equal(new NewLeaveRequest(LeaveType.Annual, new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 23), 3), request);
        Assert.Equal(EmployeeConversation.Employee, requester);
        Assert.Equal("Your leave request LV-0001 is submitted, pending approval by Sari Wulandari.", done.Text());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task Leave_request_in_Indonesian_asks_type_then_dates_then_the_end_one_question_at_a_time()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var type = await conversation.AskAsync("saya mau cuti", Leave);
        var dates = await conversation.SayAsync("Cuti tahunan");
        var end = await conversation.SayAsync("besok");
        var confirm = await conversation.SayAsync("Hanya hari itu");
        var done = await conversation.SayAsync("iya");

        Assert.Equal("Cuti jenis apa yang ingin Anda ajukan?", type.Text());
        Assert.Equal(["Cuti tahunan", "Cuti sakit", "Cuti tanpa gaji"], type.ActionTitles());
        Assert.StartsWith("Untuk tanggal berapa?", dates.Text(), StringComparison.Ordinal);
        Assert.Equal("Sampai tanggal berapa? Cuti Anda dimulai pada 2 Desember 2026.", end.Text());
        Assert.Equal(["Hanya hari itu"], end.ActionTitles());
        Assert.Equal("Cuti tahunan 2 Desember 2026, 1 hari kerja, sisa 6 hari. Ajukan sekarang?", confirm.Text());
        Assert.Equal(["Ya", "Tidak"], confirm.ActionTitles());
        Assert.Equal("Pengajuan cuti LV-0001 sudah dikirim dan menunggu persetujuan Sari Wulandari.", done.Text());
    }

    [Fact]
    public async Task A_range_across_the_year_end_is_split_per_calendar_year_because_balances_are_per_year()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var result = await conversation.AskAsync("cuti tahunan 22 Desember s/d 2 Januari", Leave);

        Assert.StartsWith("Cuti dihitung per tahun kalender, jadi silakan bagi menjadi dua pengajuan: satu sampai 31 Desember 2026 dan satu mulai 1 Januari 2027.", result.Text(), StringComparison.Ordinal);
        Assert.IsType<LeaveRequestFormState>(result.State.ActiveForm);
        Assert.Empty(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task Sick_leave_is_not_refused_for_balance_even_when_the_sick_days_are_used_up()
    {
        var conversation = EmployeeConversation.Start();
        var sick = conversation.Hr.Balances.FindIndex(b => b.Type == LeaveType.Sick);
        conversation.Hr.Balances[sick] = conversation.Hr.Balances[sick] with { UsedDays = 14m };

        var confirm = await conversation.AskAsync("sick leave 7 Dec to 8 Dec", Leave);
        var done = await conversation.SayAsync("yes");

        Assert.Equal("Sick leave 7–8 December 2026, 2 working days. Submit?", confirm.Text());
        Assert.Equal(LeaveType.Sick, Assert.Single(conversation.Hr.Submitted).Request.Type);
        Assert.Null(done.State.ActiveForm);
    }

    [Fact]
    public async Task A_relative_day_is_resolved_against_the_clock()
    {
        var conversation = EmployeeConversation.Start();

        var end = await conversation.AskAsync("sick leave next Friday", Leave);
        var confirm = await conversation.SayAsync("Just that day");

        Assert.StartsWith("Until which date? Your leave would start on ", end.Text(), StringComparison.Ordinal);
        Assert.Equal("Sick leave 4 December 2026, 1 working day, leaving 11 days. Submit?", confirm.Text());
    }

    [Fact]
    public async Task Leave_over_the_balance_is_refused_with_the_available_days_and_other_dates_are_asked_for()
    {
        var conversation = EmployeeConversation.Start();

        var result = await conversation.AskAsync("annual leave 7-18 December", Leave);

        Assert.StartsWith("That's 10 working days, but you have only 7 days of annual leave available. For which dates?", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Hr.Submitted);
        var form = Assert.IsType<LeaveRequestFormState>(conversation.State.ActiveForm);
        Assert.Equal(LeaveRequestStage.AskDates, form.Stage);
    }

    [Fact]
    public async Task Leave_over_the_balance_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var result = await conversation.AskAsync("cuti tahunan 7-18 Desember", Leave);

        Assert.StartsWith("Itu 10 hari kerja, tetapi sisa cuti tahunan Anda hanya 7 hari.", result.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("annual leave 20 November 2026 to 23 November 2026", "20 November 2026 is in the past.")]
    [InlineData("annual leave 5-6 December", "5–6 December 2026 has no working days")]
    [InlineData("annual leave 24-25 December", "24–25 December 2026 has no working days")]
    [InlineData("annual leave 6 January 2028 to 7 January 2028", "7 January 2028 is more than a year ahead; I can take requests up to 1 December 2027.")]
    public async Task Unusable_dates_are_asked_again_with_the_reason(string utterance, string reason)
    {
        var conversation = EmployeeConversation.Start();

        var result = await conversation.AskAsync(utterance, Leave);

        Assert.StartsWith(reason, result.Text(), StringComparison.Ordinal);
        Assert.Contains("For which dates?", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task No_at_the_confirmation_submits_nothing_and_says_so()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        await conversation.AskAsync("cuti tahunan 21-23 Desember", Leave);
        var result = await conversation.SayAsync("nggak");

        Assert.Equal("Baik, tidak ada yang saya ajukan.", result.Text());
        Assert.Empty(conversation.Hr.Submitted);
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task Cancel_in_the_middle_of_the_form_drops_it()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        await conversation.AskAsync("saya mau cuti", Leave);
        var result = await conversation.SayAsync("gak jadi");

        Assert.Equal("Baik, saya hentikan — tidak ada yang diubah. Ada lagi yang bisa saya bantu?", result.Text());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task Another_request_in_the_middle_is_answered_and_the_leave_form_is_offered_back()
    {
        var conversation = EmployeeConversation.Start();

        await conversation.AskAsync("I want to take leave", Leave);
        await conversation.SayAsync("annual");
        var interrupted = await conversation.SayAsync("where is my order ORD-100123");
        var resumed = await conversation.SayAsync("yes");
        var confirm = await conversation.SayAsync("21-23 December");

        Assert.Contains("Order ORD-100123", interrupted.Text(), StringComparison.Ordinal);
        Assert.EndsWith("Shall we get back to your request to request leave?", interrupted.Text(), StringComparison.Ordinal);
        Assert.StartsWith("For which dates?", resumed.Text(), StringComparison.Ordinal);
        Assert.StartsWith("Annual leave 21–23 December 2026", confirm.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HR_system_down_at_the_confirmation_keeps_the_form_so_yes_works_once_it_is_back()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("annual leave 21-23 December", Leave);
        var before = conversation.State;

        conversation.Hr.Down = true;
        var down = await conversation.SayAsync("yes");
        conversation.Hr.Down = false;
        var done = await conversation.SayAsync("yes");

        Assert.Equal("Sorry, the HR system is not answering right now. Please try again in a few minutes, or talk to a person.", down.Text());
        Assert.Equal(before.ActiveForm, down.State.ActiveForm);
        Assert.StartsWith("Your leave request LV-0001 is submitted", done.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LeaveRequestOutcome.InsufficientBalance, "The HR system says you don't have enough annual leave left: 7 days available. Nothing was submitted.")]
    [InlineData(LeaveRequestOutcome.Overlaps, "You already have leave on some of those dates, so I didn't submit this request. Please pick other dates.")]
    [InlineData(LeaveRequestOutcome.Invalid, "The HR system didn't accept those dates, so nothing was submitted. Please check the dates and try again, or talk to a person.")]
    public async Task Refusals_from_the_HR_system_are_explained(LeaveRequestOutcome outcome, string expected)
    {
        var conversation = EmployeeConversation.Start();
        conversation.Hr.NextOutcome = outcome;

        await conversation.AskAsync("annual leave 21-23 December", Leave);
        var result = await conversation.SayAsync("yes");

        Assert.Equal(expected, result.Text());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task Leave_is_for_employees_only()
    {
        var conversation = EmployeeConversation.Start(requester: Requester.Customer("CUS-0001"));

        var result = await conversation.AskAsync("I want annual leave tomorrow", Leave);

        Assert.StartsWith("That's something I do for employees", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Hr.BalanceReads);
    }

    [Fact]
    public async Task The_leave_form_expires_after_30_minutes_without_input()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I want to take leave", Leave);

        conversation.Clock.Advance(TimeSpan.FromMinutes(31));
        var result = await conversation.SayAsync("annual");

        Assert.Null(result.State.ActiveForm);
        Assert.NotEqual(Leave, result.Intent);
    }

    [Fact]
    public async Task Payslip_shows_the_next_payday_and_the_latest_payslip_in_English()
    {
        var conversation = EmployeeConversation.Start();

        var result = await conversation.AskAsync("when is payday", IntentNames.HrPayslip);

        Assert.Equal(
            "Your next payday is 25 December 2026.\n"
            + "Your latest payslip, November 2026 (paid on 25 November 2026):\n"
            + "Gross: Rp 15.000.000\nDeductions: Rp 1.750.000\nNet: Rp 13.250.000\nDocument: https://hr.example/payslips/2026-11.pdf",
            result.Text());
    }

    [Fact]
    public async Task Payslip_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var result = await conversation.AskAsync("slip gaji saya", IntentNames.HrPayslip);

        Assert.StartsWith("Tanggal gajian Anda berikutnya adalah 25 Desember 2026.\nSlip gaji terakhir Anda, November 2026 (dibayarkan 25 November 2026):\nGaji kotor: Rp 15.000.000", result.Text(), StringComparison.Ordinal);
    }
}
