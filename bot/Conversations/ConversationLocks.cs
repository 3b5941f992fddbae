using System.Collections.Concurrent;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// Serialises work on one conversation inside this process (two messages of one conversation must not race on its
/// state). A turn also takes the conversation's lock in Redis when one is configured (<see cref="Scaling.RedisTurnLocks"/>),
/// so instances take turns; the row version of the conversation record remains the fence that catches what neither can.
/// </summary>
internal sealed class ConversationLocks(Scaling.RedisTurnLocks? shared = null)
{
    private readonly ConcurrentDictionary<string, Entry> _locks = new(StringComparer.Ordinal);

    /// <summary>The lock of a turn of one conversation: in this process, then across instances when Redis is configured.</summary>
    public async Task<IAsyncDisposable> AcquireTurnAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        var local = await AcquireAsync($"turn\n{channelId}\n{conversationId}", cancellationToken);
        if (shared is null)
        {
            return new Held(local, null);
        }

        try
        {
            return new Held(local, await shared.AcquireAsync(channelId, conversationId, cancellationToken));
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    private sealed class Held(IDisposable local, IAsyncDisposable? shared) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (shared is not null)
                {
                    await shared.DisposeAsync();
                }
            }
            finally
            {
                local.Dispose();
            }
        }
    }

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        while (true)
        {
            entry = _locks.GetOrAdd(key, static _ => new Entry());
            lock (entry)
            {
                if (!entry.Removed)
                {
                    entry.Users++;
                    break;
                }
            }
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, signal: false);
            throw;
        }
        return new Releaser(this, key, entry);
    }

    private void Release(string key, Entry entry, bool signal)
    {
        if (signal)
        {
            entry.Semaphore.Release();
        }
        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Removed = true;
                _locks.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int Users;
        public bool Removed;
    }

    private sealed class Releaser(ConversationLocks owner, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(key, entry, signal: true);
            }
        }
    }
}
