using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Scaling;

/// <summary>
/// The one Redis connection of this instance, shared by the SignalR backplane, the Direct Line notices, the turn lock and
/// the presence board. It never blocks the bot on Redis: commands fail fast while the server is away (no backlog that
/// would hold a turn for seconds), the client reconnects by itself, and a lost or regained connection is logged once — not
/// once per message that could not be announced.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;
    private int _down;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        _options = options.Value;
        _logger = logger;
        _multiplexer = new(ConnectAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>This instance's name on the bus: notices it sent itself are not handled twice.</summary>
    public string InstanceId { get; } = Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..8];

    public string Prefix => _options.ChannelPrefix;

    /// <summary>True while the connection is up (false before the first connect finished).</summary>
    public bool IsConnected => _multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully && _multiplexer.Value.Result.IsConnected;

    public Task<ConnectionMultiplexer> GetAsync() => _multiplexer.Value;

    public RedisChannel Channel(string name) => RedisChannel.Literal(Prefix + ":" + name);

    public RedisKey Key(string name) => Prefix + ":" + name;

    /// <summary>
    /// Notes a failed command: the first failure after a working period logs the one warning (the connection events may
    /// come later than the first failed command).
    /// </summary>
    public void NoteUnavailable(Exception exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogDown(_logger, exception);
        }
        else
        {
            LogStillDown(_logger, exception);
        }
    }

    /// <summary>
    /// Notes a command that Redis answered. A command can time out while the connection stays up (Redis busy for a
    /// moment): <see cref="NoteUnavailable"/> then marked Redis as away, and no ConnectionRestored event will come to clear
    /// it, so the next answer does — otherwise the next real outage would go unlogged and the log would never say Redis is
    /// back. One volatile read when nothing was wrong.
    /// </summary>
    public void NoteAvailable()
    {
        if (Volatile.Read(ref _down) == 1 && IsConnected && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogRestored(_logger);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = ConfigurationOptions.Parse(_options.Connection!);
        // Start even when Redis is away (the bot serves per instance meanwhile) and keep trying in the background.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "helpdeskbot-" + InstanceId;
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                LogDown(_logger, e.Exception);
            }
        };
        multiplexer.ConnectionRestored += (_, _) =>
        {
            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                LogRestored(_logger);
            }
        };
        if (!multiplexer.IsConnected && Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogDown(_logger, null);
        }

        return multiplexer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated)
        {
            try
            {
                await (await _multiplexer.Value).DisposeAsync();
            }
            catch (RedisException)
            {
                // Closing a connection that never came up.
            }
        }
    }

    [LoggerMessage(LogLevel.Warning,
        "Redis is unreachable: this instance goes on alone — Direct Line delivers to its own WebSockets (others catch up from the database), the agent console's live events reach no other instance, and turns are serialised in this process with the database's version check as the guard. Logged once until Redis is back")]
    private static partial void LogDown(ILogger logger, Exception? exception);

    [LoggerMessage(LogLevel.Debug, "Redis still unreachable")]
    private static partial void LogStillDown(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Information, "Redis is reachable again: delivery across instances resumes")]
    private static partial void LogRestored(ILogger logger);
}
