using HelpdeskBot.Bot.Handoff;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>The groups of endpoints that share limits; <see cref="None"/> for static files and health probes.</summary>
internal enum EndpointGroup { None, DirectLine, BotFramework, SignIn, Admin, Agent, Demo }

internal static class EndpointGroups
{
    /// <summary>Classifies by path, so limits also cover requests that match no endpoint (a wrong method, a typo).</summary>
    public static EndpointGroup Of(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/v3/directline", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointGroup.DirectLine;
        }
        if (path.StartsWithSegments("/api/messages", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointGroup.BotFramework;
        }
        if (HttpMethods.IsPost(request.Method) && path.StartsWithSegments(AgentConsoleEndpoints.LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            // The password form and the organisation button (/agent/login/organisation).
            return EndpointGroup.SignIn;
        }
        if (path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase) ||
            path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointGroup.Admin;
        }
        if (path.StartsWithSegments("/agent", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointGroup.Agent;
        }
        if (path.StartsWithSegments("/demo", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointGroup.Demo;
        }
        return EndpointGroup.None;
    }
}

/// <summary>Origins as browsers send them: <c>scheme://host[:port]</c>, lower case, default ports left out.</summary>
internal static class WebOrigins
{
    public static string? Normalise(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) ||
            !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) ||
            uri.Scheme is not ("http" or "https") ||
            uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    /// <summary>This request's own origin, as the browser that loaded the page from here would send it.</summary>
    public static string? Own(HttpRequest request) => Normalise($"{request.Scheme}://{request.Host}");
}
