using System.Net;
using HelpdeskBot.Bot.Handoff;
using Microsoft.AspNetCore.Antiforgery;

namespace HelpdeskBot.Bot.ConsoleSignIn;

/// <summary>
/// What a signed-in person sees on a console page their role does not open (an agent on <c>/admin</c>): a 403 page that
/// says who they are signed in as and offers the agent console or signing out — instead of a bare status text. It shows
/// nothing of the page that was refused.
/// </summary>
internal static class ConsoleAccessDenied
{
    public static async Task WriteAsync(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var name = AgentIdentity.From(context.User)?.DisplayName ?? context.User.Identity?.Name ?? "someone";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>No access (403) — HelpdeskBot console</title>
              <link rel="stylesheet" href="/agent/console.css">
            </head>
            <body class="login">
              <main>
                <h1>No access (403)</h1>
                <p class="error" role="alert">You are signed in as <strong>{{WebUtility.HtmlEncode(name)}}</strong>, whose account does not have the role this page needs.</p>
                <p><a href="/agent">Go to the agent console</a></p>
                <form method="post" action="/agent/logout">
                  <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken ?? "")}}">
                  <button id="signOut" type="submit">Sign out to use another account</button>
                </form>
              </main>
            </body>
            </html>
            """, context.RequestAborted);
    }
}
