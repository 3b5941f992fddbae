using System.Net;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Channels;

namespace HelpdeskBot.Bot.Tests.Conversations.Streaming;

/// <summary>
/// Streamed replies in Teams through the real <c>/api/messages</c> and the Connector stand-in: in a personal chat an
/// informative update, then streaming updates (at most one a second) and the final message, all naming the first update's
/// id as stream id; in a group chat only the final message.
/// </summary>
public sealed class TeamsStreamedReplyTests(StreamingHostFixture fixture) : IClassFixture<StreamingHostFixture>, IAsyncLifetime
{
    private const string Bot = "28:helpdesk-bot";

    private readonly HttpClient _http = fixture.Host.CreateClient();
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task A_personal_chat_gets_an_informative_update_then_streaming_updates_then_the_final_message()
    {
        var script = fixture.Reset(s => s.Informative = "Looking through the scripted answers…");

        using var response = await PostAsync(Message(NewId(), "hello", "personal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivered = _connector.Delivered.ToList();
        var streamed = delivered.SkipWhile(d => StreamInfo(d.Activity) is null).ToList();
        Assert.NotEmpty(streamed);
        Assert.All(streamed, d => Assert.NotNull(StreamInfo(d.Activity)));

        var informative = streamed[0];
        Assert.Equal(ActivityTypes.Typing, informative.Activity.Type);
        Assert.Equal("Looking through the scripted answers…", informative.Activity.Text);
        Assert.Equal("informative", StreamInfo(informative.Activity)!.Value.GetProperty("streamType").GetString());
        Assert.Equal(1, StreamInfo(informative.Activity)!.Value.GetProperty("streamSequence").GetInt32());
        Assert.False(StreamInfo(informative.Activity)!.Value.TryGetProperty("streamId", out _));
        var streamId = informative.AnsweredId!;

        var updates = streamed[1..^1];
        Assert.NotEmpty(updates);
        for (var i = 0; i < updates.Count; i++)
        {
            var info = StreamInfo(updates[i].Activity)!.Value;
            Assert.Equal(ActivityTypes.Typing, updates[i].Activity.Type);
            Assert.Equal("streaming", info.GetProperty("streamType").GetString());
            Assert.Equal(i + 2, info.GetProperty("streamSequence").GetInt32());
            Assert.Equal(streamId, info.GetProperty("streamId").GetString());
            Assert.StartsWith(updates[i].Activity.Text!, script.Whole, StringComparison.Ordinal);
        }

        var final = streamed[^1].Activity;
        Assert.Equal(ActivityTypes.Message, final.Type);
        Assert.Equal(script.Whole, final.Text);
        Assert.Equal("final", StreamInfo(final)!.Value.GetProperty("streamType").GetString());
        Assert.Equal(streamId, StreamInfo(final)!.Value.GetProperty("streamId").GetString());
        Assert.False(StreamInfo(final)!.Value.TryGetProperty("streamSequence", out _));
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task Teams_updates_come_at_most_once_a_second_and_the_informative_update_defaults_to_the_users_language()
    {
        // Six chunks 400 ms apart on the host's clock: shown at the first and the fourth (1.2 s later).
        var script = fixture.Reset();

        using var response = await PostAsync(Message(NewId(), "halo", "personal", locale: "id-ID"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var streamed = _connector.Delivered.Where(d => StreamInfo(d.Activity) is not null).ToList();
        Assert.Equal("Sedang menyusun jawaban…", streamed[0].Activity.Text);
        Assert.Equal(["Streaming ", "Streaming replies grow word "], streamed[1..^1].Select(d => d.Activity.Text!));
        Assert.Equal(script.Whole, streamed[^1].Activity.Text);
    }

    [Fact]
    public async Task A_group_chat_gets_only_the_final_message()
    {
        var script = fixture.Reset();

        using var response = await PostAsync(Message(NewId(), "<at>Helpdesk</at> hello", "groupChat",
            entities: [new { type = "mention", mentioned = new { id = Bot, name = "Helpdesk" }, text = "<at>Helpdesk</at>" }]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(_connector.Delivered, d => StreamInfo(d.Activity) is not null);
        Assert.Equal(script.Whole, Assert.Single(_connector.Requests).Activity.Text);
    }

    [Fact]
    public async Task A_stream_that_fails_midway_ends_the_teams_stream_with_the_fallback_message()
    {
        fixture.Reset(s => s.FailAfter = 4);

        using var response = await PostAsync(Message(NewId(), "hello", "personal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var final = Assert.Single(_connector.Requests).Activity;
        Assert.Equal(StreamScript.Fallback, final.Text);
        Assert.Equal("final", StreamInfo(final)!.Value.GetProperty("streamType").GetString());
        Assert.Contains(_connector.Typing, t => t.Activity.Text == "Streaming ");
    }

    [Fact]
    public async Task A_refused_stream_ends_the_teams_stream_with_the_fallback_and_the_rest_follows_as_plain_messages()
    {
        fixture.Reset(s =>
        {
            s.Refuse = true;
            s.FallbackRest = ["The second quote."];
        });

        using var response = await PostAsync(Message(NewId(), "hello", "personal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = _connector.Requests.Select(r => r.Activity).ToList();
        Assert.Equal([StreamScript.Fallback, "The second quote."], messages.Select(m => m.Text));
        Assert.Equal("final", StreamInfo(messages[0])!.Value.GetProperty("streamType").GetString());
        Assert.Null(StreamInfo(messages[1]));
    }

    [Fact]
    public async Task When_teams_refuses_to_start_a_stream_the_answer_comes_as_a_plain_message()
    {
        var script = fixture.Reset();
        _connector.AnswerStreamUpdates(new ConnectorStandIn.Failure(403));

        using var response = await PostAsync(Message(NewId(), "hello", "personal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(_connector.Typing, t => t.Activity.Type == ActivityTypes.Typing && StreamInfo(t.Activity) is not null);
        var final = Assert.Single(_connector.Requests).Activity;
        Assert.Equal(script.Whole, final.Text);
        Assert.Null(StreamInfo(final));
    }

    [Fact]
    public async Task A_refused_update_stops_the_stream_growing_and_its_final_message_still_ends_it()
    {
        var script = fixture.Reset();
        _connector.AnswerStreamUpdates(null, new ConnectorStandIn.Failure(429));

        using var response = await PostAsync(Message(NewId(), "hello", "personal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The informative update only: the first streaming update was refused, and no more were tried.
        var accepted = Assert.Single(_connector.Typing, t => StreamInfo(t.Activity) is not null);
        var final = Assert.Single(_connector.Requests).Activity;
        Assert.Equal(script.Whole, final.Text);
        Assert.Equal(accepted.AnsweredId, StreamInfo(final)!.Value.GetProperty("streamId").GetString());
    }

    [Fact]
    public async Task A_final_message_teams_refuses_as_the_end_of_a_stream_is_sent_again_as_a_plain_message()
    {
        var script = fixture.Reset();
        _connector.FailNext(new ConnectorStandIn.Failure(403));

        using var response = await PostAsync(Message(NewId(), "hello", "personal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([403, 200], _connector.Attempts.Select(a => a.Status));
        var final = Assert.Single(_connector.Requests).Activity;
        Assert.Equal(script.Whole, final.Text);
        Assert.Null(StreamInfo(final));
    }

    private static JsonElement? StreamInfo(Activity activity) =>
        activity.Entities?.FirstOrDefault(e => e.Type == "streaminfo") is { ExtensionData: { } data }
            ? JsonSerializer.SerializeToElement(data)
            : null;

    private string Message(string conversation, string text, string conversationType, string? locale = null, object[]? entities = null) =>
        JsonSerializer.Serialize(new
        {
            type = "message",
            id = "m-" + Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = _connector.ServiceUrl,
            from = new { id = "29:rina", name = "Rina Wijaya", aadObjectId = BotFrameworkAuthenticationTests.RinaWijaya },
            recipient = new { id = Bot, name = "Helpdesk" },
            conversation = new { id = conversation, conversationType, isGroup = conversationType != "personal" },
            text,
            locale,
            entities,
        });

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _http.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

    private static string NewId() => "a:" + Guid.NewGuid().ToString("N");
}
