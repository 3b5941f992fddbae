using System.Diagnostics;
using System.Text.Json;
using HelpdeskBot.Bot.Handoff;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Scaling;

/// <summary>The agents other instances have online, as last read from Redis by the <see cref="AgentPresenceBoard"/>.</summary>
internal sealed class RemoteAgentPresence(TimeProvider time)
{
    private readonly Stopwatch _sinceRead = new();
    private volatile IReadOnlyList<RemoteAgent> _agents = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>How old a reading may be and still count; set by the board from <c>Redis:PresenceSeconds</c>.</summary>
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>False before the first reading and while Redis is away: then nobody connected elsewhere can be ruled out.</summary>
    public bool IsCurrent => _sinceRead.IsRunning && _sinceRead.Elapsed < FreshFor;

    public bool IsOnline(string userName) => IsCurrent && _agents.Any(a => a.UserName == userName);

    /// <summary>When the agent was last seen online on another instance (by this host's clock).</summary>
    public DateTimeOffset? LastSeen(string userName) => _lastSeen.TryGetValue(userName, out var at) ? at : null;

    public IEnumerable<string> Serving(string queue) =>
        IsCurrent ? _agents.Where(a => a.Queues.Contains(queue, StringComparer.Ordinal)).Select(a => a.UserName) : [];

    public void Update(IReadOnlyList<RemoteAgent> agents)
    {
        _agents = agents;
        var now = time.GetUtcNow();
        foreach (var agent in agents)
        {
            _lastSeen[agent.UserName] = now;
        }
        _sinceRead.Restart();
    }
}

/// <summary>An agent with the console open on another instance, and the queues they serve.</summary>
internal sealed record RemoteAgent(string UserName, IReadOnlyList<string> Queues);

/// <summary>
/// Shares agent presence between instances: every <c>Redis:PresenceSeconds</c> (and at once when an agent's console opens
/// or closes here) this instance writes its online agents under its own key, which expires after three rounds, and reads
/// the other instances' keys. An instance that dies stops renewing its key; its agents then count as away, and after the
/// grace period their conversations go back to the queue, as they would on one instance.
/// </summary>
internal sealed partial class AgentPresenceBoard(
    RedisConnection redis,
    AgentPresence local,
    RemoteAgentPresence remote,
    IOptions<RedisOptions> options,
    ILogger<AgentPresenceBoard> logger) : IDisposable
{
    private readonly SemaphoreSlim _changed = new(0, 1);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.PresenceSeconds);
        var expiry = interval * 3;
        remote.FreshFor = expiry;
        local.Changed += Signal;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await ExchangeAsync(expiry))
                    {
                        redis.NoteAvailable();
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    redis.NoteUnavailable(ex);
                }

                try
                {
                    await _changed.WaitAsync(interval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            local.Changed -= Signal;
        }
    }

    public void Dispose() => _changed.Dispose();

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Writes this instance's agents and reads the others'; false when Redis is not connected (nothing was tried).</summary>
    private async Task<bool> ExchangeAsync(TimeSpan expiry)
    {
        if (!redis.IsConnected)
        {
            return false;
        }

        var database = (await redis.GetAsync()).GetDatabase();
        var instances = redis.Key("presence:instances");
        var mine = local.Local().Select(a => new RemoteAgent(a.UserName, a.ServedQueues)).ToList();
        await database.StringSetAsync(redis.Key("presence:" + redis.InstanceId), JsonSerializer.Serialize(mine), expiry);
        await database.SetAddAsync(instances, redis.InstanceId);

        var others = (await database.SetMembersAsync(instances)).Select(m => (string)m!).Where(m => m != redis.InstanceId).ToList();
        var values = others.Count == 0 ? [] : await database.StringGetAsync([.. others.Select(o => redis.Key("presence:" + o))]);
        var agents = new List<RemoteAgent>();
        for (var i = 0; i < others.Count; i++)
        {
            if (values[i].IsNull)
            {
                // That instance stopped renewing its key: gone.
                await database.SetRemoveAsync(instances, others[i]);
                continue;
            }

            agents.AddRange(JsonSerializer.Deserialize<List<RemoteAgent>>((string)values[i]!) ?? []);
        }

        remote.Update(agents);
        LogExchanged(logger, mine.Count, agents.Count);
        return true;
    }

    [LoggerMessage(LogLevel.Trace, "Agent presence: {Here} online here, {Elsewhere} on other instances")]
    private static partial void LogExchanged(ILogger logger, int here, int elsewhere);
}
