using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;

namespace HelpdeskBot.Skills.Tests.Hr;

public sealed class BalanceAndPayslipConversationTests
{
    private const string Balance = IntentNames.HrLeaveBalance;
    private const string Payslip = IntentNames.HrPayslip;

    [Fact]
    public async Task The_balance_button_in_Indonesian_answers_for_this_year()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var result = await conversation.SayAsync("Sisa cuti saya");

        Assert.Equal(Balance, result.Intent);
        Assert.StartsWith("Sisa cuti Anda untuk tahun 2026:", result.Text(), StringComparison.Ordinal);
        Assert.Equal(["Ajukan cuti"], result.ActionTitles());
    }

    [Fact]
    public async Task The_balance_year_follows_Jakarta_time_not_UTC()
    {
        var conversation = EmployeeConversation.Start();
        // 31 December 2026, 18:00 UTC is already 1 January 2027 in Jakarta.
        conversation.Clock.Advance(new DateTimeOffset(2026, 12, 31, 18, 0, 0, TimeSpan.Zero) - conversation.Clock.Now);

        var result = await conversation.AskAsync("how much leave do I have", Balance);

        Assert.StartsWith("Your leave balance for 2027:", result.Text(), StringComparison.Ordinal);
        Assert.Equal(2027, Assert.Single(conversation.Hr.BalanceReads).Year);
    }

    [Fact]
    public async Task An_employee_the_HR_system_has_no_balance_for_is_sent_to_HR()
    {
        var conversation = EmployeeConversation.Start(requester: Requester.Employee("EMP-0123"));

        var result = await conversation.AskAsync("how much leave do I have", Balance);

        Assert.Equal("I couldn't find a leave balance for you for 2026. Please contact HR.", result.Text());
    }

    [Fact]
    public async Task Balance_with_the_HR_system_down_says_so_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID");
        conversation.Hr.Down = true;

        var result = await conversation.AskAsync("sisa cuti saya berapa", Balance);

        Assert.Equal("Maaf, sistem HR sedang tidak merespons. Silakan coba lagi beberapa menit lagi, atau bicara dengan petugas.", result.Text());
    }

    [Fact]
    public async Task Balance_is_for_employees_only()
    {
        var conversation = EmployeeConversation.Start(requester: Requester.Supplier("SUP-0001"));

        var result = await conversation.AskAsync("how much leave do I have", Balance);

        Assert.StartsWith("That's something I do for employees", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Hr.BalanceReads);
    }

    [Fact]
    public async Task No_payslip_yet_still_gives_the_next_payday()
    {
        var conversation = EmployeeConversation.Start();
        conversation.Clock.Advance(TimeSpan.FromDays(-10)); // 21 November 2026: before the November payday

        var result = await conversation.AskAsync("when is payday", Payslip);

        Assert.Equal("Your next payday is 25 December 2026.\nI couldn't find a payslip for you yet.", result.Text());
    }

    [Fact]
    public async Task An_unknown_employee_gets_neither_a_pay_date_nor_a_payslip_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID", Requester.Employee("EMP-0123"));

        var result = await conversation.AskAsync("kapan gajian", Payslip);

        Assert.Equal("Tanggal gajian Anda berikutnya belum tersedia.\nSaya belum menemukan slip gaji untuk Anda.", result.Text());
    }

    [Fact]
    public async Task Payslip_with_the_HR_system_down_says_so()
    {
        var conversation = EmployeeConversation.Start();
        conversation.Hr.Down = true;

        var result = await conversation.AskAsync("my payslip", Payslip);

        Assert.StartsWith("Sorry, the HR system is not answering right now.", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payslip_is_for_employees_only()
    {
        var conversation = EmployeeConversation.Start("id-ID", Requester.Customer("CUS-0001"));

        var result = await conversation.AskAsync("slip gaji saya", Payslip);

        Assert.StartsWith("Itu layanan untuk karyawan", result.Text(), StringComparison.Ordinal);
    }
}
