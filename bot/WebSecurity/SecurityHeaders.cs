using HelpdeskBot.Bot.ConsoleSignIn;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>
/// The headers every response carries. Two Content Security Policies, neither allowing inline or foreign scripts:
/// <list type="bullet">
/// <item>the chat page (<c>/</c>): Web Chat builds its look with CSS-in-JS (emotion inserts <c>&lt;style&gt;</c>
/// elements), so this page alone allows inline styles; it may be framed by <see cref="WebSecurityOptions.ChatFrameAncestors"/>;</item>
/// <item>everything else (consoles, sign-in, APIs): styles from files only, never framed (<c>frame-ancestors 'none'</c>
/// and <c>X-Frame-Options: DENY</c>); forms may post only here, or to the organisation's sign-in when it is on.</item>
/// </list>
/// Set when the response starts, so error responses (whose headers the exception handler clears) carry them too.
/// </summary>
internal sealed class SecurityHeaders
{
    private readonly string _chatPolicy;
    private readonly string _chatFrameOptions;
    private readonly string _defaultPolicy;

    public SecurityHeaders(IOptions<WebSecurityOptions> options, IOptions<OrganisationSignInOptions> signIn)
    {
        var ancestors = options.Value.ChatFrameAncestors.Select(WebOrigins.Normalise).OfType<string>().Distinct().ToList();
        // Built before the options are validated at start: a missing or bad authority is left to that validation's message.
        var formTargets = signIn.Value.IsEnabled && Uri.TryCreate(signIn.Value.Authority, UriKind.Absolute, out var authorityUri) &&
                          WebOrigins.Normalise(authorityUri.GetLeftPart(UriPartial.Authority)) is { } authority
            ? "'self' " + authority
            : "'self'";
        _chatPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            "font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
            $"form-action 'self'; frame-ancestors 'self'{string.Concat(ancestors.Select(a => " " + a))}";
        // X-Frame-Options cannot name another site; with ancestors configured, browsers go by frame-ancestors alone.
        _chatFrameOptions = ancestors.Count == 0 ? "SAMEORIGIN" : "";
        _defaultPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            $"object-src 'none'; base-uri 'self'; form-action {formTargets}; frame-ancestors 'none'";
    }

    public static bool IsChatPage(PathString path) => path == "/" || path.Equals("/index.html", StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var (headers, context) = ((SecurityHeaders, HttpContext))state;
            headers.Apply(context);
            return Task.CompletedTask;
        }, (this, context));
        return next(context);
    }

    private void Apply(HttpContext context)
    {
        var response = context.Response.Headers;
        response.XContentTypeOptions = "nosniff";
        response["Referrer-Policy"] = "strict-origin-when-cross-origin";
        response["Cross-Origin-Opener-Policy"] = "same-origin";
        response["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(), payment=(), usb=()";
        if (IsChatPage(context.Request.Path))
        {
            response.ContentSecurityPolicy = _chatPolicy;
            if (_chatFrameOptions.Length > 0)
            {
                response.XFrameOptions = _chatFrameOptions;
            }
            else
            {
                response.Remove("X-Frame-Options");
            }
        }
        else
        {
            response.ContentSecurityPolicy = _defaultPolicy;
            response.XFrameOptions = "DENY";
        }
    }
}
