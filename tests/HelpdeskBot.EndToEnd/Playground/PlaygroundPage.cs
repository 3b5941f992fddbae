using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenQA.Selenium;

namespace HelpdeskBot.EndToEnd.Playground;

/// <summary>
/// The Agents Playground page as a Teams user sees it (playground 0.2.28). Its markup has hashed class names, so the
/// selectors are what it exposes for accessibility and what the renderers name: a message starts with
/// <c>[aria-label="Message header"]</c> holding <c>[aria-label="Message author"]</c> and is followed by its body; the
/// compose box is the Lexical editor <c>[data-lexical-editor="true"]</c> (Enter sends); Adaptive Cards render as
/// <c>.ac-adaptiveCard</c> with Fluent inputs (<c>Input.Date</c> is a Fluent DatePicker whose calendar days are buttons
/// labelled "7, December, 2026"); the log panel is the other <c>contenteditable</c>.
/// </summary>
public sealed class PlaygroundPage(ChromiumSession browser, Uri pageUri, string botName)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string Compose = "[data-lexical-editor='true']";

    /// <summary>Each message of <c>arguments[0]</c> as [body text, its Adaptive Card element or null], oldest first.</summary>
    private const string MessagesScript = """
        const author = arguments[0];
        return Array.from(document.querySelectorAll('[aria-label="Message header"]'))
          .filter(h => { const a = h.querySelector('[aria-label="Message author"]'); return a && a.innerText.trim() === author; })
          .map(h => { const body = h.nextElementSibling; return [body ? body.innerText.trim() : '', body ? body.querySelector('.ac-adaptiveCard') : null]; });
        """;

    /// <summary>Texts shown in the conversation that are exactly <c>arguments[0]</c>, outside the compose box and the log panel.</summary>
    private const string ShownTextScript = """
        const text = arguments[0];
        return Array.from(document.querySelectorAll('span, p, div'))
          .filter(e => e.children.length === 0 && e.innerText && e.innerText.trim() === text && !e.closest('[contenteditable]'))
          .length;
        """;

    private const string LogPanelScript = """
        const panels = Array.from(document.querySelectorAll('[contenteditable="true"]')).filter(e => !e.matches('[data-lexical-editor="true"]'));
        return panels.length ? panels[0].innerText : '(no log panel)';
        """;

    public ChromiumSession Browser => browser;

    /// <summary>Opens the page (which installs the bot in the personal chat) and waits for the compose box.</summary>
    public void Open()
    {
        browser.Driver.Navigate().GoToUrl(pageUri);
        browser.WaitFor("the playground's compose box", Timeout, driver => driver.FindElements(By.CssSelector(Compose)).FirstOrDefault(e => e.Displayed));
    }

    public IReadOnlyList<string> BotMessages() => Messages().Select(m => m.Text).ToList();

    /// <summary>Waits for a bot message, at or after position <paramref name="from"/>, that satisfies <paramref name="matches"/>.</summary>
    public string WaitForBotMessage(string what, int from, Func<string, bool> matches) =>
        browser.WaitFor(what, Timeout, _ => BotMessages().Skip(from).FirstOrDefault(matches));

    /// <summary>Types into the compose box and presses Enter, then waits until the message shows in the conversation.</summary>
    public void Send(string text)
    {
        var input = browser.Driver.FindElement(By.CssSelector(Compose));
        input.Click();
        input.SendKeys(text);
        input.SendKeys(Keys.Enter);
        browser.WaitFor($"\"{text}\" to be sent", Timeout, driver =>
            driver.FindElement(By.CssSelector(Compose)).Text.Trim().Length == 0
            && Convert.ToInt64(browser.Driver.ExecuteScript(ShownTextScript, text), CultureInfo.InvariantCulture) > 0 ? "sent" : null);
    }

    /// <summary>Waits for a bot message at or after position <paramref name="from"/> that is an Adaptive Card, and returns the card.</summary>
    public IWebElement WaitForCard(string what, int from) =>
        browser.WaitFor(what, Timeout, _ => Messages().Skip(from).Select(m => m.Card).FirstOrDefault(card => card is not null));

    /// <summary>The text of the bot message that holds <paramref name="card"/>, for checks and failure messages.</summary>
    public static string CardText(IWebElement card) => card.Text.Trim();

    /// <summary>
    /// Fills the card's empty inputs as a user would: every date picker gets <paramref name="date"/> from its calendar,
    /// an empty choice its first option, an empty text box <paramref name="text"/>. Pre-filled inputs are left alone.
    /// </summary>
    public void FillCard(IWebElement card, DateOnly date, string text)
    {
        var inputs = card.FindElements(By.CssSelector("input, textarea")).ToList();
        if (inputs.Count == 0)
        {
            throw new InvalidOperationException("The card has no inputs to fill: " + CardText(card));
        }
        var radioGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var type = input.GetAttribute("type");
            if (type == "radio")
            {
                // An expanded choice set: Fluent draws its own circle over a transparent input, which Selenium counts
                // as hidden, so the first choice is clicked in the page when nothing is chosen yet.
                var name = input.GetAttribute("name") ?? "";
                if (radioGroups.Add(name))
                {
                    var group = inputs.Where(i => i.GetAttribute("type") == "radio" && (i.GetAttribute("name") ?? "") == name).ToList();
                    if (!group.Any(r => r.Selected))
                    {
                        browser.Driver.ExecuteScript("arguments[0].click();", group[0]);
                    }
                }
            }
            else if (type == "checkbox" || !input.Displayed)
            {
                // Toggles keep their defaults; hidden inputs belong to the renderer.
            }
            else if (input.GetAttribute("aria-haspopup") == "dialog")
            {
                PickDate(input, date);
            }
            else if (input.GetAttribute("role") == "combobox")
            {
                if (string.IsNullOrEmpty(input.GetAttribute("value")))
                {
                    input.Click();
                    browser.WaitFor("the choices of a drop-down in the card", Timeout, driver =>
                        driver.FindElements(By.CssSelector("[role='listbox'] [role='option']")).FirstOrDefault(o => o.Displayed)).Click();
                }
            }
            else if (string.IsNullOrEmpty(input.GetAttribute("value")))
            {
                input.Click();
                input.SendKeys(type == "number" ? "1" : text);
            }
        }
    }

    /// <summary>Presses the card's action button whose title matches <paramref name="title"/> (the first action when null).</summary>
    public static void PressCardAction(IWebElement card, Regex? title = null)
    {
        var buttons = card.FindElements(By.CssSelector("button")).Where(b => b.Displayed && b.Enabled && b.Text.Trim().Length > 0).ToList();
        var button = (title is null ? buttons.FirstOrDefault() : buttons.FirstOrDefault(b => title.IsMatch(b.Text.Trim())))
            ?? throw new InvalidOperationException($"The card has no action button{(title is null ? "" : " matching " + title)}; buttons: "
                + string.Join(", ", buttons.Select(b => b.Text.Trim())));
        button.Click();
    }

    /// <summary>What the page showed, for failure messages.</summary>
    public string Describe()
    {
        try
        {
            return $"""
                url: {browser.Driver.Url}
                bot said: {string.Join(" | ", BotMessages())}
                log panel:
                {browser.Driver.ExecuteScript(LogPanelScript)}
                """;
        }
        catch (WebDriverException e)
        {
            return "(page unavailable: " + e.Message + ")";
        }
    }

    private ReadOnlyCollection<(string Text, IWebElement? Card)> Messages()
    {
        var result = browser.Driver.ExecuteScript(MessagesScript, botName) as IEnumerable<object>;
        return (result ?? [])
            .Select(item => item as IReadOnlyList<object> ?? ((IEnumerable<object>)item).ToList())
            .Select(pair => (pair[0]?.ToString() ?? "", pair[1] as IWebElement))
            .ToList()
            .AsReadOnly();
    }

    /// <summary>Opens the date picker, pages its calendar to the month and presses the day, as a user would.</summary>
    private void PickDate(IWebElement input, DateOnly date)
    {
        var english = CultureInfo.GetCultureInfo("en-US").DateTimeFormat;
        var month = $"{english.GetMonthName(date.Month)} {date.Year}";
        var day = $"{date.Day}, {english.GetMonthName(date.Month)}, {date.Year}";
        input.Click();
        for (var pages = 0; ; pages++)
        {
            var calendar = browser.WaitFor("the date picker's calendar", Timeout, driver =>
                driver.FindElements(By.CssSelector("[role='dialog']")).FirstOrDefault(d => d.Displayed && d.FindElements(By.CssSelector("[class*='CalendarDay__monthAndYear']")).Count > 0));
            var shown = calendar.FindElement(By.CssSelector("[class*='CalendarDay__monthAndYear']")).Text.Trim();
            if (shown == month)
            {
                calendar.FindElements(By.CssSelector($"button[aria-label='{day}']")).First(b => b.Displayed).Click();
                break;
            }
            if (pages > 24 || !DateTime.TryParseExact(shown, "MMMM yyyy", english, DateTimeStyles.None, out var showing))
            {
                throw new InvalidOperationException($"The date picker shows '{shown}' and cannot reach {month}.");
            }
            var direction = new DateOnly(date.Year, date.Month, 1) > DateOnly.FromDateTime(showing) ? "Next month" : "Previous month";
            var before = shown;
            calendar.FindElement(By.CssSelector($"button[title^='{direction}']")).Click();
            browser.WaitFor($"the calendar to turn to the {direction.ToLowerInvariant()}", Timeout, driver =>
                driver.FindElements(By.CssSelector("[role='dialog'] [class*='CalendarDay__monthAndYear']")).FirstOrDefault(h => h.Text.Trim() != before));
        }
        browser.WaitFor($"the date {date:yyyy-MM-dd} in the card", Timeout, _ =>
            !string.IsNullOrEmpty(input.GetAttribute("value")) && browser.Driver.FindElements(By.CssSelector("[role='dialog'] [class*='CalendarDay__monthAndYear']")).All(d => !d.Displayed) ? "picked" : null);
    }
}
