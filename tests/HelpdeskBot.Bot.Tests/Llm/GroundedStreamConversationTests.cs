using System.Net.WebSockets;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Conversations.Streaming;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Tests.Llm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Llm;

/// <summary>
/// Streamed grounded answers in Web Chat over the bot's own Direct Line, from the stand-in model's server-sent chunks
/// against the demo policies: the typing updates carry whole checked sentences only, the final message carries the
/// citations and is all the transcript keeps; a stream that fails its check ends with the extractive quotes.
/// </summary>
public sealed partial class GroundedStreamConversationTests : IAsyncLifetime
{
    private const string Question = "how long do I have to return something?";

    private ChatModelStandIn model = null!;

    public async Task InitializeAsync() => model = await ChatModelStandIn.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    private BotHost Host() => new BotHost()
        .With("Llm:Endpoint", model.Endpoint.ToString())
        .With("Llm:Model", "helpdesk-test-model")
        .With("Llm:Timeout", "00:00:05");

    /// <summary>The sentences of the first passage the bot sent the model.</summary>
    private static IReadOnlyList<string> SentencesOfPassageOne(RecordedChatRequest request)
    {
        var passage = PassageOne().Match(request.User);
        Assert.True(passage.Success, request.User);
        return [.. SentenceEnd().Split(passage.Groups["text"].Value.Trim())];
    }

    /// <summary>How many passages the request numbered, i.e. how many quotes the extractive answer has.</summary>
    private static int PassagesIn(RecordedChatRequest request) => PassageHeader().Count(request.User);

    /// <summary>A well-behaved model: the first two sentences of passage 1, each followed by its citation mark.</summary>
    private static string Faithful(RecordedChatRequest request) =>
        string.Join(" ", SentencesOfPassageOne(request).Take(2).Select(sentence => $"{sentence} [1]"));

    private static async Task<WebSocket> ConnectAsync(BotHost host, DirectLineSession session) =>
        await host.Server.CreateWebSocketClient().ConnectAsync(new Uri(session.StreamUrl), CancellationToken.None);

    [Fact]
    public async Task Web_chat_is_shown_checked_sentences_then_the_final_answer_with_its_citations_and_only_the_final_is_stored()
    {
        model.Respond = request => StandInReply.Text(Faithful(request));
        using var host = Host();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        using var socket = await ConnectAsync(host, session);
        await DirectLineStreamedReplyTests.ReceiveSetAsync(socket); // the welcome

        var id = await session.SayAsync(Question);
        var seen = await DirectLineStreamedReplyTests.ReceiveUntilFinalAsync(socket, id);

        var request = Assert.Single(model.Requests);
        Assert.True(request.Stream);
        var answer = Faithful(request);
        var sentences = SentencesOfPassageOne(request).Take(2).ToList();
        Assert.True(sentences.Count == 2, "The demo passage has two sentences or more.");
        var typing = seen.Where(a => a.Type == ActivityTypes.Typing).ToList();
        var informative = Assert.Single(typing, a => StreamTypeOf(a) == "informative");
        Assert.Equal("Looking through our policies…", informative.Text);
        var updates = typing.Where(a => StreamTypeOf(a) == "streaming").ToList();
        Assert.NotEmpty(updates);
        Assert.All(updates, update =>
        {
            // Whole checked sentences: a prefix of the answer that ends with a sentence's citation mark.
            Assert.StartsWith(update.Text!, answer, StringComparison.Ordinal);
            Assert.EndsWith("[1]", update.Text!, StringComparison.Ordinal);
        });

        var final = Assert.Single(seen, a => a.Type == ActivityTypes.Message && a.ReplyToId == id);
        Assert.Equal("final", StreamTypeOf(final));
        var shown = DirectLineSession.ShownText(final)!;
        Assert.StartsWith(answer, shown, StringComparison.Ordinal);
        Assert.Matches(@"\n\n\[1\] Source: Returns and refunds › [^\n]+ \(version \d+\)(\n|$)", shown);
        Assert.Single(await session.RepliesToAsync(id));

        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var said = await db.Transcript.Where(t => t.ConversationId == session.ConversationId && t.Direction == "bot")
            .OrderBy(t => t.Id).Select(t => t.Text).ToListAsync();
        Assert.StartsWith($"{answer}\n\n[1] Source: Returns and refunds", said[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(said, t => t.Length > 0 && t != said[^1] && answer.StartsWith(t, StringComparison.Ordinal));
        Assert.DoesNotContain((await session.GetActivitiesAsync()).Activities, a => a.Type == ActivityTypes.Typing);
    }

    [Fact]
    public async Task A_stream_that_fails_its_check_ends_with_the_extractive_quotes_after_showing_only_the_checked_sentence()
    {
        model.Respond = request => StandInReply.Text($"{SentencesOfPassageOne(request)[0]} [1] Refunds are paid within 987 days [1]. More text follows here [1].");
        using var host = Host();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        using var socket = await ConnectAsync(host, session);
        await DirectLineStreamedReplyTests.ReceiveSetAsync(socket);

        var id = await session.SayAsync(Question);
        var seen = await DirectLineStreamedReplyTests.ReceiveUntilFinalAsync(socket, id);

        var request = Assert.Single(model.Requests);
        var first = $"{SentencesOfPassageOne(request)[0]} [1]";
        Assert.All(seen.Where(a => a.Type == ActivityTypes.Typing && StreamTypeOf(a) == "streaming"), update => Assert.Equal(first, update.Text));
        Assert.DoesNotContain(seen, a => a.Text?.Contains("987", StringComparison.Ordinal) == true);

        var replies = await session.RepliesToAsync(id);
        Assert.Equal(PassagesIn(request), replies.Count);
        Assert.Equal("final", StreamTypeOf(replies[0]));
        Assert.All(replies.Skip(1), reply => Assert.Null(reply.ChannelData));
        var quote = DirectLineSession.ShownText(replies[0])!;
        Assert.StartsWith(SentencesOfPassageOne(request)[0], quote, StringComparison.Ordinal);
        Assert.Contains("Source: Returns and refunds › ", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("[1]", quote, StringComparison.Ordinal);
        Assert.All(replies, reply => Assert.DoesNotContain("987", DirectLineSession.ShownText(reply)!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Where_replies_are_not_streamed_the_drained_stream_gives_the_same_final_answer()
    {
        model.Respond = request => StandInReply.Text(Faithful(request));
        using var host = Host().With("Streaming:Enabled", "false");
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));

        var id = await session.SayAsync(Question);

        var request = Assert.Single(model.Requests);
        Assert.True(request.Stream);
        var activities = (await session.GetActivitiesAsync()).Activities;
        Assert.DoesNotContain(activities, a => a.Type == ActivityTypes.Typing);
        var final = Assert.Single(activities, a => a.ReplyToId == id && a.From?.Role == "bot");
        Assert.Null(final.ChannelData);
        Assert.Matches(
            $@"^{Regex.Escape(Faithful(request))}\n\n\[1\] Source: Returns and refunds › [^\n]+ \(version \d+\)(\n|$)",
            DirectLineSession.ShownText(final)!);
    }

    private static string? StreamTypeOf(Activity activity) =>
        activity.ChannelData is { } data && data.ValueKind == System.Text.Json.JsonValueKind.Object && data.TryGetProperty("streamType", out var type)
            ? type.GetString()
            : null;

    [GeneratedRegex(@"^\[1\] [^\n]*\n(?<text>[^\n]+)", RegexOptions.Multiline)]
    private static partial Regex PassageOne();

    [GeneratedRegex(@"^\[\d+\] ", RegexOptions.Multiline)]
    private static partial Regex PassageHeader();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();
}
