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
    /// <summary>
    /// Every commit is flushed (fsync) by SQLite before it returns, inside the database's write lock: durable against power
    /// loss. SQLite's own default.
    /// </summary>
    Full,

    /// <summary>
    /// Commits are flushed at WAL checkpoints only: durable against a crash of the process (the WAL file is in the operating
    /// system's cache), but a power cut or kernel crash can lose the last commits before the checkpoint (never corrupts).
    /// </summary>
    Normal,

    /// <summary>
    /// The default: as durable as <see cref="Full"/> (a commit returns only once it is on disk), but the flush happens after
    /// the write lock is released, and one flush serves every commit that ended before it began (group commit,
    /// <see cref="SqliteGroupedFlush"/>).
    /// </summary>
    Grouped,
}

/// <summary>Settings of the SQLite state database (<c>state.db</c>), section <c>Sqlite</c>.</summary>
public sealed class SqliteOptions
{
    public const string SectionName = "Sqlite";

    /// <summary>
    /// <see cref="SqliteSynchronous.Grouped"/> (default), <see cref="SqliteSynchronous.Full"/> (SQLite's flush inside each
    /// commit) or <see cref="SqliteSynchronous.Normal"/>, which saves the flush at the price described there.
    /// </summary>
    [EnumDataType(typeof(SqliteSynchronous))]
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Grouped;
}

/// <summary>
/// Sets the state database's per-connection settings once per physical connection (pooled connections keep them, so an
/// open from the pool costs no extra statement). <c>busy_timeout</c>: SQLite itself waits for a writer to finish (its busy
/// handler backs off from 1 ms) instead of failing at once with SQLITE_BUSY, which Microsoft.Data.Sqlite answers by
/// blocking the thread for 150 ms before each retry; under concurrent turns those sleeps were most of a turn's latency.
/// <c>synchronous</c>: from <see cref="SqliteOptions"/>; for <see cref="SqliteSynchronous.Grouped"/> the connection runs
/// <c>NORMAL</c> with the group flush's WAL hook (<see cref="SqliteGroupedFlush"/>), or <c>FULL</c> where the hook cannot
/// be registered. A grouped connection waits for the lock in the group flush's busy handler instead of
/// <c>busy_timeout</c> (woken when a commit releases the lock, failing after the same <see cref="BusyMilliseconds"/>).
/// <c>temp_store = MEMORY</c>: the journals SQLite keeps inside a transaction to undo a statement or a savepoint stay in
/// memory; by default one that grew past 64 KB moved to a temporary file, and the load test saw one created and deleted
/// every few turns.
/// </summary>
internal sealed class SqliteConnectionSettings(IOptions<SqliteOptions> options) : DbConnectionInterceptor
{
    /// <summary>Longer than any write transaction of a turn; the command timeout still bounds the whole statement.</summary>
    internal const int BusyMilliseconds = 5000;

    // Keyed by SQLite's own connection handle, which a pooled SqliteConnection keeps from one open to the next.
    private readonly ConditionalWeakTable<object, object> _configured = [];

    /// <summary>
    /// A plain connection instead of EF's. EF's SQLite provider gives every connection it creates seven functions (regexp
    /// and the ef_* decimal arithmetic), and Microsoft.Data.Sqlite registers them with SQLite at every open and removes
    /// them at every close, pooled or not: about 10 µs per open, and a turn opens the state database about seven times.
    /// No state query calls them: the model has no decimal column (<c>StateConnectionTests</c> checks it) and no query
    /// uses <c>Regex.IsMatch</c>; one that did would fail with "no such function".
    /// </summary>
    public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        eventData.ConnectionString is { Length: > 0 } connectionString
            ? InterceptionResult<DbConnection>.SuppressWithResult(new SqliteConnection(connectionString))
            : result;

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

        var grouped = options.Value.Synchronous == SqliteSynchronous.Grouped && Grouped(sqlite, handle);
        var synchronous = grouped || options.Value.Synchronous == SqliteSynchronous.Normal ? "NORMAL" : "FULL";
        using var command = sqlite.CreateCommand();
        // Setting busy_timeout would replace the group flush's busy handler.
        command.CommandText = (grouped ? "" : $"PRAGMA busy_timeout = {BusyMilliseconds}; ")
            + $"PRAGMA synchronous = {synchronous}; PRAGMA temp_store = MEMORY;";
        command.ExecuteNonQuery();
        _configured.AddOrUpdate(handle, handle);
    }

    /// <summary>Registers the group flush on a file database's connection; false (so <c>FULL</c>) where it cannot be.</summary>
    private static bool Grouped(SqliteConnection connection, SQLitePCL.sqlite3 handle)
    {
        if (s_hookUnavailable || string.IsNullOrEmpty(connection.DataSource) || connection.DataSource.StartsWith(':'))
        {
            return false;
        }
        try
        {
            SqliteGroupedFlush.Attach(handle.DangerousGetHandle(), connection.DataSource);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A SQLite build without the WAL hook: SQLite's own flush in each commit, as durable and only slower.
            s_hookUnavailable = true;
            return false;
        }
    }

    private static volatile bool s_hookUnavailable;
}
