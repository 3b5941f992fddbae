using System.Net;
using System.Reflection;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>
/// The agent console's pages: sign-in and sign-out (forms with antiforgery tokens) and the console itself at
/// <c>/agent</c>, which needs the agent or admin role. The console's script and styles are public static files
/// (<c>/agent/console.js</c>, <c>/agent/console.css</c>); everything they show comes through the hub, which checks the role.
/// </summary>
internal static partial class AgentConsoleEndpoints
{
    public const string Scheme = "AgentCookie";
    public const string LoginPath = "/agent/login";
    public const string CookieName = "helpdesk.agent";

    public static IEndpointRouteBuilder MapAgentConsole(this IEndpointRouteBuilder app)
    {
        // Load (or, in the demo, make) the accounts now, so a start without any says where the demo passwords are.
        _ = app.ServiceProvider.GetRequiredService<AgentAccounts>();
        app.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            LoginPage(context, antiforgery, SafeReturnUrl(returnUrl), null, StatusCodes.Status200OK));
        app.MapPost(LoginPath, SignInAsync);
        app.MapPost("/agent/logout", SignOutAsync);
        app.MapGet("/agent", ConsolePage).RequireAuthorization(AgentRoles.ConsolePolicy);
        app.MapHub<AgentHub>(AgentHub.Path);
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, AgentAccounts accounts, AuditLog audit, ILoggerFactory loggers)
    {
        if (!context.Request.HasFormContentType)
        {
            return JsonBodies.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Sign in with the form on /agent/login.");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return LoginPage(context, antiforgery, "/agent", "The sign-in form expired. Please try again.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = SafeReturnUrl(form["returnUrl"]);
        var (principal, lockedOut, lockoutStarted) = await accounts.SignInAsync(form["userName"], form["password"], Scheme, context.RequestAborted);
        await ConsoleAudit.SignInAsync(audit, context, form["userName"], principal, lockedOut, lockoutStarted);
        if (principal is null)
        {
            LogSignInFailed(loggers.CreateLogger(typeof(AgentConsoleEndpoints)), lockedOut);
            var message = lockedOut
                ? "Too many failed sign-ins: this account is locked for a few minutes."
                : "Wrong user name or password.";
            return LoginPage(context, antiforgery, returnUrl, message, StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(Scheme, principal);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, AuditLog audit)
    {
        // The console page's token was issued to the signed-in agent. There is no default scheme and this endpoint has no
        // policy (an expired session must still be able to sign out), so read the cookie here or the token never matches.
        if (await context.AuthenticateAsync(Scheme) is { Succeeded: true, Principal: { } agent })
        {
            context.User = agent;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Invalid form", "Sign out with the console's button.");
        }

        await context.SignOutAsync(Scheme);
        await ConsoleAudit.SignOutAsync(audit, context);
        return Results.Redirect(LoginPath);
    }

    private static IResult ConsolePage(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = ConsoleHtml.Value
            .Replace("{{antiforgeryField}}", tokens.FormFieldName, StringComparison.Ordinal)
            .Replace("{{antiforgeryToken}}", WebUtility.HtmlEncode(tokens.RequestToken ?? ""), StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    internal static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var errorHtml = error is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>HelpdeskBot console — sign in</title>
              <link rel="stylesheet" href="/agent/console.css">
            </head>
            <body class="login">
              <main>
                <h1>Agent and admin console</h1>
                {{errorHtml}}
                <form method="post" action="{{LoginPath}}">
                  <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken ?? "")}}">
                  <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl)}}">
                  <label>User name <input id="userName" name="userName" autocomplete="username" required maxlength="64"></label>
                  <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="512"></label>
                  <button id="signIn" type="submit">Sign in</button>
                </form>
                {{HelpdeskBot.Bot.ConsoleSignIn.OrganisationSignIn.LoginButton(context, tokens, returnUrl)}}
              </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Only a path on this site: a sign-in link must not bounce the agent to another site.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 512 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/agent";

    private static readonly Lazy<string> ConsoleHtml = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HelpdeskBot.Bot.Handoff.Console.console.html")
            ?? throw new InvalidOperationException("The agent console page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Cookie sign-in for the console: HTTP-only, same-site strict; API and hub calls get 401/403 instead of a redirect.</summary>
    public static AuthenticationBuilder AddAgentCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(Scheme, options =>
        {
            options.LoginPath = LoginPath;
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
            options.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context =>
                {
                    if (IsPage(context.Request))
                    {
                        context.Response.Redirect(context.RedirectUri);
                    }
                    else
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }

                    return Task.CompletedTask;
                },
                OnRedirectToAccessDenied = context =>
                {
                    if (IsPage(context.Request))
                    {
                        return HelpdeskBot.Bot.ConsoleSignIn.ConsoleAccessDenied.WriteAsync(context.HttpContext);
                    }

                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });

    private static bool IsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments(AgentHub.Path) && !request.Path.StartsWithSegments("/api");

    [LoggerMessage(LogLevel.Warning, "Agent console sign-in failed (locked out: {LockedOut})")]
    private static partial void LogSignInFailed(ILogger logger, bool lockedOut);
}
