using HelpdeskBot.Bot.Handoff;

namespace HelpdeskBot.Bot.Admin;

/// <summary>
/// The one way admin APIs of the console (audit log, analytics) are reached: an admin API key (role admin), or the
/// console's sign-in cookie of an account with the admin role — the same accounts and roles as the agent console.
/// </summary>
internal static class AdminAccess
{
    /// <summary>Admins by API key or by console cookie.</summary>
    public const string Policy = "AdminConsoleApi";

    /// <summary>
    /// Picks the admin API key scheme when the request sends a key, else the console cookie when there is one. Without
    /// either, the key scheme answers, so an anonymous caller gets its 401 ProblemDetails rather than a sign-in redirect.
    /// </summary>
    public const string Scheme = "AdminOrConsole";

    /// <summary>Registers <see cref="Scheme"/> and <see cref="Policy"/> once, whichever admin API asks first.</summary>
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
                .RequireRole(AdminRoles.Admin));
        return services;
    }

    private sealed class Marker;
}
