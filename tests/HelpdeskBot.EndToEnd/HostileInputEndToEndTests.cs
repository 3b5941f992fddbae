using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Knowledge.Library;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// XSS payloads in everything a person sees (docs/hostile-input.md), in real headless Chromium: chat text, the user's
/// display name, signed-in names, handoff context, document titles, contents and passages. Each payload would set
/// <c>window.__xss</c> (or leave an on* attribute or a javascript: URL in the page) if it were rendered as markup; the
/// pages must show it as text instead. Covers the Web Chat demo page, the agent console and the admin console
/// (knowledge documents, inbox, dashboard).
/// </summary>
public sealed class HostileInputEndToEndTests(ITestOutputHelper output)
{
    private const string AdminUser = "e2e-xss-admin";
    private const string AdminPassword = "e2e-xss-admin-password-3";
    private const string AgentUser = "e2e-xss-agent";
    private const string AgentPassword = "e2e-xss-agent-password-5";
    private const string Secret = "e2e-xss-directline-secret-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string ImgPayload = "<img src=x onerror=\"window.__xss='img'\">";
    private const string ScriptPayload = "<script>window.__xss='script'</script>";
    private const string SvgPayload = "<svg onload=\"window.__xss='svg'\"></svg>";
    private const string LinkPayload = "[press here](javascript:window.__xss='link')";
    private const string ImagePayload = "![x](javascript:window.__xss='image')";
    private const string QuotePayload = "\"'><b onmouseover=\"window.__xss='quote'\">bold</b>";
    private const string HostileName = "Eve <img src=x onerror=\"window.__xss='name'\"> \"'><svg onload=window.__xss='name2'>";
    private const string HostileDisplayName = "Admin <img src=x onerror=\"window.__xss='admin'\">";
    private const string HostileAgentName = "Agent <img src=x onerror=\"window.__xss='agent'\">";
    private const string DocumentTitle = "Bicycle parking <img src=x onerror=\"window.__xss='title'\"> \"'><svg onload=window.__xss='title2'>";

    private static readonly string[] ChatPayloads = [ImgPayload, ScriptPayload, SvgPayload, LinkPayload, ImagePayload, QuotePayload];

    /// <summary>
    /// True when nothing ran and nothing executable was left in the page: the flag is unset, no element carries an on*
    /// attribute, and no href/src is a javascript: URL. Checked after a pause, as an image's onerror fires asynchronously.
    /// </summary>
    private const string NothingRanScript = """
        return window.__xss === undefined
          && !Array.from(document.querySelectorAll('body *')).some(e => Array.from(e.attributes).some(a =>
               a.name.toLowerCase().startsWith('on') || /^\s*javascript:/i.test(a.value)));
        """;

    [BrowserFact]
    public void Payloads_in_chat_text_documents_and_signed_in_names_stay_text_in_web_chat_and_the_admin_console()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        var driver = browser.Driver;
        var chat = new WebChatPage(browser, root);
        try
        {
            var library = server.Services.GetRequiredService<KnowledgeLibrary>();
            library.CreateAsync(new DocumentUpload("bicycle-parking.md", Encoding.UTF8.GetBytes($"""
                ---
                title: {DocumentTitle.Replace("\"", "'", StringComparison.Ordinal)}
                audience: everyone
                language: en
                ---
                # Bicycle parking

                ## Parking your bicycle

                Customers may park bicycles in the basement rack at any store for Rp 3.700 per day. {ImgPayload} {ScriptPayload}
                Pay at the information desk, {LinkPayload} {ImagePayload} {SvgPayload} {QuotePayload}
                """), "admin@corp.example", Publish: true)).GetAwaiter().GetResult();

            // Web Chat: a knowledge answer quoting the hostile passage, then the customer's own hostile messages (which the
            // bot cannot place: after two of them it offers a person, and the rest go to the queue without a reply).
            chat.Open();
            chat.WaitForConversation("en-US");
            chat.WaitForBotMessage("the welcome message", 0, _ => true);
            var beforeAnswer = chat.BotMessages().Count;
            chat.Send("what is your bicycle parking policy?");
            var answer = chat.WaitForBotMessage("the answer from the hostile policy", beforeAnswer, text => text.Contains("3.700", StringComparison.Ordinal));
            foreach (var payload in ChatPayloads)
            {
                var sent = chat.UserMessages().Count;
                chat.Send(payload);
                browser.WaitFor($"the user's message {payload}", Timeout, _ => chat.UserMessages().Count > sent ? "shown" : null);
            }

            Thread.Sleep(1_000);
            AssertNothingRan(browser, "Web Chat");
            var userTexts = string.Join("\n", chat.UserMessages());
            Assert.Contains("onerror", userTexts, StringComparison.Ordinal);
            Assert.Contains("<script>", userTexts, StringComparison.Ordinal);
            Assert.Empty(driver.FindElements(By.CssSelector("#webchat img[src='x'], #webchat svg[onload], #webchat a[href^='javascript']")));
            output.WriteLine("answer shown: " + answer);

            // The admin console, signed in as an admin whose display name is itself a payload.
            driver.Navigate().GoToUrl(new Uri(root, "/admin/kb"));
            browser.WaitFor("the sign-in form", Timeout, d => d.Url.Contains("/agent/login", StringComparison.Ordinal) ? d.FindElement(By.Id("userName")) : null);
            driver.FindElement(By.Id("userName")).SendKeys(AdminUser);
            driver.FindElement(By.Id("password")).SendKeys(AdminPassword);
            driver.FindElement(By.Id("signIn")).Click();
            var link = browser.WaitFor("the hostile title in the document list", Timeout, d =>
                d.FindElements(By.CssSelector("#kbTable a")).FirstOrDefault(a => a.Text.Contains("onerror", StringComparison.Ordinal)));
            Assert.Contains("Bicycle parking <img src=x", link.Text, StringComparison.Ordinal);
            Assert.Contains(HostileDisplayName, driver.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);
            AssertNothingRan(browser, "/admin/kb list");

            link.Click();
            browser.WaitFor("the document view", Timeout, d => d.FindElements(By.Id("kbDocTitle")).FirstOrDefault(t => t.Displayed && t.Text.Contains("onerror", StringComparison.Ordinal)));
            Thread.Sleep(500);
            AssertNothingRan(browser, "/admin/kb document");

            foreach (var page in new[] { "/admin/inbox", "/admin/dashboard", "/admin/audit" })
            {
                driver.Navigate().GoToUrl(new Uri(root, page));
                browser.WaitFor($"{page} to load", Timeout, d => d.FindElements(By.TagName("main")).FirstOrDefault());
                Thread.Sleep(1_500);
                AssertNothingRan(browser, page);
            }

            output.WriteLine("admin screenshot: " + browser.SaveScreenshot("hostile-admin.png"));
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                url: {driver.Url}
                Web Chat:
                {Safe(chat.Describe)}
                Saved:
                {browser.SaveFailureArtifacts("hostile-web-chat-admin")}
                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    [BrowserFact]
    public async Task A_hostile_display_name_and_messages_stay_text_in_the_agent_console_and_the_agents_name_in_web_chat()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var agentBrowser = ChromiumSession.Start();
        var agent = new AgentConsolePage(agentBrowser, root);
        using var http = new HttpClient { BaseAddress = root };
        try
        {
            agent.SignIn(AgentUser, AgentPassword);

            // A Direct Line client (as a website's own widget would be) that names its user with a payload.
            var token = await TokenAsync(http, HostileName);
            using var started = await SendAsync(http, HttpMethod.Post, "/v3/directline/conversations", token, null);
            var conversationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetString()!;
            var activities = $"/v3/directline/conversations/{conversationId}/activities";
            await SayAsync(http, activities, token, "talk to a person");

            var caseId = agent.WaitForWaitingCase("General");
            agentBrowser.WaitFor("the hostile name in the queue", Timeout, d =>
                d.FindElement(By.TagName("body")).Text.Contains("Eve <img src=x", StringComparison.Ordinal) ? "shown" : null);
            agent.Accept(caseId);
            foreach (var payload in ChatPayloads)
            {
                await SayAsync(http, activities, token, payload);
                agent.WaitForCustomerLine(payload);
            }

            agent.Send("Checking: " + ImgPayload);
            Thread.Sleep(1_000);
            AssertNothingRan(agentBrowser, "the agent console");
            Assert.Contains(HostileName, agentBrowser.Driver.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);
            agent.Resolve();

            // The agent's own hostile display name and message reach the customer as text, in Web Chat's own rendering.
            using var customerBrowser = ChromiumSession.Start();
            var chat = new WebChatPage(customerBrowser, root);
            chat.Open();
            chat.WaitForConversation("en-US");
            chat.WaitForBotMessage("the welcome message", 0, _ => true);
            var before = chat.BotMessages().Count;
            chat.Send("talk to a person");
            chat.WaitForBotMessage("the place in the queue", before, text => text.Contains("in the queue", StringComparison.Ordinal));
            var second = agent.WaitForWaitingCase("General");
            before = chat.BotMessages().Count;
            agent.Accept(second);
            var joined = chat.WaitForBotMessage("the agent joining", before, text => text.Contains("has joined the chat", StringComparison.Ordinal));
            // The bot's Markdown carries the name as character references, so Web Chat shows the tag as text instead of
            // stripping it (its typographer still curls the quotes inside: onerror=“window.__xss=‘agent’”).
            Assert.Contains("Agent <img src=x onerror=", joined, StringComparison.Ordinal);
            before = chat.BotMessages().Count;
            agent.Send(ImgPayload + " " + LinkPayload);
            chat.WaitForBotMessage("the agent's hostile message", before, text => text.Contains("onerror", StringComparison.Ordinal) || text.Contains("press here", StringComparison.Ordinal));
            Thread.Sleep(1_000);
            AssertNothingRan(customerBrowser, "Web Chat (agent's name and message)");
            output.WriteLine("joined message: " + joined);
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                Agent console:
                {Safe(agent.Describe)}
                Saved:
                {agentBrowser.SaveFailureArtifacts("hostile-agent")}
                Agent browser console:
                {agentBrowser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    private static void AssertNothingRan(ChromiumSession browser, string where)
    {
        var clean = browser.Driver.ExecuteScript(NothingRanScript);
        var flag = browser.Driver.ExecuteScript("return window.__xss === undefined ? null : String(window.__xss);");
        Assert.True(clean is true, $"{where}: a payload ran or left executable markup (window.__xss = {flag ?? "unset"}).");
    }

    private static async Task<string> TokenAsync(HttpClient http, string userName)
    {
        using var response = await SendAsync(http, HttpMethod.Post, "/v3/directline/tokens/generate", Secret,
            JsonContent.Create(new { user = new { name = userName } }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task SayAsync(HttpClient http, string activities, string token, string text)
    {
        using var response = await SendAsync(http, HttpMethod.Post, activities, token, JsonContent.Create(new
        {
            type = "message",
            from = new { id = "ignored", name = HostileName },
            text,
            channelData = new { clientActivityID = Guid.NewGuid().ToString("N") },
        }));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string bearer, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await http.SendAsync(request);
    }

    private static BotServer NewServer()
    {
        var server = new BotServer()
            .With("Knowledge:SeedOnFirstRun", "false")
            .With("DirectLine:Secret", Secret)
            .With("Agents:Accounts:0:UserName", AdminUser)
            .With("Agents:Accounts:0:DisplayName", HostileDisplayName)
            .With("Agents:Accounts:0:PasswordHash", AgentAccounts.HashPassword(AdminPassword))
            .With("Agents:Accounts:0:Roles:0", AgentRoles.Admin)
            .With("Agents:Accounts:1:UserName", AgentUser)
            .With("Agents:Accounts:1:DisplayName", HostileAgentName)
            .With("Agents:Accounts:1:PasswordHash", AgentAccounts.HashPassword(AgentPassword))
            .With("Agents:Accounts:1:Roles:0", AgentRoles.Agent);
        foreach (var queue in HelpdeskBot.Skills.Handoff.HandoffQueues.All)
        {
            server.With($"Handoff:Queues:{queue}:Days", "Daily")
                .With($"Handoff:Queues:{queue}:Opens", "00:00")
                .With($"Handoff:Queues:{queue}:Closes", "24:00");
        }

        return server;
    }

    private static string Safe(Func<string> describe)
    {
        try
        {
            return describe();
        }
        catch (WebDriverException exception)
        {
            return "(unavailable: " + exception.Message + ")";
        }
    }
}
