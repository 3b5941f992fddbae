using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Handoff;
using HelpdeskBot.Connectors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Knowledge;

/// <summary>
/// A host with both publishing rules on (review required, two-person rule), two admin keys (alice, carol), an agent key,
/// and console accounts for an admin (ayu) and an agent (sari). No seed corpus: each test's topic is its own.
/// </summary>
public sealed class CurationHostFixture : IDisposable
{
    public const string CarolKey = "test-admin-key-carol-0123456789abcdef";

    public BotHost Host { get; } = KnowledgeAdminClient.Configure(new BotHost())
        .With("AdminApi:Keys:2:Name", "carol")
        .With("AdminApi:Keys:2:Key", CarolKey)
        .With("AdminApi:Keys:2:Roles:0", "admin")
        .With("Knowledge:Publishing:RequireReview", "true")
        .With("Knowledge:Publishing:TwoPersonRule", "true")
        .WithAgent(0, "ayu", "Ayu", [AgentRoles.Admin])
        .WithAgent(1, "sari", "Sari", [AgentRoles.Agent]);

    public void Dispose() => Host.Dispose();
}

/// <summary>
/// Curation through the real host: the review workflow and the two-person rule as customers see their effect in Direct
/// Line, diffs between versions, the editor's preview, where a document was cited and what readers thought of it (from
/// real conversations through the turn pipeline), and the console's cookie + antiforgery access to all of it.
/// </summary>
public sealed partial class KnowledgeCurationTests(CurationHostFixture fixture) : IClassFixture<CurationHostFixture>
{
    private readonly KnowledgeAdminClient _alice = new(fixture.Host.CreateClient());
    private readonly KnowledgeAdminClient _carol = new(fixture.Host.CreateClient(), CurationHostFixture.CarolKey);
    private readonly DirectLineClient _chat = new(fixture.Host.CreateClient());

    private static Dictionary<string, string> Customer(string title) => new() { ["title"] = title, ["audience"] = "customer", ["language"] = "en" };

    private static string Version(Guid id, int version, string action) => $"{KnowledgeAdminClient.Documents}/{id}/versions/{version}/{action}";

    private const string Umbrellas = """
        # Umbrella loans

        ## Borrowing an umbrella

        Every store lends umbrellas free of charge when it rains. Bring the umbrella back to any of our stores within
        14 days; a lost umbrella costs Rp 45.000.
        """;

    [Fact]
    public async Task With_review_required_a_draft_goes_through_review_and_another_admin_publishes_it()
    {
        const string question = "can I borrow an umbrella when it rains?";
        var customer = await _chat.StartAsync("en-US", Requester.Customer("CUS-0001"));
        var created = await _alice.UploadOkAsync("umbrellas.md", Umbrellas, Customer("Umbrella loans"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();

        // A draft cannot skip review.
        using (var early = await _carol.SendAsync(HttpMethod.Post, Version(id, 1, "publish")))
        {
            var problem = await KnowledgeAdminClient.AssertProblemAsync(early, HttpStatusCode.Conflict);
            Assert.Contains("submit it for review", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await _alice.PostNoContentAsync(Version(id, 1, "submit"));
        Assert.Equal("review", await StatusAsync(id, 1));
        var inReview = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}?status=review");
        Assert.Contains(inReview.EnumerateArray(), d => d.GetProperty("id").GetGuid() == id);
        Assert.DoesNotContain("45.000", await customer.AskAsync(question), StringComparison.Ordinal);

        // Sent back, then submitted again.
        await _carol.PostNoContentAsync(Version(id, 1, "return"));
        Assert.Equal("draft", await StatusAsync(id, 1));
        await _alice.PostNoContentAsync(Version(id, 1, "submit"));

        // The author may not publish what she wrote; another admin may.
        using (var own = await _alice.SendAsync(HttpMethod.Post, Version(id, 1, "publish")))
        {
            var problem = await KnowledgeAdminClient.AssertProblemAsync(own, HttpStatusCode.Forbidden, "Not allowed by the publishing rules");
            Assert.Contains("alice wrote version 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("review", await StatusAsync(id, 1));
        await _carol.PostNoContentAsync(Version(id, 1, "publish"));

        var detail = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}");
        var version1 = detail.GetProperty("versions")[0];
        Assert.Equal("published", version1.GetProperty("status").GetString());
        Assert.Equal("alice", version1.GetProperty("createdBy").GetString());
        Assert.Equal("carol", version1.GetProperty("publishedBy").GetString());
        var answer = await customer.AskAsync(question);
        Assert.Contains("Rp 45.000", answer, StringComparison.Ordinal);
        Assert.Matches(@"Source: Umbrella loans › [^\n]*\(version 1\)", answer);

        var audit = await AuditAsync(id);
        Assert.Equal(
            ["kb.document.create", "kb.document.publish:refused", "kb.document.submit", "kb.document.return", "kb.document.submit", "kb.document.publish:refused", "kb.document.publish"],
            audit.Select(e => e.Outcome == AuditOutcome.Refused ? e.Action + ":refused" : e.Action));
        Assert.Contains("refused-two-person-rule", audit[5].AfterJson, StringComparison.Ordinal);
        Assert.Equal("carol", audit[^1].Actor);
        Assert.DoesNotContain("45.000", string.Join(" ", audit.Select(e => e.BeforeJson + e.AfterJson)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_draft_can_be_submitted_and_only_a_version_in_review_sent_back()
    {
        var created = await _alice.UploadOkAsync("lockers.md", "# Locker rental\n\nLockers cost Rp 5.000 a day.", Customer("Locker rental"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();

        // Idempotent on the target state.
        await _alice.PostNoContentAsync(Version(id, 1, "return"));
        await _alice.PostNoContentAsync(Version(id, 1, "submit"));
        await _alice.PostNoContentAsync(Version(id, 1, "submit"));
        await _carol.PostNoContentAsync(Version(id, 1, "publish"));

        using var submitPublished = await _alice.SendAsync(HttpMethod.Post, Version(id, 1, "submit"));
        using var returnPublished = await _alice.SendAsync(HttpMethod.Post, Version(id, 1, "return"));
        using var unknownVersion = await _alice.SendAsync(HttpMethod.Post, Version(id, 9, "submit"));
        using var unknownDocument = await _alice.SendAsync(HttpMethod.Post, Version(Guid.NewGuid(), 1, "return"));

        var conflict = await KnowledgeAdminClient.AssertProblemAsync(submitPublished, HttpStatusCode.Conflict);
        Assert.Contains("only a draft can be submitted", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await KnowledgeAdminClient.AssertProblemAsync(returnPublished, HttpStatusCode.Conflict);
        await KnowledgeAdminClient.AssertProblemAsync(unknownVersion, HttpStatusCode.NotFound);
        await KnowledgeAdminClient.AssertProblemAsync(unknownDocument, HttpStatusCode.NotFound);
        Assert.Equal("published", await StatusAsync(id, 1));

        // Retire works as before, from published.
        await _alice.PostNoContentAsync(Version(id, 1, "retire"));
        Assert.Equal("retired", await StatusAsync(id, 1));
    }

    [Fact]
    public async Task Publishing_in_the_upload_itself_is_refused_while_the_rules_are_on_and_nothing_is_stored()
    {
        var fields = Customer("Car wash tokens");
        fields["publish"] = "true";

        using var response = await _alice.UploadAsync("carwash.md", "# Car wash tokens\n\nTokens cost Rp 15.000.", fields);

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("RequireReview", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var all = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}?q=car%20wash");
        Assert.Equal(0, all.GetArrayLength());
    }

    [Fact]
    public async Task The_diff_of_two_versions_shows_the_changed_line_removed_and_added_and_the_rest_the_same()
    {
        const string v1 = "# Bicycle parking\n\n## Where\n\nBicycles park in the basement.\n\n## Price\n\nParking costs Rp 2.000 an hour.\n\n## Hours\n\nOpen from 07:00 to 22:00.";
        const string v2 = "# Bicycle parking\n\n## Where\n\nBicycles park in the basement.\n\n## Price\n\nParking is free for customers.\n\n## Hours\n\nOpen from 07:00 to 22:00.";
        var created = await _alice.UploadOkAsync("bikes.md", v1, Customer("Bicycle parking"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        await _alice.UploadOkAsync("bikes.md", v2, newVersionOf: id);

        var diff = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}/diff?from=1&to=2");
        var back = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}/diff?from=2&to=1");
        var same = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}/diff?from=2&to=2");

        var lines = diff.GetProperty("lines").EnumerateArray().Select(l => (Kind: l.GetProperty("kind").GetString(), Text: l.GetProperty("text").GetString())).ToArray();
        Assert.True(diff.GetProperty("exact").GetBoolean());
        Assert.Equal(1, diff.GetProperty("added").GetInt32());
        Assert.Equal(1, diff.GetProperty("removed").GetInt32());
        Assert.Equal([("removed", "Parking costs Rp 2.000 an hour."), ("added", "Parking is free for customers.")], lines.Where(l => l.Kind != "same"));
        var removedAt = Array.FindIndex(lines, l => l.Kind == "removed");
        Assert.Equal("## Price", lines.Take(removedAt).Last(l => l.Text!.Length > 0).Text);
        Assert.Contains(lines, l => l is { Kind: "same", Text: "Open from 07:00 to 22:00." });
        Assert.Equal(("added", "Parking costs Rp 2.000 an hour."), back.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("text").GetString())).Single(l => l.Item1 == "added"));
        Assert.All(same.GetProperty("lines").EnumerateArray(), l => Assert.Equal("same", l.GetProperty("kind").GetString()));

        using var missing = await _alice.SendAsync(HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{id}/diff?from=1");
        using var bad = await _alice.SendAsync(HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{id}/diff?from=one&to=-2");
        using var unknown = await _alice.SendAsync(HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{id}/diff?from=1&to=3");
        using var nobody = await _alice.SendAsync(HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{Guid.NewGuid()}/diff?from=1&to=2");
        Assert.True((await KnowledgeAdminClient.AssertProblemAsync(missing, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("to", out _));
        var badProblem = await KnowledgeAdminClient.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(badProblem.GetProperty("errors").TryGetProperty("from", out _));
        Assert.True(badProblem.GetProperty("errors").TryGetProperty("to", out _));
        await KnowledgeAdminClient.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await KnowledgeAdminClient.AssertProblemAsync(nobody, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_preview_returns_the_passages_the_bot_would_quote_and_the_fields_the_front_matter_sets()
    {
        const string markdown = """
            ---
            title: Parcel lockers
            audience: customer
            effective_from: 2027-01-01
            ---
            # Parcel lockers

            ## Collecting a parcel

            Parcels wait in the locker for 3 days; after that they go back to the sender.

            ## Opening hours

            The lockers are open day and night.
            """;

        var preview = await PreviewAsync(new { markdown, owner = "Logistics", language = "en" });

        Assert.True(preview.GetProperty("valid").GetBoolean(), preview.GetRawText());
        Assert.Equal("Parcel lockers", preview.GetProperty("title").GetString());
        Assert.Equal("Logistics", preview.GetProperty("owner").GetString());
        Assert.Equal("customer", preview.GetProperty("audience").GetString());
        Assert.Equal("2027-01-01", preview.GetProperty("effectiveFrom").GetString());
        var passages = preview.GetProperty("passages").EnumerateArray().Select(p => (p.GetProperty("section").GetString(), p.GetProperty("text").GetString())).ToArray();
        Assert.Equal(
            [("Collecting a parcel", "Parcels wait in the locker for 3 days; after that they go back to the sender."), ("Opening hours", "The lockers are open day and night.")],
            passages);
        // A preview stores nothing.
        Assert.Equal(0, (await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}?q=parcel%20lockers")).GetArrayLength());
    }

    [Theory]
    [InlineData("---\naudience: martians\n---\n# Title\n\nText.", "audience")]
    [InlineData("---\ntitle: Dates\neffective_from: 2027-02-01\neffective_to: 2027-01-01\n---\n# Dates\n\nText.", "effective_to (2027-01-01) is before effective_from")]
    [InlineData("   \n\n", "whitespace")]
    [InlineData("---\ntitle: Unclosed\n# Body\n\nText.", "front matter")]
    public async Task The_preview_names_what_would_refuse_the_document(string markdown, string expected)
    {
        var preview = await PreviewAsync(new { markdown });

        Assert.False(preview.GetProperty("valid").GetBoolean());
        var errors = preview.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_preview_without_markdown_or_with_bad_fields_is_a_400_validation_problem()
    {
        using var empty = await _alice.SendAsync(HttpMethod.Post, "/api/admin/kb/preview", JsonContent.Create(new { title = "x" }));
        using var badFields = await _alice.SendAsync(HttpMethod.Post, "/api/admin/kb/preview", JsonContent.Create(new { markdown = "# A\n\nB.", audience = "martians", language = "fr" }));

        using var malformed = await _alice.SendAsync(HttpMethod.Post, "/api/admin/kb/preview", new StringContent("{\"markdown\": ", System.Text.Encoding.UTF8, "application/json"));
        using var notJson = await _alice.SendAsync(HttpMethod.Post, "/api/admin/kb/preview", new StringContent("# A", System.Text.Encoding.UTF8, "text/plain"));

        Assert.True((await KnowledgeAdminClient.AssertProblemAsync(empty, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("markdown", out _));
        await KnowledgeAdminClient.AssertProblemAsync(malformed, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        var problem = await KnowledgeAdminClient.AssertProblemAsync(badFields, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("audience", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("language", out _));
    }

    [Fact]
    public async Task Usage_counts_the_citations_of_each_version_and_the_feedback_given_on_them_in_real_conversations()
    {
        const string question = "how long may I keep a rented ladder?";
        var created = await _alice.UploadOkAsync("ladders.md", """
            # Ladder rental

            ## Rental period

            A rented ladder may be kept for 5 days. Call 0812-5555-0101 to extend the rental.
            """, Customer("Ladder rental"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        await _alice.PostNoContentAsync(Version(id, 1, "submit"));
        await _carol.PostNoContentAsync(Version(id, 1, "publish"));

        var first = await _chat.StartAsync("en-US", Requester.Customer("CUS-0002"));
        var answer1 = await AnswerCardAsync(first, question);
        await PressAsync(first, answer1, "Not helpful");
        var second = await _chat.StartAsync("en-US", Requester.Customer("CUS-0003"));
        var answer2 = await AnswerCardAsync(second, question);
        await PressAsync(second, answer2, "Helpful");

        // Version 2 takes over; one more conversation cites it.
        await _alice.UploadOkAsync("ladders.md", """
            # Ladder rental

            ## Rental period

            A rented ladder may be kept for 7 days. Call 0812-5555-0101 to extend the rental.
            """, newVersionOf: id);
        await _alice.PostNoContentAsync(Version(id, 2, "submit"));
        await _carol.PostNoContentAsync(Version(id, 2, "publish"));
        var third = await _chat.StartAsync("en-US", Requester.Customer("CUS-0004"));
        Assert.Contains("7 days", DirectLineSession.ShownText(await AnswerCardAsync(third, question)), StringComparison.Ordinal);

        var usage = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}/usage");

        Assert.Equal(3, usage.GetProperty("citations").GetInt32());
        Assert.Equal(1, usage.GetProperty("helpful").GetInt32());
        Assert.Equal(1, usage.GetProperty("notHelpful").GetInt32());
        var versions = usage.GetProperty("versions").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("status").GetString(), v.GetProperty("citations").GetInt32(), v.GetProperty("helpful").GetInt32(), v.GetProperty("notHelpful").GetInt32()))
            .ToArray();
        Assert.Equal([(1, "retired", 2, 1, 1), (2, "published", 1, 0, 0)], versions);
        var negative = Assert.Single(usage.GetProperty("recentNegative").EnumerateArray());
        Assert.Equal(1, negative.GetProperty("version").GetInt32());
        Assert.Equal("directline", negative.GetProperty("channel").GetString());
        Assert.Contains("Ladder rental", negative.GetProperty("citation").GetString(), StringComparison.Ordinal);
        var message = negative.GetProperty("message").GetString()!;
        Assert.Contains("5 days", message, StringComparison.Ordinal);
        // The phone number in the quoted passage is personal-data shaped: masked in what admins read.
        Assert.DoesNotContain("0812-5555-0101", message, StringComparison.Ordinal);

        using var unknown = await _alice.SendAsync(HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{Guid.NewGuid()}/usage");
        await KnowledgeAdminClient.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_console_reaches_the_curation_api_with_its_cookie_and_changes_only_with_the_pages_antiforgery_token()
    {
        var created = await _alice.UploadOkAsync("kites.md", "# Kite flying\n\nKites may be flown in the car park on Sundays.", Customer("Kite flying"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        using var http = AgentConsoleClient.RawHttp(fixture.Host);
        var admin = await ConsolePage.OpenAsync(fixture.Host, http, "ayu");
        var agentCookie = await AgentConsoleClient.SignInAsync(fixture.Host, "sari");

        using var agentUsage = await Send(http, HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{id}/usage", agentCookie);
        using var agentSubmit = await Send(http, HttpMethod.Post, Version(id, 1, "submit"), agentCookie);
        using var withoutToken = await Send(http, HttpMethod.Post, Version(id, 1, "submit"), admin.Cookies);
        using var forgedToken = await Send(http, HttpMethod.Post, Version(id, 1, "submit"), admin.Cookies, token: "forged");
        Assert.Equal(HttpStatusCode.Forbidden, agentUsage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agentSubmit.StatusCode);
        await KnowledgeAdminClient.AssertProblemAsync(withoutToken, HttpStatusCode.BadRequest, "Missing or invalid antiforgery token");
        await KnowledgeAdminClient.AssertProblemAsync(forgedToken, HttpStatusCode.BadRequest);
        Assert.Equal("draft", await StatusAsync(id, 1));

        using var reads = await Send(http, HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{id}/usage", admin.Cookies);
        using var submit = await Send(http, HttpMethod.Post, Version(id, 1, "submit"), admin.Cookies, admin.Token);
        using var preview = await Send(http, HttpMethod.Post, "/api/admin/kb/preview", admin.Cookies, admin.Token, JsonContent.Create(new { markdown = "# K\n\nText." }));
        Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, submit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("review", await StatusAsync(id, 1));
        var audit = await AuditAsync(id);
        Assert.Equal(("kb.document.submit", "ayu"), (audit[^1].Action, audit[^1].Actor));
    }

    [Fact]
    public async Task The_publishing_rules_in_force_are_readable_by_the_console()
    {
        var rules = await _alice.GetJsonAsync("/api/admin/kb/publishing");

        Assert.True(rules.GetProperty("requireReview").GetBoolean());
        Assert.True(rules.GetProperty("twoPersonRule").GetBoolean());
    }

    private async Task<JsonElement> PreviewAsync(object body)
    {
        using var response = await _alice.SendAsync(HttpMethod.Post, "/api/admin/kb/preview", JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string?> StatusAsync(Guid id, int version)
    {
        var detail = await _alice.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}");
        return detail.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == version).GetProperty("status").GetString();
    }

    private async Task<List<AuditEntry>> AuditAsync(Guid id)
    {
        var factory = fixture.Host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var target = id.ToString();
        return await db.Set<AuditEntry>().AsNoTracking().Where(e => e.TargetId == target).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The answer card quoting the ladder policy (other tests' documents on this host may be quoted beside it).</summary>
    private static async Task<Activity> AnswerCardAsync(DirectLineSession session, string question)
    {
        var replies = await session.RepliesToAsync(await session.SayAsync(question));
        return Assert.Single(replies, r => r.Attachments?.Count > 0 && DirectLineSession.ShownText(r)!.Contains("Source: Ladder rental", StringComparison.Ordinal));
    }

    /// <summary>Presses the answer card's button whose title contains <paramref name="title"/>, as Web Chat posts it.</summary>
    private static async Task PressAsync(DirectLineSession session, Activity answer, string title)
    {
        var card = JsonNode.Parse(answer.Attachments![0].Content!.Value.GetRawText())!;
        var buttons = card["body"]!.AsArray().Single(e => (string?)e!["type"] == "ActionSet")!["actions"]!.AsArray();
        var button = buttons.First(b => ((string?)b!["title"])!.EndsWith(title, StringComparison.Ordinal))!;
        var id = await session.SubmitAsync(button["data"]!);
        Assert.StartsWith("Thanks", DirectLineSession.ShownText(Assert.Single(await session.RepliesToAsync(id))), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> Send(
        HttpClient http, HttpMethod method, string path, string cookies, string? token = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", cookies);
        if (token is not null)
        {
            request.Headers.Add(HelpdeskBot.Bot.Admin.AdminAccess.AntiforgeryHeader, token);
        }

        return await http.SendAsync(request);
    }

    /// <summary>An admin's browser on <c>/admin/kb</c>: the sign-in and antiforgery cookies, and the page's token.</summary>
    private sealed record ConsolePage(string Cookies, string Token)
    {
        public static async Task<ConsolePage> OpenAsync(BotHost host, HttpClient http, string userName)
        {
            var signedIn = await AgentConsoleClient.SignInAsync(host, userName);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/kb");
            request.Headers.Add("Cookie", signedIn);
            using var page = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var token = TokenMeta().Match(await page.Content.ReadAsStringAsync());
            Assert.True(token.Success, "The admin page has no antiforgery token.");
            return new ConsolePage(signedIn + "; " + AgentConsoleClient.Cookies(page), WebUtility.HtmlDecode(token.Groups["value"].Value));
        }
    }

    [GeneratedRegex("""<meta name="request-verification-token" content="(?<value>[^"]*)">""")]
    private static partial Regex TokenMeta();
}

/// <summary>A state.db from before citations named their document: the columns are added on start and filled from then on.</summary>
public sealed class CitedSourceUpgradeTests
{
    [Fact]
    public async Task A_database_without_the_cited_document_columns_gets_them_on_start_and_records_the_document_of_each_answer()
    {
        var directory = BotHost.NewDataDirectory();
        using (var first = KnowledgeAdminClient.Configure(new BotHost(directory), seed: true))
        {
            _ = first.CreateClient();
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            foreach (var table in (string[])["CitedArticles", "SentMessages", "MessageFeedback"])
            {
#pragma warning disable EF1002 // Test's own table names.
                await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {table} DROP COLUMN DocumentId; ALTER TABLE {table} DROP COLUMN DocumentVersion;");
#pragma warning restore EF1002
            }

            // Versions before migrations made the file with EnsureCreated: no history.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE __EFMigrationsHistory;");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            using var second = KnowledgeAdminClient.Configure(new BotHost(directory), seed: true);
            var session = await new DirectLineClient(second.CreateClient()).StartAsync("en-US");
            Assert.Contains("Source: Returns and refunds", await session.AskAsync("how many days do I have to return an item"), StringComparison.Ordinal);

            var admin = new KnowledgeAdminClient(second.CreateClient());
            var returns = (await admin.GetJsonAsync($"{KnowledgeAdminClient.Documents}?q=returns%20and%20refunds"))[0];
            var id = returns.GetProperty("id").GetGuid();
            await using var db = await second.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            var cited = await db.CitedArticles.Where(a => a.ConversationId == session.ConversationId).ToListAsync();
            Assert.NotEmpty(cited);
            Assert.All(cited, a => Assert.Equal(id, a.DocumentId));
            Assert.All(cited, a => Assert.Equal(returns.GetProperty("publishedVersion").GetInt32(), a.DocumentVersion));
            var sent = await db.SentMessages.Where(m => m.ConversationId == session.ConversationId && m.Citation != null).ToListAsync();
            Assert.All(sent, m => Assert.Equal(id, m.DocumentId));
            var usage = await admin.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}/usage");
            Assert.Equal(cited.Count, usage.GetProperty("citations").GetInt32());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            BotHost.TryDelete(directory);
        }
    }
}
