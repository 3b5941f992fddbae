using System.Text.RegularExpressions;
using HelpdeskBot.Skills.Tests.Llm;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// A grounded policy answer streamed from a model (<see cref="ChatModelStandIn"/>, word by word over real HTTP) into the real
/// Web Chat 4.18 in headless Chromium: the bot's bubble shows only whole checked sentences while the model writes, then
/// becomes the final answer with its citation.
/// </summary>
public sealed partial class WebChatGroundedStreamingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string BubblesScript = """
        const bubbles = Array.from(document.querySelectorAll('#webchat .webchat__bubble'))
          .filter(b => !b.classList.contains('webchat__bubble--from-user'))
          .map(b => (b.querySelector('.webchat__bubble__content') || b).innerText.trim())
          .filter(t => t.length > 0);
        return bubbles.length + '\n' + (bubbles[bubbles.length - 1] || '');
        """;

    private ChatModelStandIn model = null!;

    public async Task InitializeAsync()
    {
        model = await ChatModelStandIn.StartAsync();
        model.Respond = request => StandInReply.Paced(Faithful(request.User), TimeSpan.FromMilliseconds(120));
    }

    public async Task DisposeAsync() => await model.DisposeAsync();

    /// <summary>The first two sentences of passage 1, each followed by its citation mark.</summary>
    private static string Faithful(string userPrompt) =>
        string.Join(" ", Sentences(userPrompt).Take(2).Select(sentence => $"{sentence} [1]"));

    private static List<string> Sentences(string userPrompt) =>
        [.. SentenceEnd().Split(PassageOne().Match(userPrompt).Groups["text"].Value.Trim())];

    [BrowserFact]
    public void A_grounded_answer_grows_one_checked_sentence_at_a_time_and_ends_with_its_citation()
    {
        using var server = new BotServer()
            .With("Llm:Endpoint", model.Endpoint.ToString())
            .With("Llm:Model", "helpdesk-test-model")
            .With("Llm:Timeout", "00:00:15");
        using var browser = ChromiumSession.Start();
        var page = new WebChatPage(browser, server.RootUri);
        try
        {
            page.Open();
            page.WaitForConversation("en-US");
            page.WaitForBotMessage("the welcome message", 0, _ => true);
            var before = page.BotMessages().Count;

            page.Send("how long do I have to return something?");

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var seen = new List<(int Count, string Text)>();
            var at = new List<TimeSpan>();
            var deadline = DateTime.UtcNow + WebChatPage.Timeout;
            while (DateTime.UtcNow < deadline)
            {
                var sample = ((string)browser.Driver.ExecuteScript(BubblesScript)!).Split('\n', 2);
                var current = (int.Parse(sample[0], System.Globalization.CultureInfo.InvariantCulture), sample[1]);
                if (seen.Count == 0 || seen[^1] != current)
                {
                    seen.Add(current);
                    at.Add(clock.Elapsed);
                }
                if (page.BotMessages() is { } messages && messages.Count > before && messages[^1].Contains("Source:", StringComparison.Ordinal))
                {
                    break;
                }
                Thread.Sleep(40);
            }
            var finalAt = clock.Elapsed;
            output.WriteLine(string.Join(Environment.NewLine, seen.Select((s, i) => $"{at[i].TotalMilliseconds:0} ms {s.Count}: {s.Text}")));
            output.WriteLine($"final answer card at {finalAt.TotalMilliseconds:0} ms");

            Assert.Single(model.Requests);
            var final = page.BotMessages()[^1];
            Assert.Contains("[1] Source: Returns and refunds", final, StringComparison.Ordinal);
            var firstSentence = final[..(final.IndexOf("[1]", StringComparison.Ordinal) + 3)];
            Assert.EndsWith(". [1]", firstSentence, StringComparison.Ordinal);
            var growing = seen.Where(s => s.Count == before + 1 && !s.Text.Contains("Source:", StringComparison.Ordinal)).Select(s => s.Text).ToList();
            Assert.Contains(firstSentence, growing);
            // Nothing but whole checked sentences (or the "looking" line) was ever in the growing bubble.
            Assert.All(growing, text => Assert.True(
                (text.EndsWith("[1]", StringComparison.Ordinal) && final.StartsWith(text, StringComparison.Ordinal))
                || text.StartsWith("Looking through our policies", StringComparison.Ordinal),
                $"The bubble showed unchecked text: {text}"));
            Thread.Sleep(500);
            Assert.Equal(before + 1, page.BotMessages().Count);
            output.WriteLine("screenshot: " + browser.SaveScreenshot("webchat-grounded-streaming.png"));
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                What the page showed:
                {page.Describe()}
                Saved:
                {browser.SaveFailureArtifacts("grounded-streaming")}

                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }

    [GeneratedRegex(@"^\[1\] [^\n]*\n(?<text>[^\n]+)", RegexOptions.Multiline)]
    private static partial Regex PassageOne();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();
}
