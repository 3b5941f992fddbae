using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.WebSecurity;

/// <summary>Abuse limits and browser protections for the whole host (docs/web-security.md).</summary>
internal static class WebSecurityExtensions
{
    public static IHostApplicationBuilder AddWebSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebSecurityOptions>()
            .BindConfiguration(WebSecurityOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SecurityHeaders>();
        services.AddSingleton<BodySizeLimits>();
        services.AddAbuseLimits();
        services.AddSharedKeyRing(builder.Configuration);

        var production = builder.Environment.IsProduction();
        services.Configure<CookiePolicyOptions>(o =>
        {
            // Every cookie the host sets (console sign-in, antiforgery, OpenID Connect correlation): never readable by
            // scripts, never sent cross-site on a subresource, and in Production never over plain HTTP.
            o.HttpOnly = HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
            o.Secure = production ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddOptions<HstsOptions>().Configure<IOptions<WebSecurityOptions>>((hsts, security) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(security.Value.HstsMaxAgeDays);
            hsts.IncludeSubDomains = false;
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebSecurityOptions>>((forwarded, security) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies are believed; the framework's loopback default is dropped with them.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in security.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in security.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>
    /// Forwarded headers (from configured proxies only), security headers, HSTS and HTTPS redirection (Production),
    /// cookie flags, body size limits and rate limits, in that order: the limits see the real client address.
    /// </summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebSecurityOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        app.Use(app.Services.GetRequiredService<SecurityHeaders>().InvokeAsync);
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseCookiePolicy();
        app.Use(app.Services.GetRequiredService<BodySizeLimits>().InvokeAsync);
        app.Use(AbuseLimits.IdentifyCallerAsync);
        app.UseRateLimiter();
        return app;
    }
}
