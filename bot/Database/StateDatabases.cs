using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
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
    /// PostgreSQL with EF Core's retrying execution strategy: a turn whose query or save meets a dropped connection (the
    /// database restarted, failed over) is repeated on a fresh one instead of failing. Safe here because every save is
    /// one transaction and the one explicit transaction (accepting a handoff) runs inside the strategy.
    /// </summary>
    public static void UsePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o
            .MigrationsHistoryTable(HistoryRepository.DefaultTableName, PostgresStateDbContext.Schema)
            .EnableRetryOnFailure(maxRetryCount: 6, maxRetryDelay: TimeSpan.FromSeconds(2), errorCodesToAdd: null));
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
