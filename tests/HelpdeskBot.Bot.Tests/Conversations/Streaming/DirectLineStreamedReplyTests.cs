using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Conversations.Streaming;

/// <summary>A host whose greeting skill streams <see cref="Script"/>; tests set the script before they say "hello".</summary>
public sealed class StreamingHostFixture : IDisposable
{
    public StreamingHostFixture()
    {
        Host = new BotHost().With("BotFramework:TrustIdentityWithoutAuthentication", "true");
        Host.WithServices(ScriptedStreamSkill.Register(Script, Host.Time));
    }

    public StreamScript Script { get; } = new();

    public BotHost Host { get; }

    /// <summary>A fresh script for the next test (the tests of a class run one after another).</summary>
    public StreamScript Reset(Action<StreamScript>? configure = null)
    {
        Script.Chunks = ["Streaming ", "replies ", "grow ", "word ", "by ", "word."];
        Script.ClockStep = TimeSpan.FromMilliseconds(400);
        Script.RealPause = TimeSpan.FromMilliseconds(20);
        Script.FailAfter = null;
        Script.PauseAfter = null;
        Script.Resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Script.Informative = null;
        Script.Refuse = false;
        Script.FallbackRest = [];
        configure?.Invoke(Script);
        return Script;
    }

    public void Dispose() => Host.Dispose();
}

/// <summary>
/// Streamed replies in Web Chat over the bot's own Direct Line: typing updates with <c>streaminfo</c> (rising sequence,
/// cumulative text, the first update's id as stream id), throttled, then exactly one final message; only the final text is
/// stored, and a stream that fails midway ends with the fallback. Real host, real SQLite, real WebSocket.
/// </summary>
public sealed class DirectLineStreamedReplyTests(StreamingHostFixture fixture) : IClassFixture<StreamingHostFixture>
{
    private readonly DirectLineClient _client = new(fixture.Host.CreateClient());

    [Fact]
    public async Task A_streamed_reply_reaches_the_websocket_as_growing_typing_updates_then_one_final_message()
    {
        var script = fixture.Reset();
        var session = await _client.StartAsync();
        using var socket = await ConnectAsync(session.StreamUrl);
        await ReceiveSetAsync(socket); // the welcome

        var id = await session.SayAsync("hello");
        var seen = await ReceiveUntilFinalAsync(socket, id);

        var updates = seen.Where(a => a.Type == ActivityTypes.Typing).ToList();
        Assert.True(updates.Count >= 2, $"Expected several updates, got {updates.Count}.");
        Assert.All(updates, u => Assert.Equal("bot", u.From?.Role));
        var streamId = updates[0].Id!;
        for (var i = 0; i < updates.Count; i++)
        {
            var marks = updates[i].ChannelData!.Value;
            Assert.Equal("streaming", marks.GetProperty("streamType").GetString());
            Assert.Equal(i + 1, marks.GetProperty("streamSequence").GetInt32());
            Assert.Equal(i == 0 ? null : streamId, marks.TryGetProperty("streamId", out var sid) ? sid.GetString() : null);
            var entity = Assert.Single(updates[i].Entities!, e => e.Type == "streaminfo");
            Assert.Equal(i + 1, entity.ExtensionData!["streamSequence"].GetInt32());
            Assert.Equal("streaming", entity.ExtensionData["streamType"].GetString());
            Assert.StartsWith(updates[i].Text!, script.Whole, StringComparison.Ordinal);
            if (i > 0)
            {
                Assert.True(updates[i].Text!.Length > updates[i - 1].Text!.Length, "Each update carries all the text so far, and more.");
            }
        }

        var final = Assert.Single(seen, a => a.Type == ActivityTypes.Message && a.ReplyToId == id);
        Assert.Equal(script.Whole, final.Text);
        Assert.Equal("final", final.ChannelData!.Value.GetProperty("streamType").GetString());
        Assert.Equal(streamId, final.ChannelData.Value.GetProperty("streamId").GetString());
        Assert.False(final.ChannelData.Value.TryGetProperty("streamSequence", out _));
        Assert.Equal(streamId, Assert.Single(final.Entities!, e => e.Type == "streaminfo").ExtensionData!["streamId"].GetString());
    }

    [Fact]
    public async Task The_users_message_reaches_the_stream_before_the_first_update_and_is_stored_once()
    {
        fixture.Reset();
        var session = await _client.StartAsync();
        using var socket = await ConnectAsync(session.StreamUrl);
        await ReceiveSetAsync(socket); // the welcome

        // A message is otherwise stored with its turn; a streamed reply needs its echo on the stream before the updates.
        var id = await session.SayAsync("hello", clientActivityId: "streamed-once");
        var seen = new List<Activity>();
        while (!seen.Any(a => a.Type == ActivityTypes.Message && a.ReplyToId == id))
        {
            seen.AddRange((await ReceiveSetAsync(socket)).Activities);
        }

        Assert.Equal((id, "user"), (seen[0].Id, seen[0].From?.Role));
        Assert.True(seen.Count(a => a.Type == ActivityTypes.Typing) >= 2);
        Assert.All(seen.Skip(1), a => Assert.Equal((id, "bot"), (a.ReplyToId, a.From?.Role)));
        Assert.Single((await session.GetActivitiesAsync()).Activities, a => a.From?.Role == "user");
        Assert.Equal(id, await session.SayAsync("hello", clientActivityId: "streamed-once"));
        Assert.Single((await session.GetActivitiesAsync()).Activities, a => a.ReplyToId == id);
    }

    [Fact]
    public async Task Updates_come_at_most_once_per_interval_of_300_ms()
    {
        // Nine chunks 100 ms apart on the host's clock: shown at the 1st, 4th and 7th.
        var script = fixture.Reset(s =>
        {
            s.Chunks = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
            s.ClockStep = TimeSpan.FromMilliseconds(100);
        });
        var session = await _client.StartAsync();
        using var socket = await ConnectAsync(session.StreamUrl);
        await ReceiveSetAsync(socket);

        var id = await session.SayAsync("hello");
        var seen = await ReceiveUntilFinalAsync(socket, id);

        Assert.Equal(["a", "abcd", "abcdefg"], seen.Where(a => a.Type == ActivityTypes.Typing).Select(a => a.Text!));
        Assert.Equal(script.Whole, seen.Single(a => a.Type == ActivityTypes.Message && a.ReplyToId == id).Text);
    }

    [Fact]
    public async Task Polling_clients_see_the_updates_while_the_stream_runs_and_only_the_final_message_afterwards()
    {
        var script = fixture.Reset(s => s.PauseAfter = 3);
        var session = await _client.StartAsync();

        var saying = session.SayAsync("hello");
        Activity? update = null;
        for (var i = 0; i < 200 && update is null; i++)
        {
            update = (await session.GetActivitiesAsync()).Activities.FirstOrDefault(a => a.Type == ActivityTypes.Typing);
            await Task.Delay(25);
        }
        script.Resume.SetResult();
        var id = await saying;

        Assert.NotNull(update);
        Assert.StartsWith(update.Text!, script.Whole, StringComparison.Ordinal);
        var after = (await session.GetActivitiesAsync()).Activities;
        Assert.DoesNotContain(after, a => a.Type == ActivityTypes.Typing);
        Assert.Equal(script.Whole, Assert.Single(after, a => a.ReplyToId == id).Text);
    }

    [Fact]
    public async Task A_client_that_leaves_midway_leaves_no_half_written_stream_in_the_log()
    {
        fixture.Reset(s => s.PauseAfter = 3);
        var session = await _client.StartAsync();
        using var leave = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, session.ActivitiesPath)
        {
            Content = DirectLineClient.Json("{\"type\":\"message\",\"from\":{\"id\":\"x\"},\"text\":\"hello\"}"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.Token);

        var saying = _client.Http.SendAsync(request, leave.Token);
        for (var i = 0; i < 200 && !(await session.GetActivitiesAsync()).Activities.Any(a => a.Type == ActivityTypes.Typing); i++)
        {
            await Task.Delay(25);
        }
        Assert.Contains((await session.GetActivitiesAsync()).Activities, a => a.Type == ActivityTypes.Typing);
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => saying);

        var left = Array.Empty<Activity>();
        for (var i = 0; i < 200; i++)
        {
            left = [.. (await session.GetActivitiesAsync()).Activities];
            if (!left.Any(a => a.Type == ActivityTypes.Typing))
            {
                break;
            }
            await Task.Delay(25);
        }
        Assert.DoesNotContain(left, a => a.Type == ActivityTypes.Typing);
    }

    [Fact]
    public async Task Only_the_final_text_is_stored_in_the_transcript_and_sent_messages()
    {
        var script = fixture.Reset();
        var session = await _client.StartAsync();

        await session.SayAsync("hello");

        var factory = fixture.Host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var said = await db.Transcript.Where(t => t.ConversationId == session.ConversationId && t.Direction == "bot")
            .OrderBy(t => t.Id).Select(t => t.Text).ToListAsync();
        Assert.Equal(script.Whole, said[^1]);
        Assert.DoesNotContain(said, t => t != script.Whole && script.Whole.StartsWith(t, StringComparison.Ordinal));
        var sent = await db.SentMessages.Where(m => m.ConversationId == session.ConversationId).OrderBy(m => m.AtUtc).ToListAsync();
        Assert.Equal(script.Whole, sent[^1].Text);
        Assert.Equal("Streaming test › Scripted", sent[^1].Citation);
    }

    [Fact]
    public async Task A_stream_that_fails_midway_ends_with_the_fallback_as_the_final_message_and_in_the_transcript()
    {
        fixture.Reset(s => s.FailAfter = 3);
        var session = await _client.StartAsync();
        using var socket = await ConnectAsync(session.StreamUrl);
        await ReceiveSetAsync(socket);

        var id = await session.SayAsync("hello");
        var seen = await ReceiveUntilFinalAsync(socket, id);

        Assert.Contains(seen, a => a.Type == ActivityTypes.Typing && a.Text == "Streaming ");
        var final = Assert.Single(seen, a => a.Type == ActivityTypes.Message && a.ReplyToId == id);
        Assert.Equal(StreamScript.Fallback, final.Text);
        Assert.Equal("final", final.ChannelData!.Value.GetProperty("streamType").GetString());
        var factory = fixture.Host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var said = await db.Transcript.Where(t => t.ConversationId == session.ConversationId && t.Direction == "bot")
            .OrderBy(t => t.Id).Select(t => t.Text).ToListAsync();
        Assert.Equal(StreamScript.Fallback, said[^1]);
        Assert.DoesNotContain(said, t => t.StartsWith("Streaming ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_that_fails_before_any_text_sends_just_the_fallback_message()
    {
        fixture.Reset(s => s.FailAfter = 0);
        var session = await _client.StartAsync();

        var id = await session.SayAsync("hello");

        var activities = (await session.GetActivitiesAsync()).Activities;
        Assert.DoesNotContain(activities, a => a.Type == ActivityTypes.Typing);
        var final = Assert.Single(activities, a => a.ReplyToId == id);
        Assert.Equal(StreamScript.Fallback, final.Text);
        Assert.Null(final.ChannelData);
    }

    [Fact]
    public async Task A_refused_stream_ends_with_the_fallback_and_the_rest_of_the_fallback_follows_as_plain_messages()
    {
        fixture.Reset(s =>
        {
            s.Refuse = true;
            s.FallbackRest = ["The second quote.", "The third quote."];
        });
        var session = await _client.StartAsync();

        var id = await session.SayAsync("hello");

        var replies = await session.RepliesToAsync(id);
        Assert.Equal([StreamScript.Fallback, "The second quote.", "The third quote."], replies.Select(r => r.Text));
        Assert.Equal("final", replies[0].ChannelData!.Value.GetProperty("streamType").GetString());
        Assert.All(replies.Skip(1), r => Assert.Null(r.ChannelData));
        var factory = fixture.Host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var said = await db.Transcript.Where(t => t.ConversationId == session.ConversationId && t.Direction == "bot")
            .OrderBy(t => t.Id).Select(t => t.Text).ToListAsync();
        Assert.Equal([StreamScript.Fallback, "The second quote.", "The third quote."], said[^3..]);
        Assert.DoesNotContain(said, t => t.StartsWith("Streaming ", StringComparison.Ordinal));
    }

    private async Task<WebSocket> ConnectAsync(string streamUrl) =>
        await fixture.Host.Server.CreateWebSocketClient().ConnectAsync(new Uri(streamUrl), CancellationToken.None);

    internal static async Task<List<Activity>> ReceiveUntilFinalAsync(WebSocket socket, string replyTo)
    {
        var seen = new List<Activity>();
        while (!seen.Any(a => a.Type == ActivityTypes.Message && a.ReplyToId == replyTo))
        {
            seen.AddRange((await ReceiveSetAsync(socket)).Activities.Where(a => a.From?.Role == "bot"));
        }
        return seen;
    }

    internal static async Task<ActivitySet> ReceiveSetAsync(WebSocket socket)
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
            if (message.Length > 0)
            {
                return JsonSerializer.Deserialize<ActivitySet>(Encoding.UTF8.GetString(message.ToArray()), ProtocolJson.Options)!;
            }
        }
    }
}
