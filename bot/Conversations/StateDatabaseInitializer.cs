using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// Creates the state database on first start and switches SQLite to write-ahead logging. A database made by an earlier
/// version gets the tables it lacks (handoff cases, notes…) added; existing tables are never changed here. Real
/// migrations come with the PostgreSQL provider.
/// </summary>
internal sealed partial class StateDatabaseInitializer(IDbContextFactory<StateDbContext> dbFactory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers (stream backlogs, activity polling) run while a turn writes.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        if (!await db.Database.EnsureCreatedAsync(cancellationToken) && db.Database.IsSqlite())
        {
            await AddMissingTablesAsync(db, cancellationToken);
            await AddMissingColumnsAsync(db, cancellationToken);
        }

        await Admin.Audit.AuditModel.CreateAppendOnlyGuardsAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
