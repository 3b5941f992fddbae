using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Admin;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Handoff;
using HelpdeskBot.Bot.Tests.Knowledge;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Admin;

/// <summary>
/// Every admin surface, found by walking the host's own endpoints (<see cref="EndpointDataSource"/>) rather than a list in
/// the test: whatever is mapped under <c>/admin</c> or <c>/api/admin</c> today or later is called as nobody, as an agent
/// (cookie), with an API key that lacks the admin role, and as an admin; and every admin API that changes something is
/// called with an admin cookie but no antiforgery token. An endpoint mapped without the admin policy fails this test.
/// </summary>
public sealed class AdminSurfaceAccessTests
{
    private static readonly string[] AgentRole = [AgentRoles.Agent];
    private static readonly string[] AdminRole = [AgentRoles.Admin];

    /// <summary>Admin endpoints that exist today; the walk must find at least these, so an empty walk cannot pass.</summary>
    private static readonly string[] Known =
        ["GET /admin", "GET /admin/dashboard", "GET /admin/audit", "GET /api/admin/audit", "GET /api/admin/kb/documents", "POST /api/admin/kb/documents", "DELETE /api/admin/kb/documents/{id:guid}"];

    [Fact]
    public async Task Every_admin_route_refuses_anonymous_agents_and_non_admin_keys_and_opens_for_admins()
    {
        using var host = Host();
        var surfaces = AdminSurfaces(host);
        Assert.All(Known, known => Assert.Contains(known, surfaces.Select(s => s.Name)));
        using var http = AgentConsoleClient.RawHttp(host);
        var agentCookie = await AgentConsoleClient.SignInAsync(host, "agus");
        var adminCookie = await AgentConsoleClient.SignInAsync(host, "dewi");
        var failures = new List<string>();

        foreach (var surface in surfaces)
        {
            var path = surface.Path(_ => null);
            using (var anonymous = await SendAsync(http, surface.Method, path))
            {
                var ok = surface.IsApi
                    ? anonymous.StatusCode == HttpStatusCode.Unauthorized
                    : anonymous.StatusCode == HttpStatusCode.Redirect && IsSignInRedirect(anonymous);
                Check(failures, ok, surface, path, "anonymous", anonymous, surface.IsApi ? "401" : "a redirect to /agent/login");
            }

            using (var agent = await SendAsync(http, surface.Method, path, cookie: agentCookie))
            {
                Check(failures, agent.StatusCode == HttpStatusCode.Forbidden, surface, path, "agent cookie", agent, "403");
            }

            // An API key is no credential for the pages (they take the console cookie only): there it is just a sign-in redirect.
            using (var key = await SendAsync(http, surface.Method, path, apiKey: KnowledgeAdminClient.AgentKey))
            {
                var ok = key.StatusCode == HttpStatusCode.Forbidden || (!surface.IsApi && IsSignInRedirect(key));
                Check(failures, ok, surface, path, "API key with role agent", key, surface.IsApi ? "403" : "403 or a sign-in redirect");
            }

            // Admins: by key for every API call (no antiforgery needed), by cookie for pages and reads.
            using (var admin = surface.IsApi
                ? await SendAsync(http, surface.Method, path, apiKey: KnowledgeAdminClient.AdminKey)
                : await SendAsync(http, surface.Method, path, cookie: adminCookie))
            {
                var ok = admin.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && !IsSignInRedirect(admin);
                Check(failures, ok, surface, path, surface.IsApi ? "admin API key" : "admin cookie", admin, "not 401/403/sign-in");
            }

            if (surface.IsApi && surface.Method == "GET")
            {
                using var adminCookieRead = await SendAsync(http, surface.Method, path, cookie: adminCookie);
                Check(failures, adminCookieRead.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    surface, path, "admin cookie", adminCookieRead, "not 401/403");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} admin access checks failed over {surfaces.Count} endpoints:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_admin_change_made_with_the_admin_cookie_but_no_antiforgery_token_is_a_400_and_changes_nothing()
    {
        using var host = Host();
        var admin = new KnowledgeAdminClient(host.CreateClient());
        // A real document for the routes to act on: a change that slipped through would show in its state.
        var created = await admin.UploadOkAsync("vpn.md", "# VPN\n\nConnect with the company VPN client before opening the intranet.",
            new Dictionary<string, string> { ["title"] = "VPN access", ["language"] = "en", ["audience"] = "employee" });
        var documentId = created.GetProperty("document").GetProperty("document").GetProperty("id").GetString()!;
        var changes = AdminSurfaces(host).Where(s => s.IsApi && s.Method is not ("GET" or "HEAD")).ToList();
        Assert.Contains(changes, c => c.Name == "POST /api/admin/kb/documents");
        using var http = AgentConsoleClient.RawHttp(host);
        var adminCookie = await AgentConsoleClient.SignInAsync(host, "dewi");
        var before = await StateAsync(admin);
        var failures = new List<string>();

        foreach (var change in changes)
        {
            if (!change.Endpoint.Metadata.OfType<ConsoleAntiforgeryMetadata>().Any())
            {
                failures.Add($"{change.Name}: not mapped with RequireConsoleAntiforgery()");
            }

            var path = change.Path(parameter => parameter.Name == "id" ? documentId : null);
            using var response = await SendAsync(http, change.Method, path, cookie: adminCookie, body: PlausibleBody(change.Endpoint));
            Check(failures, response.StatusCode == HttpStatusCode.BadRequest, change, path, "admin cookie without antiforgery token", response, "400");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await StateAsync(admin));
    }

    /// <summary>One admin endpoint and method, with its route template to fill.</summary>
    private sealed record Surface(string Method, RouteEndpoint Endpoint)
    {
        public string Template => "/" + Endpoint.RoutePattern.RawText!.TrimStart('/');

        public string Name => $"{Method} {Template}";

        public bool IsApi => Template.StartsWith("/api/", StringComparison.Ordinal);

        /// <summary>The path with every parameter filled: a given value, else one its constraint accepts (guid, int), else "1".</summary>
        public string Path(Func<RoutePatternParameterPart, string?> value)
        {
            var path = new StringBuilder();
            foreach (var segment in Endpoint.RoutePattern.PathSegments)
            {
                path.Append('/');
                foreach (var part in segment.Parts)
                {
                    path.Append(part switch
                    {
                        RoutePatternLiteralPart literal => literal.Content,
                        RoutePatternSeparatorPart separator => separator.Content,
                        RoutePatternParameterPart parameter => value(parameter) ?? Plausible(parameter),
                        _ => "",
                    });
                }
            }

            return path.Length == 0 ? "/" : path.ToString();
        }

        private static string Plausible(RoutePatternParameterPart parameter) =>
            parameter.ParameterPolicies.Any(p => p.Content == "guid") ? Guid.NewGuid().ToString() : "1";
    }

    private static List<Surface> AdminSurfaces(BotHost host)
    {
        host.CreateClient().Dispose();
        return [.. host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => IsAdminPath("/" + e.RoutePattern.RawText?.TrimStart('/')))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"])
                .Select(m => new Surface(m, e)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    private static bool IsAdminPath(string path) =>
        path is "/admin" or "/api/admin" || path.StartsWith("/admin/", StringComparison.Ordinal) || path.StartsWith("/api/admin/", StringComparison.Ordinal);

    /// <summary>A body the endpoint would accept if it ran: a small document for uploads, an empty object for JSON.</summary>
    private static HttpContent? PlausibleBody(RouteEndpoint endpoint)
    {
        var accepts = endpoint.Metadata.OfType<IAcceptsMetadata>().SelectMany(a => a.ContentTypes).ToList();
        if (endpoint.RoutePattern.RawText!.Contains("documents", StringComparison.Ordinal) && !endpoint.RoutePattern.RawText.Contains("versions", StringComparison.Ordinal)
            || accepts.Any(c => c.StartsWith("multipart/", StringComparison.Ordinal)))
        {
            return KnowledgeAdminClient.Form("wifi.md", Encoding.UTF8.GetBytes("# Wi-Fi\n\nJoin the CORP network with your account."),
                new Dictionary<string, string> { ["title"] = "Wi-Fi", ["language"] = "en", ["audience"] = "employee" });
        }

        return accepts.Any(c => c.Contains("json", StringComparison.Ordinal))
            ? new StringContent("{}", Encoding.UTF8, "application/json")
            : null;
    }

    /// <summary>What a change would show in: every document with its versions and statuses, and the number of audit entries.</summary>
    private static async Task<string> StateAsync(KnowledgeAdminClient admin)
    {
        var documents = await admin.GetJsonAsync(KnowledgeAdminClient.Documents);
        var details = new List<string>();
        foreach (var document in documents.EnumerateArray())
        {
            details.Add((await admin.GetJsonAsync($"{KnowledgeAdminClient.Documents}/{document.GetProperty("id").GetString()}")).GetRawText());
        }

        var audit = await admin.GetJsonAsync("/api/admin/audit?pageSize=1");
        return string.Join("\n", details) + "\naudit entries: " + audit.GetProperty("total").GetInt32();
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, string method, string path, string? cookie = null, string? apiKey = null, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await http.SendAsync(request);
    }

    private static bool IsSignInRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location?.OriginalString.Contains(AgentConsoleEndpoints.LoginPath, StringComparison.Ordinal) == true;

    private static void Check(List<string> failures, bool ok, Surface surface, string path, string who, HttpResponseMessage response, string expected)
    {
        if (!ok)
        {
            failures.Add($"{surface.Method} {path} as {who}: {(int)response.StatusCode} {response.Headers.Location}, expected {expected}");
        }
    }

    private static BotHost Host() => KnowledgeAdminClient.Configure(AgentAccountsForTests.NewHandoffHost())
        .WithAgent(0, "agus", "Agus", AgentRole)
        .WithAgent(1, "dewi", "Dewi", AdminRole);
}
