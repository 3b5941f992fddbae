using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// Lets SQLite itself wait for a writer to finish (its busy handler backs off from 1 ms) instead of failing at once with
/// SQLITE_BUSY, which Microsoft.Data.Sqlite answers by blocking the thread for 150 ms before each retry. Under concurrent
/// turns the state database sees a write every few milliseconds, so those 150 ms sleeps were most of a turn's latency.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    /// <summary>Longer than any write transaction of a turn; the command timeout still bounds the whole statement.</summary>
    private const int Milliseconds = 5000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {Milliseconds};";
            command.ExecuteNonQuery();
        }
    }
}
