using System.Collections.ObjectModel;
using OpenQA.Selenium;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// The demo page as a customer sees it. Selectors are Web Chat 4.18's own: the send box carries
/// <c>data-id="webchat-sendbox-input"</c>, bubbles are <c>.webchat__bubble</c> and the user's have
/// <c>.webchat__bubble--from-user</c>.
/// </summary>
public sealed class WebChatPage(ChromiumSession browser, Uri root)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string BubbleTextsScript = """
        const fromUser = arguments[0];
        return Array.from(document.querySelectorAll('#webchat .webchat__bubble'))
          .filter(b => b.classList.contains('webchat__bubble--from-user') === fromUser)
          .map(b => (b.querySelector('.webchat__bubble__content') || b).innerText.trim())
          .filter(t => t.length > 0);
        """;

    public ChromiumSession Browser => browser;

    public void Open() => browser.Driver.Navigate().GoToUrl(root);

    /// <summary>Waits until the page got a token and rendered Web Chat for <paramref name="locale"/>; fails fast on the page's error box.</summary>
    public void WaitForConversation(string locale)
    {
        browser.WaitFor($"Web Chat to start a conversation in {locale}", Timeout, driver =>
        {
            var error = driver.FindElement(By.Id("chat-error"));
            if (error.Displayed)
            {
                throw new InvalidOperationException("The page shows an error instead of the chat: " + error.Text);
            }
            var host = driver.FindElement(By.Id("webchat"));
            return host.GetAttribute("data-state") == "ready" && host.GetAttribute("data-locale") == locale
                && driver.FindElements(By.CssSelector("#webchat [data-id='webchat-sendbox-input']")).Count > 0
                ? host
                : null;
        });
    }

    public void SwitchLanguage(string buttonId) => browser.Driver.FindElement(By.Id(buttonId)).Click();

    /// <summary>Presses the header button that signs the demo in as someone else (<c>as-employee</c>, <c>as-guest</c>, …).</summary>
    public void SwitchUser(string buttonId) => browser.Driver.FindElement(By.Id(buttonId)).Click();

    /// <summary>Waits for a suggested-action button titled <paramref name="title"/> in the chat and presses it, as a user would.</summary>
    public void PressSuggestedAction(string title)
    {
        var button = browser.WaitFor($"a \"{title}\" button in the chat", Timeout, driver =>
            driver.FindElements(By.XPath($"//div[@id='webchat']//button[normalize-space(.)='{title}']")).LastOrDefault(b => b.Displayed && b.Enabled));
        button.Click();
    }

    public IReadOnlyList<string> BotMessages() => Bubbles(fromUser: false);

    public IReadOnlyList<string> UserMessages() => Bubbles(fromUser: true);

    public void Send(string text)
    {
        var input = browser.Driver.FindElement(By.CssSelector("#webchat [data-id='webchat-sendbox-input']"));
        input.Click();
        input.SendKeys(text);
        input.SendKeys(Keys.Enter);
    }

    /// <summary>Waits for a bot message, at or after position <paramref name="from"/>, that satisfies <paramref name="matches"/>.</summary>
    public string WaitForBotMessage(string what, int from, Func<string, bool> matches) =>
        browser.WaitFor(what, Timeout, _ => BotMessages().Skip(from).FirstOrDefault(matches));

    public string Text(string elementId) => browser.Driver.FindElement(By.Id(elementId)).Text;

    /// <summary>What the page showed, for failure messages.</summary>
    public string Describe()
    {
        try
        {
            var host = browser.Driver.FindElements(By.Id("webchat")).FirstOrDefault();
            var error = browser.Driver.FindElements(By.Id("chat-error")).FirstOrDefault();
            return $"""
                url: {browser.Driver.Url}
                #webchat: state={host?.GetAttribute("data-state")} locale={host?.GetAttribute("data-locale")} connection={host?.GetAttribute("data-connection")} conversation={host?.GetAttribute("data-conversation-id")}
                error box: {(error is { Displayed: true } ? error.Text : "(hidden)")}
                user said: {string.Join(" | ", UserMessages())}
                bot said: {string.Join(" | ", BotMessages())}
                """;
        }
        catch (WebDriverException e)
        {
            return "(page unavailable: " + e.Message + ")";
        }
    }

    private ReadOnlyCollection<string> Bubbles(bool fromUser)
    {
        var result = browser.Driver.ExecuteScript(BubbleTextsScript, fromUser) as IEnumerable<object>;
        return (result ?? []).Select(item => item?.ToString() ?? "").ToList().AsReadOnly();
    }
}
