using System.Globalization;
using System.Text.RegularExpressions;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd.Playground;

/// <summary>
/// The bot as a Teams employee meets it, in a real Teams-like client: the Microsoft 365 Agents Playground (channel
/// <c>msteams</c>, the user's Entra object id in <c>from.aadObjectId</c>) talking to the real host on Kestrel over
/// <c>/api/messages</c>, the bot answering through the playground's Bot Connector, and headless Chromium on the page.
/// The host runs without an app id (the playground signs nothing), so it replies only to loopback service URLs and is
/// told to trust the object id (<c>BotFramework:TrustIdentityWithoutAuthentication</c>), as on a developer's machine.
/// </summary>
public sealed class TeamsPlaygroundTests(ITestOutputHelper output)
{
    private const string RinaEmployeeId = "EMP-0007";

    private static readonly PlaygroundUser Rina = new("e2e-rina", "Rina Wijaya", "00000000-0000-4000-8000-000000000007", "rina.wijaya@corp.example");

    [PlaygroundFact]
    public void An_employee_in_Teams_is_greeted_by_name_and_gets_their_leave_balance_in_English_and_Indonesian()
    {
        InPlayground("teams-text", (server, page) =>
        {
            page.Open();
            // Only the HR directory knows her name from her object id: the greeting proves the identity came through.
            var welcome = page.WaitForBotMessage("the welcome for Rina", 0, text => text.Contains("Rina", StringComparison.Ordinal));
            output.WriteLine("welcome: " + welcome);

            var annual = AnnualBalance(server, DateTime.UtcNow.Year);
            var before = page.BotMessages().Count;
            page.Send("how many leave days do I have left?");
            var reply = page.WaitForBotMessage("Rina's leave balance", before, text =>
                text.Contains("Your leave balance for", StringComparison.Ordinal) && text.Contains("Annual leave", StringComparison.Ordinal));
            output.WriteLine("balance: " + reply);
            Assert.Contains(Days(annual.AvailableDays) + " days available", reply, StringComparison.Ordinal);

            before = page.BotMessages().Count;
            page.Send("berapa sisa cuti saya?");
            var balasan = page.WaitForBotMessage("Rina's leave balance in Indonesian", before, text =>
                text.Contains("Sisa cuti Anda untuk tahun", StringComparison.Ordinal));
            output.WriteLine("saldo: " + balasan);
            Assert.Contains("Cuti tahunan", balasan, StringComparison.Ordinal);
            // The playground, like Teams, announces the install twice (installationUpdate and conversationUpdate): one greeting.
            Assert.Single(page.BotMessages(), text => text.Contains("Hi Rina", StringComparison.Ordinal));
            output.WriteLine("screenshot: " + page.Browser.SaveScreenshot("playground-teams-text.png"));
        });
    }

    /// <summary>
    /// The contract of the leave form card (Adaptive Card attachment, sent when an employee asks for leave): the test
    /// fills what a person would (the type, the first and last day, picked in the calendar), presses the submit button,
    /// confirms when the bot asks, and checks that HR now has the pending day.
    /// </summary>
    [PlaygroundFact]
    public void An_employee_requests_leave_by_filling_in_and_submitting_the_Adaptive_Card()
    {
        InPlayground("teams-card", (server, page) =>
        {
            page.Open();
            page.WaitForBotMessage("the welcome for Rina", 0, text => text.Contains("Rina", StringComparison.Ordinal));
            var day = NextFreeWorkingDay(server);
            var pendingBefore = AnnualBalance(server, day.Year).PendingDays;

            var before = page.BotMessages().Count;
            page.Send("I want to request leave");
            var card = page.WaitForCard("the leave request form card", before);
            output.WriteLine("form: " + PlaygroundPage.CardText(card));
            page.FillCard(card, day, "Family event (end-to-end test)");

            var shown = page.BotMessages();
            PlaygroundPage.PressCardAction(card, SubmitTitle());
            var answer = WaitForChange(page, shown, "the bot's answer to the submitted form");
            output.WriteLine("answer: " + answer);

            // A bot may confirm before it files the request: press its Yes, as the employee would.
            if (page.BotMessages().Count > 0 && LatestCardWithYes(page) is { } confirmation)
            {
                shown = page.BotMessages();
                PlaygroundPage.PressCardAction(confirmation, new Regex("^(Yes|Ya)$"));
                output.WriteLine("after yes: " + WaitForChange(page, shown, "the bot's answer to Yes"));
            }

            page.Browser.WaitFor($"HR to hold a pending annual leave day on {day:yyyy-MM-dd}", PlaygroundPage.Timeout, _ =>
                AnnualBalance(server, day.Year).PendingDays == pendingBefore + 1 ? "filed" : null);
            output.WriteLine("screenshot: " + page.Browser.SaveScreenshot("playground-teams-card.png"));
        });
    }

    private void InPlayground(string name, Action<BotServer, PlaygroundPage> scenario)
    {
        if (AgentsPlayground.MissingParts() is { Count: > 0 } missing)
        {
            // Only reached under CI=true (the attribute skips otherwise): fail before starting a host for nothing.
            throw new InvalidOperationException("The Agents Playground cannot start: missing " + string.Join(" and ", missing) + ".");
        }
        using var server = new BotServer()
            .With("BotFramework:TrustIdentityWithoutAuthentication", "true")
            // HR answers need no knowledge base: skip embedding the seed corpus.
            .With("Knowledge:SeedOnFirstRun", "false");
        var endpoint = new Uri(server.RootUri, "/api/messages");
        using var playground = AgentsPlayground.Start(endpoint, Rina);
        using var browser = ChromiumSession.Start();
        var page = new PlaygroundPage(browser, playground.PageUri, AgentsPlayground.BotName);
        output.WriteLine($"bot {endpoint}, playground {playground.PageUri}");
        try
        {
            scenario(server, page);
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                What the playground showed:
                {page.Describe()}
                Saved:
                {browser.SaveFailureArtifacts(name)}

                Browser console:
                {browser.ConsoleLog()}
                {playground.Describe()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    private static LeaveBalanceInfo AnnualBalance(BotServer server, int year)
    {
        var hr = server.Services.GetRequiredService<IHrService>();
        var balances = hr.GetLeaveBalancesAsync(Requester.Employee(RinaEmployeeId), year, CancellationToken.None).GetAwaiter().GetResult();
        return balances.Single(b => b.Type == LeaveType.Annual);
    }

    /// <summary>
    /// Two weeks ahead or later: a weekday that is not one of the host's public holidays and not in Rina's seeded
    /// pending leave (LR-000001, 21–23 December 2026), so the request is one working day that cannot overlap.
    /// </summary>
    private static DateOnly NextFreeWorkingDay(BotServer server)
    {
        var holidays = (server.Services.GetRequiredService<IConfiguration>().GetSection("Skills:Leave:PublicHolidays").Get<string[]>() ?? [])
            .Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .ToHashSet();
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.Contains(day)
               || (day >= new DateOnly(2026, 12, 21) && day <= new DateOnly(2026, 12, 23)))
        {
            day = day.AddDays(1);
        }
        return day;
    }

    private static string Days(decimal days) => days.ToString("0.##", CultureInfo.InvariantCulture);

    private static Regex SubmitTitle() => new("^(Submit|Send|Kirim|Ajukan)", RegexOptions.IgnoreCase);

    /// <summary>
    /// Waits until the bot's messages differ from <paramref name="shown"/>: a new message (<c>Action.Submit</c>, or a
    /// reply to an invoke) or a message changed in place (an <c>Action.Execute</c> answer that updates the card).
    /// </summary>
    private static string WaitForChange(PlaygroundPage page, IReadOnlyList<string> shown, string what) =>
        page.Browser.WaitFor(what, PlaygroundPage.Timeout, _ =>
        {
            var now = page.BotMessages();
            if (now.Count > shown.Count)
            {
                return now[^1];
            }
            var changed = now.Zip(shown).FirstOrDefault(pair => pair.First != pair.Second);
            return changed.First;
        });

    private static IWebElement? LatestCardWithYes(PlaygroundPage page)
    {
        var card = page.Browser.Driver.FindElements(By.CssSelector(".ac-adaptiveCard")).LastOrDefault();
        return card?.FindElements(By.CssSelector("button")).Any(b => b.Text.Trim() is "Yes" or "Ya") == true ? card : null;
    }
}
