using HelpdeskBot.Connectors;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Tests.Channels;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Conversations;

public sealed class TurnPipelineTests
{
    [Fact]
    public async Task State_and_conversations_survive_a_restart_of_the_host()
    {
        var dataDirectory = BotHost.NewDataDirectory();
        try
        {
            DirectLineSession session;
            using (var first = new BotHost(dataDirectory))
            {
                session = await new DirectLineClient(first.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
                Assert.Contains("order number", await session.AskAsync("where is my order"), StringComparison.OrdinalIgnoreCase);
            }

            using var second = new BotHost(dataDirectory);
            var resumed = session with { Client = new DirectLineClient(second.CreateClient()) };
            var answer = await resumed.AskAsync("ORD-100123");

            Assert.Contains("ORD-100123", answer);
            Assert.Contains("on its way", answer, StringComparison.OrdinalIgnoreCase);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "state.db")));
            Assert.True(File.Exists(Path.Combine(dataDirectory, "backoffice.db")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            BotHost.TryDelete(dataDirectory);
        }
    }

    [Fact]
    public async Task A_turn_that_throws_apologises_and_leaves_the_conversation_usable()
    {
        var lookup = new ThrowingOnceOrderLookup();
        using var host = new BotHost().WithServices(s => s.AddSingleton<IOrderService>(lookup));
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        Assert.Contains("order number", await session.AskAsync("where is my order"), StringComparison.OrdinalIgnoreCase);

        var apology = await session.AskAsync("ORD-100123");
        var retried = await session.AskAsync("ORD-100123");

        Assert.Contains("sorry", apology, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ORD-100123", retried);
        Assert.Equal(2, lookup.Calls);
    }

    [Fact]
    public async Task Unreadable_stored_state_starts_the_dialog_afresh_instead_of_failing()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");
        await session.AskAsync("where is my order");
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var record = await db.Conversations.SingleAsync(c => c.ConversationId == session.ConversationId);
            record.StateJson = "{ this is not json";
            await db.SaveChangesAsync();
        }

        var reply = await session.AskAsync("where is my order ORD-100124");

        Assert.Contains("ORD-100124", reply);
        await using var check = await factory.CreateDbContextAsync();
        var repaired = await check.Conversations.SingleAsync(c => c.ConversationId == session.ConversationId);
        Assert.StartsWith("{", repaired.StateJson);
        Skills.Conversations.ConversationState.FromJson(repaired.StateJson);
    }

    [Fact]
    public async Task The_transcript_records_both_sides_with_intent_and_masks_personal_data()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");

        await session.AskAsync("where is my order ORD-100123? my email is budi.santoso@example.com and phone 0812-3456-7890");

        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var entries = await db.Transcript.Where(t => t.ConversationId == session.ConversationId).OrderBy(t => t.Id).ToListAsync();
        var user = Assert.Single(entries, e => e.Direction == "user");
        Assert.Equal("order.status", user.Intent);
        Assert.Contains("ORD-100123", user.Text);
        Assert.DoesNotContain("budi.santoso", user.Text);
        Assert.DoesNotContain("3456", user.Text);
        Assert.Contains(entries, e => e.Direction == "bot" && e.Text.Contains("ORD-100123"));
    }

    [Fact]
    public async Task A_one_time_code_typed_for_a_password_reset_is_withheld_from_the_transcript()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Employee("EMP-0007"));
        await session.AskAsync("I forgot my password");
        await session.AskAsync("SMS");
        var code = await host.LatestOneTimeCodeAsync();

        var reply = await session.AskAsync(code);

        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var texts = await db.Transcript.Where(t => t.ConversationId == session.ConversationId).Select(t => t.Text).ToListAsync();
        var state = await db.Conversations.Where(c => c.ConversationId == session.ConversationId).Select(c => c.StateJson).SingleAsync();
        Assert.Matches("^[0-9]{6}$", code);
        Assert.DoesNotContain(code, reply, StringComparison.Ordinal);
        Assert.Contains(TurnPipeline.WithheldSecret, texts);
        Assert.DoesNotContain(texts, t => t.Contains(code, StringComparison.Ordinal));
        Assert.DoesNotContain(code, state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_time_code_typed_after_another_question_still_resumes_the_reset_and_is_withheld()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Employee("EMP-0007"));
        await session.AskAsync("I forgot my password");
        await session.AskAsync("SMS");
        var aside = await session.AskAsync("how many leave days do I have left?");
        var code = await host.LatestOneTimeCodeAsync();

        var reply = await session.AskAsync(code);

        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var texts = await db.Transcript.Where(t => t.ConversationId == session.ConversationId).Select(t => t.Text).ToListAsync();
        Assert.Contains("get back to", aside, StringComparison.Ordinal);
        Assert.Contains("reset", reply, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(code, reply, StringComparison.Ordinal);
        Assert.DoesNotContain(texts, t => t.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task State_database_runs_in_wal_mode()
    {
        using var host = new BotHost();
        await new DirectLineClient(host.CreateClient()).StartAsync();

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "state.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_turn_whose_save_fails_stores_and_sends_nothing_and_the_clients_retry_is_answered_once()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        var before = (await session.GetActivitiesAsync()).Activities.Count;
        await using var database = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "state.db")}");
        await database.OpenAsync();
        var sentBefore = await ScalarAsync(database, $"SELECT COUNT(*) FROM SentMessages WHERE ConversationId = '{session.ConversationId}'");
        // The user's message fails to go into the transcript: everything else of the turn is in the same transaction.
        await ExecuteAsync(database, "CREATE TRIGGER fail_the_turn BEFORE INSERT ON Transcript WHEN NEW.Direction = 'user' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");

        var message = new { type = "message", from = new { id = "user" }, text = "where is my order ORD-100123", channelData = new { clientActivityID = "retry-after-failure" } };
        using (var failed = await session.Client.SendAsync(HttpMethod.Post, session.ActivitiesPath, session.Token, System.Net.Http.Json.JsonContent.Create(message)))
        {
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        // The user's message is stored with the turn, so the failed turn left no trace at all: not even the message.
        var afterFailure = (await session.GetActivitiesAsync()).Activities;
        Assert.Equal(before, afterFailure.Count);
        Assert.Equal(0L, await ScalarAsync(database, $"SELECT COUNT(*) FROM DirectLineActivities WHERE ClientActivityId = 'retry-after-failure'"));
        Assert.Equal(0L, await ScalarAsync(database, $"SELECT COUNT(*) FROM ProcessedActivities WHERE ConversationId = '{session.ConversationId}' AND ActivityId <> '{session.ConversationId}|join'"));
        Assert.Equal(0L, await ScalarAsync(database, $"SELECT COUNT(*) FROM Transcript WHERE ConversationId = '{session.ConversationId}' AND Direction = 'user'"));
        Assert.Equal(0L, await ScalarAsync(database, $"SELECT COUNT(*) FROM AnalyticsEvents WHERE ConversationId = '{session.ConversationId}'"));
        Assert.Equal(sentBefore, await ScalarAsync(database, $"SELECT COUNT(*) FROM SentMessages WHERE ConversationId = '{session.ConversationId}'"));

        await ExecuteAsync(database, "DROP TRIGGER fail_the_turn;");
        var retried = await session.SayAsync("where is my order ORD-100123", clientActivityId: "retry-after-failure");

        var replies = await session.RepliesToAsync(retried);
        var reply = Assert.Single(replies);
        Assert.Contains("on its way", reply.Text, StringComparison.OrdinalIgnoreCase);
        // The message once, then its answer, in that order.
        var afterRetry = (await session.GetActivitiesAsync()).Activities;
        Assert.Equal(before + 2, afterRetry.Count);
        Assert.Equal(retried, afterRetry[^2].Id);
        Assert.Equal("user", afterRetry[^2].From?.Role);
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT COUNT(*) FROM DirectLineActivities WHERE ClientActivityId = 'retry-after-failure'"));
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT COUNT(*) FROM ProcessedActivities WHERE ActivityId = '{retried}'"));
        // Stored with the turn under the id the client got it with, so feedback on it finds it.
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT COUNT(*) FROM SentMessages WHERE ActivityId = '{reply.Id}'"));
        Assert.Equal(1L, await ScalarAsync(database, $"SELECT COUNT(*) FROM AnalyticsEvents WHERE ConversationId = '{session.ConversationId}'"));
    }

    [Fact]
    public async Task Leaving_the_queue_is_stored_with_its_turn_so_a_retry_after_a_failed_save_still_leaves_it()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        Assert.Contains("queue", await session.AskAsync("talk to a person"), StringComparison.OrdinalIgnoreCase);
        await using var database = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "state.db")}");
        await database.OpenAsync();
        var status = $"SELECT Status FROM HandoffCases WHERE ConversationId = '{session.ConversationId}'";
        Assert.Equal("Queued", await TextAsync(database, status));
        // The turn that leaves the queue fails to store the user's message, as a host killed before its commit would.
        await ExecuteAsync(database, "CREATE TRIGGER fail_the_turn BEFORE INSERT ON Transcript WHEN NEW.Direction = 'user' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");

        var message = new { type = "message", from = new { id = "user" }, text = "stop waiting", channelData = new { clientActivityID = "leave-after-failure" } };
        using (var failed = await session.Client.SendAsync(HttpMethod.Post, session.ActivitiesPath, session.Token, System.Net.Http.Json.JsonContent.Create(message)))
        {
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        // Nothing of the failed turn is stored, the cancellation included: the user is still waiting.
        Assert.Equal("Queued", await TextAsync(database, status));
        await ExecuteAsync(database, "DROP TRIGGER fail_the_turn;");
        var retried = await session.SayAsync("stop waiting", clientActivityId: "leave-after-failure");

        var reply = Assert.Single(await session.RepliesToAsync(retried));
        Assert.Contains("left the queue", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Cancelled", await TextAsync(database, status));
    }

    private static async Task<string?> TextAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string?)await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class ThrowingOnceOrderLookup : IOrderService
    {
        private int _calls;

        public int Calls => _calls;

        public Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("The order system is down.");
            }
            return Task.FromResult<OrderStatusInfo?>(new OrderStatusInfo(
                orderNumber, OrderState.Shipped, new DateOnly(2026, 11, 20), 1, 150_000m,
                new ShipmentInfo("JNE", "JNE1234567890", new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 25), null)));
        }

        public Task<OrderVerification> VerifyAsync(string orderNumber, string email, string visitorKey, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by these tests.");

        public Task<OrderActionCheck> CheckCancellationAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by these tests.");

        public Task<OrderCancellation> CancelAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by these tests.");

        public Task<OrderActionCheck> CheckReturnAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by these tests.");

        public Task<OrderReturn> RequestReturnAsync(string orderNumber, ReturnReason reason, string? note, Requester requester, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by these tests.");

        public Task<CustomerProfile?> GetCustomerProfileAsync(Requester requester, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Not used by these tests.");
    }
}
