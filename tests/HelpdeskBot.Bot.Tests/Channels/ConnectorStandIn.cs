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
/// A real HTTP server on loopback standing in for the Bot Connector service (it records what the bot sends, and can be
/// told to fail the next calls) and for the Bot Framework's OpenID metadata and token endpoints (it signs tokens with its
/// own RSA keys).
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Path, string? Authorization, Activity Activity)
    {
        /// <summary>The id the stand-in answered with, as the Connector gives each activity it accepts.</summary>
        public string? AnsweredId { get; init; }
    }

    /// <summary>A scripted answer for one coming Connector call: a status (and <c>Retry-After</c>), after a delay.</summary>
    public sealed record Failure(int Status, string? RetryAfter = null, TimeSpan? Delay = null);

    /// <summary>The activities the Connector accepted, typing indicators aside (see <see cref="Typing"/>).</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The <c>typing</c> activities the Connector accepted.</summary>
    public ConcurrentQueue<Received> Typing { get; } = new();

    /// <summary>Everything the Connector accepted, typing included, in the order it arrived.</summary>
    public ConcurrentQueue<Received> Delivered { get; } = new();

    /// <summary>Every call to the Connector with a bot message (typing aside), failed ones included: (Authorization header, status answered).</summary>
    public ConcurrentQueue<(string? Authorization, int Status)> Attempts { get; } = new();

    private readonly ConcurrentQueue<Failure> _failures = new();

    private readonly ConcurrentQueue<Failure?> _streamUpdateAnswers = new();

    /// <summary>
    /// Answers for the next stream updates (typing activities with a <c>streaminfo</c> entity), in order: null accepts one,
    /// a failure refuses it. Typing indicators without stream marks are not affected.
    /// </summary>
    public void AnswerStreamUpdates(params Failure?[] answers)
    {
        foreach (var answer in answers)
        {
            _streamUpdateAnswers.Enqueue(answer);
        }
    }

    public string ServiceUrl { get; }

    /// <summary>The key the Bot Framework would sign channel tokens with: endorsed for <c>msteams</c> and <c>emulator</c>.</summary>
    public RsaSecurityKey SigningKey { get; } = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    /// <summary>A published key endorsed only for <c>webchat</c>.</summary>
    public RsaSecurityKey WebChatOnlyKey { get; } = new(RSA.Create(2048)) { KeyId = "test-key-webchat" };

    public string OpenIdMetadataUrl => ServiceUrl + "/openid";

    /// <summary>The multi-tenant style token endpoint.</summary>
    public string TokenEndpoint => ServiceUrl + "/token";

    /// <summary>A token endpoint with the tenant in the path, as Entra ID's (<c>{tenant}</c> is filled in by the bot).</summary>
    public string TenantTokenEndpoint => ServiceUrl + "/{tenant}/oauth2/v2.0/token";

    private int _tokenRequests;

    public int TokenRequests => _tokenRequests;

    /// <summary>The forms posted to the token endpoints, with the tenant of the path ("" for <see cref="TokenEndpoint"/>).</summary>
    public ConcurrentQueue<(string Tenant, Dictionary<string, string> Form)> TokenForms { get; } = new();

    private ConnectorStandIn(WebApplication app, string serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    /// <summary>The next Connector calls get these answers instead of being accepted.</summary>
    public void FailNext(params Failure[] failures)
    {
        foreach (var failure in failures)
        {
            _failures.Enqueue(failure);
        }
    }

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ConnectorStandIn? self = null;
        app.MapPost("/v3/conversations/{**rest}", async (HttpRequest request, HttpResponse response) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            var activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ProtocolJson.Options);
            if (activity!.Type == ActivityTypes.Typing && activity.Entities?.Any(e => e.Type == "streaminfo") == true
                && self!._streamUpdateAnswers.TryDequeue(out var answer) && answer is { } refusal)
            {
                return Results.StatusCode(refusal.Status);
            }
            // Scripted failures are for the bot's messages; typing indicators (one attempt, best effort) always get through.
            if (activity.Type != ActivityTypes.Typing && self!._failures.TryDequeue(out var failure))
            {
                if (failure.Delay is { } delay)
                {
                    await Task.Delay(delay);
                }
                self.Attempts.Enqueue((authorization, failure.Status));
                if (failure.RetryAfter is { } retryAfter)
                {
                    response.Headers.RetryAfter = retryAfter;
                }
                return Results.StatusCode(failure.Status);
            }
            var answeredId = Guid.NewGuid().ToString("N");
            var received = new Received(request.Path.Value!, authorization, activity) { AnsweredId = answeredId };
            if (activity.Type != ActivityTypes.Typing)
            {
                self!.Attempts.Enqueue((authorization, 200));
            }
            self!.Delivered.Enqueue(received);
            (activity.Type == ActivityTypes.Typing ? self.Typing : self.Requests).Enqueue(received);
            return Results.Json(new { id = answeredId });
        });
        app.MapGet("/openid", () => Results.Json(new { issuer = "https://api.botframework.com", jwks_uri = self!.ServiceUrl + "/keys" }));
        app.MapGet("/keys", () => Results.Json(new
        {
            keys = new[] { Jwk(self!.SigningKey, ["msteams", "emulator"]), Jwk(self.WebChatOnlyKey, ["webchat"]) },
        }));
        app.MapPost("/token", (HttpRequest request) => self!.Token(string.Empty, request.Form));
        app.MapPost("/{tenant}/oauth2/v2.0/token", (string tenant, HttpRequest request) => self!.Token(tenant, request.Form));
        await app.StartAsync();
        self = new ConnectorStandIn(app, app.Urls.First());
        return self;
    }

    /// <summary>Issues <c>outgoing-token</c>, then <c>outgoing-token-2</c>, … so tests can tell a renewed token apart.</summary>
    private IResult Token(string tenant, IFormCollection form)
    {
        var n = Interlocked.Increment(ref _tokenRequests);
        TokenForms.Enqueue((tenant, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
        return form["grant_type"] == "client_credentials" && form["client_secret"] == "app-password"
            ? Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = n == 1 ? "outgoing-token" : $"outgoing-token-{n}" })
            : Results.Unauthorized();
    }

    private static object Jwk(RsaSecurityKey key, string[] endorsements)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        return new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, endorsements };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
