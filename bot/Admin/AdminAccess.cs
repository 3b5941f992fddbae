using System.Security.Claims;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Hosting;
using Microsoft.AspNetCore.Antiforgery;

namespace HelpdeskBot.Bot.Admin;

/// <summary>
/// The one way the admin console and its APIs are reached: an admin API key (role admin), or the console's sign-in cookie
/// of an account with the admin role — the same accounts and roles as the agent console.
/// </summary>
internal static class AdminAccess
{
    /// <summary>Admin APIs: admins by API key or by console cookie.</summary>
    public const string Policy = "AdminConsoleApi";

    /// <summary>
    /// The <c>/admin</c> pages: the console cookie with the admin role. Not signed in → the sign-in page (then back);
    /// signed in without the admin role (an agent) → 403.
    /// </summary>
    public const string PagePolicy = "AdminConsolePage";

    /// <summary>
    /// Picks the admin API key scheme when the request sends a key, else the console cookie when there is one. Without
    /// either, the key scheme answers, so an anonymous caller gets its 401 ProblemDetails rather than a sign-in redirect.
    /// </summary>
    public const string Scheme = "AdminOrConsole";

    /// <summary>The header the console's scripts send the antiforgery token in (the antiforgery default).</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    /// <summary>Registers <see cref="Scheme"/>, <see cref="Policy"/> and <see cref="PagePolicy"/> once, whichever admin feature asks first.</summary>
    public static IServiceCollection AddAdminAccess(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services;
        }

        services.AddSingleton<Marker>();
        services.AddAuthentication().AddPolicyScheme(Scheme, null, options =>
            options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count == 0 && !context.Request.Headers.ContainsKey(AdminApiKeyHandler.ApiKeyHeader) &&
                context.Request.Cookies.ContainsKey(AgentConsoleEndpoints.CookieName)
                    ? AgentConsoleEndpoints.Scheme
                    : AdminApiKeyHandler.SchemeName);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .AddAuthenticationSchemes(Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(AdminRoles.Admin))
            .AddPolicy(PagePolicy, policy => policy
                .AddAuthenticationSchemes(AgentConsoleEndpoints.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(AgentRoles.Admin));
        return services;
    }

    /// <summary>Whether the caller came with the console cookie (a browser), not an API key.</summary>
    public static bool IsConsoleUser(ClaimsPrincipal user) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AgentConsoleEndpoints.Scheme);

    /// <summary>
    /// Who did it, for the audit log and the "by" fields: the console user (admin) or the API key's name.
    /// </summary>
    public static AuditActor Actor(HttpContext context) =>
        IsConsoleUser(context.User) && AuditActor.OfConsoleUser(context.User, context) is { } console
            ? console
            : AuditActor.OfApiKey(context);

    /// <summary>
    /// Cookie-authenticated changes must carry the page's antiforgery token (header <see cref="AntiforgeryHeader"/> or a
    /// form field); API-key calls are not cookie-borne, so they need none. Reads (GET, HEAD) pass. A missing or wrong
    /// token is a 400 ProblemDetails and nothing runs.
    /// </summary>
    public static TBuilder RequireConsoleAntiforgery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ConsoleAntiforgeryMetadata.Instance).AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && IsConsoleUser(context.User))
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    return JsonBodies.Problem(
                        StatusCodes.Status400BadRequest, "Missing or invalid antiforgery token",
                        $"Changes from the console need the page's antiforgery token in the {AntiforgeryHeader} header; reload the page and try again.");
                }
            }

            return await next(invocation);
        });

    private sealed class Marker;
}

/// <summary>
/// Says an endpoint checks the console's antiforgery token on changes (<see cref="AdminAccess.RequireConsoleAntiforgery"/>),
/// so a test that walks every admin endpoint can tell a change that is checked from one that only failed for its body.
/// </summary>
internal sealed class ConsoleAntiforgeryMetadata
{
    public static ConsoleAntiforgeryMetadata Instance { get; } = new();

    private ConsoleAntiforgeryMetadata()
    {
    }
}
