using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Connectors;

namespace HelpdeskBot.Bot.Tests.Knowledge;

/// <summary>One host with admin keys and no seed corpus, so each test's documents are the only ones on their topic.</summary>
public sealed class KnowledgeHostFixture : IDisposable
{
    public BotHost Host { get; } = KnowledgeAdminClient.Configure(new BotHost());

    public void Dispose() => Host.Dispose();
}

/// <summary>
/// The admin API through the real host: keys and roles, the document lifecycle as customers and employees see it in
/// Direct Line, and every way an upload can be refused answered with a ProblemDetails.
/// </summary>
public sealed class KnowledgeAdminApiTests(KnowledgeHostFixture fixture) : IClassFixture<KnowledgeHostFixture>
{
    private readonly KnowledgeAdminClient _admin = new(fixture.Host.CreateClient());
    private readonly DirectLineClient _chat = new(fixture.Host.CreateClient());

    private const string GiftWrapping = """
        # Gift wrapping

        ## Prices

        Gift wrapping costs Rp 25.000 per item. You can choose gift wrapping at checkout for any order, and we add a
        handwritten card with your message for free.
        """;

    private const string GiftWrappingVersion2 = """
        # Gift wrapping

        ## Prices

        Gift wrapping costs Rp 30.000 per item from next month. You can choose gift wrapping at checkout for any order,
        and we add a handwritten card with your message for free.
        """;

    private static Dictionary<string, string> Customer(string title) => new() { ["title"] = title, ["audience"] = "customer", ["language"] = "en" };

    [Fact]
    public async Task Without_a_key_every_admin_call_is_401_with_a_problem()
    {
        var anonymous = new KnowledgeAdminClient(fixture.Host.CreateClient(), key: null);

        using var list = await anonymous.SendAsync(HttpMethod.Get, KnowledgeAdminClient.Documents);
        using var upload = await anonymous.UploadAsync("a.md", "# A\n\nText.");

        await KnowledgeAdminClient.AssertProblemAsync(list, HttpStatusCode.Unauthorized, "Missing credentials");
        await KnowledgeAdminClient.AssertProblemAsync(upload, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", list.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_401_with_a_problem()
    {
        var stranger = new KnowledgeAdminClient(fixture.Host.CreateClient(), key: "not-the-key-but-long-enough-0123456789");

        using var response = await stranger.SendAsync(HttpMethod.Get, KnowledgeAdminClient.Documents);

        await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid credentials");
    }

    [Fact]
    public async Task A_key_without_the_admin_role_is_403_with_a_problem()
    {
        var agent = new KnowledgeAdminClient(fixture.Host.CreateClient(), KnowledgeAdminClient.AgentKey);

        using var response = await agent.SendAsync(HttpMethod.Get, KnowledgeAdminClient.Documents);

        await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_key_may_also_come_in_the_x_api_key_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, KnowledgeAdminClient.Documents);
        request.Headers.Add("X-Api-Key", KnowledgeAdminClient.AdminKey);

        using var response = await fixture.Host.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_key_does_not_open_direct_line()
    {
        using var response = await _chat.SendAsync(HttpMethod.Post, "/v3/directline/conversations", KnowledgeAdminClient.AdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_customer_document_answers_only_while_a_version_of_it_is_published()
    {
        const string question = "what is your gift wrapping policy?";
        var customer = await _chat.StartAsync("en-US", Requester.Customer("CUS-0001"));

        // Uploaded: a draft, recorded with alice as its author, and nobody is told about it.
        var created = await _admin.UploadOkAsync("gift-wrapping.md", GiftWrapping, Customer("Gift wrapping"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        Assert.Equal("created", created.GetProperty("outcome").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        var version1 = created.GetProperty("document").GetProperty("versions")[0];
        Assert.Equal("draft", version1.GetProperty("status").GetString());
        Assert.Equal("alice", version1.GetProperty("createdBy").GetString());
        Assert.Equal("customer", version1.GetProperty("audience").GetString());
        Assert.DoesNotContain("25.000", await customer.AskAsync(question), StringComparison.Ordinal);

        // Published: quoted with its citation.
        await _admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/1/publish");
        var answer = await customer.AskAsync(question);
        Assert.Contains("Rp 25.000 per item", answer, StringComparison.Ordinal);
        Assert.Matches(@"Source: Gift wrapping › [^\n]*\(version 1\)", answer);

        // A new version waits as a draft; version 1 keeps answering until it is published.
        using (var put = await _admin.UploadAsync("gift-wrapping.md", System.Text.Encoding.UTF8.GetBytes(GiftWrappingVersion2), newVersionOf: id))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            Assert.EndsWith($"/api/admin/kb/documents/{id}/versions/2", put.Headers.Location?.ToString(), StringComparison.Ordinal);
            var body = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("new-version", body.GetProperty("outcome").GetString());
            // What the new file does not say stays as the document had it.
            Assert.Equal("customer", body.GetProperty("document").GetProperty("versions")[1].GetProperty("audience").GetString());
            Assert.Equal("Gift wrapping", body.GetProperty("document").GetProperty("versions")[1].GetProperty("title").GetString());
        }

        answer = await customer.AskAsync(question);
        Assert.Contains("Rp 25.000", answer, StringComparison.Ordinal);
        Assert.Contains("(version 1)", answer, StringComparison.Ordinal);

        await _admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/2/publish");
        answer = await customer.AskAsync(question);
        Assert.Contains("Rp 30.000", answer, StringComparison.Ordinal);
        Assert.Contains("(version 2)", answer, StringComparison.Ordinal);
        var detail = await _admin.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}");
        Assert.Equal(["retired", "published"], detail.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("status").GetString()));
        var markdown = await _admin.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/1");
        Assert.Contains("Rp 25.000", markdown.GetProperty("markdown").GetString(), StringComparison.Ordinal);

        // Retired: gone from answers. Deleted: gone altogether.
        await _admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/2/retire");
        Assert.DoesNotContain("Rp 30.000", await customer.AskAsync(question), StringComparison.Ordinal);
        using (var delete = await _admin.SendAsync(HttpMethod.Delete, $"{KnowledgeAdminClient.Documents}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await _admin.SendAsync(HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{id}");
        await KnowledgeAdminClient.AssertProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_published_upload_is_created_with_its_location_and_listed()
    {
        var fields = new Dictionary<string, string>(Customer("Loyalty points")) { ["publish"] = "true", ["owner"] = "Marketing" };

        using var response = await _admin.UploadAsync("loyalty.md", "# Loyalty points\n\nEvery Rp 10.000 spent earns one loyalty point.", fields);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        Assert.EndsWith($"/api/admin/kb/documents/{id}", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        var listed = await _admin.GetJsonAsync($"{KnowledgeAdminClient.Documents}?status=published&audience=customer&owner=market&q=loyalty");
        var summary = Assert.Single(listed.EnumerateArray());
        Assert.Equal("Loyalty points", summary.GetProperty("title").GetString());
        Assert.Equal(1, summary.GetProperty("publishedVersion").GetInt32());
        Assert.Equal("Marketing", summary.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task A_second_document_with_a_taken_title_is_a_409_problem()
    {
        await _admin.UploadOkAsync("store-hours.md", "# Store hours\n\nOur pickup counter opens at 9:00.", Customer("Store hours"));

        using var response = await _admin.UploadAsync("other.txt", "Something else about opening times.", Customer("store   HOURS"));

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> RefusedFiles => new()
    {
        { "a corrupt PDF", "broken.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog" },
        { "an empty file", "empty.md", "" },
        { "an unsupported type", "setup.exe", "MZ this is not a document" },
        { "only whitespace", "blank.txt", "  \n\n  " },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task A_file_that_is_not_a_usable_document_is_a_400_problem_naming_it(string why, string fileName, string content)
    {
        using var response = await _admin.UploadAsync(fileName, content, Customer($"Refused {Guid.NewGuid():N}"));

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "The document was not accepted");
        Assert.True(problem.GetProperty("detail").GetString()!.Contains(fileName, StringComparison.Ordinal), why);
    }

    public static TheoryData<string, string, string> InvalidFields => new()
    {
        { "audience", "audience", "partners" },
        { "language", "language", "fr" },
        { "effectiveFrom", "effectiveFrom", "1 March" },
        { "publish", "publish", "maybe" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_a_400_validation_problem_naming_the_field(string expectedKey, string field, string value)
    {
        using var response = await _admin.UploadAsync("fine.md", "# Fine\n\nText.", new Dictionary<string, string> { [field] = value });

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(expectedKey, out _), problem.ToString());
    }

    [Fact]
    public async Task A_form_without_a_file_is_a_400_validation_problem()
    {
        using var form = new MultipartFormDataContent { { new StringContent("Title only"), "title" } };

        using var response = await _admin.SendAsync(HttpMethod.Post, KnowledgeAdminClient.Documents, form);

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_a_415_problem()
    {
        using var response = await _admin.SendAsync(HttpMethod.Post, KnowledgeAdminClient.Documents, DirectLineClient.Json("""{"title":"x"}"""));

        await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_documents_and_versions_are_404_problems_and_a_retired_version_cannot_be_republished()
    {
        var created = await _admin.UploadOkAsync("dress.md", "# Dress code\n\nSmart casual.", Customer("Courier dress code"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        await _admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/1/retire");

        using var unknown = await _admin.SendAsync(HttpMethod.Get, $"{KnowledgeAdminClient.Documents}/{Guid.NewGuid()}");
        using var noVersion = await _admin.SendAsync(HttpMethod.Post, $"{KnowledgeAdminClient.Documents}/{id}/versions/7/publish");
        using var republish = await _admin.SendAsync(HttpMethod.Post, $"{KnowledgeAdminClient.Documents}/{id}/versions/1/publish");
        using var newVersionOfNothing = await _admin.UploadAsync("x.md", "# X\n\nText."u8.ToArray(), newVersionOf: Guid.NewGuid());

        await KnowledgeAdminClient.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await KnowledgeAdminClient.AssertProblemAsync(noVersion, HttpStatusCode.NotFound);
        await KnowledgeAdminClient.AssertProblemAsync(republish, HttpStatusCode.Conflict);
        await KnowledgeAdminClient.AssertProblemAsync(newVersionOfNothing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_employee_only_document_is_never_in_a_customers_answer_but_is_in_an_employees()
    {
        const string question = "what is the policy on the bicycle commuting allowance?";
        await _admin.UploadOkAsync(
            "bicycle.md",
            "# Bicycle commuting allowance\n\n## Amount\n\nEmployees who cycle to work at least three days a week receive a bicycle commuting allowance of Rp 300.000 per month with their salary.",
            new Dictionary<string, string> { ["title"] = "Bicycle commuting allowance", ["audience"] = "employee", ["publish"] = "true" });

        var asCustomer = await _admin.GetJsonAsync($"/api/admin/kb/search?q={Uri.EscapeDataString(question)}&as=customer");
        var asEmployee = await _admin.GetJsonAsync($"/api/admin/kb/search?q={Uri.EscapeDataString(question)}&as=employee&mode=hybrid&limit=3");
        var customerAnswer = await (await _chat.StartAsync("en-US", Requester.Customer("CUS-0001"))).AskAsync(question);
        var guestAnswer = await (await _chat.StartAsync("en-US")).AskAsync(question);
        var employeeAnswer = await (await _chat.StartAsync("en-US", Requester.Employee("EMP-0007"))).AskAsync(question);

        Assert.DoesNotContain(asCustomer.GetProperty("hits").EnumerateArray(), h => h.GetProperty("title").GetString() == "Bicycle commuting allowance");
        var top = asEmployee.GetProperty("hits")[0];
        Assert.Equal("Bicycle commuting allowance", top.GetProperty("title").GetString());
        Assert.Equal("employee", asEmployee.GetProperty("reader").GetString());
        Assert.DoesNotContain("300.000", customerAnswer, StringComparison.Ordinal);
        Assert.DoesNotContain("300.000", guestAnswer, StringComparison.Ordinal);
        Assert.Contains("Rp 300.000 per month", employeeAnswer, StringComparison.Ordinal);
        Assert.Contains("Source: Bicycle commuting allowance", employeeAnswer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_returns_ranked_hits_with_their_scores()
    {
        await _admin.UploadOkAsync(
            "parcel-lockers.md",
            "# Parcel lockers\n\n## Pickup\n\nParcels sent to a parcel locker wait there for 3 days; the locker code arrives by SMS.",
            new Dictionary<string, string>(Customer("Parcel lockers")) { ["publish"] = "true" });

        var vector = await _admin.GetJsonAsync("/api/admin/kb/search?q=how%20long%20does%20my%20parcel%20wait%20in%20the%20locker&mode=vector&language=en");
        var lexical = await _admin.GetJsonAsync("/api/admin/kb/search?q=parcel%20locker%20code&mode=lexical");

        var hits = vector.GetProperty("hits").EnumerateArray().ToArray();
        Assert.NotEmpty(hits);
        Assert.Equal("Parcel lockers", hits[0].GetProperty("title").GetString());
        Assert.Equal(Enumerable.Range(1, hits.Length), hits.Select(h => h.GetProperty("rank").GetInt32()));
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.GetProperty("score").GetDouble() >= p.Second.GetProperty("score").GetDouble()));
        Assert.InRange(hits[0].GetProperty("similarity").GetSingle(), 0.2f, 1f);
        Assert.True(hits[0].GetProperty("answers").GetBoolean());
        Assert.Equal("vector", vector.GetProperty("mode").GetString());
        Assert.Equal("Parcel lockers", lexical.GetProperty("hits")[0].GetProperty("title").GetString());
        Assert.Equal(1, lexical.GetProperty("hits")[0].GetProperty("lexicalRank").GetInt32());
    }

    [Theory]
    [InlineData("q=")]
    [InlineData("q=hello&mode=semantic")]
    [InlineData("q=hello&as=supplier")]
    [InlineData("q=hello&limit=0")]
    [InlineData("q=hello&language=fr")]
    public async Task A_search_with_bad_parameters_is_a_400_validation_problem(string query)
    {
        using var response = await _admin.SendAsync(HttpMethod.Get, "/api/admin/kb/search?" + query);

        await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reindex_puts_back_every_published_chunk()
    {
        await _admin.UploadOkAsync("cutoff.md", "# Order cut-off\n\nOrders placed before 14:00 ship the same day.",
            new Dictionary<string, string>(Customer("Order cut-off")) { ["publish"] = "true" });

        using var response = await _admin.SendAsync(HttpMethod.Post, "/api/admin/kb/reindex");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("chunks").GetInt32() >= 1);
        Assert.True(body.GetProperty("documents").GetInt32() >= 1);
        Assert.Equal("embedded", body.GetProperty("index").GetString());
        var search = await _admin.GetJsonAsync("/api/admin/kb/search?q=same%20day%20shipping%20cut-off&mode=lexical");
        Assert.Contains(search.GetProperty("hits").EnumerateArray(), h => h.GetProperty("title").GetString() == "Order cut-off");
    }

    [Fact]
    public async Task Direct_line_and_the_admin_api_work_side_by_side()
    {
        var session = await _chat.StartAsync("en-US");
        using var list = await _admin.SendAsync(HttpMethod.Get, KnowledgeAdminClient.Documents);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Matches(new Regex("ORD-100123"), await session.AskAsync("where is my order ORD-100123"));
    }
}

/// <summary>A host that was given no admin keys refuses every admin call, whatever key is presented.</summary>
public sealed class KnowledgeAdminClosedByDefaultTests
{
    [Fact]
    public async Task Without_configured_keys_every_admin_call_is_401()
    {
        using var host = new BotHost().With("Knowledge:SeedOnFirstRun", "false");
        var admin = new KnowledgeAdminClient(host.CreateClient(), KnowledgeAdminClient.AdminKey);

        using var response = await admin.SendAsync(HttpMethod.Get, KnowledgeAdminClient.Documents);

        await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void A_key_shorter_than_32_characters_stops_the_host_from_starting()
    {
        using var host = new BotHost()
            .With("Knowledge:SeedOnFirstRun", "false")
            .With("AdminApi:Keys:0:Name", "short")
            .With("AdminApi:Keys:0:Key", "too-short")
            .With("AdminApi:Keys:0:Roles:0", "admin");

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("AdminApi:Keys:0", failure.ToString(), StringComparison.Ordinal);
    }
}
