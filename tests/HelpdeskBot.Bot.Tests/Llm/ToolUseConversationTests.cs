using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Tests.Channels;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Tests.Llm;

namespace HelpdeskBot.Bot.Tests.Llm;

/// <summary>
/// Tool use in the real host: the real classifier finds a message out of scope, the model (<see cref="ChatModelStandIn"/>
/// over real HTTP) calls a skill's function, and the demo back office is read and changed only as the signed-in user
/// and only after their yes — heard through a real Direct Line conversation.
/// </summary>
public sealed class ToolUseConversationTests : IAsyncLifetime
{
    /// <summary>Words no intent is trained on: the classifier's out of scope, and nothing in the policies either.</summary>
    private const string Gibberish = "blorf the zibble from last week, quux";

    private ChatModelStandIn model = null!;

    public async Task InitializeAsync() => model = await ChatModelStandIn.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    private BotHost Host() => new BotHost()
        .With("Llm:Endpoint", model.Endpoint.ToString())
        .With("Llm:Model", "helpdesk-test-model")
        .With("Llm:Timeout", "00:00:05");

    [Fact]
    public async Task A_cancellation_the_model_asks_for_is_made_only_after_the_customers_yes_in_web_chat()
    {
        model.Enqueue(StandInReply.ToolCalls(("orders_request_order_cancellation", new { orderNumber = "ORD-100125" })));
        using var host = Host();
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));

        var askedId = await customer.SayAsync(Gibberish);
        var asked = Assert.Single(await customer.RepliesToAsync(askedId));

        Assert.StartsWith("Order ORD-100125 (", DirectLineSession.ShownText(asked), StringComparison.Ordinal);
        Assert.Contains("Shall I cancel it?", DirectLineSession.ShownText(asked), StringComparison.Ordinal);
        Assert.Equal(["Yes", "No"], DirectLineSession.ButtonTitles(asked).Distinct());
        var request = Assert.Single(model.Requests);
        Assert.Equal(Gibberish, request.User);
        Assert.Contains("orders_request_order_cancellation", request.ToolNames);
        Assert.DoesNotContain(request.ToolNames, name => name.StartsWith("hr_", StringComparison.Ordinal) || name.StartsWith("it_", StringComparison.Ordinal));

        var done = await customer.AskAsync("yes");

        Assert.Contains("Order ORD-100125 is cancelled", done, StringComparison.Ordinal);
        Assert.Contains("cancelled", await customer.AskAsync("where is my order ORD-100125?"), StringComparison.Ordinal);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_no_to_the_models_question_changes_nothing()
    {
        model.Enqueue(StandInReply.ToolCalls(("orders_request_order_cancellation", new { orderNumber = "ORD-100125" })));
        using var host = Host();
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("id-ID", Requester.Customer("CUS-0001"));

        var asked = await customer.AskAsync("blorf zibble quux yang kemarin itu ya", "id-ID");
        var no = await customer.AskAsync("tidak", "id-ID");

        Assert.Contains("ORD-100125", asked, StringComparison.Ordinal);
        Assert.Contains("Belum ada yang dilakukan", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("dibatalkan.", no, StringComparison.Ordinal);
        Assert.Contains("is being processed", await customer.AskAsync("where is my order ORD-100125?"), StringComparison.Ordinal);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task Another_customers_order_reads_as_not_found_whatever_the_model_asks()
    {
        model.Enqueue(StandInReply.ToolCalls(("orders_get_order_status", new { orderNumber = "ORD-100123", customerId = "CUS-0001" })));
        using var host = Host();
        var stranger = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0002"));

        var answer = await stranger.AskAsync(Gibberish);

        Assert.Contains("ORD-100123", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("on its way", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("tracking", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_employee_in_teams_gets_their_own_leave_balance_from_a_function_the_model_chose()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        model.Enqueue(StandInReply.ToolCalls(("hr_get_leave_balance", new { employeeId = "EMP-0001" })));
        using var host = Host().With("BotFramework:TrustIdentityWithoutAuthentication", "true");
        var reply = await RinaSaysAsync(host, connector, Gibberish);
        var balance = await RinaSaysAsync(host, connector, "how many leave days do I have left?");
        Assert.StartsWith("Your leave balance for 2026:", reply, StringComparison.Ordinal);
        Assert.Equal(balance, reply);
        var request = Assert.Single(model.Requests);
        Assert.Contains("hr_get_leave_balance", request.ToolNames);
        Assert.Contains("it_request_password_reset", request.ToolNames);
        Assert.DoesNotContain(request.ToolNames, name => name.StartsWith("invoices_", StringComparison.Ordinal));
        Assert.Contains("an employee signed in through Microsoft Teams", request.System, StringComparison.Ordinal);
        Assert.DoesNotContain(BotFrameworkAuthenticationTests.RinaWijaya, request.Body.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>Rina says <paramref name="text"/> in a new Teams personal chat; the text of the bot's message to it.</summary>
    private static async Task<string?> RinaSaysAsync(BotHost host, ConnectorStandIn connector, string text)
    {
        var before = connector.Requests.Count;
        var activity = JsonSerializer.Serialize(new
        {
            type = "message",
            id = "m-" + Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = connector.ServiceUrl,
            from = new { id = "29:rina", name = "Rina Wijaya", aadObjectId = BotFrameworkAuthenticationTests.RinaWijaya },
            recipient = new { id = "28:helpdesk-bot", name = "Helpdesk" },
            conversation = new { id = "a:" + Guid.NewGuid().ToString("N"), conversationType = "personal" },
            text,
        });
        using var response = await host.CreateClient().PostAsync("/api/messages", new StringContent(activity, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        return connector.Requests.Skip(before).Single(r => r.Activity.Type == "message").Activity.Text;
    }

    [Fact]
    public async Task When_the_model_fails_the_visitor_gets_the_out_of_scope_reply_they_would_get_without_one()
    {
        string without;
        using (var plain = new BotHost())
        {
            without = await (await new DirectLineClient(plain.CreateClient()).StartAsync("en-US")).AskAsync(Gibberish);
        }

        model.Enqueue(StandInReply.Error(503));
        using var host = Host();
        var visitor = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");

        var answer = await visitor.AskAsync(Gibberish);

        Assert.Equal(without, answer);
        Assert.Single(model.Requests);
    }
}
