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
    public async Task A_token_is_validated_once_while_it_lasts_and_its_lifetime_is_judged_on_every_request()
    {
        var tokens = _host.Services.GetRequiredService<HelpdeskBot.Bot.Channels.DirectLine.DirectLineTokens>();
        var before = tokens.Validations;
        // Starting the conversation (POST /conversations) presents the token the first time.
        var session = await _client.StartAsync();
        using var first = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);
        var afterFirst = tokens.Validations;
        using var second = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);
        var afterSecond = tokens.Validations;
        var remembered = tokens.VerifiedCount;
        _host.Time.Advance(TimeSpan.FromMinutes(31));
        using var expired = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // The rate limiter and the endpoint both read the token in every request: one validation for the start, none after.
        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, afterSecond);
        // The next request after the token ran out is refused, from what was remembered, and the token is forgotten.
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(afterSecond, tokens.Validations);
        Assert.Equal(remembered - 1, tokens.VerifiedCount);
    }

    [Fact]
    public async Task A_remembered_token_changed_in_one_character_is_checked_afresh_and_refused()
    {
        var (session, tokens, genuine) = await RememberedTokenAsync();
        var before = tokens.Validations;

        // The last character of the signature, and one in the middle of the claims.
        var lastChanged = session.Token[..^1] + (session.Token[^1] == 'A' ? 'B' : 'A');
        var payloadAt = session.Token.IndexOf('.', StringComparison.Ordinal) + 5;
        var payloadChanged = session.Token[..payloadAt] + (session.Token[payloadAt] == 'A' ? 'B' : 'A') + session.Token[(payloadAt + 1)..];
        using var forgedSignature = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, lastChanged);
        using var forgedClaims = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, payloadChanged);

        Assert.Equal(HttpStatusCode.OK, genuine);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedSignature.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedClaims.StatusCode);
        Assert.True(tokens.Validations >= before + 2, "each forged token was validated");
    }

    [Fact]
    public async Task A_remembered_conversation_token_is_still_no_stream_token_and_stream_tokens_are_not_remembered()
    {
        var (session, tokens, ok) = await RememberedTokenAsync();
        var remembered = tokens.VerifiedCount;

        var asStream = tokens.CheckStreamToken(new Microsoft.AspNetCore.Http.DefaultHttpContext(), session.Token, out var streamCaller);
        var stream = tokens.IssueStreamToken(session.ConversationId, "dl_someone");
        var streamCheck = tokens.CheckStreamToken(new Microsoft.AspNetCore.Http.DefaultHttpContext(), stream, out var streamUser);
        var streamAsConversation = tokens.CheckConversationToken(new Microsoft.AspNetCore.Http.DefaultHttpContext(), stream, out _);

        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(HelpdeskBot.Bot.Channels.DirectLine.TokenCheck.Invalid, asStream);
        Assert.Null(streamCaller);
        Assert.Equal(HelpdeskBot.Bot.Channels.DirectLine.TokenCheck.Valid, streamCheck);
        Assert.Equal("dl_someone", streamUser!.UserId);
        Assert.Equal(HelpdeskBot.Bot.Channels.DirectLine.TokenCheck.Invalid, streamAsConversation);
        Assert.Equal(remembered, tokens.VerifiedCount);
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

    /// <summary>A started conversation whose token one GET has had checked (and remembered), with that GET's status.</summary>
    private async Task<(DirectLineSession Session, HelpdeskBot.Bot.Channels.DirectLine.DirectLineTokens Tokens, HttpStatusCode Status)> RememberedTokenAsync()
    {
        var session = await _client.StartAsync();
        var tokens = _host.Services.GetRequiredService<HelpdeskBot.Bot.Channels.DirectLine.DirectLineTokens>();
        using var response = await _client.SendAsync(HttpMethod.Get, session.ActivitiesPath, session.Token);
        return (session, tokens, response.StatusCode);
    }

    public void Dispose() => _host.Dispose();
}
