using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Cards;

/// <summary>
/// Teams through the real <c>/api/messages</c>: cards carry Action.Execute, whose <c>adaptiveCard/action</c> invokes are
/// answered in the HTTP response; reactions are recorded as feedback on the bot's message.
/// </summary>
public sealed class TeamsCardActionTests(EmulatorHostFixture fixture) : IClassFixture<EmulatorHostFixture>, IAsyncLifetime
{
    /// <summary>EMP-0007 in the demo HR directory.</summary>
    private const string RinaWijaya = "00000000-0000-4000-8000-000000000007";

    private readonly HttpClient _http = fixture.Host.CreateClient();
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_leave_request_is_filled_confirmed_and_submitted_through_Action_Execute_answered_in_the_response()
    {
        var conversation = NewId();
        using var asked = await PostAsync(Message(conversation, "m-1", "Request leave"));
        var card = CardOf(Assert.Single(_connector.Requests).Activity);
        var submit = card["actions"]![0]!;
        _connector.Requests.Clear();

        using var filled = await PostAsync(Invoke(conversation, "i-1", (string)submit["verb"]!, Data(submit, ("leaveType", "annual"), ("start", "2026-12-07"), ("end", "2026-12-09"))));
        var confirmation = await InvokeCardAsync(filled);
        var yes = confirmation["actions"] is { } bottom ? bottom[0]! : FindAction(confirmation, "Yes");
        using var confirmed = await PostAsync(Invoke(conversation, "i-2", (string)yes["verb"]!, Data(yes)));
        var outcome = await InvokeCardAsync(confirmed);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("Action.Execute", (string?)submit["type"]);
        Assert.Equal("form.submit", (string?)submit["verb"]);
        Assert.Contains("3 working days", Texts(confirmation), StringComparison.Ordinal);
        Assert.Equal("Action.Execute", (string?)yes["type"]);
        Assert.Contains("submitted", Texts(outcome), StringComparison.Ordinal);
        Assert.Contains("LR-", Texts(outcome), StringComparison.Ordinal);
        Assert.Empty(_connector.Requests); // invokes are answered in the response, not through the Connector
    }

    [Fact]
    public async Task The_Indonesian_welcome_card_starts_a_leave_request_whose_form_card_comes_back_in_the_invoke_response()
    {
        var conversation = NewId();
        var joined = $$"""
            {"type":"conversationUpdate","id":"cu-1","channelId":"msteams","serviceUrl":"{{_connector.ServiceUrl}}","locale":"id-ID",
             "from":{"id":"29:user-1","aadObjectId":"{{RinaWijaya}}"},"recipient":{"id":"28:bot-1"},"conversation":{"id":"{{conversation}}"},
             "membersAdded":[{"id":"28:bot-1"},{"id":"29:user-1","aadObjectId":"{{RinaWijaya}}"}]}
            """;
        using var welcomed = await PostAsync(joined);
        var welcome = CardOf(Assert.Single(_connector.Requests).Activity);
        var leave = FindAction(welcome, "Ajukan cuti");

        using var started = await PostAsync(Invoke(conversation, "i-1", (string)leave["verb"]!, Data(leave)));
        var form = await InvokeCardAsync(started);

        Assert.Equal("Apa yang ingin Anda lakukan?", Texts(welcome).Split('\n')[0]);
        Assert.Equal("start", (string?)leave["verb"]);
        Assert.Equal("hr.leave_request", (string?)leave["data"]!["hdIntent"]);
        Assert.Contains("Cuti jenis apa", Texts(form), StringComparison.Ordinal);
        Assert.Contains("Pengajuan cuti", Texts(form), StringComparison.Ordinal);
        Assert.Equal("Action.Execute", (string?)form["actions"]![0]!["type"]);
        Assert.Equal("Kirim", (string?)form["actions"]![0]!["title"]);
    }

    [Fact]
    public async Task Outside_Teams_a_card_uses_Action_Submit_and_its_press_is_a_message_with_a_value_and_no_text()
    {
        var conversation = NewId();
        using var asked = await PostAsync(Message(conversation, "m-1", "Request leave", channelId: "emulator"));
        var submit = CardOf(Assert.Single(_connector.Requests).Activity)["actions"]![0]!;
        _connector.Requests.Clear();
        var pressed = new JsonObject
        {
            ["type"] = "message", ["id"] = "m-2", ["channelId"] = "emulator", ["serviceUrl"] = _connector.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = "29:user-1", ["aadObjectId"] = RinaWijaya },
            ["recipient"] = new JsonObject { ["id"] = "28:bot-1" },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["value"] = Data(submit, ("leaveType", "annual"), ("start", "2026-12-07"), ("end", "2026-12-09")),
        };

        using var response = await PostAsync(pressed.ToJsonString());

        Assert.Equal("Action.Submit", (string?)submit["type"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_connector.Requests).Activity;
        Assert.Contains("3 working days", reply.Text, StringComparison.Ordinal);
        Assert.Equal("m-2", reply.ReplyToId);
        Assert.Equal("Action.Submit", (string?)CardOf(reply)["body"]![0]!["actions"]![0]!["type"]);
    }

    [Fact]
    public async Task A_stale_Action_Execute_gets_a_card_saying_nothing_changed()
    {
        var conversation = NewId();
        using var _ = await PostAsync(Message(conversation, "m-1", "Request leave"));
        var submit = CardOf(Assert.Single(_connector.Requests).Activity)["actions"]![0]!;
        var data = Data(submit, ("leaveType", "annual"), ("start", "2026-12-07"), ("end", "2026-12-09"));
        using var first = await PostAsync(Invoke(conversation, "i-1", "form.submit", data));

        using var second = await PostAsync(Invoke(conversation, "i-2", "form.submit", data));

        Assert.Contains("no longer current", Texts(await InvokeCardAsync(second)), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadInvokes => new()
    {
        { "no value", "null" },
        { "no action", """{"trigger":"manual"}""" },
        { "no verb", """{"action":{"type":"Action.Execute","data":{}}}""" },
        { "data not an object", """{"action":{"type":"Action.Execute","verb":"confirm.yes","data":[1,2]}}""" },
        { "not Execute", """{"action":{"type":"Action.Submit","verb":"confirm.yes"}}""" },
    };

    [Theory]
    [MemberData(nameof(BadInvokes))]
    public async Task A_malformed_card_action_gets_a_400_invoke_response_not_a_500(string why, string value)
    {
        using var response = await PostAsync(Invoke(NewId(), "bad-" + Guid.NewGuid().ToString("N"), value: value));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
        Assert.Equal("BadRequest", body.GetProperty("value").GetProperty("code").GetString());
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task An_invoke_the_bot_does_not_handle_is_501_with_an_error_body()
    {
        using var response = await PostAsync(Invoke(NewId(), "x-1", name: "composeExtension/query", value: "{}"));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_like_on_the_bots_message_is_recorded_on_that_message_and_taken_back_when_removed()
    {
        var conversation = NewId();
        using var _ = await PostAsync(Message(conversation, "m-1", "how many days do I have to return an item"));
        var factory = fixture.Host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        string messageId;
        string? citation;
        await using (var db = await factory.CreateDbContextAsync())
        {
            // The answer may quote more than one passage, each its own message with its own citation.
            var sent = (await db.SentMessages.Where(m => m.ConversationId == conversation && m.Citation != null).ToListAsync())[0];
            messageId = sent.ActivityId!;
            citation = sent.Citation;
        }

        using var liked = await PostAsync(Reaction(conversation, "r-1", messageId, added: "like"));
        await using (var db = await factory.CreateDbContextAsync())
        {
            var feedback = await db.MessageFeedback.SingleAsync(f => f.ConversationId == conversation);
            Assert.True(feedback.Helpful);
            Assert.Equal("reaction", feedback.Source);
            Assert.Equal("like", feedback.Kind);
            Assert.Equal(citation, feedback.Citation);
            Assert.NotNull(feedback.Citation);
        }

        using var removed = await PostAsync(Reaction(conversation, "r-2", messageId, removed: "like"));
        using var unknown = await PostAsync(Reaction(conversation, "r-3", "not-a-bot-message", added: "dislike"));

        Assert.Equal(HttpStatusCode.OK, liked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        await using var check = await factory.CreateDbContextAsync();
        Assert.False(await check.MessageFeedback.AnyAsync(f => f.ConversationId == conversation));
    }

    [Fact]
    public async Task A_reaction_cannot_land_on_another_conversations_message()
    {
        var mine = NewId();
        using var _ = await PostAsync(Message(mine, "m-1", "hello"));
        var factory = fixture.Host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        string messageId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            messageId = (await db.SentMessages.FirstAsync(m => m.ConversationId == mine)).ActivityId!;
        }

        var other = NewId();
        using var response = await PostAsync(Reaction(other, "r-1", messageId, added: "like"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var check = await factory.CreateDbContextAsync();
        Assert.False(await check.MessageFeedback.AnyAsync(f => f.ConversationId == other || f.ConversationId == mine));
    }

    private static async Task<JsonObject> InvokeCardAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        var card = body["value"]!.AsObject();
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        return card;
    }

    private static JsonObject CardOf(Activity activity)
    {
        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return JsonNode.Parse(attachment.Content!.Value.GetRawText())!.AsObject();
    }

    private static string Texts(JsonObject card) =>
        string.Join("\n", card["body"]!.AsArray().Where(e => (string?)e!["type"] == "TextBlock").Select(e => (string?)e!["text"]));

    private static JsonNode FindAction(JsonObject card, string title) =>
        card["body"]!.AsArray().Where(e => (string?)e!["type"] == "ActionSet").SelectMany(e => e!["actions"]!.AsArray()).First(a => (string?)a!["title"] == title)!;

    private static JsonObject Data(JsonNode action, params (string Id, string Value)[] inputs)
    {
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (id, value) in inputs)
        {
            data[id] = value;
        }

        return data;
    }

    private string Message(string conversation, string id, string text, string channelId = "msteams") => JsonSerializer.Serialize(new
    {
        type = "message", id, channelId, serviceUrl = _connector.ServiceUrl,
        from = new { id = "29:user-1", name = "Rina Wijaya", aadObjectId = RinaWijaya },
        recipient = new { id = "28:bot-1", name = "Helpdesk" },
        conversation = new { id = conversation, conversationType = "personal" },
        text, locale = "en-US",
    });

    private string Invoke(string conversation, string id, string? verb = null, JsonObject? data = null, string name = "adaptiveCard/action", string? value = null)
    {
        var activity = new JsonObject
        {
            ["type"] = "invoke", ["name"] = name, ["id"] = id, ["channelId"] = "msteams", ["serviceUrl"] = _connector.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = "29:user-1", ["aadObjectId"] = RinaWijaya },
            ["recipient"] = new JsonObject { ["id"] = "28:bot-1" },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["value"] = value is not null
                ? JsonNode.Parse(value)
                : new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data?.DeepClone() }, ["trigger"] = "manual" },
        };
        return activity.ToJsonString();
    }

    private string Reaction(string conversation, string id, string replyToId, string? added = null, string? removed = null) => JsonSerializer.Serialize(new
    {
        type = "messageReaction", id, channelId = "msteams", serviceUrl = _connector.ServiceUrl, replyToId,
        from = new { id = "29:user-1", aadObjectId = RinaWijaya },
        recipient = new { id = "28:bot-1" },
        conversation = new { id = conversation },
        reactionsAdded = added is null ? null : new[] { new { type = added } },
        reactionsRemoved = removed is null ? null : new[] { new { type = removed } },
    }, ProtocolJson.Options);

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _http.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

    private static string NewId() => "conv-" + Guid.NewGuid().ToString("N");
}
