using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>
/// Creates or upgrades the demo back office database (directory, WAL journal and migrations on SQLite; migrations under an
/// advisory lock on PostgreSQL) and seeds it when it is empty. Safe to run on every start and from several processes at once.
/// </summary>
public sealed partial class BackOfficeInitializer
{
    private readonly IDbContextFactory<BackOfficeDbContext> _dbFactory;
    private readonly IOptions<BackOfficeOptions> _options;
    private readonly ILogger<BackOfficeInitializer> _logger;

    internal BackOfficeInitializer(
        IDbContextFactory<BackOfficeDbContext> dbFactory,
        IOptions<BackOfficeOptions> options,
        ILogger<BackOfficeInitializer> logger)
    {
        _dbFactory = dbFactory;
        _options = options;
        _logger = logger;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (!string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            await using var turn = await BackOfficeDatabase.LockPostgresAsync(options.PostgresConnectionString, cancellationToken);
            await MigrateAsync(options.MigrateOnStart, cancellationToken);
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await SeedIfEmptyAsync(db, "PostgreSQL", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var path = Path.GetFullPath(options.DatabasePath);
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await PrepareSqliteFileAsync(path, cancellationToken);
        await MigrateAsync(options.MigrateOnStart, cancellationToken);
        await using (var db = await _dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                // BEGIN IMMEDIATE takes the write lock before we look for data, so a second process starting on the same
                // file waits here and then finds it seeded.
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                await using var transaction = connection.BeginTransaction(deferred: false);
                await db.Database.UseTransactionAsync(transaction, cancellationToken);
                await SeedIfEmptyAsync(db, path, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// The host's <c>database migrate</c> command: the schema's pending migrations (after baselining a SQLite file from before
    /// migrations), without seeding. Returns the names of the migrations applied.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateSchemaAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (!string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            await using var turn = await BackOfficeDatabase.LockPostgresAsync(options.PostgresConnectionString, cancellationToken);
            return await MigrateAsync(migrate: true, cancellationToken);
        }

        var path = Path.GetFullPath(options.DatabasePath);
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await PrepareSqliteFileAsync(path, cancellationToken);
        return await MigrateAsync(migrate: true, cancellationToken);
    }

    /// <summary>
    /// Applies the schema's pending migrations; with <paramref name="migrate"/> false only checks that none are pending
    /// (for deployments where <c>database migrate</c> runs separately, with an account that may change the schema).
    /// </summary>
    private async Task<IReadOnlyList<string>> MigrateAsync(bool migrate, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return [];
        }

        if (migrate)
        {
            await db.Database.MigrateAsync(cancellationToken);
            return pending;
        }

        throw new InvalidOperationException(
            $"The demo back office database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}) and Database:MigrateOnStart is false: run 'dotnet run --project bot -- database migrate' first.");
    }

    /// <summary>
    /// WAL, and a file made before migrations (by <c>EnsureCreated</c>): with every table of the model it is baselined
    /// (the initial migration recorded as applied); one that lacks a table of the model (an older demo, or damaged) holds
    /// only demo data, so it is emptied and rebuilt by the migrations.
    /// </summary>
    private async Task PrepareSqliteFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // WAL lets readers (the bot's turns) run while a writer works; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var transaction = connection.BeginTransaction(deferred: false);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);

            var existing = await db.Database
                .SqlQuery<string>($"SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .ToListAsync(cancellationToken);
            if (existing.Count == 0)
            {
                return;
            }

            var modelTables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().ToList();
            var history = db.GetService<IHistoryRepository>();
            if (modelTables.Except(existing, StringComparer.OrdinalIgnoreCase).Any())
            {
                // Deferred foreign keys let the tables go in any order inside this transaction.
                await db.Database.ExecuteSqlRawAsync("PRAGMA defer_foreign_keys = ON;", cancellationToken);
                foreach (var table in existing)
                {
                    // A table name cannot be a parameter; it comes from sqlite_master and is quoted as an identifier.
#pragma warning disable EF1003
                    await db.Database.ExecuteSqlRawAsync("DROP TABLE \"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\";", cancellationToken);
#pragma warning restore EF1003
                }

                LogRebuilding(_logger, path);
            }
            else if (!existing.Contains(HistoryRepository.DefaultTableName, StringComparer.OrdinalIgnoreCase))
            {
#pragma warning disable EF1002, EF1001 // EF Core's own scripts; ProductInfo is the version EF records itself.
                await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
                await db.Database.ExecuteSqlRawAsync(
                    history.GetInsertScript(new HistoryRow(db.Database.GetMigrations().First(), ProductInfo.GetVersion())), cancellationToken);
#pragma warning restore EF1002, EF1001
                LogBaselined(_logger, path);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task SeedIfEmptyAsync(BackOfficeDbContext db, string where, CancellationToken cancellationToken)
    {
        if (await db.Customers.AnyAsync(cancellationToken))
        {
            LogAlreadySeeded(_logger, where);
            return;
        }

        var data = DemoBackOffice.Create();
        db.AddRange(data.Customers);
        db.AddRange(data.Orders);
        db.AddRange(data.Invoices);
        db.AddRange(data.Employees);
        db.AddRange(data.LeaveBalances);
        db.AddRange(data.Payslips);
        db.AddRange(data.Tickets);
        db.AddRange(data.SoftwareCatalogue);
        db.AddRange(data.SoftwareRequests);
        db.AddRange(data.LeaveRequests);
        db.AddRange(data.Suppliers);
        db.AddRange(data.SupplierInvoices);
        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(_logger, where, data.Customers.Count, data.Orders.Count, data.Invoices.Count, data.Employees.Count, data.Tickets.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The demo back office in {DatabasePath} predates migrations; its schema is recorded as the initial migration")]
    private static partial void LogBaselined(ILogger logger, string databasePath);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Seeded the demo back office in {DatabasePath}: {Customers} customers, {Orders} orders, {Invoices} invoices, {Employees} employees, {Tickets} IT tickets")]
    private static partial void LogSeeded(ILogger logger, string databasePath, int customers, int orders, int invoices, int employees, int tickets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The demo back office in {DatabasePath} has an older schema; it is recreated and seeded again")]
    private static partial void LogRebuilding(ILogger logger, string databasePath);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The demo back office in {DatabasePath} is already seeded")]
    private static partial void LogAlreadySeeded(ILogger logger, string databasePath);
}

/// <summary>Runs <see cref="BackOfficeInitializer"/> before the host serves anything.</summary>
internal sealed class BackOfficeInitializerService(BackOfficeInitializer initializer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => initializer.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
