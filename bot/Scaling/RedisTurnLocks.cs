using System.Diagnostics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Scaling;

/// <summary>
/// A conversation's turn lock across instances: <c>SET key token NX PX lease</c>, renewed while the turn runs and
/// released only by its holder (compare-and-delete), so two instances never run turns of one conversation at once and a
/// conversation whose instance died is free again after one lease.
/// </summary>
/// <remarks>
/// Why a Redis lock and not the database alone: the conversation record's version check catches a second concurrent turn
/// only when it saves, after it has run — after a back-office call or a model answer that would then happen twice. The
/// lock makes the second turn wait instead. The version check stays as the fence: a holder that paused past its lease (a
/// long GC, a frozen VM) and writes late finds the version moved and loses its write (<see cref="Conversations.TurnPipeline"/>
/// turns that into a duplicate or an apology, never a 500). When Redis is away turns are serialised per instance and the
/// fence is all there is; the lock is an optimisation of correctness, not its only guard.
/// Leases and waits run on the wall clock on purpose: Redis expires the key by its own clock, not by the host's
/// <see cref="TimeProvider"/> (which tests fake).
/// </remarks>
internal sealed partial class RedisTurnLocks(RedisConnection redis, IOptions<RedisOptions> options, ILogger<RedisTurnLocks> logger)
{
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>The held lock, or null when Redis is away or the wait ran out (the turn goes ahead on the fence alone).</summary>
    public async Task<IAsyncDisposable?> AcquireAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            // The one warning about Redis is RedisConnection's.
            return null;
        }

        var database = (await redis.GetAsync()).GetDatabase();
        var key = redis.Key($"turn:{channelId}:{conversationId}");
        var token = Guid.NewGuid().ToString("N");
        var lease = TimeSpan.FromSeconds(options.Value.TurnLockSeconds);
        var wait = TimeSpan.FromSeconds(options.Value.TurnLockWaitSeconds);
        var waited = Stopwatch.StartNew();
        var backoff = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            try
            {
                var acquired = await database.StringSetAsync(key, token, lease, When.NotExists);
                redis.NoteAvailable();
                if (acquired)
                {
                    return new Lease(redis, logger, database, key, token, lease);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                redis.NoteUnavailable(ex);
                return null;
            }

            if (waited.Elapsed > wait)
            {
                LogWaitedTooLong(logger, channelId, wait.TotalSeconds);
                return null;
            }

            await Task.Delay(backoff, cancellationToken);
            backoff = backoff * 2 > LongestBackoff ? LongestBackoff : backoff * 2;
        }
    }

    private sealed class Lease : IAsyncDisposable
    {
        private readonly RedisConnection _redis;
        private readonly ILogger _logger;
        private readonly IDatabase _database;
        private readonly RedisKey _key;
        private readonly string _token;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public Lease(RedisConnection redis, ILogger logger, IDatabase database, RedisKey key, string token, TimeSpan lease)
        {
            _redis = redis;
            _logger = logger;
            _database = database;
            _key = key;
            _token = token;
            _renewing = RenewAsync(lease);
        }

        private async Task RenewAsync(TimeSpan lease)
        {
            using var timer = new PeriodicTimer(lease / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    var renewed = (long)await _database.ScriptEvaluateAsync(RenewScript, [_key], [_token, (long)lease.TotalMilliseconds]);
                    _redis.NoteAvailable();
                    if (renewed == 0)
                    {
                        LogLeaseLost(_logger);
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The turn is over.
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _redis.NoteUnavailable(ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            try
            {
                await _database.ScriptEvaluateAsync(ReleaseScript, [_key], [_token]);
                _redis.NoteAvailable();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The lease runs out by itself.
                _redis.NoteUnavailable(ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "A turn on {ChannelId} waited {Seconds} s for another instance's turn of its conversation and goes ahead; the state's version check decides which one is kept")]
    private static partial void LogWaitedTooLong(ILogger logger, string channelId, double seconds);

    [LoggerMessage(LogLevel.Warning, "A turn's lock expired before the turn ended (it ran longer than Redis:TurnLockSeconds without renewal); the state's version check guards its write")]
    private static partial void LogLeaseLost(ILogger logger);
}
