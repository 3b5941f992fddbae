using OpenQA.Selenium;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// Adaptive Cards as Web Chat 4.18 renders them (the adaptivecards renderer's own classes): the card root is
/// <c>.ac-adaptiveCard</c>, buttons are <c>button.ac-pushButton</c>, Input.Date is an <c>input[type=date]</c>, an expanded
/// Input.ChoiceSet is radio buttons whose values are the choices' values.
/// </summary>
public static class WebChatCards
{
    /// <summary>Waits for a rendered card with a button titled <paramref name="button"/>, and returns the newest such card.</summary>
    public static IWebElement WaitForCard(this WebChatPage page, string what, string button) =>
        page.Browser.WaitFor(what, WebChatPage.Timeout, driver =>
            driver.FindElements(By.CssSelector("#webchat .ac-adaptiveCard"))
                .LastOrDefault(card => card.Displayed && card.FindElements(By.XPath($".//button[normalize-space(.)='{button}']")).Count > 0));

    /// <summary>Picks the radio button whose value is <paramref name="value"/> in <paramref name="card"/>.</summary>
    public static void Choose(this WebChatPage page, IWebElement card, string value) =>
        page.Click(card.FindElement(By.CssSelector($"input[type='radio'][value='{value}']")));

    /// <summary>
    /// Sets the <paramref name="index"/>-th date input of <paramref name="card"/>. Chromium's date field takes keys in the
    /// machine's locale order, so the value is set as the picker would and the renderer is told it changed.
    /// </summary>
    public static void SetDate(this WebChatPage page, IWebElement card, int index, DateOnly date)
    {
        var input = card.FindElements(By.CssSelector("input[type='date']"))[index];
        page.Browser.Driver.ExecuteScript(
            """
            const input = arguments[0];
            input.value = arguments[1];
            input.dispatchEvent(new Event('input', { bubbles: true }));
            input.dispatchEvent(new Event('change', { bubbles: true }));
            """,
            input,
            date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Presses the card's button titled <paramref name="title"/>.</summary>
    public static void Press(this WebChatPage page, IWebElement card, string title) =>
        page.Click(card.FindElement(By.XPath($".//button[normalize-space(.)='{title}']")));

    /// <summary>
    /// Clicks as a user would, after scrolling the element to the middle of the transcript: at the edge, Web Chat's
    /// suggested-actions bar or "new messages" button lies over it.
    /// </summary>
    private static void Click(this WebChatPage page, IWebElement element)
    {
        // Web Chat keeps scrolling while new activities and cards lay out; a click that lands on a neighbour while the
        // transcript moves is tried again once it has settled, as a user would.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            page.Browser.Driver.ExecuteScript("arguments[0].scrollIntoView({ block: 'center' });", element);
            try
            {
                element.Click();
                return;
            }
            catch (ElementClickInterceptedException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }
}
