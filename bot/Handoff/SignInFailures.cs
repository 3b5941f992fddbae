using System.Collections.Concurrent;
using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>
/// Failed console sign-ins in a row per user name, and the lockout they lead to. The host keeps them in the state
/// database (<see cref="StateDatabaseSignInFailures"/>), so behind a load balancer a guesser meets one limit, not one per
/// instance, and a restart does not lift a lockout.
/// </summary>
internal interface ISignInFailures
{
    /// <summary>Whether <paramref name="userName"/> is locked out at <paramref name="now"/>.</summary>
    Task<bool> IsLockedOutAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Counts one failure at <paramref name="now"/>; at <paramref name="maxFailures"/> in a row the name is locked
    /// until <paramref name="lockedUntil"/> and the count starts again. True when this failure is the one that locked it.</summary>
    Task<bool> CountAsync(string userName, DateTimeOffset now, int maxFailures, DateTimeOffset lockedUntil, CancellationToken cancellationToken);

    /// <summary>Forgets the failures after a successful sign-in.</summary>
    Task ClearAsync(string userName, CancellationToken cancellationToken);
}

/// <summary>A failure count and lockout of one user name (lower case), a row of the state database.</summary>
internal sealed class SignInFailure
{
    public const int MaxUserNameLength = 64;

    /// <summary>
    /// Failures further apart than this do not add up (the count starts again), and the retention purge deletes a row
    /// whose last failure is older and whose lockout is over.
    /// </summary>
    public static readonly TimeSpan Forgotten = TimeSpan.FromHours(24);

    public required string UserName { get; set; }

    public int Count { get; set; }

    public DateTime LastFailureUtc { get; set; }

    public DateTime? LockedUntilUtc { get; set; }
}

/// <summary>
/// <see cref="ISignInFailures"/> in the state database. Counting is one upsert that returns the new count, and the
/// lockout a conditional update, so instances counting at the same moment neither lose a failure nor both start the
/// lockout. A row holds a name that was tried (also one with no account, so the lockout does not tell which names exist);
/// a successful sign-in removes it, and the retention purge removes one idle for <see cref="SignInFailure.Forgotten"/>.
/// </summary>
internal sealed class StateDatabaseSignInFailures(IDbContextFactory<StateDbContext> dbFactory) : ISignInFailures
{
    private readonly ConcurrentDictionary<Type, string> _upserts = new();

    public async Task<bool> IsLockedOutAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = Normalize(userName);
        var at = now.UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SignInFailures.AnyAsync(f => f.UserName == name && f.LockedUntilUtc > at, cancellationToken);
    }

    public async Task<bool> CountAsync(string userName, DateTimeOffset now, int maxFailures, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        var name = Normalize(userName);
        var at = now.UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var count = (await db.Database.SqlQueryRaw<int>(Upsert(db), name, at, at - SignInFailure.Forgotten).ToListAsync(cancellationToken)).Single();
        if (count < maxFailures)
        {
            return false;
        }
        var until = lockedUntil.UtcDateTime;
        // Only the instance whose update finds the count still at the limit starts the lockout (and audits it).
        return await db.SignInFailures
            .Where(f => f.UserName == name && f.Count >= maxFailures)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Count, 0).SetProperty(f => f.LockedUntilUtc, until), cancellationToken) == 1;
    }

    public async Task ClearAsync(string userName, CancellationToken cancellationToken)
    {
        var name = Normalize(userName);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(f => f.UserName == name).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Normalize(string userName) => userName.ToLowerInvariant();

    /// <summary>INSERT … ON CONFLICT DO UPDATE … RETURNING (SQLite and PostgreSQL both have it), from the model's names.</summary>
    private string Upsert(StateDbContext db) => _upserts.GetOrAdd(db.GetType(), _ =>
    {
        var entity = db.Model.FindEntityType(typeof(SignInFailure))!;
        var helper = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
        var table = helper.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var alias = helper.DelimitIdentifier(entity.GetTableName()!);
        var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => helper.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(store)!);
        var user = Column(nameof(SignInFailure.UserName));
        var count = Column(nameof(SignInFailure.Count));
        var last = Column(nameof(SignInFailure.LastFailureUtc));
        // {0} the name, {1} now, {2} the time before which an earlier failure is forgotten (the count starts again).
        return $"INSERT INTO {table} ({user}, {count}, {last}) VALUES ({{0}}, 1, {{1}}) ON CONFLICT ({user}) DO UPDATE SET "
            + $"{count} = CASE WHEN {alias}.{last} < {{2}} THEN 1 ELSE {alias}.{count} + 1 END, {last} = {{1}} RETURNING {count} AS \"Value\"";
    });
}

/// <summary>Per process: for an <see cref="AgentAccounts"/> made without a host (the command line, unit tests).</summary>
internal sealed class InMemorySignInFailures : ISignInFailures
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public Task<bool> IsLockedOutAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(userName, out var entry))
        {
            return Task.FromResult(false);
        }
        lock (entry)
        {
            return Task.FromResult(entry.LockedUntil is { } until && until > now);
        }
    }

    public Task<bool> CountAsync(string userName, DateTimeOffset now, int maxFailures, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(userName, _ => new Entry());
        lock (entry)
        {
            if (entry.LastFailure < now - SignInFailure.Forgotten)
            {
                entry.Count = 0;
            }
            entry.LastFailure = now;
            if (++entry.Count < maxFailures)
            {
                return Task.FromResult(false);
            }
            entry.Count = 0;
            entry.LockedUntil = lockedUntil;
            return Task.FromResult(true);
        }
    }

    public Task ClearAsync(string userName, CancellationToken cancellationToken)
    {
        _entries.TryRemove(userName, out _);
        return Task.CompletedTask;
    }

    private sealed class Entry
    {
        public int Count;
        public DateTimeOffset LastFailure;
        public DateTimeOffset? LockedUntil;
    }
}
