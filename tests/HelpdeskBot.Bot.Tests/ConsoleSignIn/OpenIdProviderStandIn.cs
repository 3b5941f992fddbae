using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Bot.Tests.ConsoleSignIn;

/// <summary>
/// A real OpenID provider on loopback standing in for the organisation's directory (Entra ID): a discovery document, a
/// JWKS with its own RSA key, an authorize endpoint that "signs in" <see cref="NextUser"/> and redirects back with a code,
/// and a token endpoint that checks the client secret and the PKCE verifier and answers with an id_token carrying the
/// request's nonce — or, when told by <see cref="Flaw"/>, a token that a correct client must reject.
/// </summary>
public sealed class OpenIdProviderStandIn : IAsyncDisposable
{
    public const string ClientId = "helpdesk-console-test";
    public const string ClientSecret = "stand-in-client-secret-0123456789";

    private static readonly string[] ResponseTypes = ["code"];
    private static readonly string[] SubjectTypes = ["public"];
    private static readonly string[] SigningAlgorithms = ["RS256"];
    private static readonly string[] ChallengeMethods = ["S256"];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Pending> _codes = new(StringComparer.Ordinal);

    /// <summary>What the next id_token gets wrong.</summary>
    public enum TokenFlaw
    {
        None,
        WrongAudience,
        BadSignature,
        WrongNonce,
    }

    public sealed record DirectoryUser(string Subject, string UserName, string DisplayName, params string[] Roles);

    private sealed record Pending(DirectoryUser User, string Nonce, string RedirectUri, string CodeChallenge);

    private OpenIdProviderStandIn(WebApplication app, string authority)
    {
        _app = app;
        Authority = authority;
    }

    /// <summary>The issuer, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Authority { get; }

    /// <summary>Who the authorize endpoint signs in next.</summary>
    public DirectoryUser NextUser { get; set; } = new("sub-0", "nobody@corp.example", "Nobody");

    public TokenFlaw Flaw { get; set; }

    /// <summary>
    /// Whether the authorize endpoint answers with a sign-in page whose button sends the browser back (for a real browser),
    /// instead of redirecting back at once (for a test driving the redirects itself).
    /// </summary>
    public bool ShowsSignInPage { get; set; }

    private readonly ConcurrentDictionary<string, string> _continues = new(StringComparer.Ordinal);

    /// <summary>The token requests that were answered with an id_token.</summary>
    public int TokensIssued => _tokensIssued;

    private int _tokensIssued;

    private RsaSecurityKey SigningKey { get; } = new(RSA.Create(2048)) { KeyId = "stand-in-key-1" };

    /// <summary>Same key id, different key: a token "signed by the directory" that the published key does not verify.</summary>
    private RsaSecurityKey ImpostorKey { get; } = new(RSA.Create(2048)) { KeyId = "stand-in-key-1" };

    /// <param name="hostName">
    /// The host name in the issuer: <c>localhost</c> makes the directory another site than a bot on <c>127.0.0.1</c>, as a
    /// real directory is for a browser (same-site rules ignore ports).
    /// </param>
    public static async Task<OpenIdProviderStandIn> StartAsync(string hostName = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        OpenIdProviderStandIn? self = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = self!.Authority,
            authorization_endpoint = self.Authority + "/authorize",
            token_endpoint = self.Authority + "/token",
            jwks_uri = self.Authority + "/jwks",
            response_types_supported = ResponseTypes,
            subject_types_supported = SubjectTypes,
            id_token_signing_alg_values_supported = SigningAlgorithms,
            code_challenge_methods_supported = ChallengeMethods,
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(self!.SigningKey);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) => self!.Authorize(request.Query));
        app.MapPost("/authorize/continue/{id}", (string id) =>
            self!._continues.TryRemove(id, out var back) ? Results.Redirect(back) : Results.NotFound());
        app.MapPost("/token", (HttpRequest request) => self!.Token(request.Form));
        await app.StartAsync();
        self = new OpenIdProviderStandIn(app, new UriBuilder(app.Urls.First()) { Host = hostName }.Uri.GetLeftPart(UriPartial.Authority));
        return self;
    }

    private IResult Authorize(IQueryCollection query)
    {
        if (query["client_id"] != ClientId || query["response_type"] != "code" || string.IsNullOrEmpty(query["redirect_uri"])
            || string.IsNullOrEmpty(query["nonce"]) || query["code_challenge_method"] != "S256")
        {
            return Results.BadRequest("invalid_request");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Pending(NextUser, query["nonce"]!, query["redirect_uri"]!, query["code_challenge"]!);
        var back = QueryHelpers.AddQueryString(query["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"] });
        if (!ShowsSignInPage)
        {
            return Results.Redirect(back);
        }

        // The way back starts on the directory's own page (a person pressed its button), so the browser counts the
        // return as cross-site, as it does after a real directory's sign-in form.
        var continueId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        _continues[continueId] = back;
        return Results.Content(
            $"""<!DOCTYPE html><html><body><form method="post" action="/authorize/continue/{continueId}"><button id="directorySignIn" type="submit">Sign in as {System.Net.WebUtility.HtmlEncode(NextUser.DisplayName)}</button></form></body></html>""",
            "text/html; charset=utf-8");
    }

    private IResult Token(IFormCollection form)
    {
        if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret
            || !_codes.TryRemove(form["code"].ToString(), out var pending) || form["redirect_uri"] != pending.RedirectUri
            || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != pending.CodeChallenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var identity = new ClaimsIdentity();
        identity.AddClaim(new Claim("sub", pending.User.Subject));
        identity.AddClaim(new Claim("preferred_username", pending.User.UserName));
        identity.AddClaim(new Claim("name", pending.User.DisplayName));
        identity.AddClaim(new Claim("nonce", Flaw == TokenFlaw.WrongNonce ? "a-nonce-this-client-never-sent" : pending.Nonce));
        foreach (var role in pending.User.Roles)
        {
            identity.AddClaim(new Claim("roles", role));
        }

        var now = DateTime.UtcNow;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = Flaw == TokenFlaw.WrongAudience ? "some-other-application" : ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Subject = identity,
            SigningCredentials = new SigningCredentials(Flaw == TokenFlaw.BadSignature ? ImpostorKey : SigningKey, SecurityAlgorithms.RsaSha256),
        });
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new { access_token = "stand-in-access-token", token_type = "Bearer", expires_in = 600, id_token = idToken });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
