using System.Net;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Tests.Handoff;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HelpdeskBot.Bot.Tests.WebSecurity;

public sealed partial class SecurityHeadersTests : IClassFixture<SecurityHeadersTests.FramedHost>
{
    private readonly FramedHost _host;

    public SecurityHeadersTests(FramedHost host) => _host = host;

    /// <summary>A host whose chat page may be framed by the company's website.</summary>
    public sealed class FramedHost : IDisposable
    {
        public BotHost Host { get; } = new BotHost()
            .With("WebSecurity:ChatFrameAncestors:0", "https://www.example.com")
            .WithAgent(0, "siti", "Siti", ["agent", "admin"]);

        public void Dispose() => Host.Dispose();
    }

    [Fact]
    public async Task The_chat_page_allows_no_inline_or_foreign_script_and_may_be_framed_only_by_the_configured_site()
    {
        using var http = _host.Host.CreateClient();
        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Directives(response);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self' https://www.example.com", csp["frame-ancestors"]);
        Assert.Equal("'none'", csp["object-src"]);
        // Web Chat inserts its styles at run time (emotion); this page alone allows inline styles.
        Assert.Contains("'unsafe-inline'", csp["style-src"], StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Frame-Options"), "X-Frame-Options would forbid the configured site's frame");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Without_configured_ancestors_the_chat_page_is_framed_only_by_this_site()
    {
        using var host = new BotHost();
        using var http = host.CreateClient();
        using var response = await http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("'self'", Directives(response)["frame-ancestors"]);
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("/agent/login")]
    [InlineData("/agent")]
    [InlineData("/admin/kb")]
    public async Task Console_pages_cannot_be_framed_and_allow_no_inline_script_or_style(string path)
    {
        var cookies = await AgentConsoleClient.SignInAsync(_host.Host, "siti");
        using var http = AgentConsoleClient.RawHttp(_host.Host);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Directives(response);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self'", csp["style-src"]);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=\"", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Error_answers_and_static_files_carry_the_headers_too()
    {
        using var http = _host.Host.CreateClient();
        using var missing = await http.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        using var problem = await http.PostAsync(new Uri("/v3/directline/conversations", UriKind.Relative), null);
        using var script = await http.GetAsync(new Uri("/app.js", UriKind.Relative));

        foreach (var response in (HttpResponseMessage[])[missing, problem, script])
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("'none'", Directives(response)["frame-ancestors"]);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, problem.StatusCode);
    }

    [Fact]
    public async Task Every_cookie_the_console_sets_is_HttpOnly_and_SameSite()
    {
        using var http = AgentConsoleClient.RawHttp(_host.Host);
        using var form = await http.GetAsync(new Uri("/agent/login", UriKind.Relative));
        using var signedIn = await AgentConsoleClient.PostLoginAsync(http, "siti", AgentAccountsForTests.Password);

        var cookies = form.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("helpdesk.agent=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("helpdesk.agent.af=", StringComparison.Ordinal));
        Assert.All(cookies, c =>
        {
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Matches("(?i)samesite=(strict|lax)", c);
        });
    }

    [Fact]
    public async Task Production_sends_HSTS_over_HTTPS_redirects_plain_HTTP_and_marks_every_cookie_Secure()
    {
        using var host = new BotHost()
            .With("environment", "Production")
            .With("https_port", "443")
            .WithAgent(0, "siti", "Siti", ["agent"]);
        using var https = host.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://bot.example.com"), AllowAutoRedirect = false, HandleCookies = false,
        });
        using var plain = host.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://bot.example.com"), AllowAutoRedirect = false,
        });

        using var page = await https.GetAsync(new Uri("/agent/login", UriKind.Relative));
        using var redirected = await plain.GetAsync(new Uri("/agent/login", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://bot.example.com/agent/login", redirected.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Development_sends_no_HSTS()
    {
        using var https = _host.Host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://bot.example.com") });
        using var page = await https.GetAsync(new Uri("/", UriKind.Relative));

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    private static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single()
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    /// <summary>A <c>&lt;script&gt;</c> without <c>src</c>: an inline script the policy would block.</summary>
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
