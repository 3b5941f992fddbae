using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

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

    [GeneratedRegex(@"^CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)", RegexOptions.CultureInvariant)]
    private static partial Regex CreateStatement();
}
