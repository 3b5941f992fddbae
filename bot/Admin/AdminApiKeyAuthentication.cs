using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Admin;

/// <summary>
/// The configured admin API keys, kept as SHA-256 hashes. A presented key is hashed and compared with every configured
/// hash in constant time (equal-length inputs, no early exit), so neither the comparison nor the key's length leaks
/// through timing.
/// </summary>
internal sealed partial class AdminApiKeys
{
    private readonly (byte[] Hash, AdminApiKeyOptions Key)[] _keys;
    private readonly ILogger<AdminApiKeys> _logger;
    private int _warnedEmpty;

    public AdminApiKeys(IOptions<AdminApiOptions> options, ILogger<AdminApiKeys> logger)
    {
        _keys = [.. options.Value.Keys.Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), k))];
        _logger = logger;
    }

    public AdminApiKeyOptions? Find(string presented)
    {
        if (_keys.Length == 0 && Interlocked.Exchange(ref _warnedEmpty, 1) == 0)
        {
            LogNoKeys(_logger, AdminApiOptions.SectionName);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        AdminApiKeyOptions? found = null;
        foreach (var (expected, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                found = key;
            }
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An admin API key was presented but none is configured ({Section}:Keys); every admin call is refused")]
    private static partial void LogNoKeys(ILogger logger, string section);
}

/// <summary>
/// The <c>AdminApiKey</c> scheme: <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>. The caller
/// becomes a principal named after the key (the audit trail's actor) with the key's roles. A missing or wrong key is a
/// 401, a key without the needed role a 403, both as ProblemDetails.
/// </summary>
internal sealed partial class AdminApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AdminApiKeys keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "AdminApiKey";

    public const string ApiKeyHeader = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var key = keys.Find(presented);
        if (key is null)
        {
            LogRejected(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return Task.FromResult(AuthenticateResult.Fail("The admin API key is not valid."));
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, key.Name));
        foreach (var role in key.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"HelpdeskBot admin API\"";
        await WriteProblemAsync(
            StatusCodes.Status401Unauthorized,
            result.Failure is null ? "Missing credentials" : "Invalid credentials",
            result.Failure is null
                ? $"Send an admin API key as 'Authorization: Bearer <key>' or '{ApiKeyHeader}: <key>'."
                : "The admin API key is not valid.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"The key \"{Context.User.Identity?.Name}\" may not do this; it needs the role this endpoint requires.");
    }

    private async Task WriteProblemAsync(int status, string title, string detail) =>
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            return authorization[7..].Trim();
        }

        var header = request.Headers[ApiKeyHeader].ToString().Trim();
        return header.Length > 0 ? header : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin API call with an invalid key from {RemoteAddress}")]
    private static partial void LogRejected(ILogger logger, string remoteAddress);
}
