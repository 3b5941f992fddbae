using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Analytics;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Handoff;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Bot.Tests.Analytics;

/// <summary>
/// The dashboard's numbers against a scripted week of conversations, computed by hand: two channels (Direct Line through
/// its API, Teams turns through the real turn pipeline), two languages, an answered order question, a fallback, a handoff
/// rated 5, a customer who comes back about the same order within 72 h and again after more than 72 h. Each engine turn
/// takes a scripted time on the fake clock (10 ms, 20 ms, …), so response-time percentiles are known too.
/// </summary>
public sealed class AnalyticsApiTests : IDisposable
{
    private const string AdminKey = "analytics-admin-key-0123456789-abcdef";
    private const string AgentKey = "analytics-agent-key-0123456789-abcdef";
    private static readonly AgentIdentity Dewi = new("dewi", "Dewi", new HashSet<string>(), IsAdmin: false);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly BotHost _host;
    private readonly TimedEngine.Durations _durations = new();

    public AnalyticsApiTests()
    {
        _host = new BotHost()
            .With("AdminApi:Keys:0:Name", "alice")
            .With("AdminApi:Keys:0:Key", AdminKey)
            .With("AdminApi:Keys:0:Roles:0", "admin")
            .With("AdminApi:Keys:1:Name", "bruno")
            .With("AdminApi:Keys:1:Key", AgentKey)
            .With("AdminApi:Keys:1:Roles:0", "agent")
            .WithAgent(0, "ana", "Ana Admin", ["admin"])
            .WithAgent(1, "dewi", "Dewi", ["agent"]);
        _host.WithServices(services =>
        {
            services.AddScoped<ConversationEngine>();
            services.AddScoped<IConversationEngine>(sp => new TimedEngine(sp.GetRequiredService<ConversationEngine>(), _host.Time, _durations));
        });
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_dashboard_numbers_match_a_scripted_set_of_conversations()
    {
        var dl = new DirectLineClient(_host.CreateClient());
        var customer = Requester.Customer("CUS-0001");

        // 27 Nov. A: the customer asks about an order (form step, then answered). B: an anonymous fallback.
        // C: an Indonesian visitor asks for a person, the agent resolves, the visitor rates 5.
        var a = await dl.StartAsync("en-US", customer);
        await a.AskAsync("where is my order");
        await a.AskAsync("ORD-100123");
        var b = await dl.StartAsync("en-US");
        await b.AskAsync("who won the football match yesterday?");
        var c = await dl.StartAsync("id-ID");
        await c.AskAsync("Bicara dengan petugas", "id-ID");
        var handoff = _host.Services.GetRequiredService<HandoffService>();
        var open = await handoff.FindOpenAsync("directline", c.ConversationId, CancellationToken.None);
        Assert.NotNull(open);
        Assert.Equal(AcceptOutcome.Accepted, await handoff.AcceptAsync(open.Id, Dewi, CancellationToken.None));
        await c.SayAsync("apakah masih di sana?", "id-ID"); // goes to the agent: no bot turn
        await handoff.ResolveAsync(open.Id, Dewi, CancellationToken.None);
        await c.AskAsync("5", "id-ID");

        // 28 Nov, 10:00: D, the same customer about the same order (a return within 72 h of A); E, an employee in Teams.
        _host.Time.Advance(TimeSpan.FromHours(26));
        var d = await dl.StartAsync("en-US", customer);
        await d.AskAsync("where is my order");
        await d.AskAsync("ORD-100123");
        await TeamsAsync("teams-e", "how many leave days do I have left?", "en-US");

        // 2 Dec, 12:00: F, the customer again, more than 72 h after D; G, the employee in Indonesian, more than 72 h after E.
        _host.Time.Advance(new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc) - _host.Time.GetUtcNow().UtcDateTime);
        var f = await dl.StartAsync("en-US", customer);
        await f.AskAsync("where is my order");
        await f.AskAsync("ORD-100123");
        await TeamsAsync("teams-g", "sisa cuti aku tinggal berapa ya?", "id-ID");

        // What was recorded, turn by turn: the script went as planned before the numbers are checked.
        var events = await EventsAsync();
        string Turns(string conversationId) =>
            string.Join(" | ", events.Where(e => e.ConversationId == conversationId).Select(e => $"{e.Language} {e.Intent} {e.Outcome}"));
        Assert.Equal("en order.status form_step | en order.status answered", Turns(a.ConversationId));
        Assert.Equal("en oos fallback", Turns(b.ConversationId));
        Assert.Equal("id agent.handoff handed_off | id agent.handoff answered", Turns(c.ConversationId));
        Assert.Equal("en order.status form_step | en order.status answered", Turns(d.ConversationId));
        Assert.Equal("en hr.leave_balance answered", Turns("teams-e"));
        Assert.Equal("en order.status form_step | en order.status answered", Turns(f.ConversationId));
        Assert.Equal("id hr.leave_balance answered", Turns("teams-g"));
        Assert.Equal([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], events.Select(e => e.ResponseMs));

        // The whole script. Conversations A B C D E F G. Escalated: C. A is not contained (D came back about order.status
        // within 72 h of A's last turn); D is (F came after more than 72 h), and so are B, E, F, G.
        var all = await ReportAsync("from=2026-11-27&to=2026-12-02");
        Assert.Equal(7, all.GetProperty("conversations").GetInt32());
        Assert.Equal(5, all.GetProperty("contained").GetInt32());
        Assert.Equal(Math.Round(5 / 7d, 4), all.GetProperty("containmentRate").GetDouble());
        Assert.Equal(1, all.GetProperty("escalated").GetInt32());
        Assert.Equal(Math.Round(1 / 7d, 4), all.GetProperty("escalationRate").GetDouble());
        Assert.Equal(11, all.GetProperty("turns").GetInt32());
        Assert.Equal(1, all.GetProperty("fallbackTurns").GetInt32());
        Assert.Equal(Math.Round(1 / 11d, 4), all.GetProperty("fallbackRate").GetDouble());
        var csat = all.GetProperty("csat");
        Assert.Equal(1, csat.GetProperty("ratings").GetInt32());
        Assert.Equal(5, csat.GetProperty("average").GetDouble());
        Assert.Equal(
            new Dictionary<string, int> { ["1"] = 0, ["2"] = 0, ["3"] = 0, ["4"] = 0, ["5"] = 1 },
            csat.GetProperty("distribution").Deserialize<Dictionary<string, int>>());
        Assert.Equal(
            ["order.status 6", "agent.handoff 2", "hr.leave_balance 2", "oos 1"],
            all.GetProperty("topIntents").EnumerateArray().Select(i => $"{i.GetProperty("intent").GetString()} {i.GetProperty("turns").GetInt32()}"));
        // Nearest rank over 10…110 ms: p50 is the 6th value, p95 the 11th (ceil(0.95 × 11) = 11).
        var times = all.GetProperty("responseTimes");
        Assert.Equal((60, 110, "nearest-rank"), (times.GetProperty("p50Ms").GetInt32(), times.GetProperty("p95Ms").GetInt32(), times.GetProperty("method").GetString()));
        // Every day of the range, the days without conversations as zeros (the chart's x axis).
        Assert.Equal(
            ["2026-11-27 3 1 1 5 1", "2026-11-28 2 2 0 3 0", "2026-11-29 0 0 0 0 0", "2026-11-30 0 0 0 0 0", "2026-12-01 0 0 0 0 0", "2026-12-02 2 2 0 3 0"],
            Breakdowns(all, "byDay"));
        Assert.Equal(["directline", "msteams"], all.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["directline 5 3 1 9 1", "msteams 2 2 0 2 0"], Breakdowns(all, "byChannel"));
        Assert.Equal(["en 5 4 0 8 1", "id 2 1 1 3 0"], Breakdowns(all, "byLanguage"));

        // Only the first two days: A, B, C, D, E; D is contained, A still is not (D, its return, is inside the range).
        var firstTwo = await ReportAsync("from=2026-11-27&to=2026-11-28");
        Assert.Equal((5, 3, 8), (firstTwo.GetProperty("conversations").GetInt32(), firstTwo.GetProperty("contained").GetInt32(), firstTwo.GetProperty("turns").GetInt32()));
        Assert.Equal(Math.Round(3 / 5d, 4), firstTwo.GetProperty("containmentRate").GetDouble());
        // Eight turns at 10…80 ms: p50 the 4th, p95 the 8th (ceil(0.95 × 8) = 8).
        Assert.Equal((40, 80), (firstTwo.GetProperty("responseTimes").GetProperty("p50Ms").GetInt32(), firstTwo.GetProperty("responseTimes").GetProperty("p95Ms").GetInt32()));

        // Only 27 Nov: D is outside the range but within the 72 h after it, so it still counts as A's return.
        var firstDay = await ReportAsync("from=2026-11-27&to=2026-11-27");
        Assert.Equal((3, 1, 1), (firstDay.GetProperty("conversations").GetInt32(), firstDay.GetProperty("contained").GetInt32(), firstDay.GetProperty("escalated").GetInt32()));

        // Filters: Teams only, then Indonesian only.
        var teams = await ReportAsync("from=2026-11-27&to=2026-12-02&channel=msteams");
        Assert.Equal((2, 2, 0, 2), (teams.GetProperty("conversations").GetInt32(), teams.GetProperty("contained").GetInt32(), teams.GetProperty("escalated").GetInt32(), teams.GetProperty("turns").GetInt32()));
        Assert.Equal(0, teams.GetProperty("csat").GetProperty("ratings").GetInt32());
        // The channel filter's choices stay all the channels of the range, not only the one picked.
        Assert.Equal(["directline", "msteams"], teams.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, teams.GetProperty("csat").GetProperty("average").ValueKind);
        var indonesian = await ReportAsync("from=2026-11-27&to=2026-12-02&language=id");
        Assert.Equal((2, 1, 0.5, 3), (indonesian.GetProperty("conversations").GetInt32(), indonesian.GetProperty("escalated").GetInt32(), indonesian.GetProperty("escalationRate").GetDouble(), indonesian.GetProperty("turns").GetInt32()));
        Assert.Equal(5, indonesian.GetProperty("csat").GetProperty("average").GetDouble());

        // The CSV: the same report in sections a spreadsheet can chart, each breakdown with its rates and response times
        // (per-slice nearest ranks: 27 Nov's turns took 10…50 ms, so its p50 is the 3rd of five, 30 ms).
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/analytics.csv?from=2026-11-27&to=2026-12-02");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("analytics-2026-11-27-2026-12-02.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var csv = await response.Content.ReadAsStringAsync();
        const string Metrics = "conversations,contained,containment_rate,escalated,escalation_rate,turns,fallback_turns,fallback_rate,ratings,csat_average,response_p50_ms,response_p95_ms";
        Assert.Equal(
            "Summary\r\n" +
            "from,to,channel,language," + Metrics + "\r\n" +
            "2026-11-27,2026-12-02,all,all,7,5,0.7143,1,0.1429,11,1,0.0909,1,5,60,110\r\n" +
            "\r\n" +
            "By day\r\n" +
            "date," + Metrics + "\r\n" +
            "2026-11-27,3,1,0.3333,1,0.3333,5,1,0.2,1,5,30,50\r\n" +
            "2026-11-28,2,2,1,0,0,3,0,0,0,,70,80\r\n" +
            "2026-11-29,0,0,0,0,0,0,0,0,0,,,\r\n" +
            "2026-11-30,0,0,0,0,0,0,0,0,0,,,\r\n" +
            "2026-12-01,0,0,0,0,0,0,0,0,0,,,\r\n" +
            "2026-12-02,2,2,1,0,0,3,0,0,0,,100,110\r\n" +
            "\r\n" +
            "By channel\r\n" +
            "channel," + Metrics + "\r\n" +
            "directline,5,3,0.6,1,0.2,9,1,0.1111,1,5,50,100\r\n" +
            "msteams,2,2,1,0,0,2,0,0,0,,80,110\r\n" +
            "\r\n" +
            "By language\r\n" +
            "language," + Metrics + "\r\n" +
            "en,5,4,0.8,0,0,8,1,0.125,0,,60,100\r\n" +
            "id,2,1,0.5,1,0.5,3,0,0,1,5,50,110\r\n" +
            "\r\n" +
            "Top intents\r\n" +
            "intent,turns,share_of_turns\r\n" +
            "order.status,6,0.5455\r\n" +
            "agent.handoff,2,0.1818\r\n" +
            "hr.leave_balance,2,0.1818\r\n" +
            "oos,1,0.0909\r\n" +
            "\r\n" +
            "CSAT distribution\r\n" +
            "rating,ratings\r\n" +
            "1,0\r\n2,0\r\n3,0\r\n4,0\r\n5,1\r\n" +
            "\r\n" +
            "By day, channel and language\r\n" +
            "date,channel,language," + Metrics + "\r\n" +
            "2026-11-27,directline,en,2,1,0.5,0,0,3,1,0.3333,0,,20,30\r\n" +
            "2026-11-27,directline,id,1,0,0,1,1,2,0,0,1,5,40,50\r\n" +
            "2026-11-28,directline,en,1,1,1,0,0,2,0,0,0,,60,70\r\n" +
            "2026-11-28,msteams,en,1,1,1,0,0,1,0,0,0,,80,80\r\n" +
            "2026-12-02,directline,en,1,1,1,0,0,2,0,0,0,,90,100\r\n" +
            "2026-12-02,msteams,id,1,1,1,0,0,1,0,0,0,,110,110\r\n",
            csv);

        // A filtered export says so in its summary row.
        using var filtered = new HttpRequestMessage(HttpMethod.Get, "/api/admin/analytics.csv?from=2026-11-27&to=2026-12-02&channel=msteams&language=id");
        filtered.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var filteredResponse = await http.SendAsync(filtered);
        var filteredCsv = await filteredResponse.Content.ReadAsStringAsync();
        Assert.StartsWith(
            "Summary\r\nfrom,to,channel,language," + Metrics + "\r\n2026-11-27,2026-12-02,msteams,id,1,1,1,0,0,1,0,0,0,,110,110\r\n",
            filteredCsv,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_raw_user_id_is_stored_only_a_salted_key_that_is_the_same_for_the_same_person()
    {
        var dl = new DirectLineClient(_host.CreateClient());
        var first = await dl.StartAsync("en-US", Requester.Customer("CUS-0001"));
        await first.AskAsync("where is my order");
        var second = await dl.StartAsync("en-US", Requester.Customer("CUS-0001"));
        await second.AskAsync("hello");
        var anonymous = await dl.StartAsync("en-US");
        await anonymous.AskAsync("hello");
        await TeamsAsync("teams-raw", "hello", "en-US");

        var events = await EventsAsync();
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Matches("^[0-9a-f]{64}$", e.UserKey));
        Assert.Equal(events[0].UserKey, events[1].UserKey);
        Assert.Equal(3, events.Select(e => e.UserKey).Distinct().Count());

        // No stored field names the user: not the customer id, not the channel user ids.
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        var userIds = await db.DirectLineConversations.Select(c => c.UserId).ToListAsync();
        var rows = JsonSerializer.Serialize(events);
        Assert.DoesNotContain("CUS-0001", rows, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("teams-user", rows, StringComparison.Ordinal);
        Assert.All(userIds, id => Assert.DoesNotContain(id, rows, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_analytics_store_never_fails_a_turn_and_an_older_database_gets_the_table_back_on_start()
    {
        var dataDirectory = BotHost.NewDataDirectory();
        try
        {
            using (var first = new BotHost(dataDirectory))
            {
                var session = await new DirectLineClient(first.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
                await using (var db = await first.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync())
                {
                    await db.Database.ExecuteSqlRawAsync("DROP TABLE AnalyticsEvents; DROP TABLE __EFMigrationsHistory;");
                }

                var answer = await session.AskAsync("where is my order ORD-100123");

                Assert.Contains("ORD-100123", answer, StringComparison.Ordinal);
                Assert.Contains("on its way", answer, StringComparison.OrdinalIgnoreCase);
            }

            // A restart on the same database (as after an upgrade from a version without analytics) adds the table.
            using var restarted = new BotHost(dataDirectory);
            var again = await new DirectLineClient(restarted.CreateClient()).StartAsync("en-US");
            await again.AskAsync("hello");
            await using var check = await restarted.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            Assert.Equal(1, await check.Set<AnalyticsEvent>().CountAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            BotHost.TryDelete(dataDirectory);
        }
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key-0123456789", null, HttpStatusCode.Unauthorized)]
    [InlineData(AgentKey, null, HttpStatusCode.Forbidden)]
    [InlineData(null, "dewi", HttpStatusCode.Forbidden)]
    [InlineData(AdminKey, null, HttpStatusCode.OK)]
    [InlineData(null, "ana", HttpStatusCode.OK)]
    public async Task Only_admins_see_analytics_by_api_key_or_console_sign_in(string? key, string? agent, HttpStatusCode expected)
    {
        using var http = AgentConsoleClient.RawHttp(_host);
        foreach (var path in (string[])["/api/admin/analytics", "/api/admin/analytics.csv"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            if (agent is not null)
            {
                request.Headers.Add("Cookie", await AgentConsoleClient.SignInAsync(_host, agent));
            }

            using var response = await http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            if (expected != HttpStatusCode.OK)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Theory]
    [InlineData("from=2026-11-28&to=2026-11-27", "from")]
    [InlineData("from=2025-11-01&to=2026-11-27", "to")]
    [InlineData("from=27-11-2026", "from")]
    [InlineData("channel=Direct%20Line", "channel")]
    [InlineData("channel=%3Dcmd", "channel")]
    [InlineData("language=fr", "language")]
    public async Task Bad_parameters_are_a_400_that_names_the_parameter(string query, string parameter)
    {
        foreach (var path in (string[])["/api/admin/analytics", "/api/admin/analytics.csv"])
        {
            using var http = _host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?{query}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task The_default_range_is_the_last_seven_days_and_an_empty_one_has_zero_rates()
    {
        var report = await ReportAsync(string.Empty);

        Assert.Equal("2026-11-21", report.GetProperty("from").GetString());
        Assert.Equal("2026-11-27", report.GetProperty("to").GetString());
        Assert.Equal(0, report.GetProperty("conversations").GetInt32());
        Assert.Equal(0, report.GetProperty("containmentRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("responseTimes").GetProperty("p50Ms").ValueKind);
    }

    private async Task<JsonElement> ReportAsync(string query)
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/analytics?" + query);
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Web);
    }

    private static IEnumerable<string> Breakdowns(JsonElement report, string name) =>
        report.GetProperty(name).EnumerateArray().Select(b => string.Join(
            ' ',
            b.GetProperty("key").GetString(),
            b.GetProperty("conversations").GetInt32().ToString(CultureInfo.InvariantCulture),
            b.GetProperty("contained").GetInt32().ToString(CultureInfo.InvariantCulture),
            b.GetProperty("escalated").GetInt32().ToString(CultureInfo.InvariantCulture),
            b.GetProperty("turns").GetInt32().ToString(CultureInfo.InvariantCulture),
            b.GetProperty("fallbackTurns").GetInt32().ToString(CultureInfo.InvariantCulture)));

    private async Task<List<AnalyticsEvent>> EventsAsync()
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        return await db.Set<AnalyticsEvent>().AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>A Teams message from the demo employee, through the real turn pipeline (the channel's sign-in has its own tests).</summary>
    private async Task TeamsAsync(string conversationId, string text, string locale)
    {
        var pipeline = _host.Services.GetRequiredService<TurnPipeline>();
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = "msteams",
            ServiceUrl = "https://smba.example.invalid/",
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = "29:teams-user-0007", Name = "Rina Wijaya" },
            Recipient = new ChannelAccount { Id = "28:bot", Name = "Helpdesk" },
            Text = text,
            Locale = locale,
        };
        var outcome = await pipeline.ProcessAsync(activity, new ChannelUser("29:teams-user-0007", "Rina Wijaya", Requester.Employee("EMP-0007")), CancellationToken.None);
        Assert.NotEmpty(outcome.Replies);
    }

    /// <summary>The real engine, taking a scripted time per turn on the fake clock: 10 ms, then 20 ms, and so on.</summary>
    private sealed class TimedEngine(ConversationEngine inner, FakeTimeProvider time, TimedEngine.Durations durations) : IConversationEngine
    {
        public sealed class Durations
        {
            public int Turns { get; set; }
        }

        public async Task<TurnResult> RunTurnAsync(ConversationState state, IncomingMessage message, CancellationToken cancellationToken)
        {
            var result = await inner.RunTurnAsync(state, message, cancellationToken);
            durations.Turns++;
            time.Advance(TimeSpan.FromMilliseconds(10 * durations.Turns));
            return result;
        }

        public IReadOnlyList<Reply> Welcome(ChannelUser user, string? locale) => inner.Welcome(user, locale);

        public Reply Apology(string language) => inner.Apology(language);
    }
}
