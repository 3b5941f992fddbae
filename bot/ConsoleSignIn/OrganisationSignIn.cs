using System.Net;
using System.Security.Claims;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace HelpdeskBot.Bot.ConsoleSignIn;

/// <summary>
/// The console's second way in: the organisation's directory over OpenID Connect (authorization code flow with PKCE).
/// The directory's answer is turned into the same <c>AgentCookie</c> principal a password sign-in makes (user name,
/// display name, console roles, queues), so every page, hub and policy treats both alike. A directory user with neither
/// console role gets a 403 page and no cookie. Every sign-in, refusal and failure is in the audit log.
/// </summary>
internal static partial class OrganisationSignIn
{
    public const string Scheme = "AgentOrganisation";

    /// <summary>The sign-in page's "organisation account" button posts here (antiforgery form) to start the challenge.</summary>
    public const string ChallengePath = "/agent/login/organisation";

    private const string Via = "organisation";

    /// <summary>
    /// The options of <c>Agents:OpenIdConnect</c> (validated at start) and, when they are set, the OpenID Connect handler.
    /// Whether the handler exists is decided from configuration here, in the composition root.
    /// </summary>
    public static IHostApplicationBuilder AddConsoleSignIn(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OrganisationSignInOptions>().BindConfiguration(OrganisationSignInOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrganisationSignInOptions>, OrganisationSignInOptionsValidator>());
        if (builder.Configuration.GetSection(OrganisationSignInOptions.SectionName).Get<OrganisationSignInOptions>()?.IsEnabled != true)
        {
            return builder;
        }

        services.AddAuthentication().AddOpenIdConnect(Scheme, "Organisation account", _ => { });
        services.AddOptions<OpenIdConnectOptions>(Scheme)
            .Configure<IOptions<OrganisationSignInOptions>>((oidc, options) => Configure(oidc, options.Value));
        return builder;
    }

    /// <summary>Maps the challenge endpoint (when on) and warns at start when no way in is configured at all.</summary>
    public static IEndpointRouteBuilder MapConsoleSignIn(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<OrganisationSignInOptions>>().Value;
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrganisationSignIn));
        var accounts = app.ServiceProvider.GetRequiredService<IOptions<AgentAccountsOptions>>().Value;
        var helpdesk = app.ServiceProvider.GetRequiredService<IOptions<HelpdeskOptions>>().Value;
        if (options.IsEnabled)
        {
            LogEnabled(logger, options.Authority!, options.CallbackPath);
            app.MapPost(ChallengePath, ChallengeAsync).ExcludeFromDescription();
        }
        else if (accounts.Accounts.Count == 0 && !helpdesk.DemoTokens)
        {
            // The demo makes its own accounts; a production start without accounts or a directory locks everyone out.
            LogNobodyCanSignIn(logger);
        }

        return app;
    }

    /// <summary>The sign-in page's organisation button (its own form, token and return URL); empty when the feature is off.</summary>
    public static string LoginButton(HttpContext context, AntiforgeryTokenSet tokens, string returnUrl) =>
        context.RequestServices.GetService<IOptions<OrganisationSignInOptions>>()?.Value.IsEnabled == true
            ? $"""
              <form class="organisation" method="post" action="{ChallengePath}">
                <input type="hidden" name="{WebUtility.HtmlEncode(tokens.FormFieldName)}" value="{WebUtility.HtmlEncode(tokens.RequestToken ?? "")}">
                <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
                <button id="signInOrganisation" type="submit">Sign in with your organisation account</button>
              </form>
              """
            : "";

    private static void Configure(OpenIdConnectOptions oidc, OrganisationSignInOptions options)
    {
        var authority = new Uri(options.Authority!, UriKind.Absolute);
        oidc.Authority = options.Authority;
        oidc.ClientId = options.ClientId;
        oidc.ClientSecret = options.ClientSecret;
        oidc.CallbackPath = options.CallbackPath;
        oidc.RequireHttpsMetadata = !OrganisationSignInOptionsValidator.IsLoopback(authority);
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be SameSite=Lax
        // (form_post needs SameSite=None, which browsers drop without HTTPS).
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.SignInScheme = AgentConsoleEndpoints.Scheme;
        oidc.MapInboundClaims = false;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        // No front-channel sign-out endpoint: the console signs out with its own form (antiforgery), and a bare GET
        // to /signout-oidc must not end an agent's session.
        oidc.RemoteSignOutPath = PathString.Empty;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        oidc.Scope.Add("profile");
        oidc.TokenValidationParameters.NameClaimType = "name";
        oidc.TokenValidationParameters.RoleClaimType = options.RoleClaim;
        foreach (var cookie in (CookieBuilder[])[oidc.CorrelationCookie, oidc.NonceCookie])
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        oidc.Events = new OpenIdConnectEvents
        {
            OnTicketReceived = TicketReceivedAsync,
            OnRemoteFailure = RemoteFailureAsync,
        };
    }

    private static async Task<IResult> ChallengeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType)
        {
            return JsonBodies.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Sign in with the button on /agent/login.");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return AgentConsoleEndpoints.LoginPage(context, antiforgery, "/agent", "The sign-in form expired. Please try again.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = AgentConsoleEndpoints.SafeReturnUrl(form["returnUrl"]);
        return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [Scheme]);
    }

    /// <summary>
    /// Runs once the handler has validated everything (signature, issuer, audience, lifetime, nonce, state): the directory
    /// user becomes a console principal, or is refused. The cookie is set here and the browser continues through a small
    /// page of this site, because a <c>SameSite=Strict</c> cookie set at the end of a redirect chain that started at the
    /// directory would not be sent on the redirect's next hop.
    /// </summary>
    private static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<OrganisationSignInOptions>>().Value;
        var audit = services.GetRequiredService<AuditLog>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrganisationSignIn));
        var returnUrl = AgentConsoleEndpoints.SafeReturnUrl(context.ReturnUri);
        context.HandleResponse();

        var principal = ConsolePrincipal(context.Principal!, options, out var userName);
        if (principal is null)
        {
            LogRefused(logger);
            await audit.RecordAsync(audit.Entry(
                new AuditActor(Short(userName ?? "(unknown)"), AuditActorKinds.Anonymous, AuditActor.ClientIpOf(http)),
                "console.signin", ConsoleAudit.TargetType, Short(userName ?? "(unknown)"), null,
                new { reason = userName is null ? "noUserName" : "noConsoleRole", via = Via }, AuditOutcome.Refused));
            await AgentConsoleEndpoints.LoginPage(http, services.GetRequiredService<IAntiforgery>(), returnUrl,
                "Your organisation account has no access to this console: it needs the agent or admin role in the directory. Ask your administrator.",
                StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }

        await http.SignInAsync(AgentConsoleEndpoints.Scheme, principal);
        if (AgentIdentity.From(principal) is { } agent)
        {
            await audit.RecordAsync(audit.Entry(AuditActor.Of(agent with { ClientIp = AuditActor.ClientIpOf(http) }),
                "console.signin", ConsoleAudit.TargetType, agent.UserName, null,
                new { roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(), via = Via }));
        }

        http.Response.Headers.CacheControl = "no-store";
        await Results.Content(ContinuePage(returnUrl), "text/html; charset=utf-8").ExecuteAsync(http);
    }

    /// <summary>A token that failed validation, a directory error or a replayed callback: nobody is signed in.</summary>
    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var audit = services.GetRequiredService<AuditLog>();
        LogFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrganisationSignIn)), context.Failure?.GetType().Name ?? "unknown", context.Failure?.Message ?? "");
        context.HandleResponse();
        // Only a sign-in this browser started (it holds the challenge's correlation cookie) is an attempt worth an audit
        // entry; anyone can call the callback URL, and the append-only log must not fill up with that.
        if (http.Request.Cookies.Keys.Any(k => k.StartsWith(context.Options.CorrelationCookie.Name!, StringComparison.Ordinal)))
        {
            await audit.RecordAsync(audit.Entry(
                new AuditActor("(unknown)", AuditActorKinds.Anonymous, AuditActor.ClientIpOf(http)),
                "console.signin", ConsoleAudit.TargetType, "(unknown)", null,
                new { reason = "organisationSignInFailed", via = Via }, AuditOutcome.Refused));
        }

        await AgentConsoleEndpoints.LoginPage(http, services.GetRequiredService<IAntiforgery>(), "/agent",
            "Signing in with your organisation account did not work. Please try again.", StatusCodes.Status401Unauthorized).ExecuteAsync(http);
    }

    /// <summary>The password sign-in's claim shape (see <c>AgentAccounts.SignIn</c>) from the directory's claims; null without a console role.</summary>
    internal static ClaimsPrincipal? ConsolePrincipal(ClaimsPrincipal directory, OrganisationSignInOptions options, out string? userName)
    {
        userName = ((string[])["preferred_username", "upn", "email", "sub"])
            .Select(directory.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        var values = directory.FindAll(options.RoleClaim).Select(c => c.Value).ToList();
        var roles = options.ConsoleRolesFor(values);
        if (userName is null || roles.Count == 0)
        {
            return null;
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userName),
            new(ClaimTypes.Name, directory.FindFirstValue("name") is { Length: > 0 } name ? name : userName),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(options.QueuesFor(values).Select(q => new Claim(AgentRoles.QueueClaim, q)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AgentConsoleEndpoints.Scheme));
    }

    private static string ContinuePage(string returnUrl)
    {
        var url = WebUtility.HtmlEncode(returnUrl);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta http-equiv="refresh" content="0;url={{url}}">
              <title>HelpdeskBot console — signed in</title>
              <link rel="stylesheet" href="/agent/console.css">
            </head>
            <body class="login">
              <main>
                <h1>Signed in</h1>
                <p><a id="continue" href="{{url}}">Continue to the console</a></p>
              </main>
            </body>
            </html>
            """;
    }

    private static string Short(string text) => text.Length <= 64 ? text : text[..64];

    [LoggerMessage(LogLevel.Information, "Organisation sign-in is on: authority {Authority}, callback path {CallbackPath}")]
    private static partial void LogEnabled(ILogger logger, string authority, string callbackPath);

    [LoggerMessage(LogLevel.Warning,
        "Nobody can sign in to the agent and admin console: no accounts in Agents:Accounts and no Agents:OpenIdConnect. " +
        "Make a password hash with 'dotnet run --project bot -- agent hash-password' and set Agents__Accounts__0__UserName, " +
        "Agents__Accounts__0__PasswordHash and Agents__Accounts__0__Roles__0=admin (see README, \"Admin console\")")]
    private static partial void LogNobodyCanSignIn(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Organisation sign-in refused: the directory user has no console role")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Organisation sign-in failed ({FailureType}): {FailureMessage}")]
    private static partial void LogFailed(ILogger logger, string failureType, string failureMessage);
}
