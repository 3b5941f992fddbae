using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Channels;

public sealed class DirectLineStreamTests(BotHostFixture fixture) : IClassFixture<BotHostFixture>
{
    private readonly DirectLineClient _client = new(fixture.Host.CreateClient());

    [Fact]
    public async Task The_stream_replays_the_welcome_then_pushes_the_reply_to_a_message()
    {
        var session = await _client.StartAsync();
        using var socket = await ConnectAsync(session.StreamUrl);

        var backlog = await ReceiveSetAsync(socket);
        Assert.Equal("bot", Assert.Single(backlog.Activities).From?.Role);

        var id = await session.SayAsync("where is my order ORD-100123");
        var seen = new List<Activity>();
        while (!seen.Any(a => a.ReplyToId == id))
        {
            seen.AddRange((await ReceiveSetAsync(socket)).Activities);
        }

        Assert.Equal(id, seen[0].Id);
        Assert.Contains("ORD-100123", seen.Single(a => a.ReplyToId == id).Text);
    }

    [Fact]
    public async Task The_stream_starts_after_the_watermark_it_was_given()
    {
        var session = await _client.StartAsync();
        await session.SayAsync("hello");
        var set = await session.GetActivitiesAsync();
        using var reconnect = await _client.SendAsync(HttpMethod.Get,
            $"/v3/directline/conversations/{session.ConversationId}?watermark={set.Watermark}", session.Token);
        var streamUrl = JsonDocument.Parse(await reconnect.Content.ReadAsStringAsync()).RootElement.GetProperty("streamUrl").GetString()!;
        using var socket = await ConnectAsync(streamUrl);

        var id = await session.SayAsync("thanks, and where is ORD-100124?");
        var first = await ReceiveSetAsync(socket);

        Assert.Equal(id, first.Activities[0].Id);
    }

    [Fact]
    public async Task A_stream_opened_on_a_long_conversation_replays_its_whole_log_page_by_page_before_anything_new()
    {
        var session = await _client.StartAsync();
        var log = fixture.Host.Services.GetRequiredService<DirectLineConversations>();
        // Welcome + 150: a full page of 100, then a short one.
        for (var i = 0; i < 150; i++)
        {
            await log.AppendAsync(session.ConversationId, new Activity { Type = ActivityTypes.Message, Text = $"note {i}", From = new ChannelAccount { Id = "bot", Role = "bot" } }, null, CancellationToken.None);
        }
        using var socket = await ConnectAsync(session.StreamUrl);

        var replayed = new List<Activity>();
        while (replayed.Count < 151)
        {
            replayed.AddRange((await ReceiveSetAsync(socket)).Activities);
        }
        var id = await session.SayAsync("where is my order ORD-100123");
        var next = (await ReceiveSetAsync(socket)).Activities;

        Assert.Equal(151, replayed.Count);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"note {i}"), replayed.Skip(1).Select(a => a.Text));
        Assert.Equal(id, next[0].Id);
    }

    [Fact]
    public async Task A_stream_url_of_another_conversation_or_a_bad_token_is_refused()
    {
        var alice = await _client.StartAsync();
        var bob = await _client.StartAsync();
        var aliceToken = alice.StreamUrl[(alice.StreamUrl.IndexOf("?t=", StringComparison.Ordinal) + 3)..];
        var client = fixture.Host.Server.CreateWebSocketClient();

        var crossed = await Assert.ThrowsAnyAsync<Exception>(() =>
            client.ConnectAsync(new Uri($"ws://localhost/v3/directline/conversations/{bob.ConversationId}/stream?t={aliceToken}"), CancellationToken.None));
        var forged = await Assert.ThrowsAnyAsync<Exception>(() =>
            client.ConnectAsync(new Uri($"ws://localhost/v3/directline/conversations/{bob.ConversationId}/stream?t=forged"), CancellationToken.None));

        Assert.Contains("403", crossed.Message);
        Assert.Contains("401", forged.Message);
    }

    [Fact]
    public async Task A_conversation_token_is_not_a_stream_token()
    {
        var session = await _client.StartAsync();

        using var response = await _client.Http.GetAsync($"/v3/directline/conversations/{session.ConversationId}/stream?t={session.Token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<WebSocket> ConnectAsync(string streamUrl)
    {
        var client = fixture.Host.Server.CreateWebSocketClient();
        return await client.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
    }

    private static async Task<ActivitySet> ReceiveSetAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            if (message.Length == 0)
            {
                continue; // keep-alive
            }
            return JsonSerializer.Deserialize<ActivitySet>(Encoding.UTF8.GetString(message.ToArray()), ProtocolJson.Options)!;
        }
    }
}
