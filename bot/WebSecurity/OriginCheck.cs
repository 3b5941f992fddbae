using HelpdeskBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>
/// Refuses browser requests sent from other sites, for endpoints only this site's own pages should call (the demo page's
/// token endpoint: another site must not mint tokens that act as the demo customer). A request is cross-site when its
/// <c>Origin</c> is neither this site nor one of <see cref="WebSecurityOptions.DemoTokenOrigins"/>, or, without an
/// <c>Origin</c>, when <c>Sec-Fetch-Site</c> says so. A request with neither header is not from a browser page and passes.
/// </summary>
internal static class OriginCheck
{
    public static RouteHandlerBuilder RequireAllowedOrigin(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var request = invocation.HttpContext.Request;
            var allowed = invocation.HttpContext.RequestServices.GetRequiredService<IOptions<WebSecurityOptions>>().Value.DemoTokenOrigins;
            return IsAllowed(request, allowed)
                ? await next(invocation)
                : JsonBodies.Problem(StatusCodes.Status403Forbidden, "Cross-site request refused",
                    "This endpoint answers only pages of this site (or of WebSecurity:DemoTokenOrigins).");
        });

    public static bool IsAllowed(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            var normalised = WebOrigins.Normalise(origin);
            return normalised is not null &&
                   (normalised == WebOrigins.Own(request) || allowedOrigins.Any(a => WebOrigins.Normalise(a) == normalised));
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none";
    }
}
