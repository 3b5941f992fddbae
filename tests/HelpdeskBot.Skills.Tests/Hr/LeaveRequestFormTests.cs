using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Hr;

namespace HelpdeskBot.Skills.Tests.Hr;

public sealed class LeaveRequestFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly LeaveCalendar Calendar = new(new DateOnly(2026, 12, 1), new HashSet<DateOnly>(FakeHr.Holidays));
    private static readonly LeaveBalanceInfo Annual = new(LeaveType.Annual, 2026, 12m, 4m, 1m);

    private static LeaveDates Range(int startDay, int endDay) => new(new DateOnly(2026, 12, startDay), new DateOnly(2026, 12, endDay));

    private static LeaveRequestFormState Asking(LeaveRequestStage stage, int failedAttempts = 0) => new()
    {
        LastActivityAt = Now,
        Stage = stage,
        Type = stage == LeaveRequestStage.AskType ? null : LeaveType.Annual,
        Start = stage is LeaveRequestStage.AskEnd or LeaveRequestStage.Confirm ? new DateOnly(2026, 12, 21) : null,
        End = stage == LeaveRequestStage.Confirm ? new DateOnly(2026, 12, 23) : null,
        WorkingDays = stage == LeaveRequestStage.Confirm ? 3 : 0,
        AvailableDays = stage == LeaveRequestStage.Confirm ? 7m : null,
        FailedAttempts = failedAttempts,
    };

    [Theory]
    [InlineData("I want annual leave", LeaveType.Annual)]
    [InlineData("cuti tahunan dong", LeaveType.Annual)]
    [InlineData("I'm sick today", LeaveType.Sick)]
    [InlineData("saya sakit", LeaveType.Sick)]
    [InlineData("unpaid leave please", LeaveType.Unpaid)]
    [InlineData("cuti tanpa gaji", LeaveType.Unpaid)]
    [InlineData("cuti di luar tanggungan", LeaveType.Unpaid)]
    public void The_type_is_read_from_the_message(string text, LeaveType expected)
    {
        Assert.Equal(expected, LeaveRequestForm.ParseType(text));
    }

    [Theory]
    [InlineData("saya mau cuti")]
    [InlineData("I need some leave")]
    public void Leave_without_a_type_names_none(string text)
    {
        Assert.Null(LeaveRequestForm.ParseType(text));
    }

    [Fact]
    public void Begin_without_type_asks_for_it_with_buttons()
    {
        var step = LeaveRequestForm.Begin("saya mau cuti", LeaveDates.None, Calendar, "id", Now);

        Assert.Equal(LeaveRequestFormAction.Ask, step.Action);
        Assert.Equal(LeaveRequestStage.AskType, step.State!.Stage);
        Assert.Equal(["Cuti tahunan", "Cuti sakit", "Cuti tanpa gaji"], step.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void Begin_with_type_and_valid_dates_counts_working_days_and_hands_over_to_the_balance_check()
    {
        var step = LeaveRequestForm.Begin("annual leave", Range(21, 25), Calendar, "en", Now);

        Assert.Equal(LeaveRequestFormAction.CheckBalance, step.Action);
        Assert.Equal(3, step.State!.WorkingDays); // 24 and 25 December are holidays
        Assert.Null(step.Reply);
    }

    [Fact]
    public void Begin_with_one_date_asks_until_when()
    {
        var step = LeaveRequestForm.Begin("sick leave", new LeaveDates(new DateOnly(2026, 12, 2), null), Calendar, "en", Now);

        Assert.Equal(LeaveRequestStage.AskEnd, step.State!.Stage);
        Assert.Equal("Until which date? Your leave would start on 2 December 2026.", step.Reply!.Text);
        Assert.Equal(["Just that day"], step.Reply.SuggestedActions.Select(a => a.Title));
    }

    [Theory]
    [InlineData("Just that day")]
    [InlineData("hari itu saja")]
    [InlineData("sehari")]
    public void Just_that_day_makes_a_one_day_leave(string answer)
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.AskEnd), answer, LeaveDates.None, Calendar, "en", Now);

        Assert.Equal(LeaveRequestFormAction.CheckBalance, step.Action);
        Assert.Equal(step.State!.Start, step.State.End);
        Assert.Equal(1, step.State.WorkingDays);
    }

    [Fact]
    public void An_end_before_the_start_keeps_the_start_and_asks_for_the_end_again_with_the_reason()
    {
        var step = LeaveRequestForm.NextTurn(
            Asking(LeaveRequestStage.AskEnd), "18 December", new LeaveDates(new DateOnly(2026, 12, 18), null), Calendar, "en", Now);

        Assert.Equal(LeaveRequestFormAction.Reprompt, step.Action);
        Assert.Equal(new DateOnly(2026, 12, 21), step.State!.Start);
        Assert.Equal(
            "The end date (18 December 2026) is before the start date (21 December 2026). Until which date? Your leave would start on 21 December 2026.",
            step.Reply!.Text);
    }

    [Fact]
    public void Dates_in_the_past_are_refused_with_the_reason_in_Indonesian()
    {
        var step = LeaveRequestForm.NextTurn(
            Asking(LeaveRequestStage.AskDates), "20 November", new LeaveDates(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20)), Calendar, "id", Now);

        Assert.Equal(LeaveRequestFormAction.Reprompt, step.Action);
        Assert.StartsWith("Tanggal 20 November 2026 sudah lewat. Untuk tanggal berapa?", step.Reply!.Text, StringComparison.Ordinal);
        Assert.Null(step.State!.Start);
        Assert.Equal(1, step.State.FailedAttempts);
    }

    [Fact]
    public void An_answer_without_a_date_is_asked_again_and_the_third_gives_up_with_help_or_a_person()
    {
        var first = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.AskDates), "soon", LeaveDates.None, Calendar, "en", Now);
        var third = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.AskDates, failedAttempts: 2), "whenever", LeaveDates.None, Calendar, "en", Now);

        Assert.StartsWith("I couldn't find a date in that. For which dates?", first.Reply!.Text, StringComparison.Ordinal);
        Assert.Equal(LeaveRequestFormAction.GiveUp, third.Action);
        Assert.Null(third.State);
        Assert.Equal(["Help", "Talk to a person"], third.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void An_unknown_type_is_asked_again_with_the_choices()
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.AskType), "the long one", LeaveDates.None, Calendar, "en", Now);

        Assert.Equal("Sorry, I need one of: annual leave, sick leave or unpaid leave. Which kind of leave would you like to request?", step.Reply!.Text);
    }

    [Fact]
    public void A_type_answer_with_dates_fills_both()
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.AskType), "sick leave 2-3 December", Range(2, 3), Calendar, "en", Now);

        Assert.Equal(LeaveRequestFormAction.CheckBalance, step.Action);
        Assert.Equal(LeaveType.Sick, step.State!.Type);
        Assert.Equal(2, step.State.WorkingDays);
    }

    [Fact]
    public void The_balance_leads_to_the_confirmation_with_what_is_left()
    {
        var check = LeaveRequestForm.Begin("annual leave", Range(21, 23), Calendar, "en", Now).State!;

        var step = LeaveRequestForm.WithBalance(check, Annual, "en", Now);

        Assert.Equal(LeaveRequestFormAction.Confirm, step.Action);
        Assert.Equal("Annual leave 21–23 December 2026, 3 working days, leaving 4 days. Submit?", step.Reply!.Text);
        Assert.Equal(["Yes", "No"], step.Reply.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void Without_a_balance_for_the_type_the_confirmation_does_not_mention_one()
    {
        var check = LeaveRequestForm.Begin("unpaid leave", Range(21, 22), Calendar, "id", Now).State!;

        var step = LeaveRequestForm.WithBalance(check, null, "id", Now);

        Assert.Equal("Cuti tanpa gaji 21–22 Desember 2026, 2 hari kerja. Ajukan sekarang?", step.Reply!.Text);
    }

    [Fact]
    public void Nothing_left_ends_the_form()
    {
        var check = LeaveRequestForm.Begin("annual leave", Range(21, 22), Calendar, "en", Now).State!;

        var step = LeaveRequestForm.WithBalance(check, new LeaveBalanceInfo(LeaveType.Annual, 2026, 12m, 12m, 0m), "en", Now);

        Assert.Equal(LeaveRequestFormAction.GiveUp, step.Action);
        Assert.StartsWith("You have no annual leave available for 2026 (0 days left)", step.Reply!.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("iya")]
    [InlineData("yep")]
    [InlineData("ya, lanjut")]
    public void Yes_at_the_confirmation_submits_the_request(string answer)
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.Confirm), answer, LeaveDates.None, Calendar, "en", Now);

        Assert.Equal(LeaveRequestFormAction.Submit, step.Action);
        Assert.Equal(new NewLeaveRequest(LeaveType.Annual, new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 23), 3), step.Request);
        Assert.Null(step.State);
    }

    [Theory]
    [InlineData("no", "OK, I haven't submitted anything.")]
    [InlineData("nggak", "OK, I haven't submitted anything.")]
    [InlineData("jangan", "OK, I haven't submitted anything.")]
    public void No_at_the_confirmation_submits_nothing(string answer, string expected)
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.Confirm), answer, LeaveDates.None, Calendar, "en", Now);

        Assert.Equal(LeaveRequestFormAction.Declined, step.Action);
        Assert.Equal(expected, step.Reply!.Text);
        Assert.Null(step.Request);
    }

    [Fact]
    public void An_unclear_confirmation_is_asked_again()
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.Confirm), "hmm maybe", LeaveDates.None, Calendar, "id", Now);

        Assert.Equal("Mohon jawab ya atau tidak: apakah pengajuan cuti ini saya kirim?", step.Reply!.Text);
    }

    [Fact]
    public void Cancel_ends_the_form()
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.AskDates), "batal", LeaveDates.None, Calendar, "id", Now);

        Assert.Equal(LeaveRequestFormAction.Cancelled, step.Action);
        Assert.Null(step.State);
    }

    [Fact]
    public void The_form_expires_after_30_minutes()
    {
        var step = LeaveRequestForm.NextTurn(Asking(LeaveRequestStage.AskDates), "tomorrow", Range(2, 2), Calendar, "en", Now.AddMinutes(30));

        Assert.Equal(LeaveRequestFormAction.Expired, step.Action);
    }

    [Fact]
    public void NextTurn_leaves_the_input_state_untouched()
    {
        var state = Asking(LeaveRequestStage.AskDates);
        var copy = state with { };

        LeaveRequestForm.NextTurn(state, "21-23 December", Range(21, 23), Calendar, "en", Now.AddMinutes(5));

        Assert.Equal(copy, state);
    }

    [Fact]
    public void Accepts_only_answers_to_the_pending_question()
    {
        Assert.True(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskType), "sakit", LeaveDates.None));
        Assert.False(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskType), "where is my order", LeaveDates.None));
        Assert.True(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskDates), "besok", Range(2, 2)));
        Assert.False(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskDates), "what's my balance", LeaveDates.None));
        Assert.True(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.Confirm), "iya", LeaveDates.None));
        Assert.False(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.Confirm), "how much leave do I have", LeaveDates.None));
    }

    [Fact]
    public void Dates_starting_in_the_past_are_not_taken_for_granted_so_another_request_can_interrupt()
    {
        var today = new DateOnly(2026, 12, 10);
        var past = new LeaveDates(new DateOnly(2026, 12, 1), null);

        Assert.False(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskDates), "gajian bulan ini tanggal berapa?", new LeaveDates(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)), today));
        Assert.False(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskEnd), "1 December", past, today));
        Assert.True(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskDates), "10-11 December", Range(10, 11), today));
        Assert.True(LeaveRequestForm.Accepts(Asking(LeaveRequestStage.AskDates), "1 December", past));
    }

    [Fact]
    public void Dates_come_from_a_range_or_one_or_two_date_entities()
    {
        Assert.Equal(Range(22, 24), LeaveDates.From([new EntityMatch(EntityTypes.DateRange, "2026-12-22/2026-12-24", "22-24 Des", 0, 9)]));
        Assert.Equal(new LeaveDates(new DateOnly(2026, 12, 2), null), LeaveDates.From([new EntityMatch(EntityTypes.Date, "2026-12-02", "besok", 0, 5)]));
        Assert.Equal(
            Range(2, 4),
            LeaveDates.From([new EntityMatch(EntityTypes.Date, "2026-12-02", "a", 0, 1), new EntityMatch(EntityTypes.Date, "2026-12-04", "b", 2, 1)]));
        Assert.Equal(LeaveDates.None, LeaveDates.From([new EntityMatch(EntityTypes.TicketId, "IT-000001", "IT-000001", 0, 9)]));
    }
}
