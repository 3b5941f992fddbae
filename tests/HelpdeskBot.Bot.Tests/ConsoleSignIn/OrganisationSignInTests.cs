using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.ConsoleSignIn;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Handoff;
using HelpdeskBot.Bot.Tests.Knowledge;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using static HelpdeskBot.Bot.Tests.ConsoleSignIn.OpenIdProviderStandIn;

namespace HelpdeskBot.Bot.Tests.ConsoleSignIn;

/// <summary>
/// Console sign-in with the organisation's directory, against <see cref="OpenIdProviderStandIn"/> on real Kestrel: the
/// browser's redirect flow is driven step by step (sign-in page → challenge → authorize → callback) with a cookie jar, and
/// the resulting cookie is then used on the real pages. The directory's app roles decide admin, agent or nothing.
/// </summary>
public sealed partial class OrganisationSignInTests : IAsyncLifetime
{
    private OpenIdProviderStandIn _directory = null!;

    public async Task InitializeAsync() => _directory = await OpenIdProviderStandIn.StartAsync();

    public async Task DisposeAsync() => await _directory.DisposeAsync();

    [Fact]
    public async Task A_directory_admin_signs_in_reaches_the_admin_console_and_the_sign_in_is_audited()
    {
        using var host = Host();
        using var browser = new Browser(host);
        _directory.NextUser = new DirectoryUser("sub-dewi", "dewi@corp.example", "Dewi Lestari", "Helpdesk.Admin");

        var callback = await browser.SignInWithDirectoryAsync(_directory, "/admin/audit");

        Assert.Equal(HttpStatusCode.OK, callback.Status);
        Assert.Equal("/admin/audit", ContinueLink(callback.Html));
        Assert.True(browser.HasConsoleCookie, "no console cookie after the directory sign-in");
        var page = await browser.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Dewi Lestari", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/agent")).Status);
        // No front-channel sign-out: a bare GET to the handler's default path ends nobody's session.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/signout-oidc")).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/audit")).Status);

        var entry = (await AuditAsync(host)).Single(e => e.GetProperty("outcome").GetString() == "succeeded");
        Assert.Equal("dewi@corp.example", entry.GetProperty("actor").GetString());
        Assert.Equal("admin", entry.GetProperty("actorKind").GetString());
        Assert.Equal("organisation", entry.GetProperty("after").GetProperty("via").GetString());
        Assert.Equal(["admin"], entry.GetProperty("after").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_directory_agent_reaches_the_agent_console_but_gets_403_on_every_admin_page()
    {
        using var host = Host();
        using var browser = new Browser(host);
        _directory.NextUser = new DirectoryUser("sub-agus", "agus@corp.example", "Agus", "Helpdesk.Agent");

        // A return URL to another site is not followed: the console's own start page instead.
        var callback = await browser.SignInWithDirectoryAsync(_directory, "//evil.example/steal");

        Assert.Equal(HttpStatusCode.OK, callback.Status);
        Assert.Equal("/agent", ContinueLink(callback.Html));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/agent")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/admin/dashboard")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/api/admin/audit")).Status);
    }

    [Fact]
    public async Task A_directory_user_with_neither_role_is_refused_with_a_403_page_never_signed_in_and_audited()
    {
        using var host = Host();
        using var browser = new Browser(host);
        _directory.NextUser = new DirectoryUser("sub-budi", "budi@corp.example", "Budi", "Finance.Reader");

        var callback = await browser.SignInWithDirectoryAsync(_directory, "/admin");

        Assert.Equal(HttpStatusCode.Forbidden, callback.Status);
        Assert.Contains("has no access to this console", callback.Html, StringComparison.Ordinal);
        Assert.False(browser.HasConsoleCookie, "a refused directory user got the console cookie");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/agent")).Status);
        var entry = Assert.Single(await AuditAsync(host));
        Assert.Equal("refused", entry.GetProperty("outcome").GetString());
        Assert.Equal("budi@corp.example", entry.GetProperty("actor").GetString());
        Assert.Equal("noConsoleRole", entry.GetProperty("after").GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(TokenFlaw.WrongAudience)]
    [InlineData(TokenFlaw.BadSignature)]
    [InlineData(TokenFlaw.WrongNonce)]
    public async Task An_id_token_a_client_must_reject_signs_nobody_in(TokenFlaw flaw)
    {
        using var host = Host();
        using var browser = new Browser(host);
        _directory.NextUser = new DirectoryUser("sub-dewi", "dewi@corp.example", "Dewi Lestari", "Helpdesk.Admin");
        _directory.Flaw = flaw;

        var callback = await browser.SignInWithDirectoryAsync(_directory, "/admin");

        // The stand-in did answer with a token: it is the bot that turned it down.
        Assert.Equal(1, _directory.TokensIssued);
        Assert.Equal(HttpStatusCode.Unauthorized, callback.Status);
        Assert.Contains("did not work", callback.Html, StringComparison.Ordinal);
        Assert.False(browser.HasConsoleCookie, $"a token with {flaw} signed someone in");
        var admin = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, admin.Status);
        Assert.Contains("/agent/login", admin.Location, StringComparison.Ordinal);
        var entry = Assert.Single(await AuditAsync(host));
        Assert.Equal("refused", entry.GetProperty("outcome").GetString());
        Assert.Equal("organisationSignInFailed", entry.GetProperty("after").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_good_token_answered_twice_is_not_accepted_the_second_time()
    {
        using var host = Host();
        using var browser = new Browser(host);
        _directory.NextUser = new DirectoryUser("sub-dewi", "dewi@corp.example", "Dewi Lestari", "Helpdesk.Admin");
        var first = await browser.SignInWithDirectoryAsync(_directory, "/admin");
        Assert.Equal(HttpStatusCode.OK, first.Status);

        // The same callback from another browser (no correlation cookie): a stolen redirect signs nobody in.
        using var other = new Browser(host);
        var replay = await other.GetAsync(first.CallbackPath);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.Status);
        Assert.False(other.HasConsoleCookie);
        // A callback nobody started is no sign-in attempt: the audit log keeps only the real sign-in.
        Assert.Equal(["succeeded"], (await AuditAsync(host)).Select(e => e.GetProperty("outcome").GetString()));
    }

    [Fact]
    public void Directory_roles_map_to_console_roles_and_queues_in_the_password_sign_in_claim_shape()
    {
        var options = new OrganisationSignInOptions
        {
            Roles = { ["Helpdesk.Agent"] = "agent" },
            Queues = { ["Helpdesk.Queue.IT"] = "IT", ["Helpdesk.Queue.HR"] = "hr" },
        };
        var directory = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new("sub", "s-1"), new("preferred_username", "rina@corp.example"), new("name", "Rina"),
            new("roles", "Helpdesk.Agent"), new("roles", "Helpdesk.Queue.IT"), new("roles", "Helpdesk.Queue.HR"), new("roles", "admin"),
        ], "oidc"));

        var principal = OrganisationSignIn.ConsolePrincipal(directory, options, out var userName);

        var agent = AgentIdentity.From(principal);
        Assert.NotNull(agent);
        Assert.Equal("rina@corp.example", userName);
        Assert.Equal(("rina@corp.example", "Rina", false), (agent.UserName, agent.DisplayName, agent.IsAdmin));
        Assert.Equal(["HR", "IT"], agent.Queues.Order(StringComparer.Ordinal));
        // "admin" is not in the configured map, so it grants nothing (IsAdmin false above); the identity is the cookie's.
        Assert.True(HelpdeskBot.Bot.Admin.AdminAccess.IsConsoleUser(principal!));
    }

    [Fact]
    public async Task Off_unless_configured_no_button_and_no_challenge_endpoint()
    {
        using var host = KnowledgeAdminClient.Configure(AgentAccountsForTests.NewHandoffHost());
        using var browser = new Browser(host);

        var login = await browser.GetAsync("/agent/login");

        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.DoesNotContain("signInOrganisation", login.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(OrganisationSignIn.ChallengePath, login.Html, StringComparison.Ordinal);
        using var post = await browser.Http.PostAsync(OrganisationSignIn.ChallengePath, new FormUrlEncodedContent([]));
        Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{(int)post.StatusCode}");
    }

    [Theory]
    [InlineData("Agents:OpenIdConnect:ClientSecret", "", "ClientSecret is required")]
    [InlineData("Agents:OpenIdConnect:Authority", "http://login.corp.example/tenant", "Authority must be an https:// URL")]
    [InlineData("Agents:OpenIdConnect:Roles:Helpdesk.Admin", "owner", "map directory roles to 'admin' or 'agent'")]
    [InlineData("Agents:OpenIdConnect:Queues:Helpdesk.Queue.X", "Nowhere", "is not a queue")]
    public void A_half_done_configuration_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        using var host = Host().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient().Dispose());

        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException() is OptionsValidationException e ? e : error);
        Assert.Contains(validation.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_production_start_without_accounts_or_directory_warns_that_nobody_can_sign_in()
    {
        using var host = new BotHost()
            .With("Helpdesk:DemoTokens", "false")
            .With("Knowledge:SeedOnFirstRun", "false")
            .WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));

        host.CreateClient().Dispose();

        var warning = Assert.Single(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.StartsWith("Nobody can sign in", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Agents__Accounts__0__PasswordHash", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_demo_start_or_one_with_accounts_does_not_warn()
    {
        using var host = KnowledgeAdminClient.Configure(AgentAccountsForTests.NewHandoffHost())
            .With("Helpdesk:DemoTokens", "false")
            .WithAgent(0, "sari", "Sari", [AgentRoles.Admin])
            .WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));

        host.CreateClient().Dispose();

        Assert.DoesNotContain(host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.StartsWith("Nobody can sign in", StringComparison.Ordinal));
    }

    /// <summary>A host that trusts the stand-in directory; real time, because the nonce and the cookies it checks carry real timestamps.</summary>
    private BotHost Host() => KnowledgeAdminClient.Configure(AgentAccountsForTests.NewHandoffHost())
        .With("Agents:OpenIdConnect:Authority", _directory.Authority)
        .With("Agents:OpenIdConnect:ClientId", OpenIdProviderStandIn.ClientId)
        .With("Agents:OpenIdConnect:ClientSecret", OpenIdProviderStandIn.ClientSecret)
        .With("Agents:OpenIdConnect:Roles:Helpdesk.Admin", "admin")
        .With("Agents:OpenIdConnect:Roles:Helpdesk.Agent", "agent")
        .WithServices(services => services.AddSingleton(TimeProvider.System));

    private static async Task<IReadOnlyList<JsonElement>> AuditAsync(BotHost host) =>
        [.. (await new KnowledgeAdminClient(host.CreateClient()).GetJsonAsync("/api/admin/audit?action=console.signin&pageSize=200"))
            .GetProperty("entries").EnumerateArray()];

    private static string? ContinueLink(string html) =>
        ContinueAnchor().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["href"].Value) : null;

    [GeneratedRegex("""<a id="continue" href="(?<href>[^"]*)">""")]
    private static partial Regex ContinueAnchor();

    public sealed record Page(HttpStatusCode Status, string Html, string? Location, string CallbackPath = "");

    /// <summary>A browser's part of the flow: a cookie jar for the bot, plain redirects-not-followed HTTP for the directory.</summary>
    private sealed partial class Browser(BotHost host) : IDisposable
    {
        private readonly CookieContainerHandler _jar = new();
        private HttpClient? _http;

        /// <summary>The bot as this browser reaches it: its cookies kept, redirects not followed.</summary>
        public HttpClient Http => _http ??= host.CreateDefaultClient(_jar);

        public bool HasConsoleCookie => _jar.Container.GetCookies(host.Server.BaseAddress).Any(c => c.Name == AgentConsoleEndpoints.CookieName);

        public void Dispose()
        {
            _http?.Dispose();
            _jar.Dispose();
        }

        public async Task<Page> GetAsync(string path)
        {
            using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
            return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
        }

        /// <summary>Sign-in page → its organisation form → the directory's authorize endpoint → the callback; the callback's answer.</summary>
        public async Task<Page> SignInWithDirectoryAsync(OpenIdProviderStandIn directory, string returnUrl)
        {
            var login = await GetAsync("/agent/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
            Assert.Equal(HttpStatusCode.OK, login.Status);
            var form = OrganisationForm().Match(login.Html);
            Assert.True(form.Success, "No organisation sign-in form on the sign-in page: " + login.Html);
            var fields = HiddenField().Matches(form.Value).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            // Posted as given, not as the page sanitised it: the challenge endpoint must check it again.
            fields["returnUrl"] = returnUrl;

            using var challenge = await Http.PostAsync(new Uri(OrganisationSignIn.ChallengePath, UriKind.Relative), new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            var authorize = challenge.Headers.Location!;
            Assert.StartsWith(directory.Authority + "/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);

            using var idp = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
            using var redirect = await idp.GetAsync(authorize);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            var back = redirect.Headers.Location!;
            Assert.Equal("/agent/signin-oidc", back.AbsolutePath);

            var callback = await GetAsync(back.PathAndQuery);
            return callback with { CallbackPath = back.PathAndQuery };
        }

        [GeneratedRegex("""<form class="organisation"[^>]*>.*?</form>""", RegexOptions.Singleline)]
        private static partial Regex OrganisationForm();

        [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
        private static partial Regex HiddenField();
    }
}
