using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>How the SQLite state database flushes a commit to disk (<c>PRAGMA synchronous</c>, with its WAL journal).</summary>
public enum SqliteSynchronous
{
    /// <summary>Every commit is flushed (fsync) before it returns: durable against power loss. SQLite's default.</summary>
    Full,

    /// <summary>
    /// Commits are flushed at WAL checkpoints only: durable against a crash of the process (the WAL file is in the operating
    /// system's cache), but a power cut or kernel crash can lose the last commits before the checkpoint (never corrupts).
    /// </summary>
    Normal,
}

/// <summary>Settings of the SQLite state database (<c>state.db</c>), section <c>Sqlite</c>.</summary>
public sealed class SqliteOptions
{
    public const string SectionName = "Sqlite";

    /// <summary>
    /// <see cref="SqliteSynchronous.Full"/> (default) or <see cref="SqliteSynchronous.Normal"/>, which saves a disk flush
    /// per write transaction at the price described there.
    /// </summary>
    [EnumDataType(typeof(SqliteSynchronous))]
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;
}

/// <summary>
/// Sets the state database's per-connection settings once per physical connection (pooled connections keep them, so an
/// open from the pool costs no extra statement). <c>busy_timeout</c>: SQLite itself waits for a writer to finish (its busy
/// handler backs off from 1 ms) instead of failing at once with SQLITE_BUSY, which Microsoft.Data.Sqlite answers by
/// blocking the thread for 150 ms before each retry; under concurrent turns those sleeps were most of a turn's latency.
/// <c>synchronous</c>: from <see cref="SqliteOptions"/>.
/// </summary>
internal sealed class SqliteConnectionSettings(IOptions<SqliteOptions> options) : DbConnectionInterceptor
{
    /// <summary>Longer than any write transaction of a turn; the command timeout still bounds the whole statement.</summary>
    private const int BusyMilliseconds = 5000;

    // Keyed by SQLite's own connection handle, which a pooled SqliteConnection keeps from one open to the next.
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || _configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        var synchronous = options.Value.Synchronous == SqliteSynchronous.Normal ? "NORMAL" : "FULL";
        command.CommandText = $"PRAGMA busy_timeout = {BusyMilliseconds}; PRAGMA synchronous = {synchronous};";
        command.ExecuteNonQuery();
        _configured.AddOrUpdate(handle, handle);
    }
}
