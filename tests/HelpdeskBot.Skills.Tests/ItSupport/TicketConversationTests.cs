using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class TicketConversationTests
{
    private const string Create = IntentNames.ItTicketCreate;
    private const string Status = IntentNames.ItTicketStatus;

    [Fact]
    public async Task A_descriptive_problem_fills_category_and_description_and_a_similar_open_ticket_gets_a_comment_instead()
    {
        var conversation = EmployeeConversation.Start();

        var urgency = await conversation.AskAsync("my laptop won't connect to the VPN", Create);
        var similar = await conversation.SayAsync("High");
        var commented = await conversation.SayAsync("Add to IT-000001");

        Assert.Equal("How urgent is it?", urgency.Text());
        Assert.Equal(["Low", "Medium", "High", "Critical"], urgency.ActionTitles());
        Assert.Equal(
            "You already have an open ticket that looks similar: IT-000001 \"VPN not connecting\" (in progress). Shall I add your description to it as a comment, or create a new ticket?",
            similar.Text());
        Assert.Equal(["Add to IT-000001", "Create a new ticket"], similar.ActionTitles());
        Assert.Equal("I've added your description to IT-000001 as a comment; the IT desk will see it there.", commented.Text());
        Assert.Equal(("IT-000001", "my laptop won't connect to the VPN", EmployeeConversation.Employee), Assert.Single(conversation.It.Comments));
        Assert.Empty(conversation.It.CreatedTickets);
    }

    [Fact]
    public async Task Choosing_a_new_ticket_over_the_similar_one_confirms_then_creates_it()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("my laptop won't connect to the VPN", Create);
        await conversation.SayAsync("critical");

        var confirm = await conversation.SayAsync("Create a new ticket");
        var created = await conversation.SayAsync("yep");

        Assert.Equal("Create a ticket? Category: Network; urgency: critical; description: \"my laptop won't connect to the VPN\".", confirm.Text());
        Assert.Equal("Ticket IT-000003 created, urgency critical; the IT desk will contact you.", created.Text());
        var (ticket, requester) = Assert.Single(conversation.It.CreatedTickets);
        Assert.Equal(new NewTicket(TicketCategory.Network, "my laptop won't connect to the VPN", TicketUrgency.Critical), ticket);
        Assert.Equal(EmployeeConversation.Employee, requester);
    }

    [Fact]
    public async Task A_confident_other_request_typed_as_the_description_is_answered_and_the_ticket_offered_back()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("Report an IT problem", Create);
        await conversation.SayAsync("Printer or scanner");

        var balance = await conversation.AskAsync("how many leave days do I have left?", IntentNames.HrLeaveBalance);

        Assert.Equal(IntentNames.HrLeaveBalance, balance.Intent);
        Assert.Contains("Shall we get back to your request to report an IT problem?", balance.Text(), StringComparison.Ordinal);
        Assert.IsType<TicketCreateFormState>(balance.State.SuspendedForm);
        Assert.Empty(conversation.It.CreatedTickets);

        var resumed = await conversation.SayAsync("yes");
        conversation.Classifier.Returns("the printer on floor 3 keeps jamming", new IntentPrediction(Create, 0.6f, false, [new IntentScore(Create, 0.6f)]));
        var described = await conversation.SayAsync("the printer on floor 3 keeps jamming");

        Assert.IsType<TicketCreateFormState>(resumed.State.ActiveForm);
        Assert.Equal("How urgent is it?", described.Text());
    }

    [Fact]
    public async Task A_description_the_classifier_is_unsure_about_stays_a_description()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("Report an IT problem", Create);
        await conversation.SayAsync("Printer or scanner");
        conversation.Classifier.Returns("invoices won't print", new IntentPrediction(IntentNames.InvoiceCopy, 0.55f, false, [new IntentScore(IntentNames.InvoiceCopy, 0.55f)]));

        var urgency = await conversation.SayAsync("invoices won't print");

        Assert.Equal("How urgent is it?", urgency.Text());
        Assert.IsType<TicketCreateFormState>(urgency.State.ActiveForm);
    }

    [Fact]
    public async Task In_Indonesian_the_form_asks_category_description_and_urgency_one_at_a_time()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var category = await conversation.AskAsync("Laporkan masalah IT", Create);
        var description = await conversation.SayAsync("Printer atau scanner");
        var urgency = await conversation.SayAsync("printer di lantai 3 macet terus");
        var confirm = await conversation.SayAsync("Sedang");
        var created = await conversation.SayAsync("ya");

        Assert.Equal("Masalahnya terkait apa?", category.Text());
        Assert.Equal(["Perangkat keras", "Perangkat lunak", "Jaringan", "Akses", "Email", "Printer atau scanner"], category.ActionTitles());
        Assert.StartsWith("Silakan jelaskan masalahnya", description.Text(), StringComparison.Ordinal);
        Assert.Equal("Seberapa mendesak masalah ini?", urgency.Text());
        // Another employee's printer ticket is not this user's: no "similar ticket" offer.
        Assert.Equal("Buat tiket? Kategori: Printer atau scanner; tingkat urgensi: sedang; deskripsi: \"printer di lantai 3 macet terus\".", confirm.Text());
        Assert.Equal("Tiket IT-000003 sudah dibuat dengan tingkat urgensi sedang; tim IT desk akan menghubungi Anda.", created.Text());
    }

    [Fact]
    public async Task Three_answers_without_a_category_give_up_with_help_and_a_person()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("Report an IT problem", Create);

        var first = await conversation.SayAsync("something is weird");
        await conversation.SayAsync("no idea");
        var third = await conversation.SayAsync("dunno");

        Assert.Equal("Sorry, I need one of: hardware, software, network, access, e-mail, or printer. What is the problem about?", first.Text());
        Assert.StartsWith("Sorry, I need one of", third.Text(), StringComparison.Ordinal);
        Assert.Equal(["Help", "Talk to a person"], third.ActionTitles());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task No_at_the_confirmation_creates_nothing()
    {
        var conversation = EmployeeConversation.Start("id-ID");
        await conversation.AskAsync("outlook saya tidak bisa kirim email sejak pagi", Create);
        await conversation.SayAsync("tinggi");

        var result = await conversation.SayAsync("tidak");

        Assert.Equal("Baik, tiket tidak saya buat.", result.Text());
        Assert.Empty(conversation.It.CreatedTickets);
    }

    [Fact]
    public async Task IT_system_down_while_checking_open_tickets_keeps_the_form_where_it_was()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("my laptop won't connect to the VPN", Create);
        var before = conversation.State.ActiveForm;

        conversation.It.Down = true;
        var down = await conversation.SayAsync("high");
        conversation.It.Down = false;
        var similar = await conversation.SayAsync("high");

        Assert.StartsWith("Sorry, the IT service desk system is not answering right now.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(before, down.State.ActiveForm);
        Assert.StartsWith("You already have an open ticket that looks similar", similar.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comment_the_ticket_no_longer_takes_turns_into_an_offer_to_create_a_new_ticket()
    {
        var conversation = EmployeeConversation.Start();
        conversation.It.RefuseComments = true;
        await conversation.AskAsync("my laptop won't connect to the VPN", Create);
        await conversation.SayAsync("high");

        var failed = await conversation.SayAsync("add it");
        var created = await conversation.SayAsync("yes");

        Assert.Equal("I couldn't add it to IT-000001 (it may have just been closed). Shall I create a new ticket instead?", failed.Text());
        Assert.StartsWith("Ticket IT-000003 created", created.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticket_status_with_a_number_shows_status_update_and_assignee()
    {
        var conversation = EmployeeConversation.Start();

        var result = await conversation.AskAsync("what's the status of IT-000001", Status);

        Assert.Equal("Ticket IT-000001 \"VPN not connecting\" is in progress. Last updated 26 November 2026, 14:05; assigned to Andi.", result.Text());
    }

    [Fact]
    public async Task Ticket_status_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var result = await conversation.AskAsync("cek status tiket IT-000001", Status);

        Assert.Equal("Tiket IT-000001 \"VPN not connecting\" berstatus sedang dikerjakan. Terakhir diperbarui 26 November 2026, 14:05; ditangani oleh Andi.", result.Text());
    }

    [Fact]
    public async Task Someone_elses_ticket_reads_exactly_like_a_ticket_that_does_not_exist()
    {
        var conversation = EmployeeConversation.Start();

        var others = await conversation.AskAsync("status of IT-000002", Status);
        var missing = await conversation.AskAsync("status of IT-000999", Status);

        Assert.Equal("I couldn't find ticket IT-000002 among your tickets. Please check the number — it looks like IT-000123.", others.Text());
        Assert.Equal(others.Text().Replace("IT-000002", "IT-000999", StringComparison.Ordinal), missing.Text());
        Assert.Equal(others.ActionTitles(), missing.ActionTitles());
    }

    [Fact]
    public async Task Without_a_number_the_open_tickets_are_listed_as_buttons_and_pressing_one_shows_it()
    {
        var conversation = EmployeeConversation.Start();

        var list = await conversation.AskAsync("check my IT ticket", Status);
        var shown = await conversation.SayAsync("IT-000001");

        Assert.Equal("Your open tickets:\n• IT-000001 — VPN not connecting (in progress)\nWhich one would you like to check? You can also type a ticket number, like IT-000123.", list.Text());
        Assert.Equal(["IT-000001"], list.ActionTitles());
        Assert.StartsWith("Ticket IT-000001 \"VPN not connecting\" is in progress.", shown.Text(), StringComparison.Ordinal);
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task An_employee_without_open_tickets_is_told_so_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID", Requester.Employee("EMP-0123"));

        var result = await conversation.AskAsync("cek tiket saya", Status);

        Assert.StartsWith("Anda tidak punya tiket IT yang masih terbuka.", result.Text(), StringComparison.Ordinal);
        Assert.Equal(["Laporkan masalah IT"], result.ActionTitles());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task Ticket_status_with_the_IT_system_down_says_so()
    {
        var conversation = EmployeeConversation.Start();
        conversation.It.Down = true;

        var result = await conversation.AskAsync("status of IT-000001", Status);

        Assert.StartsWith("Sorry, the IT service desk system is not answering right now.", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tickets_are_for_employees_only()
    {
        var conversation = EmployeeConversation.Start(requester: Requester.Customer("CUS-0001"));

        var result = await conversation.AskAsync("status of IT-000001", Status);

        Assert.StartsWith("That's something I do for employees", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.It.Readers);
    }
}
