using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Channels;

public sealed class DirectLineRestTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private readonly DirectLineClient _client = new(fixture.Host.CreateClient());

    [Fact]
    public async Task Generating_a_token_needs_the_secret()
    {
        using var none = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", null);
        using var wrong = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Generated_token_carries_a_conversation_and_its_lifetime()
    {
        var generated = await _client.GenerateTokenAsync(new { user = new { id = "dl_alice", name = "Alice" } });

        Assert.False(string.IsNullOrEmpty(generated.GetProperty("conversationId").GetString()));
        Assert.False(string.IsNullOrEmpty(generated.GetProperty("token").GetString()));
        Assert.Equal(1800, generated.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task A_token_cannot_generate_more_tokens()
    {
        var session = await _client.StartAsync();

        using var response = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", session.Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Starting_a_conversation_returns_201_then_200_for_the_same_token()
    {
        var generated = await _client.GenerateTokenAsync();
        var token = generated.GetProperty("token").GetString()!;

        using var first = await _client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);
        using var second = await _client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(generated.GetProperty("conversationId").GetString(), body.GetProperty("conversationId").GetString());
        Assert.StartsWith("ws://", body.GetProperty("streamUrl").GetString());
        Assert.Equal(1800, body.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Starting_with_the_secret_creates_a_conversation_and_a_token_for_it()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", BotHost.Secret,
            DirectLineClient.Json("""{"user":{"id":"dl_bob"}}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var session = new DirectLineSession(_client, body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!, "");
        var reply = await session.AskAsync("hello");
        Assert.False(string.IsNullOrWhiteSpace(reply));
    }

    [Fact]
    public async Task The_bot_welcomes_a_new_conversation()
    {
        var session = await _client.StartAsync();

        var activities = (await session.GetActivitiesAsync()).Activities;

        var welcome = Assert.Single(activities);
        Assert.Equal("message", welcome.Type);
        Assert.Equal("bot", welcome.From?.Role);
        Assert.False(string.IsNullOrWhiteSpace(welcome.Text));
    }

    [Fact]
    public async Task The_welcome_follows_the_locale_of_the_token()
    {
        var english = await _client.StartAsync("en-US");
        var indonesian = await _client.StartAsync("id-ID");

        var en = Assert.Single((await english.GetActivitiesAsync()).Activities);
        var id = Assert.Single((await indonesian.GetActivitiesAsync()).Activities);

        Assert.Equal("en-US", en.Locale);
        Assert.Equal("id-ID", id.Locale);
        Assert.NotEqual(en.Text, id.Text);
    }

    [Fact]
    public async Task Posting_a_message_returns_its_id_and_the_user_message_is_echoed_with_token_identity()
    {
        var session = await _client.StartAsync();

        var id = await session.SayAsync("hello");

        var set = await session.GetActivitiesAsync();
        var echoed = Assert.Single(set.Activities, a => a.Id == id);
        Assert.Equal("user", echoed.From?.Role);
        Assert.StartsWith("dl_", echoed.From?.Id);
        Assert.Equal("hello", echoed.Text);
        Assert.Equal("directline", echoed.ChannelId);
        Assert.NotNull(echoed.Timestamp);
    }

    [Fact]
    public async Task Watermark_returns_only_newer_activities()
    {
        var session = await _client.StartAsync();
        var before = await session.GetActivitiesAsync();

        var id = await session.SayAsync("hi");
        var after = await session.GetActivitiesAsync(before.Watermark);

        Assert.DoesNotContain(after.Activities, a => before.Activities.Any(b => b.Id == a.Id));
        Assert.Equal(id, after.Activities[0].Id);
        Assert.True(long.Parse(after.Watermark!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(before.Watermark!, System.Globalization.CultureInfo.InvariantCulture));
        var none = await session.GetActivitiesAsync(after.Watermark);
        Assert.Empty(none.Activities);
        Assert.Equal(after.Watermark, none.Watermark);
    }

    [Fact]
    public async Task A_client_retry_with_the_same_client_activity_id_gets_the_same_id_and_no_second_reply()
    {
        var session = await _client.StartAsync();

        var first = await session.SayAsync("where is my order ORD-100123", clientActivityId: "retry-1");
        var second = await session.SayAsync("where is my order ORD-100123", clientActivityId: "retry-1");

        Assert.Equal(first, second);
        Assert.Single(await session.RepliesToAsync(first));
        Assert.Single((await session.GetActivitiesAsync()).Activities, a => a.From?.Role == "user");
    }

    [Fact]
    public async Task The_same_message_posted_twice_at_once_is_stored_once_and_answered_once()
    {
        var session = await _client.StartAsync();
        var json = JsonSerializer.Serialize(new
        {
            type = "message", text = "where is my order ORD-100123", channelData = new { clientActivityID = "twice-at-once" },
        });

        // The second POST finds the first's activity under the turn's lock (stored with its turn) and is not run again.
        var responses = await Task.WhenAll(session.PostRawAsync(json), session.PostRawAsync(json));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r =>
            (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
        Assert.Equal(ids[0], ids[1]);
        var activities = (await session.GetActivitiesAsync()).Activities.ToList();
        Assert.Single(activities, a => a.From?.Role == "user");
        var reply = Assert.Single(activities, a => a.ReplyToId == ids[0]);
        Assert.Contains("ORD-100123", reply.Text, StringComparison.Ordinal);
        // The echo before its answer.
        Assert.True(activities.FindIndex(a => a.Id == ids[0]) < activities.IndexOf(reply));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_valid_token_for_a_conversation_the_store_does_not_have_gets_404_and_the_turn_leaves_nothing()
    {
        // A token's POST does not read the conversation first: the turn's own write finds it missing.
        var tokens = fixture.Host.Services.GetRequiredService<HelpdeskBot.Bot.Channels.DirectLine.DirectLineTokens>();
        var conversationId = "gone-" + Guid.NewGuid().ToString("N");
        var token = tokens.IssueConversationToken(conversationId, "dl_ghost", null);

        using var response = await _client.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token,
            DirectLineClient.Json("""{"type":"message","text":"where is my order ORD-100123"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = await fixture.Host.Services.GetRequiredService<IDbContextFactory<HelpdeskBot.Bot.Conversations.StateDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Transcript.AnyAsync(t => t.ConversationId == conversationId));
        Assert.False(await db.Conversations.AnyAsync(c => c.ConversationId == conversationId));
    }

    [Fact]
    public async Task A_token_used_on_another_conversation_is_forbidden()
    {
        var alice = await _client.StartAsync();
        var bob = await _client.StartAsync();

        using var read = await _client.SendAsync(HttpMethod.Get, bob.ActivitiesPath, alice.Token);
        using var write = await _client.SendAsync(HttpMethod.Post, bob.ActivitiesPath, alice.Token, DirectLineClient.Json("""{"type":"message","text":"hi"}"""));
        using var reconnect = await _client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{bob.ConversationId}", alice.Token);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reconnect.StatusCode);
        Assert.DoesNotContain((await bob.GetActivitiesAsync()).Activities, a => a.Text == "hi");
    }

    [Fact]
    public async Task A_tampered_token_is_unauthorised()
    {
        var session = await _client.StartAsync();
        var tampered = session.Token[..^4] + (session.Token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        using var response = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Refresh_gives_a_new_token_for_the_same_conversation()
    {
        var session = await _client.StartAsync();

        using var response = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(session.ConversationId, body.GetProperty("conversationId").GetString());
        var refreshed = session with { Token = body.GetProperty("token").GetString()! };
        Assert.NotEmpty((await refreshed.GetActivitiesAsync()).Activities);
    }

    [Fact]
    public async Task Reconnecting_returns_a_new_stream_url_for_the_conversation()
    {
        var session = await _client.StartAsync();

        using var response = await _client.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{session.ConversationId}?watermark=1", session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var streamUrl = body.GetProperty("streamUrl").GetString()!;
        Assert.Contains($"/conversations/{session.ConversationId}/stream?t=", streamUrl);
        Assert.EndsWith("&watermark=1", streamUrl);
    }

    [Fact]
    public async Task The_secret_reads_any_conversation_but_unknown_ones_are_404()
    {
        var session = await _client.StartAsync();

        using var known = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, BotHost.Secret);
        using var unknown = await _client.SendAsync(HttpMethod.Get, "/v3/directline/conversations/no-such-conversation/activities", BotHost.Secret);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>One host per test class; each test makes its own conversations, so tests do not depend on each other.</summary>
public sealed class BotHostFixture : IDisposable
{
    public BotHost Host { get; } = new();

    public void Dispose() => Host.Dispose();
}
