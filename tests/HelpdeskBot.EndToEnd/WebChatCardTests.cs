using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// Adaptive Cards end to end in real headless Chromium: the demo employee asks for leave, Web Chat renders the leave
/// card, the form is filled and submitted (Action.Submit over the bot's Direct Line), the Yes card confirms, and the HR
/// system creates the request.
/// </summary>
public sealed class WebChatCardTests(BotServer server, ITestOutputHelper output) : IClassFixture<BotServer>
{
    [BrowserFact]
    public void The_demo_employee_fills_the_leave_card_confirms_with_the_yes_card_and_the_request_is_created()
    {
        var (start, end) = SickDays(DateOnly.FromDateTime(DateTime.UtcNow));
        var root = server.RootUri;
        using var browser = ChromiumSession.Start();
        var page = new WebChatPage(browser, root);
        try
        {
            page.Open();
            page.WaitForConversation("en-US");
            page.SwitchUser("as-employee");
            page.WaitForBotMessage("the welcome message for Rina", 0, text => text.Contains("Hi Rina", StringComparison.Ordinal));

            page.Send("Request leave");
            var form = page.WaitForCard("the leave request card", "Submit");
            page.Choose(form, "sick");
            page.SetDate(form, 0, start);
            page.SetDate(form, 1, end);
            var before = page.BotMessages().Count;
            page.Press(form, "Submit");

            var question = page.WaitForBotMessage("the confirmation of the card's leave", before, text => text.Contains("Submit?", StringComparison.Ordinal));
            Assert.Contains("Sick leave", question, StringComparison.Ordinal);
            Assert.Contains("working day", question, StringComparison.Ordinal);
            var confirm = page.WaitForCard("the Yes / No card", "Yes");
            before = page.BotMessages().Count;
            page.Press(confirm, "Yes");

            var done = page.WaitForBotMessage("the submitted leave request", before, text => text.Contains("submitted", StringComparison.Ordinal));
            Assert.Matches("LR-[0-9]+", done);
            output.WriteLine("submitted: " + done);
            output.WriteLine("screenshot: " + browser.SaveScreenshot("webchat-leave-card.png"));
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                What the page showed:
                {page.Describe()}
                Saved:
                {browser.SaveFailureArtifacts("leave-card")}

                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    /// <summary>
    /// A Monday and Tuesday at least a week ahead, clear of the demo's year-end holidays and of the leave EMP-0007 already
    /// has (22–24 December). Sick leave, which the HR system never refuses for balance, so the test works in any year.
    /// </summary>
    private static (DateOnly Start, DateOnly End) SickDays(DateOnly today)
    {
        var monday = today.AddDays(7);
        while (monday.DayOfWeek != DayOfWeek.Monday || (monday.Month == 12 && monday.Day >= 15) || (monday.Month == 1 && monday.Day <= 2))
        {
            monday = monday.AddDays(1);
        }

        return (monday, monday.AddDays(1));
    }
}
