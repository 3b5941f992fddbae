using HelpdeskBot.Bot.Scaling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>
/// A Redis command that times out while the connection stays up (the real redis-server paused with <c>CLIENT PAUSE</c>,
/// so the socket is never dropped and no reconnect event comes): the turn goes ahead without its lock and the outage is
/// logged once, and the next command Redis answers ends it — logged as back, so the next outage is warned about again.
/// </summary>
public sealed class RedisCommandTimeoutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string Unreachable = "Redis is unreachable";
    private const string Reachable = "Redis is reachable again";

    [Fact]
    public async Task A_timed_out_command_marks_Redis_away_until_the_next_answer_and_the_next_outage_is_warned_about_again()
    {
        var collector = new FakeLogCollector();
        var options = Options.Create(new RedisOptions { Connection = redis.Server.Connection + ",asyncTimeout=300,syncTimeout=300" });
        await using var connection = new RedisConnection(options, new FakeLogger<RedisConnection>(collector));
        var locks = new RedisTurnLocks(connection, options, new FakeLogger<RedisTurnLocks>(collector));
        await connection.GetAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Connection);

        await using (Assert.IsAssignableFrom<IAsyncDisposable>(await locks.AcquireAsync("directline", "first", CancellationToken.None)))
        {
        }

        for (var outage = 1; outage <= 2; outage++)
        {
            // Redis holds every client's commands for 1.5 s: the lock's SET times out after 300 ms on a connection that stays up.
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", 1500, "ALL");
            Assert.Null(await locks.AcquireAsync("directline", $"during-{outage}", CancellationToken.None));
            Assert.True(connection.IsConnected);
            Assert.Equal(outage, Count(collector, LogLevel.Warning, Unreachable));
            Assert.Equal(outage - 1, Count(collector, LogLevel.Information, Reachable));

            await Task.Delay(TimeSpan.FromSeconds(1.6));
            await using (Assert.IsAssignableFrom<IAsyncDisposable>(await locks.AcquireAsync("directline", $"after-{outage}", CancellationToken.None)))
            {
            }

            Assert.Equal(outage, Count(collector, LogLevel.Information, Reachable));
        }
    }

    private static int Count(FakeLogCollector collector, LogLevel level, string prefix) =>
        collector.GetSnapshot().Count(r => r.Level == level && r.Message.StartsWith(prefix, StringComparison.Ordinal));
}
