using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using HelpdeskBot.Bot.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>
/// A real HTTP server on loopback standing in for the Bot Connector service (it records what the bot sends) and for
/// the Bot Framework's OpenID metadata and token endpoints (it signs tokens with its own RSA key).
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Path, string? Authorization, Activity Activity);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string ServiceUrl { get; }

    public RsaSecurityKey SigningKey { get; } = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    public string OpenIdMetadataUrl => ServiceUrl + "/openid";

    public string TokenEndpoint => ServiceUrl + "/token";

    private int _tokenRequests;

    public int TokenRequests => _tokenRequests;

    private static readonly string[] Endorsements = ["msteams", "emulator"];

    private ConnectorStandIn(WebApplication app, string serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ConnectorStandIn? self = null;
        app.MapPost("/v3/conversations/{**rest}", async (HttpRequest request) =>
        {
            var activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ProtocolJson.Options);
            self!.Requests.Enqueue(new Received(request.Path.Value!, request.Headers.Authorization.ToString(), activity!));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        app.MapGet("/openid", () => Results.Json(new { issuer = "https://api.botframework.com", jwks_uri = self!.ServiceUrl + "/keys" }));
        app.MapGet("/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(self!.SigningKey);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, endorsements = Endorsements } } });
        });
        app.MapPost("/token", (HttpRequest request) =>
        {
            Interlocked.Increment(ref self!._tokenRequests);
            var form = request.Form;
            return form["grant_type"] == "client_credentials" && form["client_secret"] == "app-password"
                ? Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = "outgoing-token" })
                : Results.Unauthorized();
        });
        await app.StartAsync();
        self = new ConnectorStandIn(app, app.Urls.First());
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
