using System.Collections.Concurrent;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>
/// Which agents have the console open (SignalR connections), and since when an agent with none has been away. In this
/// process only: after a restart every agent counts as away from the start, so their conversations go back to the queue
/// unless they reconnect within the grace period.
/// </summary>
internal sealed class AgentPresence(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _agents = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public void Connected(AgentIdentity agent)
    {
        var entry = _agents.GetOrAdd(agent.UserName, _ => new Entry());
        lock (entry)
        {
            entry.Connections++;
            entry.Agent = agent;
            entry.AwaySince = null;
        }
    }

    public void Disconnected(string userName)
    {
        if (_agents.TryGetValue(userName, out var entry))
        {
            lock (entry)
            {
                entry.Connections = Math.Max(0, entry.Connections - 1);
                if (entry.Connections == 0)
                {
                    entry.AwaySince = time.GetUtcNow();
                }
            }
        }
    }

    /// <summary>True when the agent has had no console open for longer than <paramref name="grace"/>.</summary>
    public bool IsAway(string userName, TimeSpan grace)
    {
        var now = time.GetUtcNow();
        if (!_agents.TryGetValue(userName, out var entry))
        {
            return now - _started > grace;
        }

        lock (entry)
        {
            return entry.Connections == 0 && entry.AwaySince is { } since && now - since > grace;
        }
    }

    /// <summary>Agents with the console open who serve <paramref name="queue"/>.</summary>
    public int OnlineServing(string queue) =>
        _agents.Values.Count(e =>
        {
            lock (e)
            {
                return e.Connections > 0 && e.Agent?.Serves(queue) == true;
            }
        });

    private sealed class Entry
    {
        public int Connections;
        public AgentIdentity? Agent;
        public DateTimeOffset? AwaySince;
    }
}
