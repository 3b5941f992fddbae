using System.Text.Json;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Hr;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.Cards;

/// <summary>The leave and IT-ticket forms as cards: submitted at once, checked like typed answers, stale cards ignored.</summary>
public sealed class FormCardConversationTests
{
    private const string Leave = IntentNames.HrLeaveRequest;
    private const string Ticket = IntentNames.ItTicketCreate;

    [Fact]
    public async Task A_leave_request_offers_the_whole_form_as_a_card_and_its_submission_goes_to_the_same_confirmation()
    {
        var conversation = EmployeeConversation.Start();

        var asked = await conversation.AskAsync("I'd like to take some leave", Leave);
        var card = asked.CardOf();
        var confirm = await conversation.PressAsync(asked, "Submit", ("leaveType", "annual"), ("start", "2026-12-21"), ("end", "2026-12-23"));
        var done = await conversation.PressAsync(confirm, "Yes");

        Assert.Equal("Which kind of leave would you like to request?", asked.Text());
        Assert.Equal(["leaveType", "start", "end"], card.InputIds());
        Assert.Equal(["annual", "sick", "unpaid"], card.Body.OfType<InputChoiceSet>().Single().Choices.Select(c => c.Value));
        Assert.Equal("Annual leave 21–23 December 2026, 3 working days, leaving 4 days. Submit?", confirm.Text());
        Assert.Equal(["Yes", "No"], confirm.CardOf().AllActions.Select(a => a.Title));
        var (request, requester) = Assert.Single(conversation.Hr.Submitted);
        Assert.Equal(new NewLeaveRequest(LeaveType.Annual, new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 23), 3), request);
        Assert.Equal(EmployeeConversation.Employee, requester);
        Assert.Equal("Your leave request LV-0001 is submitted, pending approval by Sari Wulandari.", done.Text());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task The_leave_card_and_its_confirmation_speak_Indonesian_in_an_Indonesian_conversation()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var asked = await conversation.AskAsync("saya mau cuti", Leave);
        var card = asked.CardOf();
        var confirm = await conversation.PressAsync(asked, "Kirim", ("leaveType", "annual"), ("start", "2026-12-21"), ("end", "2026-12-23"));
        var done = await conversation.PressAsync(confirm, "Ya");

        Assert.Equal(["Jenis cuti", "Hari pertama", "Hari terakhir"], card.Body.OfType<CardInput>().Select(i => i.Label));
        Assert.Equal(["Cuti tahunan", "Cuti sakit", "Cuti tanpa gaji"], card.Body.OfType<InputChoiceSet>().Single().Choices.Select(c => c.Title));
        Assert.Equal("Cuti tahunan 21–23 Desember 2026, 3 hari kerja, sisa 4 hari. Ajukan sekarang?", confirm.Text());
        Assert.Equal(["Ya", "Tidak"], confirm.CardOf().AllActions.Select(a => a.Title));
        Assert.Single(conversation.Hr.Submitted);
        Assert.StartsWith("Pengajuan cuti LV-0001 sudah dikirim", done.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "The end date (20 December 2026) is before the start date (22 December 2026).")]
    [InlineData("id-ID", "Tanggal selesai (20 Desember 2026) lebih awal dari tanggal mulai (22 Desember 2026).")]
    public async Task A_card_with_the_end_before_the_start_is_refused_with_the_reason_and_the_card_comes_back(string? locale, string reason)
    {
        var conversation = EmployeeConversation.Start(locale);
        var asked = await conversation.AskAsync(locale is null ? "I'd like to take some leave" : "saya mau cuti", Leave);

        var refused = await conversation.PressAsync(asked, locale is null ? "Submit" : "Kirim", ("leaveType", "annual"), ("start", "2026-12-22"), ("end", "2026-12-20"));

        Assert.StartsWith(reason, refused.Text(), StringComparison.Ordinal);
        var again = refused.CardOf();
        Assert.Equal("annual", again.Body.OfType<InputChoiceSet>().Single().Value);
        Assert.Equal("2026-12-22", again.Body.OfType<InputDate>().First().Value);
        Assert.Empty(conversation.Hr.Submitted);
        Assert.Equal(LeaveRequestStage.AskEnd, Assert.IsType<LeaveRequestFormState>(conversation.State.ActiveForm).Stage);
    }

    [Fact]
    public async Task A_card_asking_for_more_days_than_the_balance_is_refused_like_a_typed_answer()
    {
        var conversation = EmployeeConversation.Start();
        var asked = await conversation.AskAsync("I'd like to take some leave", Leave);

        var refused = await conversation.PressAsync(asked, "Submit", ("leaveType", "annual"), ("start", "2026-12-07"), ("end", "2026-12-18"));

        Assert.StartsWith("That's 10 working days, but you have only 7 days of annual leave available.", refused.Text(), StringComparison.Ordinal);
        Assert.NotNull(refused.Replies[^1].Card);
        Assert.Empty(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task Dates_that_are_not_dates_are_asked_for_again_and_nothing_is_submitted()
    {
        var conversation = EmployeeConversation.Start();
        var asked = await conversation.AskAsync("I'd like to take some leave", Leave);

        var again = await conversation.PressAsync(asked, "Submit", ("leaveType", "sick"), ("start", "next week"), ("end", "2026-13-40"));

        Assert.StartsWith("For which dates?", again.Text(), StringComparison.Ordinal);
        Assert.Equal(LeaveType.Sick, Assert.IsType<LeaveRequestFormState>(conversation.State.ActiveForm).Type);
        Assert.Empty(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task A_form_card_submitted_twice_changes_nothing_the_second_time()
    {
        var conversation = EmployeeConversation.Start();
        var asked = await conversation.AskAsync("I'd like to take some leave", Leave);
        await conversation.PressAsync(asked, "Submit", ("leaveType", "annual"), ("start", "2026-12-21"), ("end", "2026-12-23"));
        var confirming = conversation.State;

        var twice = await conversation.PressAsync(asked, "Submit", ("leaveType", "sick"), ("start", "2026-12-28"), ("end", "2026-12-29"));

        Assert.Equal(ConversationEngine.StaleCardIntent, twice.Intent);
        Assert.StartsWith("That card is no longer current", twice.Text(), StringComparison.Ordinal);
        Assert.Equal(confirming.ActiveForm, conversation.State.ActiveForm);
        Assert.Empty(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task Yes_pressed_twice_submits_once()
    {
        var conversation = EmployeeConversation.Start("id-ID");
        var asked = await conversation.AskAsync("saya mau cuti", Leave);
        var confirm = await conversation.PressAsync(asked, "Kirim", ("leaveType", "annual"), ("start", "2026-12-21"), ("end", "2026-12-23"));
        await conversation.PressAsync(confirm, "Ya");

        var twice = await conversation.PressAsync(confirm, "Ya");

        Assert.StartsWith("Kartu itu sudah tidak berlaku", twice.Text(), StringComparison.Ordinal);
        Assert.Single(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task A_card_of_an_expired_form_changes_nothing()
    {
        var conversation = EmployeeConversation.Start();
        var asked = await conversation.AskAsync("I'd like to take some leave", Leave);
        conversation.Clock.Advance(LeaveRequestForm.Timeout + TimeSpan.FromMinutes(1));

        var late = await conversation.PressAsync(asked, "Submit", ("leaveType", "annual"), ("start", "2026-12-21"), ("end", "2026-12-23"));

        Assert.Equal(ConversationEngine.StaleCardIntent, late.Intent);
        Assert.Null(conversation.State.ActiveForm);
        Assert.Empty(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task A_leave_card_pressed_while_another_form_is_active_changes_nothing_and_reminds_of_that_form()
    {
        var conversation = EmployeeConversation.Start();
        var leaveCard = await conversation.AskAsync("I'd like to take some leave", Leave);
        await conversation.SayAsync("cancel");
        await conversation.AskAsync("open a ticket", Ticket);

        var stale = await conversation.PressAsync(leaveCard, "Submit", ("leaveType", "annual"), ("start", "2026-12-21"), ("end", "2026-12-23"));

        Assert.Equal(ConversationEngine.StaleCardIntent, stale.Intent);
        Assert.IsType<TicketCreateFormState>(conversation.State.ActiveForm);
        Assert.Equal(2, stale.Replies.Count);
        Assert.Empty(conversation.Hr.Submitted);
    }

    [Fact]
    public async Task Identity_on_a_card_is_ignored_the_request_is_the_turn_users()
    {
        var conversation = EmployeeConversation.Start();
        var asked = await conversation.AskAsync("I'd like to take some leave", Leave);
        var confirm = await conversation.PressAsync(
            asked, "Submit", ("leaveType", "annual"), ("start", "2026-12-21"), ("end", "2026-12-23"), ("employeeId", "EMP-0001"), ("hdUser", "EMP-0001"));

        await conversation.PressAsync(confirm, "Yes");

        Assert.Equal(EmployeeConversation.Employee, Assert.Single(conversation.Hr.Submitted).Requester);
    }

    [Fact]
    public async Task Typing_still_works_after_the_card_is_shown()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I'd like to take some leave", Leave);

        var dates = await conversation.SayAsync("Annual leave");

        Assert.StartsWith("For which dates?", dates.Text(), StringComparison.Ordinal);
        Assert.Null(dates.Replies[^1].Card);
    }

    [Fact]
    public async Task An_IT_ticket_card_fills_category_summary_details_and_urgency_and_is_created_after_yes()
    {
        var conversation = EmployeeConversation.Start();
        var asked = await conversation.AskAsync("open a ticket", Ticket);

        var confirm = await conversation.PressAsync(
            asked, "Submit", ("category", "printer"), ("summary", "Printer on floor 3 jams"), ("details", "Since Monday, every second page."), ("urgency", "high"));
        var done = await conversation.PressAsync(confirm, "Yes");

        Assert.Equal(["category", "summary", "details", "urgency"], asked.CardOf().InputIds());
        Assert.Equal(
            "Create a ticket? Category: Printer or scanner; urgency: high; description: \"Printer on floor 3 jams\nSince Monday, every second page.\".",
            confirm.Text());
        var (ticket, requester) = Assert.Single(conversation.It.CreatedTickets);
        Assert.Equal(new NewTicket(TicketCategory.Printer, "Printer on floor 3 jams\nSince Monday, every second page.", TicketUrgency.High), ticket);
        Assert.Equal(EmployeeConversation.Employee, requester);
        Assert.StartsWith("Ticket ", done.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_IT_ticket_card_in_Indonesian_and_a_card_without_a_summary_asks_for_the_description()
    {
        var conversation = EmployeeConversation.Start("id-ID");
        var asked = await conversation.AskAsync("buat tiket", Ticket);
        var card = asked.CardOf();

        var again = await conversation.PressAsync(asked, "Kirim", ("category", "network"), ("summary", "   "), ("urgency", "low"));

        Assert.Equal(["Kategori", "Ringkasan", "Rincian (opsional)", "Tingkat urgensi"], card.Body.OfType<CardInput>().Select(i => i.Label));
        Assert.Contains("Jaringan", card.Body.OfType<InputChoiceSet>().First().Choices.Select(c => c.Title));
        Assert.Equal(TicketCreateStage.AskDescription, Assert.IsType<TicketCreateFormState>(conversation.State.ActiveForm).Stage);
        Assert.NotNull(again.Replies[^1].Card);
        Assert.Empty(conversation.It.CreatedTickets);
    }

    [Fact]
    public async Task A_card_value_the_bot_cannot_read_gets_a_polite_reply_and_changes_nothing()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I'd like to take some leave", Leave);
        var before = conversation.State;

        var odd = await conversation.SubmitAsync(JsonSerializer.SerializeToElement(new { hdAction = "launch.rocket" }));
        var foreign = await conversation.SubmitAsync(JsonSerializer.SerializeToElement(new { something = "else" }));

        Assert.Equal(ConversationEngine.UnreadableCardIntent, odd.Intent);
        Assert.Equal(ConversationEngine.UnreadableCardIntent, foreign.Intent);
        Assert.Equal(before.ActiveForm, conversation.State.ActiveForm);
    }

    [Fact]
    public async Task Every_confirmation_gets_a_yes_no_card_and_its_buttons_answer_it()
    {
        var conversation = new TestConversation().Means("cancel my order ORD-100200", IntentNames.OrderCancel);

        var asked = await conversation.SayAsync("cancel my order ORD-100200");
        var done = await conversation.PressAsync(asked, "Yes");

        Assert.Equal(["Yes", "No"], asked.CardOf().AllActions.Select(a => a.Title));
        Assert.Equal(("ORD-100200", conversation.User.Requester), Assert.Single(conversation.Orders.Cancellations));
        Assert.StartsWith("Order ORD-100200 is cancelled.", done.Text(), StringComparison.Ordinal);
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task The_welcome_card_has_a_button_for_each_thing_the_bot_does_and_a_button_starts_it()
    {
        var conversation = EmployeeConversation.Start();
        var welcome = conversation.WithEngine(engine => engine.Welcome(conversation.User, "en-US"));
        var card = Assert.Single(welcome).Card!;

        var started = await conversation.SubmitAsync(card.Press("Request leave"));

        Assert.Contains(card.AllActions.OfType<SubmitAction>(), a => a.Data[CardData.Intent] == IntentNames.HrLeaveRequest);
        Assert.Equal(IntentNames.HrLeaveRequest, started.Intent);
        Assert.IsType<LeaveRequestFormState>(conversation.State.ActiveForm);
        Assert.NotNull(started.Replies[^1].Card);
    }
}
