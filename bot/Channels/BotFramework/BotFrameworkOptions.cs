using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// Development only: also accept the tokens the Bot Framework Emulator sends when it is given the bot's app id and
    /// password. Those are ordinary Entra ID tokens (issuers <c>https://sts.windows.net/{tenant}/</c> and
    /// <c>https://login.microsoftonline.com/{tenant}/v2.0</c>), carry the app id in <c>appid</c> (v1) or <c>azp</c> (v2),
    /// and have neither a <c>serviceUrl</c> claim nor endorsed keys, so they prove less than a channel's token.
    /// </summary>
    public bool AllowEmulatorTokens { get; set; }

    /// <summary>Where the Emulator's signing keys are published (Entra ID v2 metadata of the Bot Framework tenant).</summary>
    public string EmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration";

    /// <summary>
    /// Tenants whose Entra ID issuers are accepted for Emulator tokens: the Bot Framework's and the Microsoft account
    /// tenant by default; <see cref="TenantId"/> is added when set.
    /// </summary>
    public List<string> EmulatorTenantIds { get; set; } = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    /// <summary>How many times a Connector call is tried in all when it fails transiently (429, 5xx, timeout, no connection).</summary>
    [Range(1, 10)]
    public int ConnectorMaxAttempts { get; set; } = 3;

    /// <summary>The first wait between Connector attempts; it doubles each time. A 429's <c>Retry-After</c> wins (up to 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ConnectorRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one Connector attempt may take before it counts as a transient failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:02:00")]
    public TimeSpan ConnectorTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the <c>typing</c> indicator is repeated while a turn works (Teams shows it for a few seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Who a Teams user whose Entra object id is not in the HR directory should contact to be registered (e.g.
    /// <c>hr-helpdesk@corp.example</c>). Empty: "the HR team".
    /// </summary>
    public string? DirectoryContact { get; set; }

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
