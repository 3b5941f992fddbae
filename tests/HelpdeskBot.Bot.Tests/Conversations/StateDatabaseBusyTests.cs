using HelpdeskBot.Bot.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Conversations;

/// <summary>
/// Concurrent turns write the state database every few milliseconds. SQLite itself must wait for the writer ahead
/// (busy_timeout): left to Microsoft.Data.Sqlite, every SQLITE_BUSY costs a blocked thread 150 ms before it retries, which
/// the load test found to be most of a turn's latency at 20 concurrent conversations. By default (group commit) the wait
/// is the group flush's busy handler, which the commit that releases the lock wakes; otherwise SQLite's busy_timeout.
/// </summary>
public sealed class StateDatabaseBusyTests
{
    [Theory]
    [InlineData("Full")]
    [InlineData("Normal")]
    public async Task Without_group_commit_the_hosts_state_database_connections_let_sqlite_wait_for_the_writer_ahead(string synchronous)
    {
        using var host = new BotHost().With("Sqlite:Synchronous", synchronous);
        await new DirectLineClient(host.CreateClient()).StartAsync();
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();

        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(5000L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task By_default_a_turn_waiting_for_the_write_lock_is_woken_by_the_commit_that_releases_it()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", HelpdeskBot.Connectors.Requester.Customer("CUS-0001"));
        var flusher = SqliteGroupedFlush.For(Path.Combine(host.DataDirectory, "state.db"));
        // Only the commit can wake the turn in time: its poll would take a minute.
        flusher.PollMilliseconds = 60_000;
        try
        {
            var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await using var holder = db.Database.GetDbConnection().CreateCommand();
            // A write, so the commit has pages for the WAL and runs its hook (a commit that wrote nothing does not).
            holder.CommandText = "BEGIN IMMEDIATE; CREATE TABLE HeldByTheTest (Id INTEGER);";
            await holder.ExecuteNonQueryAsync();
            var woken = flusher.WokenByCommit;

            var asking = session.AskAsync("where is my order ORD-100123");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (flusher.WaitingForLock == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the turn never waited for the lock");
                await Task.Delay(10);
            }
            Assert.False(asking.IsCompleted);
            holder.CommandText = "COMMIT;";
            await holder.ExecuteNonQueryAsync();

            Assert.Contains("ORD-100123", await asking.WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
            Assert.True(flusher.WokenByCommit > woken);
        }
        finally
        {
            // The host's own writers wait on this flusher until the host has stopped.
            flusher.PollMilliseconds = 2;
        }
    }

    [Fact]
    public void An_unknown_synchronous_setting_stops_the_host_at_start()
    {
        using var host = new BotHost().With("Sqlite:Synchronous", "Sometimes");

        Assert.ThrowsAny<Exception>(() => host.CreateClient());
    }

    [Fact]
    public async Task A_turn_that_meets_another_writer_waits_for_it_and_is_answered()
    {
        using var host = new BotHost();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", HelpdeskBot.Connectors.Requester.Customer("CUS-0001"));
        await using var writer = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "state.db")}");
        await writer.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var asking = session.AskAsync("where is my order ORD-100123");
        await Task.Delay(300);
        Assert.False(asking.IsCompleted);
        await using (var commit = writer.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        Assert.Contains("ORD-100123", await asking, StringComparison.Ordinal);
    }
}
