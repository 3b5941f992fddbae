using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>Creates the state database on first start and switches SQLite to write-ahead logging.</summary>
internal sealed class StateDatabaseInitializer(IDbContextFactory<StateDbContext> dbFactory) : IHostedService
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
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
