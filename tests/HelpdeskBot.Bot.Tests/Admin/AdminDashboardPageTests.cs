using System.Net;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Handoff;

namespace HelpdeskBot.Bot.Tests.Admin;

/// <summary>
/// The dashboard page as the host serves it: the Chart.js bundle the build restored from npm (WebChat.targets copies it
/// to wwwroot/lib/chartjs/, git-ignored), the page that loads it, and who may open it. What the page shows is tested in
/// a real browser (HelpdeskBot.EndToEnd, AdminDashboardEndToEndTests).
/// </summary>
public sealed partial class AdminDashboardPageTests : IDisposable
{
    private readonly BotHost _host = AgentAccountsForTests.NewHandoffHost()
        .With("Knowledge:SeedOnFirstRun", "false")
        .WithAgent(0, "ana", "Ana Admin", [AgentRoles.Admin])
        .WithAgent(1, "dewi", "Dewi", [AgentRoles.Agent]);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_Chart_js_bundle_restored_by_the_build_is_served_where_the_dashboard_loads_it()
    {
        using var http = _host.CreateClient();

        using var bundle = await http.GetAsync(new Uri("/lib/chartjs/chart.umd.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        var script = await bundle.Content.ReadAsStringAsync();
        // The pinned version (package.json, package-lock.json), whole: the UMD build ends by setting window.Chart.
        Assert.StartsWith("/*!\n * Chart.js v4.6.1\n", script, StringComparison.Ordinal);
        Assert.True(script.Length > 100_000, "chart.umd.js looks truncated: " + script.Length);
        Assert.Contains("window.Chart=", script, StringComparison.Ordinal);
        // The licence travels with the copy, as Web Chat's does.
        using var licence = await http.GetAsync(new Uri("/lib/chartjs/LICENSE.md", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, licence.StatusCode);
    }

    [Fact]
    public async Task An_admin_gets_the_dashboard_with_the_chart_bundle_before_its_script_and_no_inline_script()
    {
        var cookies = await AgentConsoleClient.SignInAsync(_host, "ana");
        using var http = AgentConsoleClient.RawHttp(_host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/dashboard");
        request.Headers.Add("Cookie", cookies);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptTag().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.Equal(["/admin/admin.js", "/lib/chartjs/chart.umd.js", "/admin/dashboard.js"], scripts);
        // Every <script> has a src: no inline script, so a strict Content-Security-Policy (script-src 'self') fits.
        Assert.Equal(scripts.Count, Regex.Count(html, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotMatch("\\son[a-z]+\\s*=", html);
        // The frame names the signed-in user as the APIs record them ("by" fields), for the pages' scripts.
        Assert.Contains("data-user=\"ana\"", html, StringComparison.Ordinal);
        // ...and the page is served with one: only this site's scripts, no inline script, never framed.
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        foreach (var id in (string[])["kpiConversations", "kpiContainment", "kpiEscalation", "kpiFallback", "kpiCsat", "kpiP50", "kpiP95",
                     "chartDaily", "chartRates", "chartIntents", "chartCsat", "chartChannels", "chartLanguages", "dashCsv"])
        {
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        }

        foreach (var src in scripts)
        {
            using var script = await http.GetAsync(new Uri(src, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    [Fact]
    public async Task An_agent_without_the_admin_role_gets_403_and_nobody_signed_in_is_sent_to_sign_in()
    {
        using var http = AgentConsoleClient.RawHttp(_host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/dashboard");
        request.Headers.Add("Cookie", await AgentConsoleClient.SignInAsync(_host, "dewi"));

        using var agent = await http.SendAsync(request);
        using var anonymous = await http.GetAsync(new Uri("/admin/dashboard", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/agent/login", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script src=\"(?<src>[^\"]+)\"></script>")]
    private static partial Regex ScriptTag();
}
