using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>
/// With <c>BotFramework:AppId</c> set, only requests with a valid Bot Framework token run a turn. The OpenID metadata
/// and keys come from a local stand-in over real HTTP; every rejection goes through the real <c>/api/messages</c>, and
/// is checked to have sent nothing, stored no turn and been logged.
/// </summary>
public sealed class BotFrameworkAuthenticationTests : IAsyncLifetime
{
    internal const string AppId = "11111111-2222-3333-4444-555555555555";
    internal const string ChannelIssuer = "https://api.botframework.com";
    internal const string BotFrameworkTenant = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    /// <summary>EMP-0007 in the demo HR directory.</summary>
    internal const string RinaWijaya = "00000000-0000-4000-8000-000000000007";

    private ConnectorStandIn _connector = null!;
    private BotHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _host = NewHost(_connector);
        _http = _host.CreateClient();
    }

    internal static BotHost NewHost(ConnectorStandIn connector) => new BotHost()
        .With("BotFramework:AppId", AppId)
        .With("BotFramework:AppPassword", "app-password")
        .With("BotFramework:OpenIdMetadataUrl", connector.OpenIdMetadataUrl)
        .With("BotFramework:TokenEndpoint", connector.TokenEndpoint)
        .WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task No_token_is_401_and_no_turn_runs()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, token: null);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task A_garbage_token_is_401()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, token: "not.a.jwt");

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    // The ten cases of the Bot Framework authentication spec, one test each.

    [Fact]
    public async Task A_valid_token_runs_the_turn_and_the_reply_carries_the_bots_own_token()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, Sign(_connector.SigningKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Contains("annual", sent.Activity.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Bearer outgoing-token", sent.Authorization);
        Assert.True(await TurnStoredAsync(conversation));
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var (conversation, json) = Message();
        var now = DateTime.UtcNow;

        using var response = await PostAsync(json, Sign(_connector.SigningKey, notBefore: now.AddHours(-1), expires: now.AddMinutes(-6)));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_401()
    {
        var (conversation, json) = Message();
        var now = DateTime.UtcNow;

        using var response = await PostAsync(json, Sign(_connector.SigningKey, notBefore: now.AddMinutes(6), expires: now.AddHours(1)));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task A_token_for_another_bot_is_401()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, Sign(_connector.SigningKey, audience: "99999999-8888-7777-6666-555555555555"));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, Sign(_connector.SigningKey, issuer: "https://api.botframework.example"));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_is_401()
    {
        var (conversation, json) = Message();
        // Signed for another bot, then the audience rewritten to ours: the signature no longer matches the payload.
        var parts = Sign(_connector.SigningKey, audience: "another-app").Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["aud"] = JsonSerializer.SerializeToElement(AppId);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";

        using var response = await PostAsync(json, forged);

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_that_is_not_published_is_401()
    {
        var (conversation, json) = Message();
        var stranger = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "not-published" };

        using var response = await PostAsync(json, Sign(stranger));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_not_endorsed_for_the_activitys_channel_is_403()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, Sign(_connector.WebChatOnlyKey));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, conversation);
    }

    [Fact]
    public async Task A_token_for_another_service_url_is_403()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, Sign(_connector.SigningKey, serviceUrl: "https://smba.trafficmanager.net/emea/"));

        await AssertRefusedAsync(response, HttpStatusCode.Forbidden, conversation);
    }

    [Fact]
    public async Task An_unsigned_token_with_alg_none_is_401()
    {
        var (conversation, json) = Message();
        var now = DateTimeOffset.UtcNow;
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT","kid":"test-key-1"}""");
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = ChannelIssuer, ["aud"] = AppId, ["serviceurl"] = _connector.ServiceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds(),
        }));

        using var response = await PostAsync(json, $"{header}.{payload}.");

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Fact]
    public async Task Up_to_five_minutes_of_clock_skew_is_tolerated()
    {
        var now = DateTime.UtcNow;
        var (_, expiredJson) = Message();
        var (_, earlyJson) = Message();

        using var justExpired = await PostAsync(expiredJson, Sign(_connector.SigningKey, notBefore: now.AddHours(-1), expires: now.AddMinutes(-3)));
        using var slightlyEarly = await PostAsync(earlyJson, Sign(_connector.SigningKey, notBefore: now.AddMinutes(3), expires: now.AddHours(1)));

        Assert.Equal(HttpStatusCode.OK, justExpired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, slightlyEarly.StatusCode);
        Assert.Equal(2, _connector.Requests.Count);
    }

    [Fact]
    public async Task An_emulator_token_is_401_unless_emulator_tokens_are_allowed()
    {
        var (conversation, json) = Message();

        using var response = await PostAsync(json, SignEmulator(_connector.SigningKey, "1.0", "appid", AppId));

        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, conversation);
    }

    [Theory]
    [InlineData("1.0", "appid", "https://sts.windows.net/{0}/")]
    [InlineData("2.0", "azp", "https://login.microsoftonline.com/{0}/v2.0")]
    public async Task With_emulator_tokens_allowed_an_entra_token_naming_this_app_runs_the_turn(string version, string appIdClaim, string issuer)
    {
        using var host = EmulatorHost();
        using var http = host.CreateClient();
        var (conversation, json) = Message();

        using var response = await PostAsync(http, json, SignEmulator(_connector.SigningKey, version, appIdClaim, AppId, issuer.Replace("{0}", BotFrameworkTenant, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("annual", Assert.Single(_connector.Requests).Activity.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(await TurnStoredAsync(host, conversation));
    }

    [Fact]
    public async Task With_emulator_tokens_allowed_a_token_naming_another_app_is_still_401()
    {
        using var host = EmulatorHost();
        using var http = host.CreateClient();
        var (conversation, json) = Message();

        using var response = await PostAsync(http, json, SignEmulator(_connector.SigningKey, "1.0", "appid", "another-app"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Delivered);
        Assert.False(await TurnStoredAsync(host, conversation));
    }

    [Fact]
    public async Task A_null_body_with_a_valid_token_is_a_400_problem()
    {
        using var response = await PostAsync("null", Sign(_connector.SigningKey));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_connector.Delivered);
    }

    [Fact]
    public async Task In_a_signed_activity_the_entra_object_id_identifies_the_employee()
    {
        var (_, json) = Message("how many leave days do I have left?", aadObjectId: RinaWijaya);

        using var response = await PostAsync(json, Sign(_connector.SigningKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Contains("annual", sent.Activity.Text, StringComparison.OrdinalIgnoreCase);
    }

    private BotHost EmulatorHost() => NewHost(_connector)
        .With("BotFramework:AllowEmulatorTokens", "true")
        .With("BotFramework:EmulatorOpenIdMetadataUrl", _connector.OpenIdMetadataUrl);

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string conversation)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_connector.Delivered);
        Assert.Equal(0, _connector.TokenRequests);
        Assert.False(await TurnStoredAsync(conversation));
        var code = status == HttpStatusCode.Forbidden ? "(403)" : "(401)";
        Assert.Contains(_host.Services.GetFakeLogCollector().GetSnapshot(),
            r => r.Level == LogLevel.Warning && r.Category?.EndsWith("BotFrameworkAuthentication", StringComparison.Ordinal) == true && r.Message.Contains(code, StringComparison.Ordinal));
    }

    private Task<bool> TurnStoredAsync(string conversation) => TurnStoredAsync(_host, conversation);

    internal static async Task<bool> TurnStoredAsync(BotHost host, string conversation)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.ProcessedActivities.AnyAsync(p => p.ConversationId == conversation) ||
               await db.Conversations.AnyAsync(c => c.ConversationId == conversation) ||
               await db.Transcript.AnyAsync(t => t.ConversationId == conversation);
    }

    private (string Conversation, string Json) Message(string text = "how many leave days do I have left?", string? aadObjectId = RinaWijaya)
    {
        var conversation = "a:" + Guid.NewGuid().ToString("N");
        return (conversation, JsonSerializer.Serialize(new
        {
            type = "message",
            id = Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = _connector.ServiceUrl,
            from = new { id = "29:user", aadObjectId },
            recipient = new { id = "28:" + AppId },
            conversation = new { id = conversation, conversationType = "personal" },
            text,
        }));
    }

    private string Sign(SecurityKey key, string audience = AppId, string? serviceUrl = null, string issuer = ChannelIssuer, DateTime? notBefore = null, DateTime? expires = null) =>
        SignToken(key, audience, serviceUrl ?? _connector.ServiceUrl, issuer, notBefore, expires);

    internal static string SignToken(SecurityKey key, string audience, string serviceUrl, string issuer = ChannelIssuer, DateTime? notBefore = null, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(30),
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>What the Emulator sends: an Entra ID token from the bot's own credentials, without a service URL.</summary>
    private static string SignEmulator(SecurityKey key, string version, string appIdClaim, string appId, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? $"https://sts.windows.net/{BotFrameworkTenant}/",
            Audience = appId,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["ver"] = version, [appIdClaim] = appId },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private Task<HttpResponseMessage> PostAsync(string json, string? token) => PostAsync(_http, json, token);

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient http, string json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        return await http.SendAsync(request);
    }
}
