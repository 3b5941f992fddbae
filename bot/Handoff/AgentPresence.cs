using System.Collections.Concurrent;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>
/// Which agents have the console open (SignalR connections), and since when an agent with none has been away. Connections
/// are counted in this process; with Redis configured the other instances' agents come from the presence board
/// (<see cref="Scaling.AgentPresenceBoard"/>), so an instance does not take back the conversations of an agent who is
/// connected to another one. After a restart every agent counts as away from the start, so their conversations go back
/// to the queue unless they reconnect within the grace period.
/// </summary>
internal sealed class AgentPresence(TimeProvider time, Scaling.RemoteAgentPresence? remote = null)
{
    private readonly ConcurrentDictionary<string, Entry> _agents = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started = time.GetUtcNow();

    /// <summary>Raised when an agent's first console opens or last one closes here (the board tells the others at once).</summary>
    public event Action? Changed;

    /// <summary>The agents with a console open in this process.</summary>
    public IReadOnlyList<AgentIdentity> Local() =>
        [.. _agents.Values.Select(e =>
        {
            lock (e)
            {
                return e.Connections > 0 ? e.Agent : null;
            }
        }).OfType<AgentIdentity>()];

    public void Connected(AgentIdentity agent)
    {
        var entry = _agents.GetOrAdd(agent.UserName, _ => new Entry());
        lock (entry)
        {
            entry.Connections++;
            entry.Agent = agent;
            entry.AwaySince = null;
        }
        Changed?.Invoke();
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
            Changed?.Invoke();
        }
    }

    /// <summary>True when the agent has had no console open for longer than <paramref name="grace"/>.</summary>
    public bool IsAway(string userName, TimeSpan grace)
    {
        var now = time.GetUtcNow();
        var localAway = true;
        DateTimeOffset? localSince = null;
        if (_agents.TryGetValue(userName, out var entry))
        {
            lock (entry)
            {
                localAway = entry.Connections == 0;
                localSince = entry.AwaySince;
            }
        }

        if (!localAway)
        {
            return false;
        }

        if (remote is not null)
        {
            // Without a current view of the other instances nobody is judged away who might be connected elsewhere.
            if (!remote.IsCurrent || remote.IsOnline(userName))
            {
                return false;
            }

            if (remote.LastSeen(userName) is { } seen && (localSince is null || seen > localSince))
            {
                localSince = seen;
            }
        }

        return localSince is { } since ? now - since > grace : now - _started > grace;
    }

    /// <summary>Agents with the console open who serve <paramref name="queue"/>.</summary>
    public int OnlineServing(string queue) =>
        Local().Where(a => a.Serves(queue)).Select(a => a.UserName)
            .Union(remote?.Serving(queue) ?? [], StringComparer.Ordinal)
            .Count();

    private sealed class Entry
    {
        public int Connections;
        public AgentIdentity? Agent;
        public DateTimeOffset? AwaySince;
    }
}
