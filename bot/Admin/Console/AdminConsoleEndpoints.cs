using System.Net;
using System.Reflection;
using System.Text;
using HelpdeskBot.Bot.Handoff;
using Microsoft.AspNetCore.Antiforgery;

namespace HelpdeskBot.Bot.Admin.Console;

/// <summary>One page of the admin console: its nav entry, its path, its HTML fragment (embedded) and its scripts.</summary>
/// <param name="Key">Names the fragment (<c>Pages/{Key}.html</c>) and marks the page's nav entry.</param>
/// <param name="Scripts">Site-relative script URLs after <c>/admin/admin.js</c>, in order.</param>
internal sealed record AdminPage(string Key, string Title, string Path, IReadOnlyList<string> Scripts);

/// <summary>
/// The admin console's pages under <c>/admin</c>, for accounts with the admin role (the agent console's sign-in and
/// accounts). Each page is the shared frame (<c>admin.html</c>: nav, user, sign-out form) around the page's fragment;
/// the page's script does the rest through the admin APIs, sending the antiforgery token the frame carries
/// (<c>meta[name=request-verification-token]</c>) with every change. Not signed in: the sign-in page, then back here.
/// Signed in without the admin role: 403. Scripts and styles are public static files under <c>/admin/</c>; everything
/// they show comes from the APIs, which check the role again.
/// </summary>
internal static class AdminConsoleEndpoints
{
    public const string Root = "/admin";

    /// <summary>
    /// The pages load only this site's scripts and styles (no inline script, no eval — the frame and the pages carry
    /// none), post forms only here and cannot be framed: data shown in them can never run as code.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static readonly IReadOnlyList<AdminPage> Pages =
    [
        new("dashboard", "Dashboard", "/admin/dashboard", ["/lib/chartjs/chart.umd.js", "/admin/dashboard.js"]),
        new("kb", "Knowledge base", "/admin/kb", ["/admin/kb.js"]),
        new("inbox", "Unanswered questions", "/admin/inbox", ["/admin/inbox.js"]),
        new("audit", "Audit log", "/admin/audit", ["/admin/audit.js"]),
    ];

    public static IEndpointRouteBuilder MapAdminConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet(Root, () => Results.Redirect(Pages[0].Path)).RequireAuthorization(AdminAccess.PagePolicy).ExcludeFromDescription();
        foreach (var page in Pages)
        {
            app.MapGet(page.Path, (HttpContext context, IAntiforgery antiforgery) => Render(context, antiforgery, page))
                .RequireAuthorization(AdminAccess.PagePolicy)
                .ExcludeFromDescription();
        }

        return app;
    }

    private static IResult Render(HttpContext context, IAntiforgery antiforgery, AdminPage page)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var agent = AgentIdentity.From(context.User);
        var nav = new StringBuilder();
        foreach (var p in Pages)
        {
            var current = p.Key == page.Key ? " aria-current=\"page\"" : "";
            nav.Append(CultureInvariant($"<a href=\"{p.Path}\"{current}>{WebUtility.HtmlEncode(p.Title)}</a>"));
        }

        var scripts = string.Concat(page.Scripts.Select(s => $"<script src=\"{WebUtility.HtmlEncode(s)}\"></script>\n"));
        var html = Frame.Value
            .Replace("{{key}}", page.Key, StringComparison.Ordinal)
            .Replace("{{title}}", WebUtility.HtmlEncode(page.Title), StringComparison.Ordinal)
            .Replace("{{nav}}", nav.ToString(), StringComparison.Ordinal)
            .Replace("{{userId}}", WebUtility.HtmlEncode(agent?.UserName ?? ""), StringComparison.Ordinal)
            .Replace("{{userName}}", WebUtility.HtmlEncode(agent?.DisplayName ?? ""), StringComparison.Ordinal)
            .Replace("{{antiforgeryField}}", WebUtility.HtmlEncode(tokens.FormFieldName), StringComparison.Ordinal)
            .Replace("{{antiforgeryToken}}", WebUtility.HtmlEncode(tokens.RequestToken ?? ""), StringComparison.Ordinal)
            .Replace("{{scripts}}", scripts, StringComparison.Ordinal)
            .Replace("{{main}}", Fragment(page.Key), StringComparison.Ordinal);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static readonly Lazy<string> Frame = new(() => Resource("HelpdeskBot.Bot.Admin.Console.admin.html"));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Fragments = new(StringComparer.Ordinal);

    private static string Fragment(string key) => Fragments.GetOrAdd(key, k => Resource($"HelpdeskBot.Bot.Admin.Console.Pages.{k}.html"));

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The admin console resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
