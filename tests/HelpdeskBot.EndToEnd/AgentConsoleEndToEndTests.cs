using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// Human handoff end to end in two headless Chromium sessions on one real host: a customer in the Web Chat demo page
/// and an agent in the console at <c>/agent</c>, talking through Direct Line and the SignalR hub.
/// </summary>
public sealed class AgentConsoleEndToEndTests(ITestOutputHelper output)
{
    private const string AgentUser = "e2e-agent";
    private const string AgentPassword = "e2e-agent-password-7";
    private const string XssProbe = "<img src=x onerror=\"window.__xss=1\">";

    [BrowserFact]
    public void A_customer_reaches_an_agent_they_talk_the_bot_stays_silent_and_the_customer_rates_the_help()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var customerBrowser = ChromiumSession.Start();
        using var agentBrowser = ChromiumSession.Start();
        var customer = new WebChatPage(customerBrowser, root);
        var agent = new AgentConsolePage(agentBrowser, root);
        try
        {
            agent.SignIn(AgentUser, AgentPassword);

            customer.Open();
            customer.WaitForConversation("en-US");
            customer.WaitForBotMessage("the welcome message", 0, text => text.Contains("Hi Budi", StringComparison.Ordinal));
            var before = customer.BotMessages().Count;
            customer.Send("talk to a person");
            // Web Chat renders bot markdown with typographic quotes ("You’re"): match the words after them.
            customer.WaitForBotMessage("the place in the queue", before, text => text.Contains("number 1 in the queue", StringComparison.Ordinal));

            var caseId = agent.WaitForWaitingCase("General");
            before = customer.BotMessages().Count;
            agent.Accept(caseId);
            customer.WaitForBotMessage("the agent joining", before, text => text.Contains("E2E Agent from our support team has joined the chat", StringComparison.Ordinal));

            before = customer.BotMessages().Count;
            agent.Send("Hi Budi, this is the agent. How can I help?");
            customer.WaitForBotMessage("the agent's greeting", before, text => text == "Hi Budi, this is the agent. How can I help?");

            // An order question the bot would answer itself ("Order ORD-100123 is …") if it were listening.
            before = customer.BotMessages().Count;
            customer.Send("where is my order ORD-100123?");
            agent.WaitForCustomerLine("where is my order ORD-100123?");
            agent.Send("Let me check that for you.");
            customer.WaitForBotMessage("the agent's answer", before, text => text == "Let me check that for you.");
            // The bot would have replied within the customer's own turn, before the agent even saw the message.
            Assert.Equal(["Let me check that for you."], customer.BotMessages().Skip(before));

            customer.Send(XssProbe);
            agent.WaitForCustomerLine(XssProbe);
            Assert.Equal(true, agent.Script("return window.__xss === undefined && document.querySelectorAll('#transcript img, #console img').length === 0;"));

            // A reload is a new connection: within the reconnect grace the conversation is still the agent's, intact.
            agent.Reload();
            agent.OpenMine(caseId);
            agent.WaitForCustomerLine(XssProbe);
            Assert.Contains("Let me check that for you.", agent.AgentLines());
            Assert.Equal(true, agent.Script("return window.__xss === undefined;"));
            before = customer.BotMessages().Count;
            customer.Send("thanks, that's all");
            agent.WaitForCustomerLine("thanks, that's all");

            agent.Resolve();
            customer.WaitForBotMessage("the rating question", before, text => text.Contains("from 1 (poor) to 5 (excellent)", StringComparison.Ordinal));
            before = customer.BotMessages().Count;
            customer.PressSuggestedAction("5");
            customer.WaitForBotMessage("the thanks for the rating", before, text => text.Contains("Thank you for your rating", StringComparison.Ordinal));

            Assert.Equal(5, RatingOf(server, caseId));
            output.WriteLine("console screenshot: " + agentBrowser.SaveScreenshot("agent-console.png"));
            agent.SignOut();
            customerBrowser.AssertNoCspViolations();
            agentBrowser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                Customer page:
                {customer.Describe()}
                Agent console:
                {agent.Describe()}
                Saved:
                {customerBrowser.SaveFailureArtifacts("handoff-customer")}
                {agentBrowser.SaveFailureArtifacts("handoff-agent")}

                Customer browser console:
                {customerBrowser.ConsoleLog()}
                Agent browser console:
                {agentBrowser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    private static BotServer NewServer()
    {
        var server = new BotServer()
            // The handoff needs no knowledge base: skip embedding the seed corpus.
            .With("Knowledge:SeedOnFirstRun", "false")
            .With("Agents:Accounts:0:UserName", AgentUser)
            .With("Agents:Accounts:0:DisplayName", "E2E Agent")
            .With("Agents:Accounts:0:PasswordHash", AgentAccounts.HashPassword(AgentPassword))
            .With("Agents:Accounts:0:Roles:0", AgentRoles.Agent);
        foreach (var queue in HelpdeskBot.Skills.Handoff.HandoffQueues.All)
        {
            server.With($"Handoff:Queues:{queue}:Days", "Daily")
                .With($"Handoff:Queues:{queue}:Opens", "00:00")
                .With($"Handoff:Queues:{queue}:Closes", "24:00");
        }

        return server;
    }

    private static int? RatingOf(BotServer server, long caseId)
    {
        using var db = server.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContext();
        return db.HandoffCases.AsNoTracking().Single(c => c.Id == caseId).Satisfaction;
    }
}
