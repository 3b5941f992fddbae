using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.ItSupport;
using Microsoft.SemanticKernel;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class ItSupportPluginTests
{
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    private readonly FakeItSupport it = new();
    private readonly ManualTimeProvider clock = new(TestConversation.Start);

    private ItSupportPlugin Plugin(string language = "en", Requester? requester = null) =>
        new(it, clock, Jakarta, requester ?? EmployeeConversation.Employee, language);

    private static async Task<string> InvokeAsync(KernelPlugin plugin, string function, KernelArguments? arguments = null) =>
        (await plugin[function].InvokeAsync(new Kernel(), arguments ?? [])).GetValue<string>()!;

    [Fact]
    public void Every_function_is_described_and_none_takes_an_employee_id()
    {
        var plugin = KernelPluginFactory.CreateFromObject(Plugin(), "it");

        Assert.Equal(
            ["get_software_requests", "get_ticket_status", "list_open_tickets", "list_software_catalog", "request_account_unlock",
             "request_password_reset", "request_software", "request_ticket_creation"],
            plugin.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(plugin, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        Assert.All(plugin.SelectMany(f => f.Metadata.Parameters), p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name);
            Assert.DoesNotContain("employee", p.Name, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("requester", p.Name, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("user", p.Name, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Ticket_status_answers_for_the_bound_employee_only()
    {
        var plugin = KernelPluginFactory.CreateFromObject(Plugin(), "it");

        var mine = await InvokeAsync(plugin, "get_ticket_status", new() { ["ticketId"] = "IT-000001" });
        var others = await InvokeAsync(plugin, "get_ticket_status", new() { ["ticketId"] = "IT-000002" });

        Assert.StartsWith("Ticket IT-000001 \"VPN not connecting\" is in progress.", mine, StringComparison.Ordinal);
        Assert.StartsWith("I couldn't find ticket IT-000002", others, StringComparison.Ordinal);
        Assert.All(it.Readers, r => Assert.Equal(EmployeeConversation.Employee, r));
    }

    [Fact]
    public async Task Ticket_creation_is_only_prepared_for_the_users_confirmation()
    {
        var bound = Plugin();
        var plugin = KernelPluginFactory.CreateFromObject(bound, "it");

        var text = await InvokeAsync(plugin, "request_ticket_creation", new()
        {
            ["category"] = "printer", ["description"] = "printer on floor 2 prints blank pages", ["urgency"] = "medium",
        });

        Assert.Empty(it.CreatedTickets);
        Assert.StartsWith("Create a ticket? Category: Printer or scanner", text, StringComparison.Ordinal);
        Assert.EndsWith("\nNothing has been done yet: this needs your yes or no here in the chat.", text, StringComparison.Ordinal);
        var form = Assert.IsType<TicketCreateFormState>(bound.PendingForm);
        Assert.Equal(TicketCreateStage.Confirm, form.Stage);
    }

    [Fact]
    public async Task A_prepared_ticket_installed_as_the_active_form_is_created_on_the_users_yes()
    {
        var bound = Plugin();
        await KernelPluginFactory.CreateFromObject(bound, "it")["request_ticket_creation"].InvokeAsync(
            new Kernel(), new() { ["category"] = "hardware", ["description"] = "docking station has no power", ["urgency"] = "high" });
        var conversation = EmployeeConversation.Start();
        conversation.State = ConversationState.New with { ActiveForm = bound.PendingForm, TurnCount = 1 };

        var result = await conversation.SayAsync("yes");

        Assert.StartsWith("Ticket IT-000003 created, urgency high", result.Text(), StringComparison.Ordinal);
        Assert.Equal(TicketCategory.Hardware, Assert.Single(conversation.It.CreatedTickets).Ticket.Category);
    }

    [Fact]
    public async Task A_similar_ticket_is_mentioned_and_the_pending_form_offers_the_comment()
    {
        var bound = Plugin();

        var text = await KernelPluginFactory.CreateFromObject(bound, "it")["request_ticket_creation"].InvokeAsync(
            new Kernel(), new() { ["category"] = "network", ["description"] = "VPN won't connect from my laptop", ["urgency"] = "high" });

        Assert.Contains("IT-000001", text.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TicketCreateStage.OfferComment, Assert.IsType<TicketCreateFormState>(bound.PendingForm).Stage);
        Assert.Empty(it.Comments);
    }

    [Fact]
    public async Task Invalid_arguments_come_back_as_text_in_the_bound_language()
    {
        var plugin = KernelPluginFactory.CreateFromObject(Plugin("id"), "it");

        var text = await InvokeAsync(plugin, "request_ticket_creation", new() { ["category"] = "weather", ["description"] = "x", ["urgency"] = "high" });

        Assert.StartsWith("Maaf, saya perlu salah satu dari: perangkat keras", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Software_requests_are_only_prepared_and_a_status_list_is_read()
    {
        var bound = Plugin();
        var plugin = KernelPluginFactory.CreateFromObject(bound, "it");

        var prepared = await InvokeAsync(plugin, "request_software", new() { ["software"] = "visio", ["justification"] = "diagrams" });
        var catalog = await InvokeAsync(plugin, "list_software_catalog");
        var requests = await InvokeAsync(plugin, "get_software_requests");

        Assert.Empty(it.SoftwareRequests);
        Assert.Contains("Request Microsoft Visio (it goes to your manager for approval)?", prepared, StringComparison.Ordinal);
        Assert.Equal(SoftwareRequestStage.Confirm, Assert.IsType<SoftwareRequestFormState>(bound.PendingForm).Stage);
        Assert.StartsWith("Software you can request:\n• Microsoft Visio (it goes to your manager for approval)", catalog, StringComparison.Ordinal);
        Assert.Equal("You have no software requests.", requests);
    }

    [Theory]
    [InlineData("request_password_reset", AccountAction.PasswordReset)]
    [InlineData("request_account_unlock", AccountAction.Unlock)]
    public async Task Account_actions_only_start_the_identity_check(string function, AccountAction action)
    {
        var bound = Plugin();

        var text = await InvokeAsync(KernelPluginFactory.CreateFromObject(bound, "it"), function);

        Assert.Empty(it.AccountActions);
        Assert.EndsWith("\nNothing has been changed yet: first you prove it's you with a one-time code here in the chat.", text, StringComparison.Ordinal);
        var form = Assert.IsType<PasswordResetFormState>(bound.PendingForm);
        Assert.Equal((PasswordResetStage.AskChannel, action), (form.Stage, form.Action!.Value));
    }

    [Fact]
    public async Task System_down_is_text_not_an_exception()
    {
        it.Down = true;

        var text = await InvokeAsync(KernelPluginFactory.CreateFromObject(Plugin(), "it"), "list_open_tickets");

        Assert.StartsWith("Sorry, the IT service desk system is not answering right now.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_intents_the_plugin_mirrors_are_employee_only()
    {
        foreach (var intent in new[] { IntentNames.ItPasswordReset, IntentNames.ItTicketCreate, IntentNames.ItTicketStatus, IntentNames.ItSoftwareRequest })
        {
            Assert.True(IntentActions.Serves(intent, EmployeeConversation.Employee));
            Assert.False(IntentActions.Serves(intent, Requester.Customer("CUS-0001")));
        }
    }
}
