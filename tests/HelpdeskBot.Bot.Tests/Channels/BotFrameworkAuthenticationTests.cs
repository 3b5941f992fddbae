using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>
/// With <c>BotFramework:AppId</c> set, only requests with a valid Bot Framework token run a turn. The OpenID metadata
/// and keys come from a local stand-in over real HTTP.
/// </summary>
public sealed class BotFrameworkAuthenticationTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private ConnectorStandIn _connector = null!;
    private BotHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _host = new BotHost()
            .With("BotFramework:AppId", AppId)
            .With("BotFramework:AppPassword", "app-password")
            .With("BotFramework:OpenIdMetadataUrl", _connector.OpenIdMetadataUrl)
            .With("BotFramework:TokenEndpoint", _connector.TokenEndpoint);
        _http = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task No_token_is_401_and_no_turn_runs()
    {
        using var response = await PostAsync(Message(), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_garbage_token_is_401()
    {
        using var response = await PostAsync(Message(), token: "not.a.jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_valid_token_runs_the_turn_and_the_reply_carries_the_bots_own_token()
    {
        using var response = await PostAsync(Message(), Sign(_connector.SigningKey, AppId, _connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Contains("ORD-100123", sent.Activity.Text);
        Assert.Equal("Bearer outgoing-token", sent.Authorization);
    }

    [Fact]
    public async Task The_outgoing_token_is_fetched_once_and_reused_while_it_is_valid()
    {
        using var first = await PostAsync(Message(), Sign(_connector.SigningKey, AppId, _connector.ServiceUrl));
        using var second = await PostAsync(Message(), Sign(_connector.SigningKey, AppId, _connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, _connector.Requests.Count);
        Assert.Equal(1, _connector.TokenRequests);
    }

    [Fact]
    public async Task A_token_for_another_bot_is_401()
    {
        using var response = await PostAsync(Message(), Sign(_connector.SigningKey, "another-app", _connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_401()
    {
        var stranger = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "test-key-1" };

        using var response = await PostAsync(Message(), Sign(stranger, AppId, _connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task A_token_for_another_service_url_is_401()
    {
        using var response = await PostAsync(Message(), Sign(_connector.SigningKey, AppId, "https://smba.trafficmanager.net/emea/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = Sign(_connector.SigningKey, AppId, _connector.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-10));

        using var response = await PostAsync(Message(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task In_a_signed_activity_the_entra_object_id_identifies_the_employee()
    {
        using var response = await PostAsync(
            Message("how many leave days do I have left?", aadObjectId: "00000000-0000-4000-8000-000000000007"),
            Sign(_connector.SigningKey, AppId, _connector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Contains("annual", sent.Activity.Text, StringComparison.OrdinalIgnoreCase);
    }

    private string Message(string text = "where is my order ORD-100123", string? aadObjectId = null) => JsonSerializer.Serialize(new
    {
        type = "message",
        id = Guid.NewGuid().ToString("N"),
        channelId = "msteams",
        serviceUrl = _connector.ServiceUrl,
        from = new { id = "29:user", aadObjectId },
        recipient = new { id = "28:" + AppId },
        conversation = new { id = "a:" + Guid.NewGuid().ToString("N") },
        text,
    });

    private static string Sign(SecurityKey key, string audience, string serviceUrl, DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.botframework.com",
            Audience = audience,
            IssuedAt = (expires ?? now.AddMinutes(30)).AddMinutes(-40),
            NotBefore = (expires ?? now.AddMinutes(30)).AddMinutes(-40),
            Expires = expires ?? now.AddMinutes(30),
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        return await _http.SendAsync(request);
    }
}
