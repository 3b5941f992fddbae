using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>
/// Checks the Bearer token a channel sends to <c>/api/messages</c>: signed by a current Bot Framework key (from the
/// OpenID metadata, cached and refreshed), issued by the Bot Framework, for this bot's app id, within 5 minutes of
/// skew, and for the activity's service URL.
/// </summary>
internal sealed partial class BotFrameworkAuthentication
{
    public const string MetadataClient = "BotFrameworkMetadata";

    private readonly BotFrameworkOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ILogger<BotFrameworkAuthentication> _logger;

    public BotFrameworkAuthentication(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, ILogger<BotFrameworkAuthentication> logger)
    {
        _options = options.Value;
        _logger = logger;
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.OpenIdMetadataUrl,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClients.CreateClient(MetadataClient)) { RequireHttps = _options.OpenIdMetadataUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase) });
    }

    public async Task<bool> IsAuthorisedAsync(string? authorizationHeader, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            LogRejected("no Bearer token");
            return false;
        }
        var token = authorizationHeader[7..].Trim();
        if (!_handler.CanReadToken(token))
        {
            LogRejected("not a JWT");
            return false;
        }

        OpenIdConnectConfiguration metadata;
        try
        {
            metadata = await _metadata.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            LogMetadataUnavailable(ex, _options.OpenIdMetadataUrl);
            return false;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.TokenIssuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = metadata.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });
        if (!result.IsValid)
        {
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // Keys roll over: look again before the next request.
                _metadata.RequestRefresh();
            }
            LogRejected(result.Exception?.GetType().Name ?? "invalid token");
            return false;
        }
        if (!result.Claims.TryGetValue("serviceurl", out var claim) || claim is not string claimed ||
            !string.Equals(claimed.TrimEnd('/'), serviceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            LogRejected("serviceUrl claim does not match the activity");
            return false;
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Bot Framework request: {Reason}")]
    private partial void LogRejected(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bot Framework OpenID metadata at {Url} is unavailable")]
    private partial void LogMetadataUnavailable(Exception exception, string url);
}
