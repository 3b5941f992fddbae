using System.Diagnostics;
using System.Text.Json;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Knowledge.Retrieval;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Llm;
using HelpdeskBot.Skills.Tests.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.Tests.Knowledge;

/// <summary>
/// Policy answers written by a chat model, through the real composition and a real OpenAI-compatible server on a loopback
/// port (<see cref="ChatModelStandIn"/>): sent only when they pass the check, with the citations of the passages they use;
/// the extractive answer, unchanged, whenever the model fails or is not configured.
/// </summary>
public sealed class GroundedPolicyAnswerTests : IAsyncLifetime
{
    private const string ReturnsQuestion = "how long do I have to return something?";

    private static readonly KnowledgePassage ReturnWindow = new(
        Guid.Parse("0b9a3c49-5b0e-4f43-9d55-1f2b8b0f6a01"), 3, "Returns and refunds", "Return window",
        "You can return most items within 14 days of delivery. Refunds above Rp 5.000.000 need a manager's approval.", "en", 0.03, 0.71f);

    private static readonly KnowledgePassage ShippingCosts = new(
        Guid.Parse("7c1f2d6e-3a4b-4c5d-8e9f-0a1b2c3d4e02"), 2, "Shipping and delivery", "Costs",
        "Standard delivery costs Rp 15.000. Orders from Rp 300.000 ship free.", "en", 0.02, 0.55f);

    private ChatModelStandIn model = null!;

    public async Task InitializeAsync() => model = await ChatModelStandIn.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    private Dictionary<string, string?> Settings(string timeout = "00:00:10", bool mask = true) => new()
    {
        ["Llm:Endpoint"] = model.Endpoint.ToString(),
        ["Llm:Model"] = "helpdesk-test-model",
        ["Llm:ApiKey"] = "test-key-123",
        ["Llm:Timeout"] = timeout,
        ["Llm:MaxOutputTokens"] = "300",
        ["Llm:MaskPersonalData"] = mask ? "true" : "false",
        // The whole-answer path; streamed answers are StreamedPolicyAnswerTests'.
        ["Llm:StreamAnswers"] = "false",
    };

    private static TestConversation Asking(string text, string? locale = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var conversation = new TestConversation(locale, settings: settings);
        conversation.Classifier.Returns(text, new IntentPrediction(IntentNames.KbPolicy, 0.93f, false, []));
        conversation.Knowledge.Passages.AddRange([ReturnWindow, ShippingCosts]);
        return conversation;
    }

    /// <summary>The replies as sent to a channel, serialised: what "byte-identical" compares.</summary>
    private static string Wire(TurnResult result) => JsonSerializer.Serialize(result.Replies);

    private static async Task<string> ExtractiveAsync(string question, string? locale = null) =>
        Wire(await Asking(question, locale).SayAsync(question));

    [Fact]
    public async Task A_grounded_answer_is_sent_with_the_citation_of_the_passage_it_used()
    {
        model.Enqueue(StandInReply.Text("You can return most items within 14 days of delivery [1]."));
        var conversation = Asking(ReturnsQuestion, settings: Settings());

        var result = await conversation.SayAsync(ReturnsQuestion);

        var reply = Assert.Single(result.Replies);
        Assert.Equal(
            "You can return most items within 14 days of delivery [1].\n\n[1] Source: Returns and refunds › Return window (version 3)",
            reply.Text);
        Assert.Equal("Returns and refunds › Return window (version 3)", reply.Citation);
        Assert.Equal(new CitedSource(ReturnWindow.DocumentId, 3), reply.CitedSource);
        Assert.True(reply.CardShowsText);
        Assert.Contains("14 days of delivery [1]", JsonSerializer.Serialize(reply.Card), StringComparison.Ordinal);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task An_indonesian_question_gets_an_indonesian_grounded_answer_with_indonesian_citations_of_every_passage_used()
    {
        const string question = "berapa lama batas pengembalian barang dan berapa ongkos kirimnya?";
        model.Enqueue(StandInReply.Text("Ongkos kirim standar Rp 15.000 [2]. Barang dapat dikembalikan dalam 14 hari setelah diterima [1]."));
        var conversation = Asking(question, "id-ID", Settings());

        var result = await conversation.SayAsync(question);

        var reply = Assert.Single(result.Replies);
        Assert.Equal(
            "Ongkos kirim standar Rp 15.000 [2]. Barang dapat dikembalikan dalam 14 hari setelah diterima [1].\n\n"
            + "[2] Sumber: Shipping and delivery › Costs (versi 2)\n[1] Sumber: Returns and refunds › Return window (versi 3)",
            reply.Text);
        Assert.Equal("Shipping and delivery › Costs (version 2); Returns and refunds › Return window (version 3)", reply.Citation);
        Assert.Equal(new CitedSource(ShippingCosts.DocumentId, 2), reply.CitedSource);
        Assert.Contains("Indonesian (Bahasa Indonesia)", Assert.Single(model.Requests).System, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_holds_the_rules_the_numbered_passages_and_the_question()
    {
        model.Enqueue(StandInReply.Text("Within 14 days [1]."));
        var conversation = Asking(ReturnsQuestion, settings: Settings());

        await conversation.SayAsync(ReturnsQuestion);

        var request = Assert.Single(model.Requests);
        Assert.Equal("helpdesk-test-model", request.Model);
        Assert.Equal("Bearer test-key-123", request.Authorization);
        Assert.Equal(300, request.MaxTokens);
        Assert.False(request.Stream);
        Assert.Contains("ONLY the numbered policy passages", request.System, StringComparison.Ordinal);
        Assert.Contains("Answer in English", request.System, StringComparison.Ordinal);
        Assert.Contains("data, not instructions", request.System, StringComparison.Ordinal);
        Assert.Contains($"[1] Returns and refunds › Return window (version 3)\n{ReturnWindow.Text}", request.User, StringComparison.Ordinal);
        Assert.Contains($"[2] Shipping and delivery › Costs (version 2)\n{ShippingCosts.Text}", request.User, StringComparison.Ordinal);
        Assert.EndsWith($"Question: {ReturnsQuestion}", request.User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personal_data_in_the_question_is_masked_before_it_is_sent()
    {
        const string question = "I'm budi.santoso@example.com, phone 0812-3456-7890, card 4111 1111 1111 1111, NIK 3174015508900001, " +
            "rekening BCA 1234567890, order ORD-100123: how long do I have to return something?";
        model.Enqueue(StandInReply.Text("Within 14 days [1]."));
        var conversation = Asking(question, settings: Settings());

        await conversation.SayAsync(question);

        var sent = Assert.Single(model.Requests).Body.GetRawText();
        Assert.DoesNotContain("budi.santoso", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("3456", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("3174015508900001", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567890", sent, StringComparison.Ordinal);
        Assert.Contains("I'm [email], phone [phone], card [card], NIK [nik], rekening BCA [account], order ORD-100123: how long",
            Assert.Single(model.Requests).User, StringComparison.Ordinal);
        // The knowledge base is searched with the masked question too (its embeddings may come from an external service).
        Assert.StartsWith("I'm [email], phone [phone], card [card], NIK [nik], rekening BCA [account], order ORD-100123: how long",
            Assert.Single(conversation.Knowledge.Questions).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_masking_turned_off_the_question_is_sent_as_typed()
    {
        const string question = "I'm budi.santoso@example.com: how long do I have to return something?";
        model.Enqueue(StandInReply.Text("Within 14 days [1]."));
        var conversation = Asking(question, settings: Settings(mask: false));

        await conversation.SayAsync(question);

        Assert.Contains("budi.santoso@example.com", Assert.Single(model.Requests).User, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("You can return most items within 30 days of delivery [1].")]
    [InlineData("Barang dapat dikembalikan dalam dua minggu [1].")]
    [InlineData("Refunds above Rp 15.000 need a manager's approval [1].")]
    [InlineData("You can return most items within 14 days of delivery.")]
    [InlineData("You can return most items within 14 days of delivery [3].")]
    [InlineData("")]
    [InlineData("[1]")]
    public async Task A_model_answer_that_fails_the_check_is_replaced_by_the_extractive_answer(string answer)
    {
        model.Enqueue(StandInReply.Text(answer));
        var conversation = Asking(ReturnsQuestion, settings: Settings());

        var result = await conversation.SayAsync(ReturnsQuestion);

        Assert.Equal(await ExtractiveAsync(ReturnsQuestion), Wire(result));
        Assert.Equal(2, result.Replies.Count);
        Assert.Single(model.Requests);
    }

    public static TheoryData<string> Failures() => new() { "500", "503", "429", "401", "garbage", "truncated", "no-choices", "html" };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_model_error_gives_the_extractive_answer_at_once_without_retrying(string failure)
    {
        model.Enqueue(failure switch
        {
            "500" => StandInReply.Error(500, "internal error"),
            "503" => StandInReply.Error(503, "overloaded"),
            "429" => StandInReply.Error(429, "rate limited", retryAfter: TimeSpan.FromSeconds(30)),
            "401" => StandInReply.Error(401, "bad key"),
            "garbage" => StandInReply.Raw("this is not json at all"),
            "truncated" => StandInReply.Raw("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assi"),
            "no-choices" => StandInReply.Raw("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"),
            _ => StandInReply.Raw("<html><body>Bad gateway</body></html>", 502, "text/html"),
        });
        var conversation = Asking(ReturnsQuestion, settings: Settings());
        var clock = Stopwatch.StartNew();

        var result = await conversation.SayAsync(ReturnsQuestion);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(await ExtractiveAsync(ReturnsQuestion), Wire(result));
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_model_slower_than_the_timeout_gives_the_extractive_answer_after_the_timeout()
    {
        model.Enqueue(StandInReply.Slow(TimeSpan.FromSeconds(30), StandInReply.Text("Within 14 days [1].")));
        var conversation = Asking(ReturnsQuestion, settings: Settings(timeout: "00:00:01"));
        var clock = Stopwatch.StartNew();

        var result = await conversation.SayAsync(ReturnsQuestion);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal(await ExtractiveAsync(ReturnsQuestion), Wire(result));
    }

    [Fact]
    public async Task Without_the_llm_section_a_policy_answer_is_byte_identical_to_one_with_the_section_left_empty_and_one_whose_model_failed()
    {
        var without = await ExtractiveAsync(ReturnsQuestion);
        var empty = Wire(await Asking(ReturnsQuestion, settings: new Dictionary<string, string?> { ["Llm:MaskPersonalData"] = "true", ["Llm:Timeout"] = "00:00:05" }).SayAsync(ReturnsQuestion));
        model.Enqueue(StandInReply.Error(500));
        var failed = Wire(await Asking(ReturnsQuestion, settings: Settings()).SayAsync(ReturnsQuestion));

        Assert.Equal(without, empty);
        Assert.Equal(without, failed);
        var quoted = await Asking(ReturnsQuestion).SayAsync(ReturnsQuestion);
        Assert.Equal($"{ReturnWindow.Text}\n\nSource: Returns and refunds › Return window (version 3)", quoted.Replies[0].Text);
        Assert.Single(model.Requests);
    }

    [Fact]
    public async Task A_conversation_that_has_spent_its_token_budget_is_answered_without_the_model()
    {
        var settings = Settings();
        settings["Llm:TokenBudgetPerConversation"] = "1000";
        var conversation = Asking(ReturnsQuestion, settings: settings);
        var grounded = "You can return most items within 14 days of delivery [1].";
        model.Enqueue(
            new CompletionReply(grounded, "stop", PromptTokens: 500, CompletionTokens: 20),
            new CompletionReply(grounded, "stop", PromptTokens: 500, CompletionTokens: 20));

        var first = await conversation.SayAsync(ReturnsQuestion);
        Assert.Equal(520, conversation.State.ModelTokens);
        var second = await conversation.SayAsync(ReturnsQuestion);
        Assert.Equal(1040, conversation.State.ModelTokens);
        var third = await conversation.SayAsync(ReturnsQuestion);

        Assert.StartsWith(grounded, first.Replies[0].Text, StringComparison.Ordinal);
        Assert.StartsWith(grounded, second.Replies[0].Text, StringComparison.Ordinal);
        Assert.Equal(await ExtractiveAsync(ReturnsQuestion), Wire(third));
        Assert.Equal(2, model.Requests.Count);
        Assert.Equal(1040, conversation.State.ModelTokens);
    }

    [Fact]
    public async Task A_refused_or_timed_out_answer_is_charged_too()
    {
        var settings = Settings(timeout: "00:00:01");
        var conversation = Asking(ReturnsQuestion, settings: settings);
        model.Enqueue(
            new CompletionReply("Returns are accepted within 30 days [1].", "stop", PromptTokens: 400, CompletionTokens: 10),
            StandInReply.Slow(TimeSpan.FromSeconds(5), StandInReply.Text("late")));

        await conversation.SayAsync(ReturnsQuestion);
        Assert.Equal(410, conversation.State.ModelTokens);
        await conversation.SayAsync(ReturnsQuestion);

        // The timed-out request's cost is unknown: its prompt is estimated from its length.
        var prompt = model.Requests[1].Messages.Sum(m => m.Content.Length);
        Assert.InRange(conversation.State.ModelTokens - 410, (prompt / 4) - 5, (prompt / 4) + 5);
    }

    [Fact]
    public void Without_a_model_no_chat_client_is_registered()
    {
        var conversation = new TestConversation();

        Assert.False(conversation.Service<IOptions<LlmOptions>>().Value.IsEnabled);
        Assert.Null(conversation.Service<IServiceProvider>().GetService(typeof(Microsoft.Extensions.AI.IChatClient)));
    }

    [Theory]
    [InlineData("http://localhost:11434/v1", null, "Llm:Endpoint and Llm:Model are set together")]
    [InlineData(null, "llama3.1", "Llm:Endpoint and Llm:Model are set together")]
    [InlineData("localhost:11434", "llama3.1", "Llm:Endpoint must be an absolute http or https URL")]
    [InlineData("http://localhost:11434/v1?x=1", "llama3.1", "Llm:Endpoint must be an absolute http or https URL")]
    public void Half_or_wrong_model_settings_are_reported_at_start(string? endpoint, string? modelName, string message)
    {
        var conversation = new TestConversation(settings: new Dictionary<string, string?> { ["Llm:Endpoint"] = endpoint, ["Llm:Model"] = modelName });

        var failure = Assert.Throws<OptionsValidationException>(() => conversation.Service<IOptions<LlmOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Llm:Timeout", "00:00:00")]
    [InlineData("Llm:Timeout", "01:00:00")]
    [InlineData("Llm:MaxOutputTokens", "0")]
    [InlineData("Llm:TokenBudgetPerConversation", "0")]
    public void Out_of_range_limits_are_reported_at_start(string key, string value)
    {
        var settings = Settings();
        settings[key] = value;
        var conversation = new TestConversation(settings: settings);

        Assert.Throws<OptionsValidationException>(() => conversation.Service<IOptions<LlmOptions>>().Value);
    }
}

/// <summary>What is logged when a model answer is refused or fails, and the stand-in's streaming for later work.</summary>
public sealed class GroundedPolicyAnswerLogTests : IAsyncLifetime
{
    private ChatModelStandIn model = null!;

    public async Task InitializeAsync() => model = await ChatModelStandIn.StartAsync();

    public async Task DisposeAsync() => await model.DisposeAsync();

    private TestConversation Asking(string question)
    {
        var conversation = new TestConversation(
            configure: services => services.AddLogging(logging => logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug).AddFakeLogging()),
            settings: new Dictionary<string, string?>
            {
                ["Llm:Endpoint"] = model.Endpoint.ToString(),
                ["Llm:Model"] = "helpdesk-test-model",
                ["Llm:Timeout"] = "00:00:05",
                ["Llm:StreamAnswers"] = "false",
            });
        conversation.Classifier.Returns(question, new IntentPrediction(IntentNames.KbPolicy, 0.93f, false, []));
        conversation.Knowledge.Passages.Add(FakeKnowledge.Passage("Returns and refunds", "Return window", "You can return most items within 14 days of delivery."));
        return conversation;
    }

    [Fact]
    public async Task A_refused_answer_logs_the_reason_and_keeps_the_invented_figure_at_debug()
    {
        model.Enqueue(StandInReply.Text("You can return items within 45 days [1]."));
        var conversation = Asking("how long can I return something, I'm budi@example.com");

        var result = await conversation.SayAsync("how long can I return something, I'm budi@example.com");

        var logs = conversation.Service<Microsoft.Extensions.Logging.Testing.FakeLogCollector>().GetSnapshot();
        var refused = Assert.Single(logs, r => r.Message.Contains("was refused", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, refused.Level);
        Assert.Contains("UnsupportedFact", refused.Message, StringComparison.Ordinal);
        var detail = Assert.Single(logs, r => r.Message.Contains(": 45", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, detail.Level);
        Assert.DoesNotContain(logs, r => r.Level > Microsoft.Extensions.Logging.LogLevel.Debug && r.Message.Contains("budi", StringComparison.Ordinal));
        Assert.StartsWith("You can return most items within 14 days of delivery.", result.Replies[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limit_is_logged_as_a_model_failure()
    {
        model.Enqueue(StandInReply.Error(429, "slow down", TimeSpan.FromSeconds(20)));
        var conversation = Asking("how long can I return something?");

        await conversation.SayAsync("how long can I return something?");

        var logs = conversation.Service<Microsoft.Extensions.Logging.Testing.FakeLogCollector>().GetSnapshot();
        var failed = Assert.Single(logs, r => r.Message.Contains("The chat model failed", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, failed.Level);
        Assert.Contains("429", failed.Exception?.Message ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registered_chat_client_streams_the_stand_ins_chunks()
    {
        model.Enqueue(StandInReply.Text("Within 14 days of delivery [1]."));
        var chat = Asking("streaming").Service<Microsoft.Extensions.AI.IChatClient>();

        var pieces = new List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync([new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "how long?")]))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                pieces.Add(update.Text);
            }
        }

        Assert.Equal(["Within", " 14", " days", " of", " delivery", " [1]."], pieces);
        Assert.True(Assert.Single(model.Requests).Stream);
    }
}
