namespace HelpdeskBot.Bot.Channels.BotFramework;

public sealed class BotFrameworkOptions
{
    public const string SectionName = "BotFramework";

    /// <summary>
    /// The bot's Microsoft App ID. When set, every request to <c>/api/messages</c> must carry a valid Bot Framework token.
    /// When empty, the endpoint serves local tools such as the Emulator and only replies to loopback service URLs.
    /// </summary>
    public string? AppId { get; set; }

    /// <summary>The app's client secret, for the tokens the bot sends with its replies.</summary>
    public string? AppPassword { get; set; }

    /// <summary>Tenant for single-tenant bots; empty means the multi-tenant <c>botframework.com</c> tenant.</summary>
    public string? TenantId { get; set; }

    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string TokenIssuer { get; set; } = "https://api.botframework.com";

    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Token endpoint; <c>{tenant}</c> is replaced by <see cref="TenantId"/> or <c>botframework.com</c>.</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>
    /// Development only: without <see cref="AppId"/> nothing proves who sent an activity, so <c>from.aadObjectId</c> is
    /// ignored and every user is anonymous — unless this is true (the Emulator on a developer's machine, tests). With an
    /// app id, the object id comes from an activity the Bot Framework signed, and is always used.
    /// </summary>
    public bool TrustIdentityWithoutAuthentication { get; set; }

    /// <summary>Whether <c>from.aadObjectId</c> may identify the employee.</summary>
    public bool TrustsIdentity => AuthenticationEnabled || TrustIdentityWithoutAuthentication;
}
