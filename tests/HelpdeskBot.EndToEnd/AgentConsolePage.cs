using System.Collections.ObjectModel;
using OpenQA.Selenium;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// The agent console (<c>/agent</c>) as an agent uses it. Selectors are the console's own stable ids and data attributes:
/// <c>#waiting li[data-case-id]</c> with an Accept button, <c>#case[data-case-id][data-mine]</c>, transcript lines
/// <c>#transcript li[data-direction]</c>, <c>#connection[data-state]</c>.
/// </summary>
public sealed class AgentConsolePage(ChromiumSession browser, Uri root)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string LinesScript = """
        const direction = arguments[0];
        return Array.from(document.querySelectorAll('#transcript li[data-direction]'))
          .filter(li => li.dataset.direction === direction)
          .map(li => li.querySelector('.text').textContent);
        """;

    public ChromiumSession Browser => browser;

    /// <summary>Signs in on the form and waits until the console is connected to the hub.</summary>
    public void SignIn(string userName, string password)
    {
        browser.Driver.Navigate().GoToUrl(new Uri(root, "/agent"));
        // Not signed in: the console sends the browser to the sign-in form first.
        browser.WaitFor("the sign-in form", Timeout, driver => driver.Url.Contains("/agent/login", StringComparison.Ordinal) ? driver.FindElement(By.Id("userName")) : null);
        browser.Driver.FindElement(By.Id("userName")).SendKeys(userName);
        browser.Driver.FindElement(By.Id("password")).SendKeys(password);
        browser.Driver.FindElement(By.Id("signIn")).Click();
        WaitConnected();
    }

    private void WaitConnected() =>
        browser.WaitFor("the console to connect to its hub", Timeout, driver =>
        {
            var state = driver.FindElements(By.Id("connection")).FirstOrDefault()?.GetAttribute("data-state");
            return state == "connected" ? state : null;
        });

    /// <summary>Waits for a waiting conversation in <paramref name="queue"/> and returns its case id.</summary>
    public long WaitForWaitingCase(string queue)
    {
        var item = browser.WaitFor($"a waiting conversation in {queue}", Timeout, driver =>
            driver.FindElements(By.CssSelector($"#waiting li[data-case-id][data-queue='{queue}']")).FirstOrDefault());
        return long.Parse(item.GetAttribute("data-case-id")!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Presses Accept on the waiting conversation and waits until it is open as the agent's own.</summary>
    public void Accept(long caseId)
    {
        ClickWhenPresent($"Accept on conversation {caseId}", $"#waiting li[data-case-id='{caseId}'] button[data-action='accept']");
        browser.WaitFor($"conversation {caseId} to open as mine", Timeout, driver =>
        {
            var panel = driver.FindElement(By.Id("case"));
            return panel.GetAttribute("data-case-id") == caseId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && panel.GetAttribute("data-mine") == "true"
                && driver.FindElements(By.CssSelector($"#mine li[data-case-id='{caseId}']")).Count == 1
                ? panel
                : null;
        });
    }

    /// <summary>
    /// Finds and clicks in one step, again if the list was redrawn in between (a queue update re-renders it, which makes
    /// an element found a moment earlier stale).
    /// </summary>
    private void ClickWhenPresent(string what, string selector) =>
        browser.WaitFor(what, Timeout, driver =>
        {
            var element = driver.FindElements(By.CssSelector(selector)).FirstOrDefault();
            element?.Click();
            return element;
        });

    /// <summary>Reloads the console (a new hub connection) and waits until it is connected again.</summary>
    public void Reload()
    {
        browser.Driver.Navigate().Refresh();
        WaitConnected();
    }

    /// <summary>Opens one of the agent's own conversations from "My conversations".</summary>
    public void OpenMine(long caseId)
    {
        ClickWhenPresent($"conversation {caseId} under My conversations", $"#mine li[data-case-id='{caseId}'] button[data-action='open']");
        browser.WaitFor($"conversation {caseId} to open as mine", Timeout, driver =>
        {
            var panel = driver.FindElement(By.Id("case"));
            return panel.GetAttribute("data-case-id") == caseId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && panel.GetAttribute("data-mine") == "true" ? panel : null;
        });
    }

    /// <summary>Presses "Sign out" and waits for the sign-in form.</summary>
    public void SignOut()
    {
        browser.Driver.FindElement(By.Id("signOut")).Click();
        browser.WaitFor("the sign-in form after signing out", Timeout, driver =>
            driver.Url.Contains("/agent/login", StringComparison.Ordinal) ? driver.FindElements(By.Id("userName")).FirstOrDefault() : null);
    }

    /// <summary>Types into the chat box and presses Enter, as an agent would.</summary>
    public void Send(string text)
    {
        var input = browser.Driver.FindElement(By.Id("chat-input"));
        input.Click();
        input.SendKeys(text);
        input.SendKeys(Keys.Enter);
        browser.WaitFor("the message to be sent", Timeout, driver =>
            driver.FindElement(By.Id("chat-input")).GetAttribute("value") == "" && AgentLines().Contains(text) ? "sent" : null);
    }

    public void Resolve()
    {
        browser.Driver.FindElement(By.Id("resolve")).Click();
        browser.WaitFor("the conversation to show as closed", Timeout, driver =>
            driver.FindElement(By.Id("case-state")).GetAttribute("data-state") == "closed" ? "closed" : null);
    }

    /// <summary>Waits for a customer line in the open conversation's transcript equal to <paramref name="text"/>.</summary>
    public void WaitForCustomerLine(string text) =>
        browser.WaitFor($"the customer's message \"{text}\" in the console", Timeout, _ => CustomerLines().Contains(text) ? text : null);

    public ReadOnlyCollection<string> CustomerLines() => Lines("user");

    public ReadOnlyCollection<string> AgentLines() => Lines("agent");

    public object? Script(string script) => browser.Driver.ExecuteScript(script);

    /// <summary>What the console showed, for failure messages.</summary>
    public string Describe()
    {
        try
        {
            var driver = browser.Driver;
            string Attr(string id, string name) => driver.FindElements(By.Id(id)).FirstOrDefault()?.GetAttribute(name) ?? "(none)";
            return $"""
                url: {driver.Url}
                connection: {Attr("connection", "data-state")}
                notice: {driver.FindElements(By.Id("notice")).FirstOrDefault()?.Text}
                waiting: {string.Join(", ", driver.FindElements(By.CssSelector("#waiting li[data-case-id]")).Select(li => li.GetAttribute("data-case-id")))}
                mine: {string.Join(", ", driver.FindElements(By.CssSelector("#mine li[data-case-id]")).Select(li => li.GetAttribute("data-case-id")))}
                case: id={Attr("case", "data-case-id")} status={Attr("case", "data-status")} mine={Attr("case", "data-mine")}
                customer lines: {string.Join(" | ", CustomerLines())}
                agent lines: {string.Join(" | ", AgentLines())}
                """;
        }
        catch (WebDriverException e)
        {
            return "(console unavailable: " + e.Message + ")";
        }
    }

    private ReadOnlyCollection<string> Lines(string direction)
    {
        var result = browser.Driver.ExecuteScript(LinesScript, direction) as IEnumerable<object>;
        return (result ?? []).Select(item => item?.ToString() ?? "").ToList().AsReadOnly();
    }
}
