using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>Every way a Direct Line request can be wrong gets a 4xx ProblemDetails and leaves the conversation intact.</summary>
public sealed class DirectLineBadInputTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private readonly DirectLineClient _client = new(fixture.Host.CreateClient());

    public static TheoryData<string, string, HttpStatusCode> BadActivities => new()
    {
        { "malformed JSON", """{"type":"message","text":"hi" """, HttpStatusCode.BadRequest },
        { "not an object", """["message"]""", HttpStatusCode.BadRequest },
        { "missing type", """{"text":"hi"}""", HttpStatusCode.BadRequest },
        { "wrong field type", """{"type":"message","text":{"nested":true}}""", HttpStatusCode.BadRequest },
        { "empty message", """{"type":"message","text":"   "}""", HttpStatusCode.BadRequest },
        { "empty body", "", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadActivities))]
    public async Task Bad_activity_gets_a_problem_and_the_conversation_keeps_working(string why, string json, HttpStatusCode expected)
    {
        var session = await _client.StartAsync();
        var before = (await session.GetActivitiesAsync()).Activities.Count;

        using var response = await session.PostRawAsync(json);

        Assert.True(expected == response.StatusCode, $"{why}: got {(int)response.StatusCode}");
        await AssertProblemAsync(response);
        Assert.Equal(before, (await session.GetActivitiesAsync()).Activities.Count);
        Assert.Contains("ORD-100123", await session.AskAsync("where is my order ORD-100123"));
    }

    [Fact]
    public async Task Text_over_ten_thousand_characters_is_rejected()
    {
        var session = await _client.StartAsync();
        var text = new string('a', 10_001);

        using var response = await session.PostRawAsync(JsonSerializer.Serialize(new { type = "message", text }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await AssertProblemAsync(response);
        Assert.Contains("10000", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Text_of_exactly_ten_thousand_characters_is_accepted()
    {
        var session = await _client.StartAsync();

        using var response = await session.PostRawAsync(JsonSerializer.Serialize(new { type = "message", text = new string('a', 10_000) }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var session = await _client.StartAsync();

        using var response = await _client.SendAsync(HttpMethod.Post, session.ActivitiesPath, session.Token,
            new StringContent("""{"type":"message","text":"hi"}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        var session = await _client.StartAsync();
        var json = JsonSerializer.Serialize(new { type = "message", text = "hi", channelData = new { blob = new string('x', 300_000) } });

        using var response = await session.PostRawAsync(json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Unknown_conversation_is_404()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/v3/directline/conversations/nope/activities", BotHost.Secret,
            DirectLineClient.Json("""{"type":"message","text":"hi","from":{"id":"dl_x"}}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Unknown_activity_type_is_accepted_and_ignored()
    {
        var session = await _client.StartAsync();

        using var response = await session.PostRawAsync("""{"type":"somethingNew","futureField":{"a":1}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Empty(await session.RepliesToAsync(id));
        var stored = Assert.Single((await session.GetActivitiesAsync()).Activities, a => a.Id == id);
        Assert.True(stored.ExtensionData!.ContainsKey("futureField"));
    }

    [Fact]
    public async Task Invalid_watermark_is_400()
    {
        var session = await _client.StartAsync();

        using var response = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath + "?watermark=abc", session.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Invalid_user_id_in_token_request_is_400()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", BotHost.Secret,
            DirectLineClient.Json("""{"user":{"id":"<script>"}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Malformed_token_request_body_is_400()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", BotHost.Secret,
            DirectLineClient.Json("{user:"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
