using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HelpdeskBot.Bot.Database;

/// <summary>The state database in a SQLite file (the default); migrations in <c>Conversations/Migrations/Sqlite</c>.</summary>
internal sealed class SqliteStateDbContext(DbContextOptions<SqliteStateDbContext> options) : StateDbContext(options);

/// <summary>
/// The state database in PostgreSQL, schema <c>helpdesk</c> (the knowledge metadata and the demo back office have their
/// own schemas in the same database); migrations in <c>Conversations/Migrations/Postgres</c>.
/// </summary>
internal sealed class PostgresStateDbContext(DbContextOptions<PostgresStateDbContext> options) : StateDbContext(options)
{
    public const string Schema = "helpdesk";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }

    // The model's DateTimes are UTC by name (AtUtc, CreatedUtc…) and timestamptz takes only UTC ones: a value whose Kind
    // was lost on the way (parsed, or read back from SQLite-era JSON) is written as the UTC it is.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>How the state database is opened, per provider; shared by the host and the design-time factories.</summary>
internal static class StateDatabase
{
    public static void UseSqlite(DbContextOptionsBuilder builder, string path, SqliteConnectionSettings settings) =>
        builder.UseSqlite(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
        }.ToString()).AddInterceptors(settings);

    /// <summary>
    /// PostgreSQL with a retrying execution strategy (<see cref="PostgresRetryStrategy"/>): a turn whose query or save meets
    /// a dropped connection (the database restarted, failed over) is repeated on a fresh one instead of failing. Safe here
    /// because every save is one transaction and every explicit transaction runs inside the strategy.
    /// </summary>
    public static void UsePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o
            .MigrationsHistoryTable(HistoryRepository.DefaultTableName, PostgresStateDbContext.Schema)
            .ExecutionStrategy(dependencies => new PostgresRetryStrategy(dependencies)));
}

/// <summary>
/// Npgsql's retrying strategy (6 retries, at most 2 s apart), which also retries a transaction whose connection was cut
/// under it. When the server ends a session (<c>pg_ctl restart</c>: 57P01) while a transaction is open, the failure can
/// surface first where the transaction is used next, as an <see cref="ObjectDisposedException"/> or
/// <see cref="InvalidOperationException"/> from <c>Commit</c> that wraps the transient server error; Npgsql's detector
/// looks only at the outer exception, so that turn failed with a 500 (seen once in about 300 posts during a restart).
/// The commit was never sent on a broken connection, and the server rolls back a transaction whose session ended, so
/// repeating the whole transaction stores it once.
/// </summary>
internal sealed class PostgresRetryStrategy(ExecutionStrategyDependencies dependencies)
    : Npgsql.EntityFrameworkCore.PostgreSQL.NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, errorCodesToAdd: null)
{
    private const int MaxRetries = 6;

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    protected override bool ShouldRetryOn(Exception? exception) =>
        base.ShouldRetryOn(exception) || IsCutTransaction(exception);

    /// <summary>A transaction or connection found unusable because its session ended with a transient error.</summary>
    internal static bool IsCutTransaction(Exception? exception) =>
        exception is ObjectDisposedException or InvalidOperationException
        && exception.InnerException is Npgsql.NpgsqlException { IsTransient: true };
}

/// <summary>For <c>dotnet ef migrations add</c>: never connects.</summary>
internal sealed class SqliteStateDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStateDbContext>
{
    public SqliteStateDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteStateDbContext>();
        StateDatabase.UseSqlite(builder, "design-time-state.db", new SqliteConnectionSettings(Microsoft.Extensions.Options.Options.Create(new SqliteOptions())));
        return new SqliteStateDbContext(builder.Options);
    }
}

/// <summary>For <c>dotnet ef migrations add</c>: never connects.</summary>
internal sealed class PostgresStateDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStateDbContext>
{
    public PostgresStateDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresStateDbContext>();
        StateDatabase.UsePostgres(builder, "Host=localhost;Database=helpdesk_design_time");
        return new PostgresStateDbContext(builder.Options);
    }
}
