using System.Net;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Channels.BotFramework.Outbox;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>
/// Teams (Bot Connector) replies go through a transactional outbox: stored with the turn, sent after it, retried when the
/// Connector fails, delivered by a later host (or another instance) when the one that ran the turn never sent them, once
/// each and in order per conversation. Real hosts on real SQLite files, a real Kestrel Connector stand-in.
/// </summary>
public sealed class ConnectorOutboxTests : IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    /// <summary>An Emulator-style host (no app id), with short Connector retries so a failed delivery ends quickly.</summary>
    private static BotHost NewHost(string? dataDirectory = null) => Configure(dataDirectory is null ? new BotHost() : new BotHost(dataDirectory));

    internal static BotHost Configure(BotHost host) =>
        host
            .With("BotFramework:TrustIdentityWithoutAuthentication", "true")
            .With("BotFramework:ConnectorMaxAttempts", "2")
            .With("BotFramework:ConnectorRetryDelay", "00:00:00.010")
            .With("BotFramework:ConnectorTimeout", "00:00:30")
            .With("BotFramework:Outbox:RetryDelay", "00:00:05")
            .With("BotFramework:Outbox:SweepInterval", "00:00:10");

    [Fact]
    public async Task A_reply_the_connector_fails_to_take_is_kept_and_delivered_once_when_it_recovers()
    {
        using var host = NewHost();
        using var http = host.CreateClient();
        var conversation = NewId();
        _connector.FailNext(new ConnectorStandIn.Failure(503), new ConnectorStandIn.Failure(503));

        using var response = await PostAsync(http, Message(conversation, "act-1", "where is my order ORD-100123"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(_connector.Requests);
        Assert.Equal(1, await OwedAsync(host));

        // The back-off (5 s) and the sweep interval pass: the sweep delivers it.
        host.Time.Advance(TimeSpan.FromSeconds(11));
        await EventuallyAsync(() => !_connector.Requests.IsEmpty);
        host.Time.Advance(TimeSpan.FromSeconds(11));
        await Task.Delay(500);

        // Settled (the row deleted, the id recorded) right after the Connector's answer.
        await EventuallyAsync(async () => await OwedAsync(host) == 0);
        var sent = Assert.Single(_connector.Requests);
        Assert.Equal($"/v3/conversations/{conversation}/activities/act-1", sent.Path);
        Assert.Contains("ORD-100123", sent.Activity.Text);
        Assert.Null(sent.Activity.Id);
        // The bot's record of the message now carries the id the Connector gave it (reactions find it by that id).
        await using var db = await Db(host);
        Assert.Contains(await db.SentMessages.AsNoTracking().Where(m => m.ConversationId == conversation).Select(m => m.ActivityId).ToListAsync(),
            id => id == sent.AnsweredId);
    }

    [Fact]
    public async Task A_turn_saved_but_never_sent_is_delivered_once_by_a_new_host_on_the_same_data_directory()
    {
        var directory = BotHost.NewDataDirectory();
        var conversation = NewId();
        var incoming = JsonSerializer.Deserialize<Activity>(Message(conversation, "act-lost", "where is my order ORD-100123"), ProtocolJson.Options)!;
        try
        {
            using (var first = NewHost(directory))
            {
                first.CreateClient().Dispose();
                // What /api/messages does up to the save; the host stops before the send (as if killed right after the commit).
                var pipeline = first.Services.GetRequiredService<TurnPipeline>();
                var outbox = first.Services.GetRequiredService<ConnectorOutbox>();
                var outcome = await pipeline.ProcessAsync(incoming, Anonymous, CancellationToken.None, replyLog: new ConnectorTurnLog(outbox, incoming));
                Assert.False(outcome.Duplicate);
                Assert.Equal(1, await OwedAsync(first));
            }
            Assert.Empty(_connector.Requests);

            using var second = NewHost(directory);
            using var http = second.CreateClient();
            await EventuallyAsync(() => !_connector.Requests.IsEmpty);

            await EventuallyAsync(async () => await OwedAsync(second) == 0);
            var sent = Assert.Single(_connector.Requests);
            Assert.Equal($"/v3/conversations/{conversation}/activities/act-lost", sent.Path);
            Assert.Contains("ORD-100123", sent.Activity.Text);

            // The channel redelivers the activity (it never heard back): answered already, so nothing more.
            using var again = await PostAsync(http, Message(conversation, "act-lost", "where is my order ORD-100123"));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            second.Time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(500);
            Assert.Single(_connector.Requests);
            Assert.Equal(0, await OwedAsync(second));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            BotHost.TryDelete(directory);
        }
    }

    [Fact]
    public async Task A_redelivered_activity_whose_reply_is_still_owed_gets_it_once_and_the_turn_runs_once()
    {
        using var host = NewHost();
        using var http = host.CreateClient();
        var conversation = NewId();
        _connector.FailNext(new ConnectorStandIn.Failure(502), new ConnectorStandIn.Failure(502));

        using var first = await PostAsync(http, Message(conversation, "act-re", "where is my order ORD-100123"));
        using var second = await PostAsync(http, Message(conversation, "act-re", "where is my order ORD-100123"));
        using var third = await PostAsync(http, Message(conversation, "act-re", "where is my order ORD-100123"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.Equal($"/v3/conversations/{conversation}/activities/act-re", sent.Path);
        Assert.Contains("ORD-100123", sent.Activity.Text);
        await using var db = await Db(host);
        Assert.Equal(1, await db.Transcript.CountAsync(t => t.ConversationId == conversation && t.Direction == "user"));
        Assert.Equal(1, await db.Transcript.CountAsync(t => t.ConversationId == conversation && t.Direction == "bot"));
    }

    [Fact]
    public async Task A_later_turn_sends_the_owed_reply_first_so_the_conversation_keeps_its_order()
    {
        using var host = NewHost();
        using var http = host.CreateClient();
        var conversation = NewId();
        _connector.FailNext(new ConnectorStandIn.Failure(503), new ConnectorStandIn.Failure(503));

        using var first = await PostAsync(http, Message(conversation, "act-a", "where is my order ORD-100123"));
        using var second = await PostAsync(http, Message(conversation, "act-b", "thank you"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var paths = _connector.Requests.Select(r => r.Path).ToList();
        // Every reply to the first message (there may be more than one) before any reply to the second.
        Assert.Equal([$"/v3/conversations/{conversation}/activities/act-a", $"/v3/conversations/{conversation}/activities/act-b"], paths.Distinct());
        Assert.True(paths.LastIndexOf(paths[0]) < paths.FindIndex(p => p.EndsWith("/act-b", StringComparison.Ordinal)));
        Assert.Contains("ORD-100123", _connector.Requests.First().Activity.Text);
    }

    [Fact]
    public async Task A_reply_refused_for_good_is_dropped_and_does_not_hold_up_the_next_one()
    {
        using var host = NewHost();
        using var http = host.CreateClient();
        var conversation = NewId();
        _connector.FailNext(new ConnectorStandIn.Failure(403));

        using var refused = await PostAsync(http, Message(conversation, "act-x", "hello"));
        using var next = await PostAsync(http, Message(conversation, "act-y", "where is my order ORD-100123"));

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var sent = Assert.Single(_connector.Requests);
        Assert.EndsWith("/act-y", sent.Path);
        Assert.Equal(0, await OwedAsync(host));
    }

    [Fact]
    public async Task Two_hosts_on_one_database_sweeping_together_send_every_owed_reply_once_and_in_order()
    {
        using var database = Scaling.SharedDatabase.ForTests();
        await TwoHostsSweepEveryReplyOnceAndInOrderAsync(_connector, database);
    }

    /// <summary>
    /// Turns saved on host A and never sent (as a host killed after each commit leaves them), then both hosts sweeping at
    /// once, several times over: each reply reaches the Connector once, each conversation's in the order of its turns.
    /// </summary>
    internal static async Task TwoHostsSweepEveryReplyOnceAndInOrderAsync(ConnectorStandIn connector, Scaling.SharedDatabase database)
    {
        using var a = Configure(database.NewHost());
        using var b = Configure(database.NewHost());
        a.CreateClient().Dispose();
        b.CreateClient().Dispose();
        const int Conversations = 6;
        const int Turns = 3;
        var expected = new List<string>();
        var pipeline = a.Services.GetRequiredService<TurnPipeline>();
        var outboxA = a.Services.GetRequiredService<ConnectorOutbox>();
        var outboxB = b.Services.GetRequiredService<ConnectorOutbox>();
        for (var c = 0; c < Conversations; c++)
        {
            var conversation = NewId();
            for (var t = 0; t < Turns; t++)
            {
                var incoming = JsonSerializer.Deserialize<Activity>(
                    Message(connector, conversation, $"act-{t}", t == 1 ? "thank you" : "hello"), ProtocolJson.Options)!;
                await pipeline.ProcessAsync(incoming, Anonymous, CancellationToken.None, replyLog: new ConnectorTurnLog(outboxA, incoming));
                expected.Add($"/v3/conversations/{conversation}/activities/act-{t}");
            }
        }
        var owed = await OwedAsync(a);
        Assert.True(owed >= Conversations * Turns, $"{owed} rows owed");

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(outboxA.SweepAsync(CancellationToken.None), outboxB.SweepAsync(CancellationToken.None),
                outboxB.SweepAsync(CancellationToken.None), outboxA.SweepAsync(CancellationToken.None));
        }
        // A sweep that found a conversation held by the other host's leaves it to that one; wait for the last to settle.
        await EventuallyAsync(async () => await OwedAsync(a) == 0);

        var received = connector.Requests.ToList();
        Assert.Equal(owed, received.Count);
        // Each reply arrived once (a turn may have several messages; none is repeated)…
        Assert.Equal(received.Count, received.Select(r => r.Path + "\n" + r.Activity.Text + "\n" + JsonSerializer.Serialize(r.Activity.Attachments)).Distinct().Count());
        // …and each conversation's in the order its turns were saved: all of one turn's replies before the next turn's.
        foreach (var conversation in received.GroupBy(r => r.Path[..r.Path.LastIndexOf('/')]))
        {
            var paths = conversation.Select(r => r.Path).ToList();
            var runs = paths.Where((p, i) => i == 0 || p != paths[i - 1]).ToList();
            Assert.Equal(expected.Where(e => e.StartsWith(conversation.Key + "/", StringComparison.Ordinal)), runs);
        }
    }

    [Fact]
    public async Task Rows_held_by_a_delivery_that_died_are_taken_over_once_its_lease_runs_out()
    {
        using var host = NewHost();
        host.CreateClient().Dispose();
        var conversation = NewId();
        var incoming = JsonSerializer.Deserialize<Activity>(Message(conversation, "act-held", "where is my order ORD-100123"), ProtocolJson.Options)!;
        var outbox = host.Services.GetRequiredService<ConnectorOutbox>();
        await host.Services.GetRequiredService<TurnPipeline>().ProcessAsync(incoming, Anonymous, CancellationToken.None, replyLog: new ConnectorTurnLog(outbox, incoming));
        // What an instance killed in the middle of sending leaves: its claim, for a full lease (30 s) from now.
        await using (var db = await Db(host))
        {
            var until = host.Time.GetUtcNow().UtcDateTime.AddSeconds(30);
            await db.Set<ConnectorOutboxEntry>().Where(e => e.ConversationId == conversation)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.LeaseOwner, "killed-instance").SetProperty(e => e.LeaseUntilUtc, until));
        }

        await outbox.SweepAsync(CancellationToken.None);
        Assert.Empty(_connector.Requests);
        Assert.Equal(OutboxDelivery.Pending, await outbox.DeliverAsync("emulator", conversation, dueOnly: false, CancellationToken.None));
        Assert.Empty(_connector.Requests);

        // The host's own sweep runs on the same clock; an explicit one besides it must not send the row a second time.
        host.Time.Advance(TimeSpan.FromSeconds(31));
        await outbox.SweepAsync(CancellationToken.None);
        await EventuallyAsync(() => !_connector.Requests.IsEmpty);
        await outbox.SweepAsync(CancellationToken.None);

        await EventuallyAsync(async () => await OwedAsync(host) == 0);
        var sent = Assert.Single(_connector.Requests);
        Assert.EndsWith("/act-held", sent.Path);
    }

    [Fact]
    public async Task An_agent_message_the_connector_fails_to_take_is_kept_and_goes_out_with_the_next_activity()
    {
        using var host = NewHost();
        using var http = host.CreateClient();
        var conversation = NewId();
        var handoff = host.Services.GetRequiredService<HelpdeskBot.Bot.Handoff.HandoffService>();
        using (var asked = await PostAsync(http, Message(conversation, "act-agent", "I want to talk to a person")))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }
        var open = await handoff.FindOpenAsync("emulator", conversation, CancellationToken.None);
        var dewi = new HelpdeskBot.Bot.Handoff.AgentIdentity("dewi", "Dewi", new HashSet<string>(), IsAdmin: false);
        Assert.Equal(HelpdeskBot.Bot.Handoff.AcceptOutcome.Accepted, await handoff.AcceptAsync(open!.Id, dewi, CancellationToken.None));
        var before = _connector.Requests.Count;

        _connector.FailNext(new ConnectorStandIn.Failure(503), new ConnectorStandIn.Failure(503));
        // The agent is not told of a failure that is only for now: the message is kept.
        await handoff.SendAgentMessageAsync(open.Id, dewi, "Let me check that for you.", CancellationToken.None);
        Assert.Equal(before, _connector.Requests.Count);
        Assert.Equal(1, await OwedAsync(host));

        // The user writes again (the bot stays silent while the agent has the conversation): the Connector is reachable,
        // and what the conversation is owed goes out.
        using (var next = await PostAsync(http, Message(conversation, "act-after", "hello?")))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
        var sent = Assert.Single(_connector.Requests.Skip(before));
        Assert.Equal(("Let me check that for you.", "plain"), (sent.Activity.Text, sent.Activity.TextFormat));
        Assert.Equal(0, await OwedAsync(host));
    }

    private static readonly ChannelUser Anonymous = new("user-1", "User", Requester.Anonymous);

    private static async Task<int> OwedAsync(BotHost host) =>
        await host.Services.GetRequiredService<ConnectorOutbox>().CountOwedAsync(CancellationToken.None);

    private static async Task<StateDbContext> Db(BotHost host) =>
        await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(50);
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(50);
        }
    }

    private string Message(string conversation, string id, string text) => Message(_connector, conversation, id, text);

    internal static string Message(ConnectorStandIn connector, string conversation, string id, string text) => JsonSerializer.Serialize(new
    {
        type = "message",
        id,
        channelId = "emulator",
        serviceUrl = connector.ServiceUrl,
        from = new { id = "user-1", name = "User" },
        recipient = new { id = "bot-1", name = "Bot" },
        conversation = new { id = conversation },
        text,
    });

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string json) =>
        http.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));

    private static string NewId() => "conv-" + Guid.NewGuid().ToString("N");
}
