using HelpdeskBot.Bot.Handoff;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// The unanswered-question inbox end to end in two headless Chromium sessions on one real host: a customer asks the
/// Web Chat demo page something the bot cannot answer, and an admin who signs in at <c>/agent/login</c> finds the
/// question, personal data masked, in a group on <c>/admin/inbox</c> and drafts a knowledge article from it.
/// </summary>
public sealed class AdminInboxEndToEndTests(ITestOutputHelper output)
{
    private const string AdminUser = "e2e-admin";
    private const string AdminPassword = "e2e-admin-password-7";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [BrowserFact]
    public void A_question_the_bot_could_not_answer_in_Web_Chat_appears_masked_in_the_admin_inbox()
    {
        using var server = new BotServer()
            // An out-of-scope question needs no knowledge base: skip embedding the seed corpus.
            .With("Knowledge:SeedOnFirstRun", "false")
            .With("Agents:Accounts:0:UserName", AdminUser)
            .With("Agents:Accounts:0:DisplayName", "E2E Admin")
            .With("Agents:Accounts:0:PasswordHash", AgentAccounts.HashPassword(AdminPassword))
            .With("Agents:Accounts:0:Roles:0", AgentRoles.Admin);
        var root = server.RootUri;
        using var customerBrowser = ChromiumSession.Start();
        using var adminBrowser = ChromiumSession.Start();
        var customer = new WebChatPage(customerBrowser, root);
        var admin = adminBrowser.Driver;
        try
        {
            customer.Open();
            customer.WaitForConversation("en-US");
            customer.WaitForBotMessage("the welcome message", 0, text => text.Length > 0);
            var before = customer.BotMessages().Count;
            customer.Send("Who won the football match yesterday? Email me at jane.doe@example.com");
            customer.WaitForBotMessage("the out-of-scope answer", before, text => text.Contains("help with that yet", StringComparison.Ordinal));

            // Not signed in: the inbox sends the browser to the console's sign-in form, and back after it.
            admin.Navigate().GoToUrl(new Uri(root, "/admin/inbox"));
            adminBrowser.WaitFor("the sign-in form", Timeout, d => d.Url.Contains("/agent/login", StringComparison.Ordinal) ? d.FindElement(By.Id("userName")) : null);
            admin.FindElement(By.Id("userName")).SendKeys(AdminUser);
            admin.FindElement(By.Id("password")).SendKeys(AdminPassword);
            admin.FindElement(By.Id("signIn")).Click();
            var group = adminBrowser.WaitFor("the question in an inbox group", Timeout, d =>
                d.Url.EndsWith("/admin/inbox", StringComparison.Ordinal)
                    ? d.FindElements(By.CssSelector("#inboxGroups article.inbox-group"))
                        .FirstOrDefault(g => g.FindElements(By.CssSelector(".inbox-text")).Any(t => t.Text.Contains("football match", StringComparison.Ordinal)))
                    : null);

            var texts = group.FindElements(By.CssSelector(".inbox-text")).Select(t => t.Text).ToList();
            Assert.Equal(["Who won the football match yesterday? Email me at [email]"], texts);
            Assert.Equal("1", group.FindElement(By.CssSelector(".inbox-count")).Text);
            Assert.Contains("out of scope 1", group.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("jane.doe", admin.FindElement(By.TagName("body")).Text, StringComparison.Ordinal);

            // A draft article from the group: a link into the knowledge base page.
            group.FindElement(By.CssSelector("button.inbox-draft")).Click();
            var link = adminBrowser.WaitFor("the draft's link", Timeout, d => group.FindElements(By.CssSelector("a.inbox-draft-link")).FirstOrDefault());
            Assert.StartsWith("Draft: Who won the football match", link.Text, StringComparison.Ordinal);
            Assert.Contains("/admin/kb?doc=", link.GetAttribute("href"), StringComparison.Ordinal);
            output.WriteLine("inbox screenshot: " + adminBrowser.SaveScreenshot("admin-inbox.png"));

            // The link opens the draft in the knowledge base page, for the admin to write the answer.
            link.Click();
            var title = adminBrowser.WaitFor("the draft in the knowledge base page", Timeout, d =>
                d.FindElements(By.Id("kbDocTitle")).FirstOrDefault(t => t.Displayed && t.Text.StartsWith("Draft: Who won", StringComparison.Ordinal)));
            Assert.DoesNotContain("jane.doe", title.Text, StringComparison.Ordinal);
            Assert.Contains("draft", admin.FindElement(By.Id("kbVersions")).Text, StringComparison.OrdinalIgnoreCase);
            customerBrowser.AssertNoCspViolations();
            adminBrowser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                Customer page:
                {customer.Describe()}
                Admin page:
                {SafeBody(admin)}
                Saved:
                {customerBrowser.SaveFailureArtifacts("inbox-customer")}
                {adminBrowser.SaveFailureArtifacts("inbox-admin")}

                Admin browser console:
                {adminBrowser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    private static string SafeBody(OpenQA.Selenium.Chrome.ChromeDriver driver)
    {
        try
        {
            return driver.Url + "\n" + driver.FindElement(By.TagName("body")).Text;
        }
        catch (WebDriverException ex)
        {
            return "(page unavailable: " + ex.Message + ")";
        }
    }
}
