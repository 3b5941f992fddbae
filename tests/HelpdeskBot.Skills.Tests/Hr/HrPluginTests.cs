using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Hr;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.Tests.Hr;

public sealed class HrPluginTests
{
    private readonly FakeHr hr = new();
    private readonly ManualTimeProvider clock = new(TestConversation.Start);

    private HrPlugin Plugin(string language = "en") =>
        new(
            hr,
            new HrCalendar(Options.Create(new LeaveOptions { PublicHolidays = [.. FakeHr.Holidays] }), Options.Create(new EntityOptions())),
            clock,
            EmployeeConversation.Employee,
            language);

    private static async Task<string> InvokeAsync(KernelPlugin plugin, string function, KernelArguments? arguments = null) =>
        (await plugin[function].InvokeAsync(new Kernel(), arguments ?? [])).GetValue<string>()!;

    [Fact]
    public void Every_function_is_described_and_none_takes_an_employee_id()
    {
        var plugin = KernelPluginFactory.CreateFromObject(Plugin(), "hr");

        Assert.Equal(["get_leave_balance", "get_next_payday", "get_payslip_summary", "request_leave"], plugin.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(plugin, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        Assert.All(plugin.SelectMany(f => f.Metadata.Parameters), p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name);
            Assert.DoesNotContain("employee", p.Name, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Reads_answer_for_the_bound_employee_in_the_bound_language()
    {
        var plugin = KernelPluginFactory.CreateFromObject(Plugin("id"), "hr");

        var balance = await InvokeAsync(plugin, "get_leave_balance");
        var payday = await InvokeAsync(plugin, "get_next_payday");
        var payslip = await InvokeAsync(plugin, "get_payslip_summary");

        Assert.StartsWith("Sisa cuti Anda untuk tahun 2026:", balance, StringComparison.Ordinal);
        Assert.Equal("Tanggal gajian Anda berikutnya adalah 25 Desember 2026.", payday);
        Assert.Contains("Gaji bersih: Rp 13.250.000", payslip, StringComparison.Ordinal);
        Assert.All(hr.BalanceReads, read => Assert.Equal(EmployeeConversation.Employee, read.Requester));
    }

    [Fact]
    public async Task Leave_is_only_prepared_for_the_users_confirmation()
    {
        var bound = Plugin();

        var text = await InvokeAsync(
            KernelPluginFactory.CreateFromObject(bound, "hr"), "request_leave", new() { ["type"] = "annual", ["startDate"] = "2026-12-21", ["endDate"] = "2026-12-23" });

        Assert.Empty(hr.Submitted);
        Assert.Equal("Annual leave 21–23 December 2026, 3 working days, leaving 4 days. Submit?\nNothing is submitted yet: this needs your yes or no here in the chat.", text);
        Assert.Equal(LeaveRequestStage.Confirm, Assert.IsType<LeaveRequestFormState>(bound.PendingForm).Stage);
    }

    [Fact]
    public async Task Prepared_leave_installed_as_the_active_form_is_submitted_on_the_users_yes()
    {
        var bound = Plugin();
        await KernelPluginFactory.CreateFromObject(bound, "hr")["request_leave"].InvokeAsync(
            new Kernel(), new() { ["type"] = "sick", ["startDate"] = "2026-12-02", ["endDate"] = "2026-12-02" });
        var conversation = EmployeeConversation.Start();
        conversation.State = ConversationState.New with { ActiveForm = bound.PendingForm, TurnCount = 1 };

        var result = await conversation.SayAsync("yes");

        Assert.StartsWith("Your leave request LV-0001 is submitted", result.Text(), StringComparison.Ordinal);
        Assert.Equal(LeaveType.Sick, Assert.Single(conversation.Hr.Submitted).Request.Type);
    }

    [Fact]
    public async Task Leave_over_the_balance_is_refused_with_the_available_days_and_nothing_pending()
    {
        var bound = Plugin();

        var text = await InvokeAsync(
            KernelPluginFactory.CreateFromObject(bound, "hr"), "request_leave", new() { ["type"] = "annual", ["startDate"] = "2026-12-07", ["endDate"] = "2026-12-18" });

        Assert.StartsWith("That's 10 working days, but you have only 7 days of annual leave available.", text, StringComparison.Ordinal);
        Assert.Null(bound.PendingForm);
    }

    [Theory]
    [InlineData("holiday-ish", "2026-12-21", "2026-12-23", "Sorry, I need one of: annual leave, sick leave or unpaid leave.")]
    [InlineData("annual", "next week", "2026-12-23", "I couldn't find a date in that.")]
    [InlineData("annual", "2026-11-02", "2026-11-03", "2 November 2026 is in the past.")]
    public async Task Bad_arguments_come_back_as_text(string type, string start, string end, string expected)
    {
        var bound = Plugin();

        var text = await InvokeAsync(
            KernelPluginFactory.CreateFromObject(bound, "hr"), "request_leave", new() { ["type"] = type, ["startDate"] = start, ["endDate"] = end });

        Assert.StartsWith(expected, text, StringComparison.Ordinal);
        Assert.Null(bound.PendingForm);
    }

    [Fact]
    public async Task System_down_is_text_not_an_exception()
    {
        hr.Down = true;

        var text = await InvokeAsync(KernelPluginFactory.CreateFromObject(Plugin(), "hr"), "get_payslip_summary");

        Assert.StartsWith("Sorry, the HR system is not answering right now.", text, StringComparison.Ordinal);
    }
}
