using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>Uses its own host because it moves that host's clock.</summary>
public sealed class DirectLineTokenLifetimeTests : IDisposable
{
    private readonly BotHost _host = new();
    private readonly DirectLineClient _client;

    public DirectLineTokenLifetimeTests() => _client = new DirectLineClient(_host.CreateClient());

    [Fact]
    public async Task An_expired_token_is_401_and_a_refreshed_one_works()
    {
        var session = await _client.StartAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(29));
        using var refresh = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", session.Token);
        var refreshed = (await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        _host.Time.Advance(TimeSpan.FromMinutes(2));
        using var expired = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);
        using var fresh = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, refreshed);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", (await expired.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task A_token_is_validated_once_per_request_though_the_rate_limiter_and_the_endpoint_both_check_it()
    {
        var session = await _client.StartAsync();
        var tokens = _host.Services.GetRequiredService<HelpdeskBot.Bot.Channels.DirectLine.DirectLineTokens>();

        var before = tokens.Validations;
        using var first = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);
        var afterFirst = tokens.Validations;
        using var second = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);
        _host.Time.Advance(TimeSpan.FromMinutes(31));
        using var expired = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(before + 3, tokens.Validations);
        // Each request is checked afresh: the next one after the token ran out is refused.
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_cannot_be_refreshed()
    {
        var session = await _client.StartAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(31));

        using var refresh = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", session.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task A_refreshed_token_extends_its_own_conversation_and_opens_no_other()
    {
        var mine = await _client.StartAsync();
        var theirs = await _client.StartAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(20));
        using var refresh = await _client.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", mine.Token);
        var refreshed = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        var token = refreshed.GetProperty("token").GetString()!;

        // 20 + 20 minutes: past the first token's 30, within the refreshed one's.
        _host.Time.Advance(TimeSpan.FromMinutes(20));
        using var own = await _client.SendAsync(HttpMethod.Get, mine.ActivitiesPath, token);
        using var other = await _client.SendAsync(HttpMethod.Get, theirs.ActivitiesPath, token);
        using var otherPost = await theirs.PostRawAsync("""{"type":"message","text":"hello"}""", token);

        Assert.Equal(mine.ConversationId, refreshed.GetProperty("conversationId").GetString());
        Assert.Equal(1800, refreshed.GetProperty("expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPost.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _host.Dispose();
}
