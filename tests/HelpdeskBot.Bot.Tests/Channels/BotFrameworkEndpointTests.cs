using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>A host without a Bot Framework app id that trusts <c>from.aadObjectId</c>, as a developer's Emulator set-up would.</summary>
public sealed class EmulatorHostFixture : IDisposable
{
    public BotHost Host { get; } = new BotHost().With("BotFramework:TrustIdentityWithoutAuthentication", "true");

    public void Dispose() => Host.Dispose();
}

public sealed class BotFrameworkEndpointTests(EmulatorHostFixture fixture) : IClassFixture<EmulatorHostFixture>, IAsyncLifetime
{
    private readonly HttpClient _http = fixture.Host.CreateClient();
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_message_gets_its_reply_at_the_service_url()
    {
        var conversation = NewId();

        using var response = await PostAsync(Message(conversation, "act-1", "where is my order ORD-100123"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Equal($"/v3/conversations/{conversation}/activities/act-1", sent.Path);
        Assert.Equal("message", sent.Activity.Type);
        Assert.Equal("act-1", sent.Activity.ReplyToId);
        Assert.Contains("ORD-100123", sent.Activity.Text);
        Assert.Equal("user-1", sent.Activity.Recipient?.Id);
        Assert.Equal("bot-1", sent.Activity.From?.Id);
        Assert.Equal(conversation, sent.Activity.Conversation?.Id);
        Assert.Null(sent.Activity.Id);
        Assert.True(string.IsNullOrEmpty(sent.Authorization));
    }

    [Fact]
    public async Task An_indonesian_question_gets_an_indonesian_reply()
    {
        using var response = await PostAsync(Message(NewId(), "act-id", "pesanan saya ORD-100123 sudah sampai mana?", locale: "id-ID", aadObjectId: RinaWijaya));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Contains("Pesanan ORD-100123", sent.Activity.Text);
        Assert.Equal("id-ID", sent.Activity.Locale);
    }

    [Fact]
    public async Task A_redelivered_activity_gets_no_second_reply()
    {
        var conversation = NewId();

        using var first = await PostAsync(Message(conversation, "same-id", "hello"));
        using var second = await PostAsync(Message(conversation, "same-id", "hello"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task A_new_member_is_welcomed()
    {
        var activity = $$"""
            {"type":"conversationUpdate","id":"cu-1","channelId":"emulator","serviceUrl":"{{_connector.ServiceUrl}}",
             "from":{"id":"user-1"},"recipient":{"id":"bot-1"},"conversation":{"id":"{{NewId()}}"},
             "membersAdded":[{"id":"bot-1"},{"id":"user-1"}]}
            """;

        using var response = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(_connector.Requests).Activity.Text));
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("messageReaction")]
    [InlineData("endOfConversation")]
    [InlineData("somethingFromTheFuture")]
    public async Task Activities_without_a_turn_are_acknowledged_and_ignored(string type)
    {
        var activity = $$"""
            {"type":"{{type}}","id":"x-1","channelId":"emulator","serviceUrl":"{{_connector.ServiceUrl}}",
             "from":{"id":"user-1"},"recipient":{"id":"bot-1"},"conversation":{"id":"{{NewId()}}"},"extra":{"kept":true} }
            """;

        using var response = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "malformed", """{"type":"message", """ },
        { "no type", """{"channelId":"emulator","serviceUrl":"http://127.0.0.1:1","from":{"id":"u"},"conversation":{"id":"c"}}""" },
        { "no conversation", """{"type":"message","channelId":"emulator","serviceUrl":"http://127.0.0.1:1","from":{"id":"u"},"text":"hi"}""" },
        { "no from", """{"type":"message","channelId":"emulator","serviceUrl":"http://127.0.0.1:1","conversation":{"id":"c"},"text":"hi"}""" },
        { "no service url", """{"type":"message","channelId":"emulator","from":{"id":"u"},"conversation":{"id":"c"},"text":"hi"}""" },
        { "relative service url", """{"type":"message","channelId":"emulator","serviceUrl":"/x","from":{"id":"u"},"conversation":{"id":"c"},"text":"hi"}""" },
        { "array", "[]" },
        // Ids that would only come back from the Connector as 414 URI Too Long once the turn had run (found by fuzzing).
        { "conversation id of 1001 characters", $$$"""{"type":"message","channelId":"emulator","serviceUrl":"http://127.0.0.1:1","from":{"id":"u"},"conversation":{"id":"{{{new string('c', 1001)}}}"},"text":"hi"}""" },
        // An unpaired surrogate escape in a property's name: the rate limiter reads the body before the endpoint does, and
        // JsonDocument throws InvalidOperationException (not JsonException) for it (found by fuzzing: it was a 500).
        { "unpaired surrogate in a name", """{"type":"message","channelId":"emulator","serviceUrl":"http://127.0.0.1:1","from":{"id":"u","\ud800":1},"conversation":{"id":"c"},"text":"hi","\udc00":null}""" },
        { "activity id of 5000 characters", $$$"""{"type":"conversationUpdate","id":"{{{new string('a', 5000)}}}","channelId":"emulator","serviceUrl":"http://127.0.0.1:1","from":{"id":"u"},"conversation":{"id":"c"}}""" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_bodies_get_400_problems(string why, string body)
    {
        using var response = await PostAsync(body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_connector.Requests);
    }

    [Theory]
    [InlineData("en-US", "That message is too long for me (10,001 characters; I can read up to 10,000)")]
    [InlineData("id-ID", "Pesan itu terlalu panjang untuk saya (10.001 karakter; saya bisa membaca hingga 10.000)")]
    public async Task Text_over_ten_thousand_characters_is_answered_in_the_person_s_language_and_runs_no_turn(string locale, string expected)
    {
        var conversation = NewId();
        using var response = await PostAsync(Message(conversation, "long", new string('x', 10_001), locale: locale));

        // The Connector gets a 200 and the person a reply: a 400 would reach nobody who can act on it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.StartsWith(expected, sent.Activity.Text, StringComparison.Ordinal);
        Assert.Equal($"/v3/conversations/{conversation}/activities/long", sent.Path);

        // Nothing of the message was kept: the next one is answered as the first of the conversation.
        using var next = await PostAsync(Message(conversation, "after", "where is my order ORD-100123", locale: locale));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains(_connector.Requests, r => r.Activity.Text?.Contains("ORD-100123", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        using var response = await _http.PostAsync("/api/messages", new StringContent(Message(NewId(), "a", "hi"), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Without_an_app_id_only_loopback_service_urls_are_served()
    {
        var activity = Message(NewId(), "ssrf", "hello").Replace(_connector.ServiceUrl, "https://example.com/");

        using var response = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_connector_that_is_down_gets_202_not_500_and_the_reply_is_kept()
    {
        await _connector.DisposeAsync();
        var activity = Message(NewId(), "down", "hello");

        using var response = await PostAsync(activity);

        // The turn is saved with its reply in the outbox, which retries it; nothing failed on the bot's side.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        _connector = await ConnectorStandIn.StartAsync();
    }

    /// <summary>EMP-0007 in the demo HR directory: employees are identified by the Entra object id Teams sends.</summary>
    private const string RinaWijaya = "00000000-0000-4000-8000-000000000007";

    [Fact]
    public async Task A_teams_user_is_the_employee_their_entra_object_id_maps_to_and_anyone_else_is_anonymous()
    {
        using var employee = await PostAsync(Message(NewId(), "act-emp", "how many leave days do I have left?", aadObjectId: RinaWijaya));
        using var stranger = await PostAsync(Message(NewId(), "act-anon", "how many leave days do I have left?", aadObjectId: Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.OK, employee.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        var sent = _connector.Requests.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.Contains("annual", sent[0].Activity.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("employees signed in through Microsoft Teams", sent[0].Activity.Text, StringComparison.Ordinal);
        Assert.Contains("employees signed in through Microsoft Teams", sent[1].Activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_app_id_or_the_development_opt_in_an_object_id_in_the_activity_identifies_nobody()
    {
        using var host = new BotHost();
        using var http = host.CreateClient();

        using var response = await http.PostAsync("/api/messages", new StringContent(
            Message(NewId(), "act-forged", "how many leave days do I have left?", aadObjectId: RinaWijaya), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Contains("employees signed in through Microsoft Teams", sent.Activity.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("annual", sent.Activity.Text, StringComparison.OrdinalIgnoreCase);
    }

    private string Message(string conversation, string id, string text, string? locale = null, string? aadObjectId = null) => JsonSerializer.Serialize(new
    {
        type = "message",
        id,
        channelId = "emulator",
        serviceUrl = _connector.ServiceUrl,
        from = new { id = "user-1", name = "User", aadObjectId },
        recipient = new { id = "bot-1", name = "Bot" },
        conversation = new { id = conversation },
        text,
        locale,
    });

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _http.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

    private static string NewId() => "conv-" + Guid.NewGuid().ToString("N");
}
