using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Analytics;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// The analytics dashboard end to end: a scripted set of conversations through the host's real Direct Line API (the demo
/// page's token endpoint, as Web Chat starts them), an agent taking two of them through the handoff service, then an admin
/// signing in at <c>/agent/login</c> and reading <c>/admin/dashboard</c> in headless Chromium. The expected numbers are
/// worked out here from the script itself, by the definitions in the README, not read from the analytics API.
/// </summary>
public sealed class AdminDashboardEndToEndTests(ITestOutputHelper output)
{
    private const string AdminUser = "e2e-admin";
    private const string AdminPassword = "e2e-admin-password-3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly AgentIdentity Agent = new("e2e-agent", "E2E Agent", new HashSet<string>(), IsAdmin: false);

    /// <summary>One scripted conversation: who (the demo customer is one person; every guest is someone new) and its turns.</summary>
    private sealed record Scripted(string Name, string User, string Locale, string Language, Turn[] Turns, int? Rating = null)
    {
        public string ConversationId { get; set; } = "";

        public bool Escalated => Turns.Any(t => t.Outcome == "handed_off");

        /// <summary>Its most frequent intent that is a topic (not a fallback, small talk, help or handoff request).</summary>
        public string? Topic => Turns.Where(t => t.Outcome != "fallback" && t.Intent is not ("oos" or "agent.handoff") && !t.Intent.StartsWith("smalltalk.", StringComparison.Ordinal))
            .GroupBy(t => t.Intent).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
    }

    /// <summary>What the user says, and the intent and outcome the bot should record for it.</summary>
    private sealed record Turn(string Text, string Intent, string Outcome);

    [BrowserFact]
    public async Task The_dashboard_shows_the_numbers_of_a_scripted_set_of_conversations_and_draws_its_charts()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var http = new HttpClient { BaseAddress = root };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // In order: the customer asks about their order (A) and comes back about it later (E), so A is not contained;
        // a guest asks something out of scope (B); two guests ask for a person, in Indonesian (C) and English (D), and
        // rate the help 3 and 5 once the agent resolves.
        Scripted[] script =
        [
            new("A", "customer", "en-US", "en", [new("where is my order ORD-100123", "order.status", "answered")]),
            new("B", "guest-b", "en-US", "en", [new("who won the football match yesterday?", "oos", "fallback")]),
            new("C", "guest-c", "id-ID", "id", [new("Bicara dengan petugas", "agent.handoff", "handed_off"), new("3", "agent.handoff", "answered")], Rating: 3),
            new("D", "guest-d", "en-US", "en", [new("talk to a person", "agent.handoff", "handed_off"), new("5", "agent.handoff", "answered")], Rating: 5),
            new("E", "customer", "en-US", "en", [new("where is my order ORD-100123", "order.status", "answered")]),
        ];

        foreach (var conversation in script)
        {
            await RunAsync(server, http, conversation);
        }

        // The script went as planned: what the host recorded, turn by turn (a changed classifier shows here, not as a
        // wrong number further down). Response times are the host's own and cannot be scripted: they are read here.
        var events = await EventsAsync(server);
        foreach (var conversation in script)
        {
            Assert.Equal(
                conversation.Turns.Select(t => $"{conversation.Language} {t.Intent} {t.Outcome}"),
                events.Where(e => e.ConversationId == conversation.ConversationId).Select(e => $"{e.Language} {e.Intent} {e.Outcome}"));
        }

        // The expected numbers, from the script.
        var conversations = script.Length;
        var escalated = script.Count(c => c.Escalated);
        var contained = script.Count(c => !c.Escalated && !CameBack(script, c));
        var turns = script.Sum(c => c.Turns.Length);
        var fallbacks = script.Sum(c => c.Turns.Count(t => t.Outcome == "fallback"));
        var ratings = script.Where(c => c.Rating is not null).Select(c => c.Rating!.Value).ToList();
        var times = events.Select(e => e.ResponseMs).Order().ToList();
        var (p50, p95) = (NearestRank(times, 50), NearestRank(times, 95));
        Assert.Equal((5, 2, 2, 7, 1), (conversations, escalated, contained, turns, fallbacks)); // the arithmetic above, checked once by hand

        using var browser = ChromiumSession.Start();
        try
        {
            SignInAndOpenDashboard(browser, root);
            WaitLoaded(browser, $"from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}");

            AssertTile(browser, "kpiConversations", conversations, conversations.ToString(CultureInfo.InvariantCulture), $"{turns} bot turns");
            AssertTile(browser, "kpiContainment", (double)contained / conversations, Percent(contained, conversations), $"{contained} of {conversations} conversations");
            AssertTile(browser, "kpiEscalation", (double)escalated / conversations, Percent(escalated, conversations), $"{escalated} of {conversations} handed to a person");
            AssertTile(browser, "kpiFallback", (double)fallbacks / turns, Percent(fallbacks, turns), $"{fallbacks} of {turns} turns");
            AssertTile(browser, "kpiCsat", ratings.Average(), ratings.Average().ToString("0.00", CultureInfo.InvariantCulture) + " / 5", $"{ratings.Count} ratings");
            AssertTile(browser, "kpiP50", p50, $"{p50} ms", $"median of {turns} turns");
            AssertTile(browser, "kpiP95", p95, $"{p95} ms", "95th percentile (nearest-rank)");

            // The charts are Chart.js instances on their canvases, with the script's data, and drew something.
            var charts = Charts(browser);
            var daily = charts["chartDaily"];
            Assert.Equal(30, daily.Labels.Count);
            Assert.Equal(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), daily.Labels[^1]);
            Assert.All(daily.Data, dataset => Assert.Equal(30, dataset.Count));
            Assert.Equal(conversations, daily.Data.Sum(dataset => dataset[^1]));
            Assert.Equal(0, daily.Data.Sum(dataset => dataset.Take(29).Sum()));
            Assert.Equal([contained, escalated, conversations - contained - escalated], daily.Data.Select(dataset => dataset[^1]));
            Assert.Equal(30, charts["chartRates"].Labels.Count);
            Assert.Equal(
                Enumerable.Range(1, 5).Select(score => (double)ratings.Count(r => r == score)),
                charts["chartCsat"].Data.Single());
            var intents = script.SelectMany(c => c.Turns).GroupBy(t => t.Intent)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            Assert.Equal(intents.Select(g => g.Key), charts["chartIntents"].Labels);
            Assert.Equal(intents.Select(g => (double)g.Count()), charts["chartIntents"].Data.Single());
            Assert.Equal(["directline"], charts["chartChannels"].Labels);
            Assert.Equal(conversations, charts["chartChannels"].Data.Sum(dataset => dataset.Sum()));
            Assert.Equal(["English (en)", "Bahasa Indonesia (id)"], charts["chartLanguages"].Labels);
            Assert.Equal(
                [script.Count(c => c.Language == "en"), script.Count(c => c.Language == "id")],
                Enumerable.Range(0, 2).Select(i => (int)charts["chartLanguages"].Data.Sum(dataset => dataset[i])));
            Assert.All(charts, chart => Assert.True(chart.Value.PaintedPixels > 0, chart.Key + " drew nothing on its canvas"));

            // The tables under the charts carry the same numbers as text.
            Assert.Equal(
                ["1 0", "2 0", "3 1", "4 0", "5 1"],
                browser.Driver.FindElements(By.CssSelector("#tableCsat tbody tr")).Select(row => row.Text));

            output.WriteLine("dashboard screenshot: " + browser.SaveScreenshot("admin-dashboard.png"));
            browser.Driver.ExecuteScript("document.getElementById('chartIntents').scrollIntoView();");
            output.WriteLine("charts screenshot: " + browser.SaveScreenshot("admin-dashboard-charts.png"));

            // Indonesian only: C alone — escalated, rated 3 — and the CSV link carries the same filter.
            browser.Driver.FindElement(By.CssSelector("#dashLanguage option[value='id']")).Click();
            browser.Driver.FindElement(By.Id("dashApply")).Click();
            WaitLoaded(browser, $"from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}&language=id");
            var indonesian = script.Where(c => c.Language == "id").ToList();
            AssertTile(browser, "kpiConversations", indonesian.Count, indonesian.Count.ToString(CultureInfo.InvariantCulture), $"{indonesian.Sum(c => c.Turns.Length)} bot turns");
            AssertTile(browser, "kpiEscalation", 1d, Percent(indonesian.Count(c => c.Escalated), indonesian.Count), $"1 of {indonesian.Count} handed to a person");
            AssertTile(browser, "kpiCsat", 3d, "3.00 / 5", "1 rating");
            Assert.Contains("language=id", browser.Driver.Url, StringComparison.Ordinal);
            var csvHref = browser.Driver.FindElement(By.Id("dashCsv")).GetAttribute("href")!;
            Assert.Equal(new Uri(root, $"/api/admin/analytics.csv?from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}&language=id"), new Uri(csvHref));
            var csv = (string?)browser.Driver.ExecuteAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0], { credentials: 'same-origin' }).then(r => r.text()).then(done, e => done('failed: ' + e));",
                csvHref);
            // (The script bridge hands the text back with its CRLF line ends as LF; the Bot tests check the bytes.)
            Assert.Contains(
                $"\n{today.AddDays(-29):yyyy-MM-dd},{today:yyyy-MM-dd},all,id,1,0,0,1,1,2,0,0,1,3,",
                csv ?? "",
                StringComparison.Ordinal);


            // A range the API refuses: its ProblemDetails shown as text, and the numbers of the last good range stay.
            browser.Driver.ExecuteScript("document.getElementById('dashFrom').value = arguments[0];", today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            browser.Driver.FindElement(By.Id("dashApply")).Click();
            browser.WaitFor("the dashboard to refuse the range", Timeout, driver =>
                driver.FindElement(By.Id("dashboard")).GetAttribute("data-state") == "error" ? "error" : null);
            Assert.Equal("'from' must not be after 'to'.", browser.Driver.FindElement(By.Id("dashStatus")).Text);
            Assert.Equal("1", browser.Driver.FindElement(By.CssSelector("#kpiConversations .kpi-value")).Text);
            // The console's pages, scripts and Chart.js work under its CSP (no inline script or style).
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                Dashboard: {Describe(browser)}
                Saved:
                {browser.SaveFailureArtifacts("admin-dashboard")}
                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    /// <summary>A return: the same (identified) user started a later conversation about the same topic.</summary>
    private static bool CameBack(Scripted[] script, Scripted conversation) =>
        conversation.Topic is { } topic
        && script.SkipWhile(c => c != conversation).Skip(1).Any(later => later.User == conversation.User && later.Topic == topic);

    private static string Percent(int part, int whole) =>
        (100d * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static int NearestRank(List<int> sorted, int percentile) =>
        sorted[Math.Max(1, (int)Math.Ceiling(percentile / 100d * sorted.Count - 1e-9)) - 1];

    // ---- The conversations, through the real Direct Line API ------------------------------------------------------

    private static async Task RunAsync(BotServer server, HttpClient http, Scripted conversation)
    {
        var demoUser = conversation.User == "customer" ? "customer" : "guest";
        using var tokenResponse = await http.PostAsJsonAsync(new Uri("/demo/token", UriKind.Relative), new { locale = conversation.Locale, @as = demoUser });
        Assert.True(tokenResponse.IsSuccessStatusCode, "/demo/token: " + await tokenResponse.Content.ReadAsStringAsync());
        var issued = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString()!;
        var userId = issued.GetProperty("userId").GetString()!;
        conversation.ConversationId = issued.GetProperty("conversationId").GetString()!;
        using (var start = Request(HttpMethod.Post, "/v3/directline/conversations", token))
        using (var started = await http.SendAsync(start))
        {
            Assert.True(started.IsSuccessStatusCode, "starting the conversation: " + (int)started.StatusCode);
        }

        foreach (var turn in conversation.Turns)
        {
            var replies = await AskAsync(http, token, conversation, userId, turn.Text);
            Assert.True(replies.Count > 0, $"{conversation.Name}: no reply to \"{turn.Text}\"");
            if (turn.Outcome == "handed_off")
            {
                // The agent takes the conversation and resolves it; the bot then asks the user for a rating.
                var handoff = server.Services.GetRequiredService<HandoffService>();
                var open = await handoff.FindOpenAsync("directline", conversation.ConversationId, CancellationToken.None);
                Assert.NotNull(open);
                Assert.Equal(AcceptOutcome.Accepted, await handoff.AcceptAsync(open.Id, Agent, CancellationToken.None));
                await handoff.ResolveAsync(open.Id, Agent, CancellationToken.None);
            }
        }

        if (conversation.Rating is { } rating)
        {
            await using var db = await server.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            Assert.Equal(rating, await db.HandoffCases.AsNoTracking().Where(c => c.ConversationId == conversation.ConversationId).Select(c => c.Satisfaction).SingleAsync());
        }
    }

    /// <summary>Sends a message as Web Chat does and returns the bot's replies to it (the turn runs within the POST).</summary>
    private static async Task<IReadOnlyList<JsonElement>> AskAsync(HttpClient http, string token, Scripted conversation, string userId, string text)
    {
        var path = $"/v3/directline/conversations/{conversation.ConversationId}/activities";
        using var send = Request(HttpMethod.Post, path, token);
        send.Content = JsonContent.Create(new { type = "message", from = new { id = userId }, text, locale = conversation.Locale });
        using var sent = await http.SendAsync(send);
        Assert.True(sent.IsSuccessStatusCode, $"{conversation.Name}: sending \"{text}\" answered {(int)sent.StatusCode}");
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var read = Request(HttpMethod.Get, path, token);
        using var activities = await http.SendAsync(read);
        var set = await activities.Content.ReadFromJsonAsync<JsonElement>();
        return [.. set.GetProperty("activities").EnumerateArray()
            .Where(a => a.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() == id
                && a.GetProperty("from").TryGetProperty("role", out var role) && role.GetString() == "bot")];
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<List<AnalyticsEvent>> EventsAsync(BotServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        return await db.Set<AnalyticsEvent>().AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    // ---- The page -------------------------------------------------------------------------------------------------

    private static void SignInAndOpenDashboard(ChromiumSession browser, Uri root)
    {
        browser.Driver.Navigate().GoToUrl(new Uri(root, "/admin/dashboard"));
        // Not signed in: the console's sign-in form, which sends the admin back to the dashboard.
        browser.WaitFor("the sign-in form", Timeout, driver => driver.Url.Contains("/agent/login", StringComparison.Ordinal) ? driver.FindElement(By.Id("userName")) : null);
        browser.Driver.FindElement(By.Id("userName")).SendKeys(AdminUser);
        browser.Driver.FindElement(By.Id("password")).SendKeys(AdminPassword);
        browser.Driver.FindElement(By.Id("signIn")).Click();
        browser.WaitFor("the dashboard after signing in", Timeout, driver =>
            new Uri(driver.Url).AbsolutePath == "/admin/dashboard" ? driver.FindElements(By.Id("dashboard")).FirstOrDefault() : null);
    }

    private static void WaitLoaded(ChromiumSession browser, string query) =>
        browser.WaitFor($"the dashboard to show ?{query}", Timeout, driver =>
        {
            var dashboard = driver.FindElement(By.Id("dashboard"));
            return dashboard.GetAttribute("data-state") == "loaded" && dashboard.GetAttribute("data-query") == "?" + query ? dashboard : null;
        });

    private static void AssertTile(ChromiumSession browser, string id, double value, string text, string detail)
    {
        var tile = browser.Driver.FindElement(By.Id(id));
        var shown = double.Parse(tile.GetAttribute("data-value")!, CultureInfo.InvariantCulture);
        // Rates come rounded to four places.
        Assert.True(Math.Abs(value - shown) < 0.0001, $"{id}: data-value {shown}, expected {value}");
        Assert.Equal(text, tile.FindElement(By.CssSelector(".kpi-value")).Text);
        Assert.Equal(detail, tile.FindElement(By.CssSelector(".kpi-detail")).Text);
    }

    private sealed record ChartState(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<double>> Data, long PaintedPixels);

    private const string ChartsScript = """
        const result = {};
        for (const canvas of document.querySelectorAll('#dashboard canvas')) {
          const chart = Chart.getChart(canvas);
          if (!chart) { continue; }
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { painted++; } }
          result[canvas.id] = JSON.stringify({
            labels: chart.data.labels.map(String),
            data: chart.data.datasets.map(d => d.data.map(v => v === null ? -1 : v)),
            painted: painted
          });
        }
        return result;
        """;

    private static Dictionary<string, ChartState> Charts(ChromiumSession browser)
    {
        var raw = (IReadOnlyDictionary<string, object>)browser.Driver.ExecuteScript(ChartsScript)!;
        var charts = raw.ToDictionary(
            pair => pair.Key,
            pair =>
            {
                var json = JsonDocument.Parse((string)pair.Value).RootElement;
                return new ChartState(
                    [.. json.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!)],
                    [.. json.GetProperty("data").EnumerateArray().Select(d => (IReadOnlyList<double>)[.. d.EnumerateArray().Select(v => v.GetDouble())])],
                    json.GetProperty("painted").GetInt64());
            });
        Assert.Equal(["chartChannels", "chartCsat", "chartDaily", "chartIntents", "chartLanguages", "chartRates"], charts.Keys.Order(StringComparer.Ordinal));
        return charts;
    }

    private static string Describe(ChromiumSession browser)
    {
        try
        {
            var driver = browser.Driver;
            var dashboard = driver.FindElements(By.Id("dashboard")).FirstOrDefault();
            return $"""
                url: {driver.Url}
                state: {dashboard?.GetAttribute("data-state")} query: {dashboard?.GetAttribute("data-query")}
                status: {driver.FindElements(By.Id("dashStatus")).FirstOrDefault()?.Text}
                tiles: {string.Join(" | ", driver.FindElements(By.CssSelector(".kpi")).Select(k => k.GetAttribute("id") + "=" + k.GetAttribute("data-value") + " " + k.Text.Replace('\n', ' ')))}
                """;
        }
        catch (WebDriverException e)
        {
            return "(page unavailable: " + e.Message + ")";
        }
    }

    private static BotServer NewServer()
    {
        var server = new BotServer()
            // The script needs no knowledge base: skip embedding the seed corpus.
            .With("Knowledge:SeedOnFirstRun", "false")
            .With("Agents:Accounts:0:UserName", AdminUser)
            .With("Agents:Accounts:0:DisplayName", "E2E Admin")
            .With("Agents:Accounts:0:PasswordHash", AgentAccounts.HashPassword(AdminPassword))
            .With("Agents:Accounts:0:Roles:0", AgentRoles.Admin);
        foreach (var queue in HelpdeskBot.Skills.Handoff.HandoffQueues.All)
        {
            server.With($"Handoff:Queues:{queue}:Days", "Daily")
                .With($"Handoff:Queues:{queue}:Opens", "00:00")
                .With($"Handoff:Queues:{queue}:Closes", "24:00");
        }

        return server;
    }
}
