using System.Net;
using System.Security.Claims;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Stories;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Handoff;

/// <summary>
/// The agent console's sign-in and hub against the real host: customers on Direct Line, agents signed in through the
/// form and connected to <c>/agent/hub</c> with the sign-in cookie. Every test gets a fresh host, so queue contents and
/// positions are the test's own.
/// </summary>
public sealed class AgentHubTests
{
    private static readonly string[] AgentRole = [AgentRoles.Agent];

    private const string QueuedReply = "You're number";
    private const string CsatQuestion = "from 1 (poor) to 5 (excellent)";

    [Fact]
    public async Task The_console_page_and_the_hub_need_a_signed_in_agent()
    {
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole);
        using var http = AgentConsoleClient.RawHttp(host);

        using var anonymousPage = await http.GetAsync(new Uri("/agent", UriKind.Relative));
        using var anonymousHub = await NegotiateAsync(http, cookies: null);
        Assert.Equal(HttpStatusCode.Redirect, anonymousPage.StatusCode);
        Assert.EndsWith("/agent/login?ReturnUrl=%2Fagent", anonymousPage.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousHub.StatusCode);
        // Connecting without negotiating (WebSockets straight away) is refused as well.
        using var anonymousSocket = await http.GetAsync(new Uri("/agent/hub?id=guess", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousSocket.StatusCode);

        using var wrongPassword = await AgentConsoleClient.PostLoginAsync(http, "sari", "not-her-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.DoesNotContain("helpdesk.agent=", AgentConsoleClient.Cookies(wrongPassword), StringComparison.Ordinal);

        // A genuine console cookie (signed by the host) for someone who is neither agent nor admin.
        var notAnAgent = "helpdesk.agent=" + ProtectedCookie(host, new Claim(ClaimTypes.NameIdentifier, "visitor"), new Claim(ClaimTypes.Role, "customer"));
        using var forbiddenPage = await GetAsync(http, "/agent", notAnAgent);
        using var forbiddenHub = await NegotiateAsync(http, notAnAgent);
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenHub.StatusCode);

        var agent = await AgentConsoleClient.SignInAsync(host, "sari");
        using var page = await GetAsync(http, "/agent", agent);
        using var hub = await NegotiateAsync(http, agent);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/agent/console.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{antiforgery", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
    }

    [Fact]
    public async Task Signing_out_with_the_console_form_ends_the_session()
    {
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole);
        using var http = AgentConsoleClient.RawHttp(host);
        var agent = await AgentConsoleClient.SignInAsync(host, "sari");
        using var page = await GetAsync(http, "/agent", agent);
        var html = await page.Content.ReadAsStringAsync();
        var field = System.Text.RegularExpressions.Regex.Match(html, """<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""");
        Assert.True(field.Success, "The console has no sign-out token: " + html);
        var withAntiforgery = agent + "; " + AgentConsoleClient.Cookies(page);

        using var forged = await PostFormAsync(http, "/agent/logout", withAntiforgery, ("__RequestVerificationToken", "forged"));
        using var signOut = await PostFormAsync(http, "/agent/logout", withAntiforgery,
            (WebUtility.HtmlDecode(field.Groups["name"].Value), WebUtility.HtmlDecode(field.Groups["value"].Value)));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/agent/login", signOut.Headers.Location?.OriginalString);
        // The browser's cookie is cleared (expired, empty).
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("helpdesk.agent=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_customer_who_asks_for_a_person_appears_in_the_live_queue()
    {
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole);
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await agent.ForgetEventsAsync();

        Assert.Contains(QueuedReply, await customer.AskAsync("talk to a person"), StringComparison.Ordinal);

        await agent.WaitForEventAsync("queueChanged", args => args[0].GetString() == "General");
        var queue = await agent.GetQueueAsync();
        var item = Assert.Single(queue.GetProperty("waiting").EnumerateArray());
        Assert.Equal("General", item.GetProperty("queue").GetString());
        Assert.Equal(1, item.GetProperty("position").GetInt32());
        Assert.Equal("UserAsked", item.GetProperty("reason").GetString());
        Assert.Equal("en", item.GetProperty("language").GetString());
        Assert.Equal("Customer", item.GetProperty("requesterKind").GetString());
        var general = queue.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "General");
        Assert.Equal(1, general.GetProperty("waiting").GetInt32());
        Assert.Equal(1, general.GetProperty("agentsOnline").GetInt32());
        Assert.True(general.GetProperty("open").GetBoolean());
        Assert.Empty(queue.GetProperty("mine").EnumerateArray());
    }

    [Fact]
    public async Task When_two_agents_accept_at_once_exactly_one_gets_the_conversation()
    {
        using var host = AgentAccountsForTests.NewHandoffHost()
            .WithAgent(0, "sari", "Sari", AgentRole)
            .WithAgent(1, "andi", "Andi", AgentRole);
        await using var sari = await AgentConsoleClient.ConnectAsync(host, "sari");
        await using var andi = await AgentConsoleClient.ConnectAsync(host, "andi");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await customer.AskAsync("talk to a person");
        var caseId = (await sari.WaitingAsync()).Single().GetProperty("id").GetInt64();

        var outcomes = await Task.WhenAll(sari.AcceptAsync(caseId), andi.AcceptAsync(caseId));

        Assert.Equal(["accepted", "taken"], outcomes.Order(StringComparer.Ordinal));
        var (winner, loser) = outcomes[0] == "accepted" ? (sari, andi) : (andi, sari);
        Assert.Equal(caseId, Assert.Single((await winner.GetQueueAsync()).GetProperty("mine").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Empty((await loser.GetQueueAsync()).GetProperty("mine").EnumerateArray());
        Assert.Empty(await loser.WaitingAsync());
        var joined = (await customer.GetActivitiesAsync()).Activities.Count(a => a.Text?.Contains("has joined the chat", StringComparison.Ordinal) == true);
        Assert.Equal(1, joined);
    }

    [Fact]
    public async Task Agent_and_customer_talk_both_ways_and_the_bot_stays_silent()
    {
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari Dewi", AgentRole);
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await customer.AskAsync("talk to a person");
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();
        Assert.Equal("accepted", await agent.AcceptAsync(caseId));

        await agent.SendAsync(caseId, "Hello, this is Sari. How can I help?");
        var fromAgent = (await customer.GetActivitiesAsync()).Activities.Single(a => a.Text == "Hello, this is Sari. How can I help?");
        Assert.Equal("bot", fromAgent.From?.Role);
        Assert.Equal("Sari Dewi", fromAgent.From?.Name);
        Assert.Equal("plain", fromAgent.TextFormat);

        // "where is my order" would start the order skill if the bot were listening.
        var said = await customer.SayAsync("where is my order? it is late");
        var line = (await agent.WaitForEventAsync("userMessage", args => args[0].GetInt64() == caseId))[1];
        Assert.Equal("user", line.GetProperty("direction").GetString());
        Assert.Equal("where is my order? it is late", line.GetProperty("text").GetString());
        Assert.Empty(await customer.RepliesToAsync(said));
        Assert.DoesNotContain((await customer.GetActivitiesAsync()).Activities, a => a.Text?.Contains("order number", StringComparison.OrdinalIgnoreCase) == true);

        var context = await agent.GetCaseAsync(caseId);
        var transcript = context.GetProperty("transcript").EnumerateArray()
            .Select(t => (t.GetProperty("direction").GetString(), t.GetProperty("text").GetString())).ToList();
        Assert.Contains(("user", "talk to a person"), transcript);
        Assert.Contains(("agent", "Hello, this is Sari. How can I help?"), transcript);
        Assert.Contains(("user", "where is my order? it is late"), transcript);
    }

    [Fact]
    public async Task Markup_a_customer_types_reaches_the_agent_as_text_data()
    {
        const string markup = "<script>window.__xss = 1</script><img src=x onerror=\"alert(1)\">";
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole);
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await customer.AskAsync("talk to a person");
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();
        Assert.Equal("accepted", await agent.AcceptAsync(caseId));

        await customer.SayAsync(markup);

        var line = (await agent.WaitForEventAsync("userMessage", args => args[0].GetInt64() == caseId))[1];
        Assert.Equal(markup, line.GetProperty("text").GetString());
        var transcript = (await agent.GetCaseAsync(caseId)).GetProperty("transcript").EnumerateArray();
        Assert.Contains(transcript, t => t.GetProperty("text").GetString() == markup);
    }

    [Fact]
    public async Task An_agent_serving_only_IT_can_neither_take_nor_open_an_Orders_conversation()
    {
        using var host = AgentAccountsForTests.NewHandoffHost()
            .WithAgent(0, "it-only", "Ita", AgentRole, "IT")
            .WithAgent(1, "orders", "Oki", AgentRole, "Orders");
        await using var itAgent = await AgentConsoleClient.ConnectAsync(host, "it-only");
        await using var ordersAgent = await AgentConsoleClient.ConnectAsync(host, "orders");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
        await customer.AskAsync("talk to a person");
        var item = (await ordersAgent.WaitingAsync()).Single();
        Assert.Equal("Orders", item.GetProperty("queue").GetString());
        var caseId = item.GetProperty("id").GetInt64();

        Assert.Empty(await itAgent.WaitingAsync());
        Assert.Equal(["IT"], (await itAgent.GetQueueAsync()).GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("queue").GetString()));
        Assert.Equal("notYourQueue", await itAgent.AcceptAsync(caseId));
        var refused = await Assert.ThrowsAsync<HubException>(() => itAgent.GetCaseAsync(caseId));
        Assert.Contains("queue you do not serve", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => itAgent.AddNoteAsync(caseId, "peeking"));

        Assert.Equal("accepted", await ordersAgent.AcceptAsync(caseId));
        await Assert.ThrowsAsync<HubException>(() => itAgent.SendAsync(caseId, "hi from IT"));
        await Assert.ThrowsAsync<HubException>(() => itAgent.ResolveAsync(caseId));
        await customer.SayAsync("are you there?");
        await ordersAgent.WaitForEventAsync("userMessage", args => args[0].GetInt64() == caseId);
        // A hub call is answered after the events sent before it on the same connection.
        await itAgent.GetQueueAsync();
        Assert.DoesNotContain(itAgent.EventsSoFar(), e => e.Name == "userMessage");
        Assert.DoesNotContain((await customer.GetActivitiesAsync()).Activities, a => a.Text == "hi from IT");
    }

    [Fact]
    public async Task When_the_agent_disconnects_the_conversation_goes_back_to_the_head_of_its_queue()
    {
        using var host = AgentAccountsForTests.NewHandoffHost()
            .WithAgent(0, "sari", "Sari", AgentRole)
            .WithAgent(1, "andi", "Andi", AgentRole);
        await using var andi = await AgentConsoleClient.ConnectAsync(host, "andi");
        var first = await StartCustomerAsync(host, "CUS-0001");
        await first.AskAsync("talk to a person");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await StartCustomerAsync(host, "CUS-0002");
        await second.AskAsync("talk to a person");
        var waiting = await andi.WaitingAsync();
        Assert.Equal(2, waiting.Count);
        var (firstCase, secondCase) = (waiting[0].GetProperty("id").GetInt64(), waiting[1].GetProperty("id").GetInt64());

        var sari = await AgentConsoleClient.ConnectAsync(host, "sari");
        Assert.Equal("accepted", await sari.AcceptAsync(secondCase));
        Assert.Equal([firstCase], (await andi.WaitingAsync()).Select(w => w.GetProperty("id").GetInt64()));
        await sari.DisposeAsync();

        var requeued = await WaitForAsync(TimeSpan.FromSeconds(15), async () =>
        {
            // Past the 1 s grace on the host's clock, however late the host notices the disconnect.
            host.Time.Advance(TimeSpan.FromSeconds(2));
            var now = await andi.WaitingAsync();
            return now.Count == 2 ? now : null;
        });
        Assert.Equal([secondCase, firstCase], requeued.Select(w => w.GetProperty("id").GetInt64()));
        Assert.Equal([1, 2], requeued.Select(w => w.GetProperty("position").GetInt32()));
        Assert.Contains((await second.GetActivitiesAsync()).Activities, a => a.Text?.Contains("The agent was disconnected", StringComparison.Ordinal) == true);
        Assert.Equal("accepted", await andi.AcceptAsync(secondCase));
    }

    [Fact]
    public async Task Resolving_asks_the_customer_for_a_rating_and_records_the_answer()
    {
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole);
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await customer.AskAsync("talk to a person");
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();
        Assert.Equal("accepted", await agent.AcceptAsync(caseId));

        await agent.ResolveAsync(caseId);

        await agent.WaitForEventAsync("caseClosed", args => args[0].GetInt64() == caseId);
        Assert.Empty((await agent.GetQueueAsync()).GetProperty("mine").EnumerateArray());
        var prompt = (await customer.GetActivitiesAsync()).Activities.Single(a => a.Text?.Contains(CsatQuestion, StringComparison.Ordinal) == true);
        Assert.Equal(["1", "2", "3", "4", "5"], prompt.SuggestedActions!.Actions!.Select(a => a.Title));
        Assert.Contains("Thank you for your rating", await customer.AskAsync("4"), StringComparison.Ordinal);

        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var record = await db.HandoffCases.AsNoTracking().SingleAsync(c => c.Id == caseId);
        Assert.Equal(HandoffStatus.Resolved, record.Status);
        Assert.Equal(4, record.Satisfaction);
        // The bot has the conversation again.
        Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_stay_with_the_agents_and_a_transfer_puts_the_conversation_in_the_other_queue()
    {
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole);
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await customer.AskAsync("talk to a person");
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();
        Assert.Equal("accepted", await agent.AcceptAsync(caseId));

        var note = await agent.AddNoteAsync(caseId, "Customer sounds upset; laptop issue, not an order.");
        Assert.Equal("sari", note.GetProperty("agent").GetString());
        await agent.TransferAsync(caseId, "IT");

        var context = await agent.GetCaseAsync(caseId);
        Assert.Equal("IT", context.GetProperty("case").GetProperty("queue").GetString());
        Assert.Equal("Queued", context.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal("Customer sounds upset; laptop issue, not an order.", Assert.Single(context.GetProperty("notes").EnumerateArray()).GetProperty("text").GetString());
        var waiting = Assert.Single(await agent.WaitingAsync());
        Assert.Equal(("IT", 1), (waiting.GetProperty("queue").GetString(), waiting.GetProperty("position").GetInt32()));
        var activities = (await customer.GetActivitiesAsync()).Activities;
        Assert.Contains(activities, a => a.Text?.Contains("transferred to our IT service desk", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(activities, a => a.Text?.Contains("upset", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_context_package_of_a_signed_in_customer_shows_their_order_system_record_with_masked_contacts()
    {
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole);
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await customer.AskAsync("talk to a person");
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();

        var profile = Profile(await agent.GetCaseAsync(caseId));

        Assert.Equal("CUS-0001", profile["Id"]);
        Assert.Equal("b***@example.com", profile["E-mail (masked)"]);
        Assert.Equal("+62***0001", profile["Phone (masked)"]);
        Assert.Equal("5", profile["Orders"]);
        Assert.Equal("ORD-100125 (2026-11-19)", profile["Latest order"]);
        Assert.DoesNotContain(profile.Values, v => v.Contains("budi.santoso@", StringComparison.OrdinalIgnoreCase) || v.Contains("81200000001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_context_package_still_opens_when_the_order_system_is_down()
    {
        // The stories' pass-through recorder: the real demo order system, failing on demand.
        var calls = new ConnectorCalls();
        using var host = AgentAccountsForTests.NewHandoffHost().WithAgent(0, "sari", "Sari", AgentRole)
            .WithServices(services => calls.Watch<IOrderService>(services, BackOfficeSystem.Orders));
        await using var agent = await AgentConsoleClient.ConnectAsync(host, "sari");
        var customer = await StartCustomerAsync(host, "CUS-0001");
        await customer.AskAsync("talk to a person");
        var caseId = (await agent.WaitingAsync()).Single().GetProperty("id").GetInt64();
        calls.Clear();
        calls.SetDown(BackOfficeSystem.Orders, down: true);

        var context = await agent.GetCaseAsync(caseId);

        var profile = Profile(context);
        Assert.Equal("Order system not reachable", profile["Order system"]);
        Assert.Equal("CUS-0001", profile["Id"]);
        Assert.False(profile.ContainsKey("Orders"));
        Assert.Equal(["Orders.GetCustomerProfileAsync"], calls.Made);
        Assert.Contains(context.GetProperty("transcript").EnumerateArray(), t => t.GetProperty("text").GetString() == "talk to a person");
    }

    private static Dictionary<string, string> Profile(JsonElement context) =>
        context.GetProperty("profile").EnumerateArray()
            .ToDictionary(f => f.GetProperty("label").GetString()!, f => f.GetProperty("value").GetString()!);

    private static async Task<DirectLineSession> StartCustomerAsync(BotHost host, string customerId) =>
        await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer(customerId));

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string path, string cookies, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        request.Headers.Add("Cookie", cookies);
        return await http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> NegotiateAsync(HttpClient http, string? cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/agent/hub/negotiate?negotiateVersion=1");
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return await http.SendAsync(request);
    }

    /// <summary>A console sign-in cookie for <paramref name="claims"/>, protected with the host's own keys.</summary>
    private static string ProtectedCookie(BotHost host, params Claim[] claims)
    {
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AgentConsoleEndpoints.Scheme);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, AgentConsoleEndpoints.Scheme));
        return options.TicketDataFormat.Protect(new AuthenticationTicket(principal, AgentConsoleEndpoints.Scheme));
    }

    private static async Task<T> WaitForAsync<T>(TimeSpan timeout, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(200);
        }
    }
}
