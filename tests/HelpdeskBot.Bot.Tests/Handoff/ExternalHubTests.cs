using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Handoff;

/// <summary>
/// <c>Handoff:Mode=External</c>: the bot hands off to a company's agent hub with the Bot Framework handoff protocol
/// (<c>handoff.initiate</c> out, <c>handoff.status</c> in) over <c>/api/messages</c>, against a real local Connector stand-in.
/// </summary>
public sealed class ExternalHubTests : IAsyncLifetime
{
    private readonly BotHost _host = new BotHost().With("Handoff:Mode", "External");
    private ConnectorStandIn _connector = null!;
    private HttpClient _http = null!;
    private readonly string _conversation = "conv-" + Guid.NewGuid().ToString("N");
    private int _ids;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _http = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        _host.Dispose();
    }

    private Task<HttpResponseMessage> PostAsync(object activity) =>
        _http.PostAsync("/api/messages", new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"));

    private object Message(string text) => new
    {
        type = "message", id = $"m-{++_ids}", channelId = "emulator", serviceUrl = _connector.ServiceUrl,
        from = new { id = "user-1", name = "Budi" }, recipient = new { id = "bot-1" }, conversation = new { id = _conversation }, text, locale = "en-US",
    };

    private object Status(string state) => new
    {
        type = "event", name = "handoff.status", id = $"s-{++_ids}", channelId = "emulator", serviceUrl = _connector.ServiceUrl,
        from = new { id = "hub" }, recipient = new { id = "bot-1" }, conversation = new { id = _conversation }, value = new { state },
    };

    private List<Activity> Sent() => [.. _connector.Requests.Select(r => r.Activity)];

    [Fact]
    public async Task The_bot_sends_handoff_initiate_with_context_and_transcript_then_follows_the_hubs_status()
    {
        (await PostAsync(Message("how many days do I have to return an item?"))).EnsureSuccessStatusCode();
        (await PostAsync(Message("Talk to a person"))).EnsureSuccessStatusCode();

        var initiate = Assert.Single(Sent(), a => a.Type == "event");
        Assert.Equal("handoff.initiate", initiate.Name);
        Assert.Equal("General", initiate.Value!.Value.GetProperty("queue").GetString());
        Assert.Equal("UserAsked", initiate.Value!.Value.GetProperty("reason").GetString());
        var transcript = Assert.Single(initiate.Attachments!);
        Assert.Equal(("Transcript", "application/json"), (transcript.Name, transcript.ContentType));
        var lines = transcript.Content!.Value.GetProperty("activities").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("text").GetString() == "how many days do I have to return an item?");
        Assert.Contains(Sent(), a => a.Text?.StartsWith("I'm connecting you with a person from our support team. Please stay in this chat.", StringComparison.Ordinal) == true);

        (await PostAsync(Status("accepted"))).EnsureSuccessStatusCode();
        var before = Sent().Count;
        (await PostAsync(Message("hello, anyone there?"))).EnsureSuccessStatusCode();
        Assert.Equal(before, Sent().Count);

        (await PostAsync(Status("completed"))).EnsureSuccessStatusCode();
        Assert.Equal("I'm back. How would you rate the help you got from our team, from 1 (poor) to 5 (excellent)?", Sent()[^1].Text);
        (await PostAsync(Message("4"))).EnsureSuccessStatusCode();
        Assert.StartsWith("Thank you for your rating!", Sent()[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_handoff_gives_the_conversation_back_to_the_bot_with_an_apology()
    {
        (await PostAsync(Message("Talk to a person"))).EnsureSuccessStatusCode();

        (await PostAsync(Status("failed"))).EnsureSuccessStatusCode();
        var afterwards = Sent().Count;
        (await PostAsync(Message("where is my order ORD-100123"))).EnsureSuccessStatusCode();

        Assert.Contains(Sent(), a => a.Text?.StartsWith("Sorry, no one could take the chat right now.", StringComparison.Ordinal) == true);
        Assert.True(Sent().Count > afterwards);
        Assert.Null(await _host.Services.GetRequiredService<HandoffService>().FindOpenAsync("emulator", _conversation, CancellationToken.None));
    }

    [Fact]
    public async Task On_Direct_Line_a_user_cannot_fake_the_hubs_status()
    {
        var session = await new DirectLineClient(_http).StartAsync("en-US");
        await session.AskAsync("Talk to a person");
        var handoff = _host.Services.GetRequiredService<HandoffService>();
        var before = await handoff.FindOpenAsync("directline", session.ConversationId, CancellationToken.None);

        using var response = await session.PostRawAsync("""{"type":"event","name":"handoff.status","value":{"state":"completed"}}""");

        response.EnsureSuccessStatusCode();
        var after = await handoff.FindOpenAsync("directline", session.ConversationId, CancellationToken.None);
        Assert.Equal((before!.Id, HandoffStatus.WithHub), (after!.Id, after.Status));
    }
}
