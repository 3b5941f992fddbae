using System.Runtime.CompilerServices;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HelpdeskBot.EndToEnd;

/// <summary>The real host with a test-only greeting skill whose reply is streamed in scripted chunks (no model).</summary>
public sealed class StreamingBotServer : IDisposable
{
    public static readonly string[] Chunks =
        ["Streaming ", "replies ", "grow ", "in ", "Web ", "Chat ", "word ", "by ", "word ", "until ", "the ", "final ", "message."];

    public BotServer Server { get; } = new BotServer().WithServices(services =>
        services.Insert(0, ServiceDescriptor.Singleton<ISkill>(new SlowStreamSkill())));

    public void Dispose() => Server.Dispose();

    private sealed class SlowStreamSkill : ISkill
    {
        public IReadOnlyCollection<string> Intents { get; } = [IntentNames.SmalltalkGreeting];

        public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
            Task.FromResult(new SkillResult(turn.State,
                [Reply.Streamed(new Reply("The fallback answer."), new StreamedText(ProduceAsync(cancellationToken)))]));

        private static async IAsyncEnumerable<string> ProduceAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var chunk in Chunks)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                yield return chunk;
            }
        }
    }
}

/// <summary>
/// A streamed reply in the real Web Chat 4.18 in headless Chromium, over the host's Direct Line WebSocket: the bot's
/// bubble shows part of the answer first, grows, and ends as one bubble with the whole text.
/// </summary>
public sealed class WebChatStreamingTests(StreamingBotServer fixture, ITestOutputHelper output) : IClassFixture<StreamingBotServer>
{
    private const string GrowingTextScript = """
        const bubbles = Array.from(document.querySelectorAll('#webchat .webchat__bubble'))
          .filter(b => !b.classList.contains('webchat__bubble--from-user'))
          .map(b => (b.querySelector('.webchat__bubble__content') || b).innerText.trim())
          .filter(t => t.length > 0);
        return bubbles.length + '\n' + (bubbles[bubbles.length - 1] || '');
        """;

    [BrowserFact]
    public void A_streamed_reply_grows_in_one_bubble_and_ends_as_the_whole_answer()
    {
        var server = fixture.Server;
        var whole = string.Concat(StreamingBotServer.Chunks);
        using var browser = ChromiumSession.Start();
        var page = new WebChatPage(browser, server.RootUri);
        try
        {
            page.Open();
            page.WaitForConversation("en-US");
            page.WaitForBotMessage("the welcome message", 0, _ => true);
            var before = page.BotMessages().Count;

            page.Send("hello");

            // Sample the last bot bubble while the answer is written.
            var seen = new List<(int Count, string Text)>();
            var deadline = DateTime.UtcNow + WebChatPage.Timeout;
            while (DateTime.UtcNow < deadline)
            {
                var sample = ((string)browser.Driver.ExecuteScript(GrowingTextScript)!).Split('\n', 2);
                var current = (int.Parse(sample[0], System.Globalization.CultureInfo.InvariantCulture), sample[1]);
                if (seen.Count == 0 || seen[^1] != current)
                {
                    seen.Add(current);
                }
                if (current.Item2 == whole)
                {
                    break;
                }
                Thread.Sleep(40);
            }
            output.WriteLine(string.Join(Environment.NewLine, seen.Select(s => $"{s.Count}: {s.Text}")));

            var partial = seen.Where(s => s.Count == before + 1 && s.Text.Length < whole.Length && whole.StartsWith(s.Text, StringComparison.Ordinal)).ToList();
            Assert.True(partial.Count >= 2, "The bubble should have shown the answer growing before it was whole.");
            Assert.Equal(whole, seen[^1].Text);
            Thread.Sleep(500);
            var after = page.BotMessages();
            Assert.Equal(before + 1, after.Count);
            Assert.Equal(whole, after[^1]);
            output.WriteLine("screenshot: " + browser.SaveScreenshot("webchat-streaming.png"));
            browser.AssertNoCspViolations();
        }
        catch (Exception e)
        {
            throw new EndToEndFailureException($"""
                {e.Message}

                What the page showed:
                {page.Describe()}
                Saved:
                {browser.SaveFailureArtifacts("streaming")}

                Browser console:
                {browser.ConsoleLog()}
                Server log (last lines):
                {server.Log.Tail()}
                """, e);
        }
    }
}
