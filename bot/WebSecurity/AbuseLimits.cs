using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using HelpdeskBot.Bot.Admin;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Handoff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>
/// Who a request counts against: the caller the channel authenticated (Direct Line token's user, Bot Framework's
/// channel and <c>from.id</c>, console user, admin key, user name tried at sign-in) and the client address. A valid
/// Direct Line secret (a website's back end minting tokens for all its visitors) is not limited.
/// </summary>
internal sealed record LimitedCaller(EndpointGroup Group, string? User, string Ip, bool Exempt);

/// <summary>
/// Rate limits with ASP.NET Core's limiter: one fixed window per caller and one per client address for each group of
/// endpoints (<see cref="WebSecurityOptions.RateLimits"/>), chained, so a request passes only when both have room. The
/// counters live in this instance's memory: behind a load balancer with N instances a caller can make up to N times the
/// limit, which the generous defaults allow for.
/// </summary>
internal static partial class AbuseLimits
{
    private const string ItemKey = "HelpdeskBot.WebSecurity.LimitedCaller";
    private static readonly RateLimitPartition<string> Unlimited = RateLimitPartition.GetNoLimiter("unlimited");

    public static IServiceCollection AddAbuseLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WebSecurityOptions>>((limiter, security) =>
        {
            var limits = security.Value.RateLimits;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits, perUser: true)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits, perUser: false)));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Works out the caller before the limiter runs (the limiter's partitioning cannot wait for I/O).</summary>
    public static async Task IdentifyCallerAsync(HttpContext context, RequestDelegate next)
    {
        var group = EndpointGroups.Of(context.Request);
        if (group != EndpointGroup.None)
        {
            var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var (user, exempt) = group switch
            {
                EndpointGroup.DirectLine => DirectLineCaller(context),
                EndpointGroup.BotFramework => (await BotFrameworkCallerAsync(context), false),
                EndpointGroup.SignIn => (await SignInUserAsync(context), false),
                EndpointGroup.Admin or EndpointGroup.Agent => (await ConsoleCallerAsync(context), false),
                _ => (null, false),
            };
            context.Items[ItemKey] = new LimitedCaller(group, user, ip, exempt);
        }
        await next(context);
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits, bool perUser)
    {
        if (!limits.Enabled || context.Items[ItemKey] is not LimitedCaller { Exempt: false } caller)
        {
            return Unlimited;
        }
        var limit = caller.Group switch
        {
            EndpointGroup.DirectLine => limits.DirectLine,
            EndpointGroup.BotFramework => limits.BotFramework,
            EndpointGroup.SignIn => limits.SignIn,
            EndpointGroup.Admin => limits.Admin,
            EndpointGroup.Agent => limits.Agent,
            _ => limits.Demo,
        };
        if (perUser && caller.User is null)
        {
            return Unlimited;
        }
        var key = perUser ? $"{caller.Group}|user|{caller.User}" : $"{caller.Group}|ip|{caller.Ip}";
        var permits = perUser ? limit.PerUser : limit.PerIp;
        var window = TimeSpan.FromSeconds(limit.WindowSeconds);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>429 with <c>Retry-After</c> (seconds) and a ProblemDetails body saying when to try again.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var group = context.Items[ItemKey] is LimitedCaller caller ? caller.Group : EndpointGroup.None;
        LogRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AbuseLimits)), group, seconds);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many requests in a short time. Try again in {seconds} seconds.",
            },
        });
    }

    private static (string? User, bool Exempt) DirectLineCaller(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<DirectLineTokens>();
        var header = context.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
        if (bearer is not null && tokens.IsSecret(bearer))
        {
            return (null, true);
        }
        var check = bearer is not null
            ? tokens.CheckConversationToken(context, bearer, out var user)
            : tokens.CheckStreamToken(context, context.Request.Query["t"], out user);
        // An invalid or expired token is refused by the endpoint; it counts against the address only.
        return (check == TokenCheck.Valid ? user!.UserId : null, false);
    }

    /// <summary>
    /// Channel and <c>from.id</c> from the activity, read before its token is checked. A forged <c>from</c> buys nothing:
    /// without a valid Bot Framework token the endpoint refuses the request, and the address's limit still counts it.
    /// </summary>
    private static async Task<string?> BotFrameworkCallerAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = context.RequestServices.GetRequiredService<IOptions<WebSecurityOptions>>().Value.BodyLimits.BotFramework;
        if (!HttpMethods.IsPost(request.Method) || !request.HasJsonContentType() || request.ContentLength is not (> 0 and var length) || length > limit)
        {
            return null;
        }
        request.EnableBuffering();
        try
        {
            using var activity = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, context.RequestAborted);
            var root = activity.RootElement;
            if (root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Object &&
                from.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String &&
                id.GetString() is { Length: > 0 and <= 256 } fromId)
            {
                var channel = root.TryGetProperty("channelId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                return $"{channel}:{fromId}";
            }
            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The endpoint answers malformed JSON with its own 400; so it does text that is not valid Unicode (an unpaired
            // surrogate escape, which JsonDocument reports as InvalidOperationException when a name or string is read).
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private static async Task<string?> SignInUserAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var userName = form["userName"].ToString().Trim();
            return userName.Length is > 0 and <= 64 ? userName.ToUpperInvariant() : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A form that cannot be read is the endpoint's to refuse.
            return null;
        }
    }

    private static async Task<string?> ConsoleCallerAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : request.Headers[AdminApiKeyHandler.ApiKeyHeader].ToString().Trim();
        if (presented.Length > 0)
        {
            return context.RequestServices.GetRequiredService<AdminApiKeys>().Find(presented) is { } key ? "key:" + key.Name : null;
        }
        if (!request.Cookies.ContainsKey(AgentConsoleEndpoints.CookieName))
        {
            return null;
        }
        // The cookie handler keeps its result for the request, so the endpoint's authorization does not decrypt it again.
        var result = await context.AuthenticateAsync(AgentConsoleEndpoints.Scheme);
        return result.Succeeded &&
               (result.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? result.Principal.Identity?.Name) is { Length: > 0 } name
            ? "console:" + name
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit reached on {Group} endpoints; answered 429, retry after {RetryAfterSeconds} s")]
    private static partial void LogRejected(ILogger logger, EndpointGroup group, int retryAfterSeconds);
}
