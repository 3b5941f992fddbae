using HelpdeskBot.Bot.Handoff;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// Knowledge curation end to end in headless Chromium on one real host: an admin signs in, writes a policy in the
/// console's Markdown editor (with its preview), submits it for review and publishes it; then a customer in the Web Chat
/// demo page asks about it and gets the answer with its citation. Review is required on this host, so the console has
/// to walk the whole workflow.
/// </summary>
public sealed class AdminKnowledgeEndToEndTests(ITestOutputHelper output)
{
    private const string AdminUser = "e2e-admin";
    private const string AdminPassword = "e2e-admin-password-9";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // A fact nothing else in the (empty) knowledge base says, with markup that must stay text in the console.
    private const string Policy = """
        # Bicycle parking

        ## Parking your bicycle

        Customers may park bicycles in the basement rack at any of our stores. Parking a bicycle costs Rp 3.700 per day,
        paid at the information desk. <img src=x onerror="window.__xss=1">
        """;

    [BrowserFact]
    public void An_admin_writes_reviews_and_publishes_a_policy_and_web_chat_then_answers_from_it_with_its_citation()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        var driver = browser.Driver;
        var chat = new WebChatPage(browser, root);
        try
        {
            SignIn(browser, root);
            Assert.Contains("review required", driver.FindElement(By.Id("kbRules")).Text, StringComparison.Ordinal);

            // Write it in the editor and preview what the bot would quote.
            driver.FindElement(By.Id("kbNew")).Click();
            WaitForView(browser, "kbEditorView");
            Type(driver, "kbEdTitle", "Bicycle parking");
            Type(driver, "kbEdOwner", "Store Operations");
            Select(driver, "kbEdAudience", "everyone");
            Select(driver, "kbEdLanguage", "en");
            SetValue(driver, "kbEdMarkdown", Policy);
            driver.FindElement(By.Id("kbPreview")).Click();
            var passage = browser.WaitFor("the preview's passage", Timeout, d =>
                d.FindElements(By.CssSelector("#kbPreviewPassages li")).FirstOrDefault(li => li.Text.Contains("Rp 3.700", StringComparison.Ordinal)));
            Assert.Contains("Bicycle parking › Parking your bicycle", passage.Text, StringComparison.Ordinal);

            // Saved as a draft: the document view, where a draft cannot be published before review.
            driver.FindElement(By.Id("kbSave")).Click();
            WaitForView(browser, "kbDocView");
            WaitForStatus(browser, 1, "draft");
            Assert.Contains("Saved version 1", driver.FindElement(By.Id("kbStatus")).Text, StringComparison.Ordinal);
            Assert.Empty(driver.FindElements(By.CssSelector("button[data-action='publish'][data-version='1']")));
            Assert.Contains("?doc=", driver.Url, StringComparison.Ordinal);
            var documentUrl = new Uri(driver.Url).PathAndQuery;

            Click(browser, "submit", 1);
            WaitForStatus(browser, 1, "review");
            Click(browser, "publish", 1);
            WaitForStatus(browser, 1, "published");
            Assert.Contains("version 1 published", driver.FindElement(By.Id("kbDocSummary")).Text, StringComparison.Ordinal);
            Assert.Equal(true, driver.ExecuteScript("return window.__xss === undefined && document.querySelectorAll('main img').length === 0;"));
            output.WriteLine("console screenshot: " + browser.SaveScreenshot("admin-kb.png"));

            // The list finds it by its filters and leads back to it.
            driver.FindElement(By.Id("kbBack")).Click();
            WaitForView(browser, "kbListView");
            Select(driver, "kbFilterStatus", "review");
            driver.FindElement(By.Id("kbApply")).Click();
            browser.WaitFor("no document in review", Timeout, d => d.FindElement(By.CssSelector("#kbTable tbody")).Text.Contains("No documents match.", StringComparison.Ordinal) ? "empty" : null);
            Select(driver, "kbFilterStatus", "published");
            Select(driver, "kbFilterAudience", "everyone");
            Type(driver, "kbFilterText", "bicycle");
            driver.FindElement(By.Id("kbApply")).Click();
            browser.WaitFor("the document in the filtered list", Timeout, d => d.FindElements(By.LinkText("Bicycle parking")).FirstOrDefault()).Click();
            WaitForView(browser, "kbDocView");
            Assert.Equal(documentUrl, new Uri(driver.Url).PathAndQuery);

            // A customer asks in Web Chat: the answer quotes the new policy with its citation.
            chat.Open();
            chat.WaitForConversation("en-US");
            chat.WaitForBotMessage("the welcome message", 0, _ => true);
            var before = chat.BotMessages().Count;
            chat.Send("what is your bicycle parking policy?");
            var answer = chat.WaitForBotMessage("the answer from the new policy", before, text => text.Contains("Rp 3.700", StringComparison.Ordinal));
            Assert.Matches(@"Source: Bicycle parking › Parking your bicycle \(version 1\)", answer);
            before = chat.BotMessages().Count;
            chat.Press(chat.WaitForCard("the answer card", "👎 Not helpful"), "👎 Not helpful");
            chat.WaitForBotMessage("the thanks for the feedback", before, text => text.StartsWith("Thanks", StringComparison.Ordinal));

            // Back in the console: the citation and the 👎 are counted on version 1, with the message it was given on.
            driver.Navigate().GoToUrl(new Uri(root, documentUrl));
            WaitForView(browser, "kbDocView");
            browser.WaitFor("the usage of version 1", Timeout, d =>
                d.FindElements(By.CssSelector("#kbUsageVersions tr[data-version='1']")).FirstOrDefault(tr => tr.Text.EndsWith("1 0 1", StringComparison.Ordinal)));
            Assert.Equal("1 citation(s) · 0 helpful · 1 not helpful", driver.FindElement(By.Id("kbUsageTotals")).Text);
            Assert.Contains("Rp 3.700", driver.FindElement(By.Id("kbNegative")).Text, StringComparison.Ordinal);

            // Edited as a new version: the diff shows the changed price.
            driver.FindElement(By.Id("kbEdit")).Click();
            WaitForView(browser, "kbEditorView");
            browser.WaitFor("the latest version in the editor", Timeout, d =>
                d.FindElement(By.Id("kbEdMarkdown")).GetAttribute("value")?.Contains("Rp 3.700", StringComparison.Ordinal) == true ? "loaded" : null);
            driver.ExecuteScript("var t = document.getElementById('kbEdMarkdown'); t.value = t.value.replace('Rp 3.700', 'Rp 4.200');");
            driver.FindElement(By.Id("kbSave")).Click();
            WaitForView(browser, "kbDocView");
            WaitForStatus(browser, 2, "draft");
            driver.FindElement(By.Id("kbDiffShow")).Click();
            var removed = browser.WaitFor("the removed line", Timeout, d => d.FindElements(By.CssSelector("#kbDiff .kb-line[data-kind='removed']")).FirstOrDefault());
            var added = driver.FindElement(By.CssSelector("#kbDiff .kb-line[data-kind='added']"));
            Assert.Contains("Rp 3.700", removed.Text, StringComparison.Ordinal);
            Assert.Contains("Rp 4.200", added.Text, StringComparison.Ordinal);
            Assert.StartsWith("v1 → v2: 1 line(s) added, 1 removed", driver.FindElement(By.Id("kbDiffSummary")).Text, StringComparison.Ordinal);
            Assert.Equal(true, driver.ExecuteScript("return window.__xss === undefined && document.querySelectorAll('main img').length === 0;"));
            output.WriteLine("diff screenshot: " + browser.SaveScreenshot("admin-kb-diff.png"));
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                url: {driver.Url}
                status: {Safe(() => driver.FindElement(By.Id("kbStatus")).Text)}
                Web Chat:
                {Safe(chat.Describe)}
                Saved:
                {browser.SaveFailureArtifacts("admin-kb")}
                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    [BrowserFact]
    public void An_admin_uploads_a_file_and_the_page_shows_the_apis_refusal_of_a_file_it_cannot_read()
    {
        using var server = NewServer();
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        var driver = browser.Driver;
        var folder = Directory.CreateTempSubdirectory("helpdeskbot-e2e-upload-");
        try
        {
            var good = Path.Combine(folder.FullName, "locker-rental.md");
            File.WriteAllText(good, "---\ntitle: Locker rental\naudience: customer\n---\n# Locker rental\n\nLockers cost Rp 5.000 a day.\n");
            var blank = Path.Combine(folder.FullName, "blank.txt");
            File.WriteAllText(blank, "   \n\n  ");
            SignIn(browser, root);

            driver.FindElement(By.Id("kbUploadNew")).Click();
            WaitForView(browser, "kbUploadView");
            driver.FindElement(By.Id("kbUpFile")).SendKeys(blank);
            driver.FindElement(By.Id("kbUpload")).Click();
            var refusal = browser.WaitFor("the refusal shown in the page", Timeout, d =>
                d.FindElement(By.Id("kbStatus")) is { Displayed: true } box && box.Text.Length > 0 ? box : null);
            Assert.Contains("blank.txt contains only whitespace", refusal.Text, StringComparison.Ordinal);
            Assert.Contains("error", refusal.GetAttribute("class"), StringComparison.Ordinal);

            driver.FindElement(By.Id("kbUpFile")).Clear();
            driver.FindElement(By.Id("kbUpFile")).SendKeys(good);
            driver.FindElement(By.Id("kbUpload")).Click();
            WaitForView(browser, "kbDocView");
            WaitForStatus(browser, 1, "draft");
            Assert.Equal("Locker rental", driver.FindElement(By.Id("kbDocTitle")).Text);
            Assert.StartsWith("customer · en", driver.FindElement(By.Id("kbDocSummary")).Text, StringComparison.Ordinal);
            Assert.Contains("Uploaded version 1", driver.FindElement(By.Id("kbStatus")).Text, StringComparison.Ordinal);
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                url: {driver.Url}
                Saved:
                {browser.SaveFailureArtifacts("admin-kb-upload")}
                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static BotServer NewServer() => new BotServer()
        .With("Knowledge:SeedOnFirstRun", "false")
        .With("Knowledge:Publishing:RequireReview", "true")
        .With("Agents:Accounts:0:UserName", AdminUser)
        .With("Agents:Accounts:0:DisplayName", "E2E Admin")
        .With("Agents:Accounts:0:PasswordHash", AgentAccounts.HashPassword(AdminPassword))
        .With("Agents:Accounts:0:Roles:0", AgentRoles.Admin);

    /// <summary>Opens /admin/kb: not signed in, the browser goes to the sign-in form first, and back to the page after it.</summary>
    private static void SignIn(ChromiumSession browser, Uri root)
    {
        var driver = browser.Driver;
        driver.Navigate().GoToUrl(new Uri(root, "/admin/kb"));
        browser.WaitFor("the sign-in form", Timeout, d => d.Url.Contains("/agent/login", StringComparison.Ordinal) ? d.FindElement(By.Id("userName")) : null);
        driver.FindElement(By.Id("userName")).SendKeys(AdminUser);
        driver.FindElement(By.Id("password")).SendKeys(AdminPassword);
        driver.FindElement(By.Id("signIn")).Click();
        WaitForView(browser, "kbListView");
    }

    private static void WaitForView(ChromiumSession browser, string view) =>
        browser.WaitFor($"the {view} of /admin/kb", Timeout, d =>
            (string?)((IJavaScriptExecutor)d).ExecuteScript("return document.body.dataset.kbView || null;") == view ? view : null);

    private static void WaitForStatus(ChromiumSession browser, int version, string status) =>
        browser.WaitFor($"version {version} to be {status}", Timeout, d =>
            d.FindElements(By.CssSelector($"#kbVersions tr[data-version='{version}'][data-status='{status}']")).FirstOrDefault());

    private static void Click(ChromiumSession browser, string action, int version) =>
        browser.WaitFor($"the {action} button of version {version}", Timeout, d =>
            d.FindElements(By.CssSelector($"button[data-action='{action}'][data-version='{version}']")).FirstOrDefault(b => b.Displayed && b.Enabled)).Click();

    private static void Type(ChromeDriver driver, string id, string text)
    {
        var input = driver.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(text);
    }

    private static void Select(ChromeDriver driver, string id, string value) => SetValue(driver, id, value);

    // A select's option, or a long multi-line text that would be slow to type key by key: set as the page's own value.
    private static void SetValue(ChromeDriver driver, string id, string value) =>
        driver.ExecuteScript("document.getElementById(arguments[0]).value = arguments[1];", id, value);

    private static string Safe(Func<string> describe)
    {
        try
        {
            return describe();
        }
        catch (WebDriverException exception)
        {
            return "(unavailable: " + exception.Message + ")";
        }
    }
}
