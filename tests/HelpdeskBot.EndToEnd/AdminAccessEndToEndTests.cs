using HelpdeskBot.Bot.Admin.Console;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.ConsoleSignIn;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// Who gets into the admin console, in headless Chromium against the real host: an agent signed in on the console's
/// sign-in form gets a 403 and nothing of the admin console on every admin page; an admin gets every page, finds their
/// own sign-in in the audit log page, and after signing out is asked to sign in again.
/// </summary>
public sealed class AdminAccessEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const string AgentUser = "e2e-agus";
    private const string AdminUser = "e2e-dewi";
    private const string Password = "e2e-console-password-9";

    private static IEnumerable<string> AdminPaths => [AdminConsoleEndpoints.Root, .. AdminConsoleEndpoints.Pages.Select(p => p.Path)];

    [BrowserFact]
    public void An_agent_gets_403_and_no_admin_content_on_every_admin_page()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        try
        {
            SignIn(browser, root, "/agent", AgentUser);
            browser.WaitFor("the agent console", Timeout, driver => driver.Url.EndsWith("/agent", StringComparison.Ordinal) ? driver.Url : null);

            foreach (var path in AdminPaths)
            {
                browser.Driver.Navigate().GoToUrl(new Uri(root, path));
                var body = browser.WaitFor($"the answer to {path}", Timeout, driver => driver.FindElement(By.TagName("body")).Text is { Length: > 0 } text ? text : null);
                Assert.Contains("No access (403)", body, StringComparison.Ordinal);
                Assert.Contains("signed in as E2E Agus", body, StringComparison.Ordinal);
                Assert.Equal(new Uri(root, path).AbsoluteUri, browser.Driver.Url);
                // Nothing of the admin console: no frame, nav, token meta, page fragment or data, no page title.
                Assert.Empty(browser.Driver.FindElements(By.CssSelector("nav, header.topbar, #main, meta[name='request-verification-token'], table, script")));
                Assert.All(AdminConsoleEndpoints.Pages, page => Assert.DoesNotContain(page.Title, body, StringComparison.Ordinal));
            }
        }
        catch (Exception e) when (e is not EndToEndFailureException)
        {
            throw Failure(e, server, browser, "admin-access-agent");
        }
    }

    [BrowserFact]
    public void An_admin_sees_every_page_finds_their_sign_in_in_the_audit_log_and_signing_out_asks_to_sign_in_again()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        try
        {
            // Not signed in: /admin sends the browser to the sign-in form, and back to the console after it.
            SignIn(browser, root, AdminConsoleEndpoints.Root, AdminUser);
            // The dashboard then puts its filters in the query (?from=…&to=…): compare the path only.
            browser.WaitFor("the dashboard", Timeout, driver => new Uri(driver.Url).AbsolutePath == AdminConsoleEndpoints.Pages[0].Path ? driver.Url : null);

            foreach (var page in AdminConsoleEndpoints.Pages)
            {
                browser.Driver.Navigate().GoToUrl(new Uri(root, page.Path));
                browser.WaitFor($"the {page.Key} page", Timeout, driver => driver.FindElement(By.TagName("body")).GetAttribute("data-page") == page.Key ? page.Key : null);
                var links = browser.Driver.FindElements(By.CssSelector("nav[aria-label='Admin console'] a"));
                Assert.Equal(AdminConsoleEndpoints.Pages.Select(p => p.Path), links.Select(a => new Uri(a.GetAttribute("href")!).AbsolutePath));
                Assert.Equal(page.Path, new Uri(browser.Driver.FindElement(By.CssSelector("nav a[aria-current='page']")).GetAttribute("href")!).AbsolutePath);
                Assert.Equal("E2E Dewi", browser.Driver.FindElement(By.Id("signedInAs")).Text);
            }

            browser.Driver.Navigate().GoToUrl(new Uri(root, "/admin/audit"));
            var row = browser.WaitFor("the admin's own sign-in in the audit log", Timeout, driver =>
                driver.FindElements(By.CssSelector("#auditTable tbody tr"))
                    .FirstOrDefault(tr => tr.FindElements(By.TagName("td")) is { Count: 8 } cells
                        && cells[1].Text.StartsWith(AdminUser, StringComparison.Ordinal)
                        && cells[2].Text == "console.signin"
                        && cells[4].Text == "succeeded"));
            Assert.Contains("admin", row.Text, StringComparison.Ordinal);
            output.WriteLine("audit page: " + browser.SaveScreenshot("admin-audit.png"));

            browser.Driver.FindElement(By.Id("signOut")).Click();
            browser.WaitFor("the sign-in form after signing out", Timeout, driver =>
                driver.Url.Contains(AgentConsoleEndpoints.LoginPath, StringComparison.Ordinal) ? driver.FindElement(By.Id("userName")) : null);

            browser.Driver.Navigate().GoToUrl(new Uri(root, AdminConsoleEndpoints.Root));
            browser.WaitFor("the sign-in form for /admin", Timeout, driver =>
                driver.Url.Contains(AgentConsoleEndpoints.LoginPath, StringComparison.Ordinal) ? driver.FindElement(By.Id("userName")) : null);
            Assert.Contains("ReturnUrl=%2Fadmin", browser.Driver.Url, StringComparison.Ordinal);
            Assert.Empty(browser.Driver.FindElements(By.CssSelector("nav[aria-label='Admin console']")));
        }
        catch (Exception e) when (e is not EndToEndFailureException)
        {
            throw Failure(e, server, browser, "admin-access-admin");
        }
    }

    [BrowserFact]
    public async Task A_directory_admin_signs_in_with_the_organisation_button_and_lands_in_the_admin_console()
    {
        // The directory on "localhost", the bot on 127.0.0.1: two sites, so the browser applies its cross-site cookie
        // rules to the round trip as it would with a real directory.
        await using var directory = await OpenIdProviderStandIn.StartAsync("localhost");
        directory.NextUser = new OpenIdProviderStandIn.DirectoryUser("sub-rina", "rina@corp.example", "Rina Wijaya", "Helpdesk.Admin");
        directory.ShowsSignInPage = true;
        using var server = NewServer()
            .With("Agents:OpenIdConnect:Authority", directory.Authority)
            .With("Agents:OpenIdConnect:ClientId", OpenIdProviderStandIn.ClientId)
            .With("Agents:OpenIdConnect:ClientSecret", OpenIdProviderStandIn.ClientSecret)
            .With("Agents:OpenIdConnect:Roles:Helpdesk.Admin", "admin");
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        try
        {
            browser.Driver.Navigate().GoToUrl(new Uri(root, "/admin/audit"));
            var button = browser.WaitFor("the organisation sign-in button", Timeout, driver =>
                driver.Url.Contains(AgentConsoleEndpoints.LoginPath, StringComparison.Ordinal) ? driver.FindElement(By.Id("signInOrganisation")) : null);
            Assert.Equal("Sign in with your organisation account", button.Text);
            button.Click();
            browser.WaitFor("the directory's sign-in page", Timeout, driver =>
                driver.Url.StartsWith(directory.Authority + "/authorize", StringComparison.Ordinal) ? driver.FindElement(By.Id("directorySignIn")) : null).Click();

            // Directory → callback → this site's continue page → the page asked for, signed in.
            browser.WaitFor("the audit log page after the directory sign-in", Timeout, driver =>
                driver.Url == new Uri(root, "/admin/audit").AbsoluteUri && driver.FindElement(By.TagName("body")).GetAttribute("data-page") == "audit" ? driver.Url : null);
            Assert.Equal("Rina Wijaya", browser.Driver.FindElement(By.Id("signedInAs")).Text);
            Assert.Equal(1, directory.TokensIssued);
            browser.WaitFor("the directory sign-in in the audit log", Timeout, driver =>
                driver.FindElements(By.CssSelector("#auditTable tbody tr"))
                    .FirstOrDefault(tr => tr.Text.Contains("rina@corp.example", StringComparison.Ordinal) && tr.Text.Contains("organisation", StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is not EndToEndFailureException)
        {
            throw Failure(e, server, browser, "admin-access-organisation");
        }
    }

    /// <summary>Opens <paramref name="path"/>, expects the sign-in form (not signed in yet) and signs in on it.</summary>
    private static void SignIn(ChromiumSession browser, Uri root, string path, string userName)
    {
        browser.Driver.Navigate().GoToUrl(new Uri(root, path));
        browser.WaitFor("the sign-in form", Timeout, driver =>
            driver.Url.Contains(AgentConsoleEndpoints.LoginPath, StringComparison.Ordinal) ? driver.FindElement(By.Id("userName")) : null);
        browser.Driver.FindElement(By.Id("userName")).SendKeys(userName);
        browser.Driver.FindElement(By.Id("password")).SendKeys(Password);
        browser.Driver.FindElement(By.Id("signIn")).Click();
    }

    private static EndToEndFailureException Failure(Exception e, BotServer server, ChromiumSession browser, string name) => new($"""
        {e.Message}

        Page: {browser.Driver.Url}
        Saved:
        {browser.SaveFailureArtifacts(name)}
        Browser console:
        {browser.ConsoleLog()}
        Server log (last lines):
        {server.Log.Tail()}
        """, e);

    private static BotServer NewServer()
    {
        var hash = AgentAccounts.HashPassword(Password);
        return new BotServer()
            .With("Knowledge:SeedOnFirstRun", "false")
            .With("Agents:Accounts:0:UserName", AgentUser)
            .With("Agents:Accounts:0:DisplayName", "E2E Agus")
            .With("Agents:Accounts:0:PasswordHash", hash)
            .With("Agents:Accounts:0:Roles:0", AgentRoles.Agent)
            .With("Agents:Accounts:1:UserName", AdminUser)
            .With("Agents:Accounts:1:DisplayName", "E2E Dewi")
            .With("Agents:Accounts:1:PasswordHash", hash)
            .With("Agents:Accounts:1:Roles:0", AgentRoles.Admin);
    }
}
