using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using HelpdeskBot.Bot.Tests.Channels;
using HelpdeskBot.Bot.Tests.Knowledge;
using HelpdeskBot.Tests.Shared;
using Xunit.Abstractions;

namespace HelpdeskBot.Bot.Tests.Protocol;

/// <summary>A host that answers /api/messages without Bot Framework tokens (loopback service URLs only) and has an admin key.</summary>
public sealed class HostileInputHostFixture : IDisposable
{
    // The admin keys of KnowledgeAdminClient, but not its Knowledge:SeedOnFirstRun: this host keeps the copied seed corpus.
    public BotHost Host { get; } = new BotHost()
        .With("AdminApi:Keys:0:Name", "alice")
        .With("AdminApi:Keys:0:Key", KnowledgeAdminClient.AdminKey)
        .With("AdminApi:Keys:0:Roles:0", "admin")
        .With("BotFramework:TrustIdentityWithoutAuthentication", "true");

    public void Dispose() => Host.Dispose();
}

/// <summary>
/// A sample of the fuzz bodies of <see cref="InboundJsonFuzzTests"/> through the real endpoints (Direct Line and
/// /api/messages, whole turns included), and 10,000-deep JSON on every JSON endpoint: each answer is a reply or a
/// 4xx ProblemDetails, never a 500, and the bot keeps working afterwards.
/// </summary>
public sealed class HostileJsonEndpointTests(HostileInputHostFixture fixture, ITestOutputHelper output)
    : IClassFixture<HostileInputHostFixture>, IAsyncLifetime
{
    private readonly DirectLineClient _directLine = new(fixture.Host.CreateClient());
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Hostile_activities_posted_to_direct_line_get_an_answer_or_a_problem_never_a_500()
    {
        var session = await _directLine.StartAsync();
        var gen = Gen.Frequency(
            (3, HostileJson.Plausible("null").Select(Encoding.UTF8.GetBytes)),
            (1, HostileJson.Activity(Gen.Const("\"http://127.0.0.1:1/\"")).Select(Encoding.UTF8.GetBytes)),
            (1, HostileJson.Mutated(HostileJson.Plausible("null"))));

        var statuses = new SortedDictionary<int, int>();
        await Fuzzing.RunAsync("POST /v3/directline/conversations/{id}/activities", gen, async body =>
        {
            using var response = await session.Client.SendAsync(HttpMethod.Post, session.ActivitiesPath, session.Token, Json(body));
            await AssertAnsweredOrRefusedAsync(response, body, statuses);
        }, iterations: 120, output);
        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));

        var fresh = await _directLine.StartAsync();
        Assert.Contains("ORD-100123", await fresh.AskAsync("where is my order ORD-100123"));
    }

    [Fact]
    public async Task Hostile_activities_posted_to_api_messages_get_an_answer_or_a_problem_never_a_500()
    {
        var serviceUrl = HostileJson.Quote(_connector.ServiceUrl);
        var gen = Gen.Frequency(
            (3, HostileJson.Plausible(serviceUrl).Select(Encoding.UTF8.GetBytes)),
            (1, HostileJson.Activity(Gen.Const(serviceUrl)).Select(Encoding.UTF8.GetBytes)),
            (1, HostileJson.Mutated(HostileJson.Plausible(serviceUrl))));
        using var http = fixture.Host.CreateClient();

        var statuses = new SortedDictionary<int, int>();
        await Fuzzing.RunAsync("POST /api/messages", gen, async body =>
        {
            using var response = await http.PostAsync(new Uri("/api/messages", UriKind.Relative), Json(body));
            await AssertAnsweredOrRefusedAsync(response, body, statuses);
        }, iterations: 120, output);
        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
    }

    public static TheoryData<string, bool> DeepBodies => new()
    {
        { "arrays", false },
        { "objects", true },
    };

    [Theory]
    [MemberData(nameof(DeepBodies))]
    public async Task Ten_thousand_deep_json_is_a_400_problem_on_every_json_endpoint(string why, bool objects)
    {
        var deep = HostileJson.Nested(10_000, objects);
        var session = await _directLine.StartAsync();
        var admin = new KnowledgeAdminClient(fixture.Host.CreateClient());
        using var http = fixture.Host.CreateClient();
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate") { Content = Json($"{{\"user\":{deep}}}") };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BotHost.Secret);

        var responses = new (string Endpoint, HttpResponseMessage Response)[]
        {
            ("direct line activity", await session.PostRawAsync($"{{\"type\":\"message\",\"text\":\"hi\",\"value\":{deep}}}")),
            ("direct line token", await http.SendAsync(tokenRequest)),
            ("/api/messages", await http.PostAsync(new Uri("/api/messages", UriKind.Relative), Json(
                $"{{\"type\":\"invoke\",\"name\":\"adaptiveCard/action\",\"channelId\":\"emulator\",\"serviceUrl\":\"{_connector.ServiceUrl}\"," +
                $"\"from\":{{\"id\":\"u\"}},\"conversation\":{{\"id\":\"c\"}},\"value\":{deep}}}"))),
            ("knowledge preview", await admin.SendAsync(HttpMethod.Post, "/api/admin/kb/preview", Json($"{{\"markdown\":\"# x\",\"title\":{deep}}}"))),
            ("inbox examples", await admin.SendAsync(HttpMethod.Post, "/api/admin/inbox/examples", Json($"{{\"intent\":\"x\",\"itemIds\":{deep}}}"))),
            ("demo token", await http.PostAsync(new Uri("/demo/token", UriKind.Relative), Json($"{{\"locale\":{deep}}}"))),
        };

        foreach (var (endpoint, response) in responses)
        {
            using (response)
            {
                // Refused before it is parsed: 400 for the depth, or 413 where the body is also over that endpoint's size
                // limit (the demo token's 16 KB for forms: 10,000 levels are 20 KB).
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{why}, {endpoint}: got {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Contains("ORD-100123", await session.AskAsync("where is my order ORD-100123"));
    }

    [Fact]
    public async Task An_unpaired_surrogate_in_a_card_value_is_a_400_problem_and_the_conversation_goes_on()
    {
        var session = await _directLine.StartAsync();

        using var response = await session.PostRawAsync("{\"type\":\"message\",\"value\":{\"verb\":\"\\ud800\"}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ORD-100123", await session.AskAsync("where is my order ORD-100123"));
    }

    [Fact]
    public async Task A_wide_object_is_accepted_without_fuss()
    {
        var session = await _directLine.StartAsync();

        using var response = await session.PostRawAsync($"{{\"type\":\"message\",\"text\":\"where is my order ORD-100123\",\"channelData\":{HostileJson.Wide(15_000)}}}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertAnsweredOrRefusedAsync(HttpResponseMessage response, byte[] body, SortedDictionary<int, int> statuses)
    {
        var status = (int)response.StatusCode;
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        var text = await response.Content.ReadAsStringAsync();
        var shown = $"{status} for {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 400)))}: {text}";
        if (IsInvokeError(text))
        {
            // A card invoke is answered in the Bot Framework's own terms: an invoke response of type
            // application/vnd.microsoft.error, 400 for a malformed Action.Execute and 501 for an invoke the bot lacks.
            Assert.True(status is 400 or 501, shown);
            return;
        }

        Assert.True(status < 500, shown);
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static bool IsInvokeError(string text)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(text);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String
                && type.GetString() == HelpdeskBot.Bot.Cards.CardInvokes.ErrorResponseType;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
