using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Knowledge.Retrieval;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Tests.Conversations;
using HelpdeskBot.Skills.Tests.Llm;

namespace HelpdeskBot.Skills.Tests.Knowledge;

/// <summary>
/// Policy answers streamed from the model (<c>Llm:StreamAnswers</c>, on by default) through the real composition and the
/// stand-in's server-sent chunks: a channel is shown whole checked sentences only; the final message is the checked answer
/// with its citations, or — at the first failing sentence, an error, a rate limit or a timeout midway — exactly the
/// extractive replies. The conversation is charged a reservation when the turn runs.
/// </summary>
public sealed class StreamedPolicyAnswerTests : IAsyncLifetime
{
    internal const string ReturnsQuestion = "how long do I have to return something?";

    internal static readonly KnowledgePassage ReturnWindow = new(
        Guid.Parse("0b9a3c49-5b0e-4f43-9d55-1f2b8b0f6a01"), 3, "Returns and refunds", "Return window",
        "You can return most items within 14 days of delivery. Refunds above Rp 5.000.000 need a manager's approval.", "en", 0.03, 0.71f);

    internal static readonly KnowledgePassage ShippingCosts = new(
        Guid.Parse("7c1f2d6e-3a4b-4c5d-8e9f-0a1b2c3d4e02"), 2, "Shipping and delivery", "Costs",
        "Standard delivery costs Rp 15.000. Orders from Rp 300.000 ship free.", "en", 0.02, 0.55f);

    private const string Citations =
        "[1] Source: Returns and refunds › Return window (version 3)\n[2] Source: Shipping and delivery › Costs (version 2)";

    private ChatModelStandIn model = null!;

    public async Task InitializeAsync() => model = await ChatModelStandIn.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    internal static Dictionary<string, string?> Settings(Uri endpoint, bool stream = true, string timeout = "00:00:10") => new()
    {
        ["Llm:Endpoint"] = endpoint.ToString(),
        ["Llm:Model"] = "helpdesk-test-model",
        ["Llm:Timeout"] = timeout,
        ["Llm:MaxOutputTokens"] = "300",
        ["Llm:StreamAnswers"] = stream ? "true" : "false",
    };

    internal static TestConversation Asking(string text, string? locale = null, IReadOnlyDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        var conversation = new TestConversation(locale, settings: settings, configure: configure);
        conversation.Classifier.Returns(text, new IntentPrediction(IntentNames.KbPolicy, 0.93f, false, []));
        conversation.Knowledge.Passages.AddRange([ReturnWindow, ShippingCosts]);
        return conversation;
    }

    internal static string Wire(IEnumerable<Reply> replies) => JsonSerializer.Serialize(replies);

    /// <summary>The replies without a model, as the channel sends them.</summary>
    internal static async Task<string> ExtractiveAsync(string question = ReturnsQuestion, string? locale = null) =>
        Wire((await Asking(question, locale).SayAsync(question)).Replies);

    private async Task<(TurnResult Turn, DrainedTurn Drained)> AskStreamingAsync(string answer, string question = ReturnsQuestion)
    {
        model.Enqueue(StandInReply.Text(answer));
        var conversation = Asking(question, settings: Settings(model.Endpoint));
        var turn = await conversation.SayAsync(question);
        return (turn, await StreamedReplies.DrainAsync(turn.Replies).WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("You can return most items within 14 days of delivery [1]. Standard delivery costs Rp 15.000 [2].")]
    [InlineData("You can return most items within 14 days of delivery. [1] Standard delivery costs Rp 15.000. [2]")]
    public async Task A_passing_answer_streams_whole_checked_sentences_and_ends_with_the_answer_and_its_citations(string answer)
    {
        var (turn, drained) = await AskStreamingAsync(answer);

        var streamed = Assert.Single(turn.Replies);
        Assert.NotNull(streamed.Stream);
        Assert.Equal("Looking through our policies…", streamed.Stream.Informative);
        var split = answer.IndexOf(" Standard", StringComparison.Ordinal);
        Assert.Equal([answer[..split], answer[split..]], drained.Released);
        var final = Assert.Single(drained.Finals);
        Assert.Equal($"{answer}\n\n{Citations}", final.Text);
        Assert.Equal("Returns and refunds › Return window (version 3); Shipping and delivery › Costs (version 2)", final.Citation);
        Assert.Equal(new CitedSource(ReturnWindow.DocumentId, 3), final.CitedSource);
        Assert.True(final.CardShowsText);
        Assert.True(Assert.Single(model.Requests).Stream);
    }

    [Fact]
    public async Task The_streamed_final_message_is_the_same_as_the_whole_answer_written_without_streaming()
    {
        const string answer = "You can return most items within 14 days of delivery [1]. Standard delivery costs Rp 15.000 [2].";
        var (_, drained) = await AskStreamingAsync(answer);
        model.Enqueue(StandInReply.Text(answer));

        var whole = await Asking(ReturnsQuestion, settings: Settings(model.Endpoint, stream: false)).SayAsync(ReturnsQuestion);

        Assert.Equal(Wire(whole.Replies), Wire(drained.Finals));
        Assert.False(model.Requests[1].Stream);
    }

    [Fact]
    public async Task A_sentence_whose_figure_is_cited_only_later_is_held_until_the_citation_comes()
    {
        const string answer = "Standard delivery costs Rp 15.000. That is what our shipping policy says [2].";

        var (_, drained) = await AskStreamingAsync(answer);

        Assert.Equal([answer], drained.Released);
        Assert.StartsWith(answer, Assert.Single(drained.Finals).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_figure_invented_in_the_second_sentence_stops_the_stream_after_the_first_and_ends_with_the_extractive_answer()
    {
        const string first = "You can return most items within 14 days of delivery [1].";

        var (_, drained) = await AskStreamingAsync($"{first} Refunds are paid within 45 days [1]. Standard delivery costs Rp 15.000 [2].");

        Assert.Equal(first, drained.Shown);
        Assert.Equal(await ExtractiveAsync(), Wire(drained.Finals));
        Assert.Equal(2, drained.Finals.Count);
        Assert.DoesNotContain(drained.Finals, reply => reply.Text.Contains("45", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("You can return most items within 14 days of delivery [3].")]
    [InlineData("You can return most items within 14 days of delivery.")]
    [InlineData("Anda dapat mengembalikan barang dalam 14 hari setelah diterima [1].")]
    public async Task An_answer_that_fails_the_whole_answer_check_at_the_end_is_replaced_by_the_extractive_answer(string answer)
    {
        var (_, drained) = await AskStreamingAsync(answer);

        Assert.Equal(await ExtractiveAsync(), Wire(drained.Finals));
    }

    public static TheoryData<string> Failures() => new() { "500", "429", "401" };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_http_error_or_rate_limit_gives_the_extractive_answer_without_showing_anything(string status)
    {
        model.Enqueue(StandInReply.Error(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), "stand-in failure", status == "429" ? TimeSpan.FromSeconds(30) : null));
        var conversation = Asking(ReturnsQuestion, settings: Settings(model.Endpoint));
        var clock = Stopwatch.StartNew();

        var drained = await StreamedReplies.DrainAsync((await conversation.SayAsync(ReturnsQuestion)).Replies);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Empty(drained.Released);
        Assert.Equal(await ExtractiveAsync(), Wire(drained.Finals));
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_stream_that_breaks_midway_keeps_the_checked_sentence_shown_and_ends_with_the_extractive_answer()
    {
        const string first = "You can return most items within 14 days of delivery [1].";
        var chunks = first.Split(' ').Select((word, i) => i == 0 ? word : " " + word).Append(" Standard").ToList();
        var body = string.Concat(chunks.Select(piece => $"data: {Chunk(piece)}\n\n")) + "data: {\"id\":\"chatcmpl-standin\",\"choices\":[{\"ind\n\n";
        model.Enqueue(StandInReply.Raw(body, 200, "text/event-stream"));
        var conversation = Asking(ReturnsQuestion, settings: Settings(model.Endpoint));

        var drained = await StreamedReplies.DrainAsync((await conversation.SayAsync(ReturnsQuestion)).Replies);

        Assert.Equal(first, drained.Shown);
        Assert.Equal(await ExtractiveAsync(), Wire(drained.Finals));
    }

    [Fact]
    public async Task A_model_that_stalls_midway_is_given_up_after_the_timeout_and_the_extractive_answer_ends_the_stream()
    {
        const string first = "You can return most items within 14 days of delivery [1].";
        model.Enqueue(StandInReply.Paced($"{first} Standard delivery", TimeSpan.Zero, stall: true));
        var conversation = Asking(ReturnsQuestion, settings: Settings(model.Endpoint, timeout: "00:00:01"));
        var clock = Stopwatch.StartNew();

        var drained = await StreamedReplies.DrainAsync((await conversation.SayAsync(ReturnsQuestion)).Replies).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal(first, drained.Shown);
        Assert.Equal(await ExtractiveAsync(), Wire(drained.Finals));
        await model.Abandoned.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_turn_is_charged_the_prompt_estimate_plus_the_most_the_model_may_write_before_the_stream_is_read()
    {
        var settings = Settings(model.Endpoint);
        settings["Llm:TokenBudgetPerConversation"] = "1000";
        var conversation = Asking(ReturnsQuestion, settings: settings);
        const string answer = "You can return most items within 14 days of delivery [1].";
        model.Enqueue(new CompletionReply(answer, "stop", PromptTokens: 5, CompletionTokens: 5), new CompletionReply(answer, "stop"));

        var first = await conversation.SayAsync(ReturnsQuestion);
        var reserved = conversation.State.ModelTokens;
        Assert.Empty(model.Requests);
        await StreamedReplies.DrainAsync(first.Replies);

        // The reservation: the prompt at about four characters a token, plus Llm:MaxOutputTokens (300).
        var prompt = Assert.Single(model.Requests).Messages.Sum(m => m.Content.Length);
        Assert.InRange(reserved - 300, (prompt / 4) - 5, (prompt / 4) + 5);
        Assert.Equal(reserved, conversation.State.ModelTokens);

        var second = await StreamedReplies.DrainAsync((await conversation.SayAsync(ReturnsQuestion)).Replies);
        Assert.Equal(2 * reserved, conversation.State.ModelTokens);
        Assert.StartsWith(answer, Assert.Single(second.Finals).Text, StringComparison.Ordinal);

        // Two reservations exceed the budget of 1000: the third question is answered without the model.
        Assert.True(2 * reserved >= 1000, $"reservation {reserved}");
        var third = await conversation.SayAsync(ReturnsQuestion);
        Assert.All(third.Replies, reply => Assert.Null(reply.Stream));
        Assert.Equal(await ExtractiveAsync(), Wire(third.Replies));
        Assert.Equal(2, model.Requests.Count);
    }

    [Fact]
    public async Task With_streaming_turned_off_the_answer_is_written_whole_checked_and_sent_as_one_plain_reply()
    {
        model.Enqueue(StandInReply.Text("You can return most items within 14 days of delivery [1]."));
        var conversation = Asking(ReturnsQuestion, settings: Settings(model.Endpoint, stream: false));

        var result = await conversation.SayAsync(ReturnsQuestion);

        var reply = Assert.Single(result.Replies);
        Assert.Null(reply.Stream);
        Assert.StartsWith("You can return most items within 14 days of delivery [1].\n\n[1] Source:", reply.Text, StringComparison.Ordinal);
        Assert.False(Assert.Single(model.Requests).Stream);
    }

    [Fact]
    public async Task An_indonesian_question_streams_and_completes_in_indonesian()
    {
        const string question = "berapa lama batas pengembalian barang?";
        const string answer = "Barang dapat dikembalikan dalam 14 hari setelah diterima [1].";
        model.Enqueue(StandInReply.Text(answer));
        var conversation = Asking(question, "id-ID", Settings(model.Endpoint));

        var turn = await conversation.SayAsync(question);
        var drained = await StreamedReplies.DrainAsync(turn.Replies);

        Assert.Equal("Sedang mencari di kebijakan kami…", turn.Replies[0].Stream!.Informative);
        Assert.Equal(answer, drained.Shown);
        Assert.Equal($"{answer}\n\n[1] Sumber: Returns and refunds › Return window (versi 3)", Assert.Single(drained.Finals).Text);
    }

    private static string Chunk(string piece) => new JsonObject
    {
        ["id"] = "chatcmpl-standin",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_790_000_000,
        ["model"] = "helpdesk-test-model",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece }, ["finish_reason"] = null }),
    }.ToJsonString();
}
