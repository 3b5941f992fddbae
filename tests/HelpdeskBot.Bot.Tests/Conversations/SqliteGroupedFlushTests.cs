using HelpdeskBot.Bot.Conversations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Conversations;

/// <summary>
/// Group commit on the SQLite state database (the default, <c>Sqlite:Synchronous=Grouped</c>): SQLite commits without its
/// own flush and releases the write lock, then the WAL hook returns only after a flush of the WAL file that began after
/// the commit; commits that end during one flush share the next.
/// </summary>
public sealed class SqliteGroupedFlushTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"grouped-flush-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_commit_returns_only_after_a_flush_that_began_after_it()
    {
        using var held = new HeldFirstFlush(_path);
        var flusher = held.Flusher;

        var first = Task.Run(() => flusher.AfterCommit());
        Assert.True(held.Started.Wait(TimeSpan.FromSeconds(30)));
        // This commit ended while the first flush was under way: that flush may not have its pages.
        var second = Task.Run(() => flusher.AfterCommit());
        await WaitUntilAsync(() => flusher.Commits == 2);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        held.Release.Set();

        Assert.True(await first);
        Assert.True(await second);
        Assert.Equal(2, held.Calls);
    }

    [Fact]
    public async Task Commits_that_end_during_a_flush_share_the_next_one()
    {
        using var held = new HeldFirstFlush(_path);
        var flusher = held.Flusher;
        var first = Task.Run(() => flusher.AfterCommit());
        Assert.True(held.Started.Wait(TimeSpan.FromSeconds(30)));

        var during = Enumerable.Range(0, 8).Select(_ => Task.Run(() => flusher.AfterCommit())).ToList();
        await WaitUntilAsync(() => flusher.Commits == 9);
        held.Release.Set();

        Assert.True(await first);
        Assert.All(await Task.WhenAll(during), Assert.True);
        Assert.Equal(2, held.Calls);
        Assert.Equal(9, flusher.Commits);
    }

    [Fact]
    public async Task When_a_writer_was_waiting_for_the_lock_the_flush_waits_for_its_commit_and_serves_both()
    {
        var flushes = 0;
        var flusher = new SqliteGroupedFlush.WalFlusher(_path + "-wal", 0)
        {
            FlushFile = () => { Interlocked.Increment(ref flushes); return true; },
            // Only the follower's commit can end the wait in time.
            FollowerWait = TimeSpan.FromMinutes(1),
        };

        var leader = Task.Run(() => flusher.AwaitFlush(flusher.CommitEnded(), followed: true));
        await WaitUntilAsync(() => flusher.Commits == 1);
        await Task.Delay(100);
        Assert.False(leader.IsCompleted);
        Assert.Equal(0, Volatile.Read(ref flushes));
        var follower = Task.Run(() => flusher.AfterCommit());

        Assert.True(await leader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await follower.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, Volatile.Read(ref flushes));
    }

    [Fact]
    public void A_flush_waiting_for_a_commit_that_does_not_come_flushes_alone_after_the_wait()
    {
        var flusher = new SqliteGroupedFlush.WalFlusher(_path + "-wal", 0)
        {
            FlushFile = () => true,
            FollowerWait = TimeSpan.FromMilliseconds(50),
        };

        Assert.True(flusher.AwaitFlush(flusher.CommitEnded(), followed: true));
        Assert.True(flusher.AfterCommit());
        Assert.Equal(2, flusher.Flushes);
    }

    [Fact]
    public void A_failed_flush_fails_its_commit_and_the_next_commit_flushes_again()
    {
        var flusher = new SqliteGroupedFlush.WalFlusher(_path + "-wal", 0);
        var results = new Queue<bool>([false, true]);
        flusher.FlushFile = results.Dequeue;

        Assert.False(flusher.AfterCommit());
        Assert.True(flusher.AfterCommit());
        Assert.Equal(2, flusher.Flushes);
    }

    [Fact]
    public void A_flush_of_a_wal_file_that_is_not_there_succeeds_because_its_checkpoint_flushed_it()
    {
        var flusher = new SqliteGroupedFlush.WalFlusher(_path + "-wal", 0);

        Assert.True(flusher.AfterCommit());
        Assert.Equal(1, flusher.Flushes);
    }

    [Fact]
    public void Each_commit_on_a_hooked_connection_waits_for_a_flush_and_the_data_is_there_after_a_reopen()
    {
        using (var connection = OpenHooked(out var flusher))
        {
            var before = flusher.Commits;
            for (var i = 0; i < 5; i++)
            {
                Execute(connection, $"INSERT INTO Rows (Body) VALUES ('row {i}');");
            }

            // One after the other, so each commit has a flush of its own.
            Assert.Equal(before + 5, flusher.Commits);
            Assert.Equal(flusher.Commits, flusher.Flushes);
            Assert.True(File.Exists(_path + "-wal"));
        }
        SqliteConnection.ClearAllPools();

        using var reopened = new SqliteConnection($"Data Source={_path};Pooling=False");
        reopened.Open();
        using var count = reopened.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Rows;";
        Assert.Equal(5L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public void The_hook_still_checkpoints_so_the_wal_does_not_grow_without_bound()
    {
        using var connection = OpenHooked(out _);
        var body = new string('x', 3000);

        // About 3,000 pages, one commit each: without a checkpoint the WAL would hold all of them (12 MB).
        for (var i = 0; i < 3000; i++)
        {
            Execute(connection, $"INSERT INTO Rows (Body) VALUES ('{body}');");
        }

        var walPages = new FileInfo(_path + "-wal").Length / 4096;
        Assert.InRange(walPages, 1, 2 * SqliteGroupedFlush.CheckpointPages);
    }

    [Fact]
    public void A_flush_that_fails_makes_the_committing_statement_fail()
    {
        using var connection = OpenHooked(out var flusher);
        flusher.FlushFile = () => false;
        try
        {
            // SQLite reports the hook's error as the statement's (SQLITE_ERROR); the commit itself has happened, as SQLite
            // documents, so the caller sees a failure it will retry, never a success that was not flushed.
            Assert.Throws<SqliteException>(() => Execute(connection, "INSERT INTO Rows (Body) VALUES ('unconfirmed');"));
        }
        finally
        {
            flusher.FlushFile = null;
        }

        Execute(connection, "INSERT INTO Rows (Body) VALUES ('next');");
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Rows;";
        Assert.Equal(2L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public async Task A_writer_waiting_for_the_lock_is_woken_by_the_commit_that_releases_it()
    {
        using var holder = OpenHooked(out var flusher);
        using var waiter = OpenHooked(out _);
        // Only the commit can wake the waiter in time: its poll would take a minute.
        flusher.PollMilliseconds = 60_000;
        Execute(holder, "BEGIN IMMEDIATE; INSERT INTO Rows (Body) VALUES ('first');");
        var woken = flusher.WokenByCommit;

        var writing = Task.Run(() => Execute(waiter, "INSERT INTO Rows (Body) VALUES ('second');"));
        await WaitUntilAsync(() => flusher.WaitingForLock == 1);
        Assert.False(writing.IsCompleted);

        Execute(holder, "COMMIT;");

        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(woken + 1, flusher.WokenByCommit);
        Assert.Equal(2L, Count(holder));
    }

    [Fact]
    public async Task The_commit_that_wakes_a_waiting_writer_shares_its_flush_with_that_writers_commit()
    {
        using var holder = OpenHooked(out var flusher);
        using var waiter = OpenHooked(out _);
        var flushes = 0;
        flusher.FlushFile = () => { Interlocked.Increment(ref flushes); return true; };
        flusher.FollowerWait = TimeSpan.FromMinutes(1);
        // The waiter is always inside its wait, so the holder's commit always finds it waiting.
        flusher.PollMilliseconds = 60_000;
        Execute(holder, "BEGIN IMMEDIATE; INSERT INTO Rows (Body) VALUES ('first');");
        var writing = Task.Run(() => Execute(waiter, "INSERT INTO Rows (Body) VALUES ('second');"));
        await WaitUntilAsync(() => flusher.WaitingForLock == 1);

        // The holder's commit returns only once a flush has its pages: that flush waits for the waiter's commit.
        var committing = Task.Run(() => Execute(holder, "COMMIT;"));

        await Task.WhenAll(committing, writing).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, Volatile.Read(ref flushes));
        Assert.Equal(2L, Count(holder));
    }

    [Fact]
    public async Task A_writer_waiting_for_a_lock_given_up_by_a_rollback_gets_it_at_its_next_poll()
    {
        using var holder = OpenHooked(out var flusher);
        using var waiter = OpenHooked(out _);
        Execute(holder, "BEGIN IMMEDIATE; INSERT INTO Rows (Body) VALUES ('undone');");

        var writing = Task.Run(() => Execute(waiter, "INSERT INTO Rows (Body) VALUES ('kept');"));
        await WaitUntilAsync(() => flusher.WaitingForLock == 1);
        var woken = flusher.WokenByCommit;

        // No WAL hook runs for a rollback, so nothing wakes the waiter: it finds the lock free when it tries again.
        Execute(holder, "ROLLBACK;");

        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(woken, flusher.WokenByCommit);
        Assert.Equal(1L, Count(holder));
    }

    [Fact]
    public async Task A_writer_that_cannot_get_the_lock_fails_with_sqlite_busy_after_the_limit()
    {
        using var holder = OpenHooked(out var flusher);
        using var waiter = OpenHooked(out _);
        flusher.BusyLimit = TimeSpan.FromMilliseconds(200);
        Execute(holder, "BEGIN IMMEDIATE; INSERT INTO Rows (Body) VALUES ('held');");
        using var command = waiter.CreateCommand();
        command.CommandText = "INSERT INTO Rows (Body) VALUES ('refused');";
        // Microsoft.Data.Sqlite retries SQLITE_BUSY itself until the command timeout.
        command.CommandTimeout = 1;

        var refused = await Assert.ThrowsAsync<SqliteException>(() => Task.Run(() => command.ExecuteNonQuery()));

        Assert.Equal(5, refused.SqliteErrorCode); // SQLITE_BUSY
        Assert.Equal(0, flusher.WaitingForLock);
        Execute(holder, "COMMIT;");
        Assert.Equal(1L, Count(waiter));
    }

    [Theory]
    [InlineData(null, 1L, true)]
    [InlineData("Grouped", 1L, true)]
    [InlineData("Full", 2L, false)]
    [InlineData("Normal", 1L, false)]
    public async Task The_hosts_state_database_groups_its_flushes_unless_told_otherwise(string? setting, long synchronous, bool grouped)
    {
        using var host = setting is null ? new BotHost() : new BotHost().With("Sqlite:Synchronous", setting);
        var session = await new DirectLineClient(host.CreateClient()).StartAsync();
        var flusher = SqliteGroupedFlush.For(Path.Combine(host.DataDirectory, "state.db"));
        var before = flusher.Commits;

        Assert.NotEmpty(await session.AskAsync("hello"));

        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(synchronous, (long)(await command.ExecuteScalarAsync())!);
        Assert.Equal(grouped, flusher.Commits > before);
        // Statement journals in memory, never in a temporary file (2 = MEMORY).
        command.CommandText = "PRAGMA temp_store;";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>A flusher whose first flush waits until <see cref="Release"/> is set; the later ones succeed at once.</summary>
    private sealed class HeldFirstFlush : IDisposable
    {
        private int _calls;

        public HeldFirstFlush(string path)
        {
            Flusher = new SqliteGroupedFlush.WalFlusher(path + "-wal", 0)
            {
                FlushFile = () =>
                {
                    if (Interlocked.Increment(ref _calls) == 1)
                    {
                        Started.Set();
                        Release.Wait();
                    }
                    return true;
                },
            };
        }

        public SqliteGroupedFlush.WalFlusher Flusher { get; }

        public ManualResetEventSlim Started { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public void Dispose()
        {
            Started.Dispose();
            Release.Dispose();
        }
    }

    private SqliteConnection OpenHooked(out SqliteGroupedFlush.WalFlusher flusher)
    {
        var settings = new SqliteConnectionSettings(Options.Create(new SqliteOptions { Synchronous = SqliteSynchronous.Grouped }));
        var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        settings.ConnectionOpened(connection, null!);
        Execute(connection, "CREATE TABLE IF NOT EXISTS Rows (Id INTEGER PRIMARY KEY, Body TEXT NOT NULL);");
        flusher = SqliteGroupedFlush.For(_path);
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA synchronous;";
        Assert.Equal(1L, (long)check.ExecuteScalar()!);
        return connection;
    }

    private static long Count(SqliteConnection connection)
    {
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Rows;";
        return (long)count.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
