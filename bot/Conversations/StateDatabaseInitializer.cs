using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// Creates or upgrades the state database before the host serves anything: pending EF Core migrations (or, with
/// <c>Database:MigrateOnStart</c> off, a check that none are pending) and the audit log's append-only guards. On SQLite it
/// switches to write-ahead logging and baselines a file made by a version before migrations (by <c>EnsureCreated</c>): the
/// tables and nullable columns it lacks are added from the current model, which gives it the latest migration's schema, and
/// every migration is recorded as applied, so no row is lost. On PostgreSQL a session advisory lock makes instances that start together take
/// turns. It runs in the host's <em>starting</em> phase, before any hosted service starts: the framework's data-protection
/// service loads its key ring from this database (<see cref="WebSecurity.SharedKeyRing"/>) when it starts.
/// </summary>
internal sealed partial class StateDatabaseInitializer(IDbContextFactory<StateDbContext> dbFactory, IOptions<Database.DatabaseOptions> options) : IHostedLifecycleService
{
    /// <summary>The advisory lock key of the state schema ("HDBST" in ASCII; each store has its own).</summary>
    private const long LockKey = 0x48_44_42_53_54;

    public Task StartingAsync(CancellationToken cancellationToken) => MigrateAsync(options.Value.MigrateOnStart, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The <c>database migrate</c> command: applies the pending migrations and the guards; returns the migrations' names.</summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(migrate: true, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Applies the pending migrations and the audit guards (<paramref name="migrate"/> true: on start by default, and the
    /// <c>database migrate</c> command), or only checks that none are pending.
    /// </summary>
    private async Task<IReadOnlyList<string>> MigrateAsync(bool migrate, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Database.IsSqlite())
            {
                // WAL lets readers (stream backlogs, activity polling) run while a turn writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                await BaselineAsync(db, cancellationToken);
            }
            else
            {
                // Held by this session until the connection closes; the migrations run on the same connection.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (!migrate)
            {
                return pending.Count == 0 ? pending : throw new InvalidOperationException(
                    $"The state database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}) and Database:MigrateOnStart is false: run 'dotnet run --project bot -- database migrate' first.");
            }

            await db.Database.MigrateAsync(cancellationToken);
            await Admin.Audit.AuditModel.CreateAppendOnlyGuardsAsync(db, cancellationToken);
            return pending;
        }
        finally
        {
            if (db.Database.IsNpgsql() && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                // Explicitly: the pooled connection's session, and with it the lock, outlives its Close.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A SQLite file from before migrations: brought to the current model's schema and recorded as at its last migration.</summary>
    private static async Task BaselineAsync(StateDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(cancellationToken)
            || await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'Conversations'").SingleAsync(cancellationToken) == 0)
        {
            return;
        }

        await AddMissingTablesAsync(db, cancellationToken);
        await AddMissingColumnsAsync(db, cancellationToken);
#pragma warning disable EF1002, EF1001 // EF Core's own scripts; ProductInfo is the version EF records itself.
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        // The tables and columns were made from the current model, so every migration up to it is in the file already.
        foreach (var migration in db.Database.GetMigrations())
        {
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(migration, ProductInfo.GetVersion())), cancellationToken);
        }
#pragma warning restore EF1002, EF1001
    }

    private static async Task AddMissingTablesAsync(StateDbContext db, CancellationToken cancellationToken)
    {
        foreach (var statement in db.Database.GenerateCreateScript().Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var idempotent = CreateStatement().Replace(statement, m => m.Value + " IF NOT EXISTS", 1);
            if (!ReferenceEquals(idempotent, statement) && idempotent != statement)
            {
#pragma warning disable EF1002 // The statements are EF Core's own schema script, not user input.
                await db.Database.ExecuteSqlRawAsync(idempotent, cancellationToken);
#pragma warning restore EF1002
            }
        }
    }

    /// <summary>
    /// Nullable columns the model has and an older table lacks (e.g. the cited document's id on citations and feedback)
    /// are added, empty; old rows simply have no value. A non-nullable column cannot be added to SQLite without a
    /// default, so the model only ever grows by nullable ones.
    /// </summary>
    private static async Task AddMissingColumnsAsync(StateDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT name FROM pragma_table_info('{table.Replace("'", "''", StringComparison.Ordinal)}')";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    existing.Add(reader.GetString(0));
                }
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName(store) is not { } column || existing.Contains(column) || !property.IsColumnNullable(store))
                {
                    continue;
                }

#pragma warning disable EF1002 // Table, column and type come from the EF model, not from input.
                await db.Database.ExecuteSqlRawAsync(
                    $"ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {property.GetColumnType(store)} NULL", cancellationToken);
#pragma warning restore EF1002
            }
        }
    }

    [GeneratedRegex(@"^CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)", RegexOptions.CultureInvariant)]
    private static partial Regex CreateStatement();
}
