using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>
/// Creates the demo back office database (directory, schema, WAL journal) and seeds it when it is empty.
/// Safe to run on every start and from several processes at once.
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
        var path = Path.GetFullPath(_options.Value.DatabasePath);
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // WAL lets readers (the bot's turns) run while a writer works; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            // BEGIN IMMEDIATE takes the write lock before we look at the schema, so a second process starting on
            // the same file waits here and then finds the work done, instead of racing to create the same tables.
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var transaction = connection.BeginTransaction(deferred: false);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);

            var existing = await db.Database
                .SqlQuery<string>($"SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                .ToListAsync(cancellationToken);
            var modelTables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().ToList();
            var hasSchema = existing.Count > 0;
            if (hasSchema && modelTables.Except(existing, StringComparer.OrdinalIgnoreCase).Any())
            {
                // A file from an older version of the demo: it holds only demo data, so it is rebuilt rather than migrated.
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
                hasSchema = false;
            }

            if (!hasSchema)
            {
                await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript(), cancellationToken);
                LogCreated(_logger, path);
            }

            if (await db.Customers.AnyAsync(cancellationToken))
            {
                LogAlreadySeeded(_logger, path);
            }
            else
            {
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
                LogSeeded(_logger, path, data.Customers.Count, data.Orders.Count, data.Invoices.Count, data.Employees.Count, data.Tickets.Count);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the demo back office schema in {DatabasePath}")]
    private static partial void LogCreated(ILogger logger, string databasePath);

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
