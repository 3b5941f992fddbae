using System.Collections;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>What the check of a request's Bearer token decided.</summary>
internal enum AuthenticationVerdict
{
    /// <summary>A valid token that allows this activity: the turn may run.</summary>
    Authorised,

    /// <summary>No token, or one that is not a valid Bot Framework token for this bot (401).</summary>
    Unauthenticated,

    /// <summary>A valid token that does not cover this activity: key not endorsed for its channel, another service URL (403).</summary>
    Forbidden,
}

/// <summary>
/// Checks the Bearer token a channel sends to <c>/api/messages</c> as the Bot Framework authentication spec asks: signed
/// (RS256) by a current Bot Framework key from the OpenID metadata (cached, refreshed when an unknown key turns up),
/// issued by the Bot Framework, for this bot's app id, valid within 5 minutes of skew; then allowed for the activity —
/// the key is endorsed for the activity's channel and the <c>serviceUrl</c> claim is the activity's service URL. Emulator
/// tokens (Entra ID issuers) are accepted only when <see cref="BotFrameworkOptions.AllowEmulatorTokens"/> is on.
/// </summary>
internal sealed partial class BotFrameworkAuthentication
{
    public const string MetadataClient = "BotFrameworkMetadata";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotFrameworkOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _channelMetadata;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _emulatorMetadata;
    private readonly HashSet<string> _emulatorIssuers;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ILogger<BotFrameworkAuthentication> _logger;

    public BotFrameworkAuthentication(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, ILogger<BotFrameworkAuthentication> logger)
    {
        _options = options.Value;
        _logger = logger;
        _channelMetadata = Metadata(_options.OpenIdMetadataUrl, httpClients);
        _emulatorIssuers = new(StringComparer.Ordinal);
        if (_options.AllowEmulatorTokens)
        {
            _emulatorMetadata = Metadata(_options.EmulatorOpenIdMetadataUrl, httpClients);
            var tenants = _options.EmulatorTenantIds.Concat(string.IsNullOrWhiteSpace(_options.TenantId) ? [] : [_options.TenantId]);
            foreach (var tenant in tenants.Where(t => !string.IsNullOrWhiteSpace(t)))
            {
                _emulatorIssuers.Add($"https://sts.windows.net/{tenant}/");
                _emulatorIssuers.Add($"https://login.microsoftonline.com/{tenant}/v2.0");
            }
        }
    }

    /// <summary>A request without an <c>Authorization</c> header, refused before its body is read; logged like the others.</summary>
    public AuthenticationVerdict RefuseMissingToken()
    {
        LogRejected("?", "no Authorization header");
        return AuthenticationVerdict.Unauthenticated;
    }

    public async Task<AuthenticationVerdict> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        var channelId = activity.ChannelId ?? "?";
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            LogRejected(channelId, "no Bearer token");
            return AuthenticationVerdict.Unauthenticated;
        }

        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(authorizationHeader[7..].Trim());
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            LogRejected(channelId, "not a JWT");
            return AuthenticationVerdict.Unauthenticated;
        }

        // The unvalidated issuer only picks which keys and rules apply; the validation below checks it again.
        if (token.Issuer == _options.TokenIssuer)
        {
            return await AuthenticateChannelAsync(token, activity, channelId, cancellationToken);
        }
        if (_emulatorMetadata is not null && _emulatorIssuers.Contains(token.Issuer))
        {
            return await AuthenticateEmulatorAsync(token, _emulatorMetadata, channelId, cancellationToken);
        }
        LogRejected(channelId, "issuer not accepted");
        return AuthenticationVerdict.Unauthenticated;
    }

    private async Task<AuthenticationVerdict> AuthenticateChannelAsync(JsonWebToken token, Activity activity, string channelId, CancellationToken cancellationToken)
    {
        if (await GetMetadataAsync(_channelMetadata, _options.OpenIdMetadataUrl, cancellationToken) is not { } metadata)
        {
            return AuthenticationVerdict.Unauthenticated;
        }
        var result = await ValidateAsync(token, metadata, _channelMetadata, channelId, p =>
        {
            p.ValidIssuer = _options.TokenIssuer;
            p.ValidAudience = _options.AppId;
        });
        if (result is null)
        {
            return AuthenticationVerdict.Unauthenticated;
        }

        // A valid token from here on: what remains decides whether it covers this activity.
        var keyId = (result.SecurityToken as JsonWebToken)?.SigningKey?.KeyId ?? token.Kid;
        var key = metadata.JsonWebKeySet?.Keys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null || !EndorsementsOf(key).Contains(activity.ChannelId ?? string.Empty, StringComparer.Ordinal))
        {
            LogForbidden(channelId, "the signing key is not endorsed for the activity's channel");
            return AuthenticationVerdict.Forbidden;
        }
        if (!result.Claims.TryGetValue("serviceurl", out var claim) || claim is not string claimed ||
            !string.Equals(claimed.TrimEnd('/'), activity.ServiceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            LogForbidden(channelId, "the serviceUrl claim is not the activity's service URL");
            return AuthenticationVerdict.Forbidden;
        }
        return AuthenticationVerdict.Authorised;
    }

    /// <summary>
    /// The Emulator signs in with the bot's own app id and password: its Entra ID token names the app in <c>appid</c> (v1)
    /// or <c>azp</c> (v2). Entra keys carry no endorsements and the token no service URL, so neither is checked.
    /// </summary>
    private async Task<AuthenticationVerdict> AuthenticateEmulatorAsync(
        JsonWebToken token, ConfigurationManager<OpenIdConnectConfiguration> manager, string channelId, CancellationToken cancellationToken)
    {
        if (await GetMetadataAsync(manager, _options.EmulatorOpenIdMetadataUrl, cancellationToken) is not { } metadata)
        {
            return AuthenticationVerdict.Unauthenticated;
        }
        var result = await ValidateAsync(token, metadata, manager, channelId, p =>
        {
            p.ValidIssuers = _emulatorIssuers;
            // The audience of an Emulator token depends on the scope it asked for; the app id claim is what names the bot.
            p.ValidateAudience = false;
        });
        if (result is null)
        {
            return AuthenticationVerdict.Unauthenticated;
        }
        var appIdClaim = token.TryGetPayloadValue<string>("ver", out var version) && version == "2.0" ? "azp" : "appid";
        if (!result.Claims.TryGetValue(appIdClaim, out var appId) || appId is not string id || !string.Equals(id, _options.AppId, StringComparison.Ordinal))
        {
            LogRejected(channelId, $"Emulator token's {appIdClaim} is not this bot's app id");
            return AuthenticationVerdict.Unauthenticated;
        }
        return AuthenticationVerdict.Authorised;
    }

    private async Task<TokenValidationResult?> ValidateAsync(
        JsonWebToken token, OpenIdConnectConfiguration metadata, ConfigurationManager<OpenIdConnectConfiguration> manager, string channelId,
        Action<TokenValidationParameters> issuerAndAudience)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = metadata.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            // Lifetimes are checked against the real clock: the library's TimeProvider hook is not public.
            ClockSkew = ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
        issuerAndAudience(parameters);
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (result.IsValid)
        {
            return result;
        }
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys roll over: look again before the next request (the manager limits how often it refetches).
            manager.RequestRefresh();
        }
        LogRejected(channelId, result.Exception?.GetType().Name ?? "invalid token");
        return null;
    }

    private async Task<OpenIdConnectConfiguration?> GetMetadataAsync(ConfigurationManager<OpenIdConnectConfiguration> manager, string url, CancellationToken cancellationToken)
    {
        try
        {
            return await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            LogMetadataUnavailable(ex, url);
            return null;
        }
    }

    /// <summary>The channel ids a key is endorsed for: the <c>endorsements</c> array the Bot Framework adds to each JWK.</summary>
    internal static IReadOnlyList<string> EndorsementsOf(JsonWebKey key)
    {
        if (!key.AdditionalData.TryGetValue("endorsements", out var value) || value is null)
        {
            return [];
        }
        return value switch
        {
            string one => [one],
            JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            IEnumerable many => [.. many.OfType<object>().Select(e => e is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString()! : e.ToString()!)],
            _ => [],
        };
    }

    private static ConfigurationManager<OpenIdConnectConfiguration> Metadata(string url, IHttpClientFactory httpClients) => new(
        url,
        new OpenIdConnectConfigurationRetriever(),
        new HttpDocumentRetriever(httpClients.CreateClient(MetadataClient)) { RequireHttps = url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Bot Framework request on {ChannelId} (401): {Reason}")]
    private partial void LogRejected(string channelId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Bot Framework request on {ChannelId} (403): {Reason}")]
    private partial void LogForbidden(string channelId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bot Framework OpenID metadata at {Url} is unavailable")]
    private partial void LogMetadataUnavailable(Exception exception, string url);
}
