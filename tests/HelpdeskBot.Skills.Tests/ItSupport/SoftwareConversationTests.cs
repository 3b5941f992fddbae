using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class SoftwareConversationTests
{
    private const string Software = IntentNames.ItSoftwareRequest;

    [Fact]
    public async Task Licensed_software_asks_why_confirms_and_goes_to_the_manager()
    {
        var conversation = EmployeeConversation.Start();

        var why = await conversation.AskAsync("I need Microsoft Visio", Software);
        var confirm = await conversation.SayAsync("for process diagrams");
        var sent = await conversation.SayAsync("yes");

        Assert.Equal("Microsoft Visio needs your manager's approval. What do you need it for?", why.Text());
        Assert.Equal("Request Microsoft Visio (it goes to your manager for approval)?", confirm.Text());
        Assert.Equal("Request SR-0001 for Microsoft Visio was sent to your manager Sari Wulandari for approval.", sent.Text());
        Assert.Equal(("SW-001", "for process diagrams", EmployeeConversation.Employee), Assert.Single(conversation.It.SoftwareRequests));
    }

    [Fact]
    public async Task Free_software_in_Indonesian_can_skip_the_reason_and_is_approved()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var why = await conversation.AskAsync("saya butuh zoom", Software);
        var confirm = await conversation.SayAsync("Lewati");
        var sent = await conversation.SayAsync("ya");

        Assert.Equal("Untuk keperluan apa Anda membutuhkan Zoom? Ini opsional — Anda bisa melewatinya.", why.Text());
        Assert.Equal(["Lewati"], why.ActionTitles());
        Assert.Equal("Ajukan permintaan Zoom?", confirm.Text());
        Assert.Equal("Permintaan SR-0001 untuk Zoom sudah disetujui; software akan dipasang untuk Anda.", sent.Text());
        Assert.Null(Assert.Single(conversation.It.SoftwareRequests).Justification);
    }

    [Fact]
    public async Task Without_a_name_the_catalogue_is_offered_as_buttons()
    {
        var conversation = EmployeeConversation.Start();

        var which = await conversation.AskAsync("Request software", Software);
        var why = await conversation.SayAsync("Visual Studio Code");

        Assert.Equal("Which software do you need?", which.Text());
        Assert.Equal(["Microsoft Visio", "Visual Studio Code", "Visual Studio Professional", "Zoom"], which.ActionTitles());
        Assert.StartsWith("What do you need Visual Studio Code for?", why.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_fits_two_items_offers_just_those_two()
    {
        var conversation = EmployeeConversation.Start();

        var which = await conversation.AskAsync("can I get visual studio", Software);

        Assert.Equal(["Visual Studio Code", "Visual Studio Professional"], which.ActionTitles());
    }

    [Fact]
    public async Task The_reason_is_required_for_items_that_need_approval()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I need Visio", Software);

        var result = await conversation.SayAsync("skip");

        Assert.Equal("Your manager needs a short reason to approve Microsoft Visio. Microsoft Visio needs your manager's approval. What do you need it for?", result.Text());
        Assert.Empty(conversation.It.SoftwareRequests);
    }

    [Fact]
    public async Task Status_question_lists_the_users_requests_instead_of_starting_a_new_one()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I need Visio", Software);
        await conversation.SayAsync("diagrams");
        await conversation.SayAsync("yes");

        var status = await conversation.AskAsync("what's the status of my software request?", Software);

        Assert.Equal("Your software requests:\n• Microsoft Visio (SR-0001): waiting for approval by Sari Wulandari, requested 20 November 2026", status.Text());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task Status_question_in_Indonesian_without_requests()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var status = await conversation.AskAsync("permintaan software saya sudah disetujui?", Software);

        Assert.Equal("Anda belum punya permintaan software.", status.Text());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task No_at_the_confirmation_requests_nothing()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I need Zoom", Software);
        await conversation.SayAsync("for calls with suppliers");

        var result = await conversation.SayAsync("nope");

        Assert.Equal("OK, I haven't requested anything.", result.Text());
        Assert.Empty(conversation.It.SoftwareRequests);
    }

    [Fact]
    public async Task IT_system_down_at_the_confirmation_keeps_the_form()
    {
        var conversation = EmployeeConversation.Start("id-ID");
        await conversation.AskAsync("saya butuh zoom", Software);
        await conversation.SayAsync("untuk rapat");
        var before = conversation.State.ActiveForm;

        conversation.It.Down = true;
        var down = await conversation.SayAsync("ya");

        Assert.StartsWith("Maaf, sistem layanan IT sedang tidak merespons.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(before, down.State.ActiveForm);
        Assert.Equal(SoftwareRequestStage.Confirm, Assert.IsType<SoftwareRequestFormState>(down.State.ActiveForm).Stage);
    }

    [Fact]
    public async Task Cancel_while_choosing_drops_the_form()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("Request software", Software);

        var result = await conversation.SayAsync("never mind");

        Assert.Equal("OK, I've stopped there — nothing was changed. Is there anything else I can help with?", result.Text());
        Assert.Null(conversation.State.ActiveForm);
    }
}
