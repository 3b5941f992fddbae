using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Handoff;
using HelpdeskBot.Connectors;
using HelpdeskBot.TestServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>A private redis-server shared by the tests of one class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A private redis-server and a private PostgreSQL server shared by the tests of one class.</summary>
public sealed class RedisAndPostgresFixture : IAsyncLifetime
{
    public RedisFixture Redis { get; } = new();

    public Database.PostgresFixture Postgres { get; } = new();

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        await Postgres.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Postgres.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>The several-instances tests with both instances on one SQLite data directory.</summary>
public sealed class SeveralInstancesTests(RedisFixture redis) : SeveralInstances(redis), IClassFixture<RedisFixture>
{
    protected override Task<SharedDatabase> DatabaseAsync() => Task.FromResult(SharedDatabase.ForTests());
}

/// <summary>The several-instances tests with both instances on one PostgreSQL database, each with its own data directory.</summary>
public sealed class SeveralInstancesOnPostgresTests(RedisAndPostgresFixture servers)
    : SeveralInstances(servers.Redis), IClassFixture<RedisAndPostgresFixture>
{
    protected override async Task<SharedDatabase> DatabaseAsync() =>
        SharedDatabase.OnPostgres(await servers.Postgres.Server.CreateDatabaseAsync());
}

/// <summary>
/// Two bot instances on two Kestrel ports sharing one database and one real redis-server: a conversation moves between
/// them turn by turn, concurrent turns of one conversation are serialised, the same activity sent to both is answered
/// once, and an agent on one instance serves a customer on the other.
/// </summary>
public abstract class SeveralInstances(RedisFixture redis)
{
    /// <summary>A fresh shared database for one test's two instances.</summary>
    protected abstract Task<SharedDatabase> DatabaseAsync();

    private const string Apology = "Sorry";

    [Fact]
    public async Task A_conversation_alternates_between_instances_and_the_socket_on_A_gets_every_activity_once_in_order()
    {
        // No keep-alive round (which also reads the store) within the test: what crosses instances here crosses by Redis.
        await using var instances = TwoInstances.Start(redis.Server, host => host.With("DirectLine:KeepAliveSeconds", "600"), await DatabaseAsync());
        var onA = await TwoInstances.DirectLine(instances.A).StartAsync("en-US");
        var onB = TwoInstances.On(instances.B, onA);
        await using var stream = await StreamWatcher.OpenAsync(onA.StreamUrl);

        // A guest proves an order is theirs over two turns: the form started on B finishes on A, then it goes on.
        var script = new (DirectLineSession Where, string Say, string Expect)[]
        {
            (onB, "where is my order ORD-100123?", "e-mail"),
            (onA, "budi.santoso@example.com", "JNE"),
            (onB, "thanks", ""),
            (onA, "where is my order ORD-100124?", "e-mail"),
        };
        var ids = new List<string>();
        foreach (var (where, say, expect) in script)
        {
            var id = await where.SayAsync(say);
            ids.Add(id);
            // The reply reaches the socket on A wherever the turn ran.
            await stream.ReadUntilAsync(seen => seen.Any(a => a.ReplyToId == id));
            var replies = stream.Received.Select(r => r.Activity).Where(a => a.ReplyToId == id).ToList();
            Assert.Contains(expect, string.Join("\n", replies.Select(DirectLineSession.ShownText)), StringComparison.Ordinal);
            Assert.DoesNotContain(replies, r => DirectLineSession.ShownText(r)?.StartsWith(Apology, StringComparison.Ordinal) == true);
        }

        var stored = (await onB.GetActivitiesAsync()).Activities;
        var streamed = stream.Received.Select(r => r.Activity.Id).ToList();
        // Everything the store holds, once each, in watermark order: nothing lost, nothing twice.
        Assert.Equal(stored.Select(a => a.Id), streamed);
        Assert.Equal(streamed.Count, streamed.Distinct().Count());
        var watermarks = stream.Received.Select(r => r.Watermark).ToList();
        Assert.Equal(watermarks.Order(), watermarks);
        Assert.Equal(stored.Count, stream.Received.Select(r => SequenceOf(r.Activity.Id!)).Distinct().Count());
        Assert.All(stream.Received, r => Assert.True(SequenceOf(r.Activity.Id!) <= r.Watermark));
        // Each user message comes before its replies.
        foreach (var id in ids)
        {
            Assert.True(streamed.IndexOf(id) < streamed.FindIndex(s => stream.Received.Any(r => r.Activity.Id == s && r.Activity.ReplyToId == id)));
        }
    }

    [Fact]
    public async Task Two_turns_of_one_conversation_sent_to_A_and_B_at_once_run_one_after_the_other()
    {
        await using var instances = TwoInstances.Start(redis.Server, on: await DatabaseAsync());
        var onA = await TwoInstances.DirectLine(instances.A).StartAsync("en-US");
        var onB = TwoInstances.On(instances.B, onA);

        const int Rounds = 6;
        for (var round = 0; round < Rounds; round++)
        {
            var ids = await Task.WhenAll(onA.SayAsync($"hello {round}"), onB.SayAsync($"thank you {round}"));
            foreach (var id in ids)
            {
                var reply = Assert.Single(await onA.RepliesToAsync(id));
                // Without the cross-instance lock one of two overlapping turns loses at the version check and apologises.
                Assert.False(DirectLineSession.ShownText(reply)?.StartsWith(Apology, StringComparison.Ordinal) == true, DirectLineSession.ShownText(reply));
            }
        }

        var factory = instances.A.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var record = await db.Conversations.AsNoTracking().SingleAsync(c => c.ConversationId == onA.ConversationId);
        // The welcome created the record; every message since moved its version once.
        Assert.Equal(2 * Rounds, record.Version);
        Assert.Empty(TwoInstances.Warnings(instances.A, "A turn on").Concat(TwoInstances.Warnings(instances.B, "A turn on")));
    }

    [Fact]
    public async Task The_same_activity_posted_to_A_and_B_at_once_is_stored_and_answered_once()
    {
        await using var instances = TwoInstances.Start(redis.Server, on: await DatabaseAsync());
        var onA = await TwoInstances.DirectLine(instances.A).StartAsync("en-US");
        var onB = TwoInstances.On(instances.B, onA);

        for (var round = 0; round < 5; round++)
        {
            var json = JsonSerializer.Serialize(new
            {
                type = "message",
                text = "where is my order ORD-100123?",
                channelData = new { clientActivityID = Guid.NewGuid().ToString("N") },
            });
            var responses = await Task.WhenAll(onA.PostRawAsync(json), onB.PostRawAsync(json));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()));
            Assert.Equal(ids[0], ids[1]);
            var activities = (await onA.GetActivitiesAsync()).Activities;
            Assert.Single(activities, a => a.Id == ids[0]);
            var reply = Assert.Single(activities, a => a.ReplyToId == ids[0]);
            Assert.Contains("e-mail", DirectLineSession.ShownText(reply), StringComparison.Ordinal);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task An_agent_on_A_talks_with_a_customer_on_B_and_hands_the_conversation_back()
    {
        await using var instances = TwoInstances.Start(redis.Server, host => host
            .WithAgent(0, "sari", "Sari Dewi", [AgentRoles.Agent])
            .With("Handoff:AgentReconnectGraceSeconds", "1")
            .With("Handoff:SweepIntervalSeconds", "1")
            .With("DirectLine:KeepAliveSeconds", "600"), await DatabaseAsync());
        await using var agent = await AgentConsoleClient.ConnectOverHttpAsync(instances.A, "sari");
        var customer = await TwoInstances.DirectLine(instances.B).StartAsync("en-US", Requester.Customer("CUS-0001"));
        await using var stream = await StreamWatcher.OpenAsync(customer.StreamUrl);
        await agent.ForgetEventsAsync();

        // B queues the conversation; the agent's console on A hears of it through the backplane.
        Assert.Contains("You're number", await customer.AskAsync("talk to a person"), StringComparison.Ordinal);
        await agent.WaitForEventAsync("queueChanged", args => args[0].GetString() == "General");
        var waiting = Assert.Single(await agent.WaitingAsync());
        var caseId = waiting.GetProperty("id").GetInt64();
        var general = (await agent.GetQueueAsync()).GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "General");
        Assert.Equal(1, general.GetProperty("agentsOnline").GetInt32());
        Assert.Equal("accepted", await agent.AcceptAsync(caseId));

        // A stores the agent's words; the customer's socket on B gets them.
        await agent.SendAsync(caseId, "Hello, this is Sari. How can I help?");
        await stream.ReadUntilAsync(seen => seen.Any(a => a.Text == "Hello, this is Sari. How can I help?"));

        // B takes the customer's message; the agent on A gets it live, and the bot stays silent.
        var said = await customer.SayAsync("my parcel has not arrived");
        var line = (await agent.WaitForEventAsync("userMessage", args => args[0].GetInt64() == caseId))[1];
        Assert.Equal("my parcel has not arrived", line.GetProperty("text").GetString());
        Assert.Empty(await customer.RepliesToAsync(said));

        // Past the grace period B's sweeper must still see the agent as present (connected to A): the case stays theirs.
        // B learns of an agent on A at its next presence round (every Redis:PresenceSeconds; the grace period in production
        // is far longer), so the clock moves on only once it has.
        var seenOnB = instances.B.Services.GetRequiredService<HelpdeskBot.Bot.Scaling.RemoteAgentPresence>();
        for (var rounds = 0; !seenOnB.IsOnline("sari"); rounds++)
        {
            Assert.True(rounds < 100, "B never saw the agent connected to A");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        instances.B.Time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(caseId, Assert.Single((await agent.GetQueueAsync()).GetProperty("mine").EnumerateArray()).GetProperty("id").GetInt64());

        // Handing back on A: the customer on B is asked for a rating, and the bot answers again.
        await agent.ResolveAsync(caseId);
        await stream.ReadUntilAsync(seen => seen.Any(a => a.Text?.Contains("from 1 (poor) to 5 (excellent)", StringComparison.Ordinal) == true));
        Assert.Contains("Thank you for your rating", await customer.AskAsync("4"), StringComparison.Ordinal);
        Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
        await using var db = await instances.B.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        var record = await db.HandoffCases.AsNoTracking().SingleAsync(c => c.Id == caseId);
        Assert.Equal(HandoffStatus.Resolved, record.Status);
        Assert.Equal("sari", record.AgentUserName);
    }

    private static long SequenceOf(string activityId) =>
        long.Parse(activityId[(activityId.LastIndexOf('|') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
