using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>The demo back office in a SQLite file (the default); migrations in <c>BackOffice/Migrations/Sqlite</c>.</summary>
internal sealed class SqliteBackOfficeDbContext(DbContextOptions<SqliteBackOfficeDbContext> options) : BackOfficeDbContext(options);

/// <summary>
/// The demo back office in PostgreSQL, schema <c>backoffice</c> (the bot's other stores share the database in their own
/// schemas); migrations in <c>BackOffice/Migrations/Postgres</c>.
/// </summary>
internal sealed class PostgresBackOfficeDbContext(DbContextOptions<PostgresBackOfficeDbContext> options) : BackOfficeDbContext(options)
{
    public const string Schema = "backoffice";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}

/// <summary>How the demo back office database is opened and guarded, per provider.</summary>
internal static class BackOfficeDatabase
{
    /// <summary>The advisory lock key of the back office schema ("HDBBO" in ASCII; each store has its own).</summary>
    private const long LockKey = 0x48_44_42_42_4F;

    public static void UseSqlite(DbContextOptionsBuilder builder, BackOfficeOptions options) =>
        builder.UseSqlite(options.ConnectionString);

    public static void UsePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(HistoryRepository.DefaultTableName, PostgresBackOfficeDbContext.Schema));

    /// <summary>The options' provider: PostgreSQL when a connection string is set, else the SQLite file.</summary>
    public static void AddBackOfficeDatabases(this IServiceCollection services)
    {
        services.AddDbContextFactory<SqliteBackOfficeDbContext>((sp, db) =>
            UseSqlite(db, sp.GetRequiredService<IOptions<BackOfficeOptions>>().Value));
        services.AddDbContextFactory<PostgresBackOfficeDbContext>((sp, db) =>
            UsePostgres(db, sp.GetRequiredService<IOptions<BackOfficeOptions>>().Value.PostgresConnectionString!));
        services.AddSingleton<IDbContextFactory<BackOfficeDbContext>, ProviderFactory>();
    }

    /// <summary>The transaction-scoped lock of the back office's write transactions ("HDBBW").</summary>
    private const long WriteLockKey = 0x48_44_42_42_57;

    /// <summary>
    /// A write transaction, one at a time as on SQLite: the demo's services read then write (the next ticket number is the
    /// count plus one, a leave balance is read before the request that spends it), which PostgreSQL's read-committed
    /// transactions would interleave into duplicate keys and lost updates. On PostgreSQL a transaction-scoped advisory lock
    /// serialises them; it goes with the commit or rollback. Keep it off hot paths: a caller holds the lock across all of
    /// its round trips, so every other writer waits that long (order verification counts its failures without it).
    /// </summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginWriteAsync(BackOfficeDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", cancellationToken);
        }

        return transaction;
    }

    /// <summary>
    /// Holds the PostgreSQL advisory lock for the back office schema until disposed, so instances starting together on
    /// one empty database take turns to create and seed it.
    /// </summary>
    public static async Task<IAsyncDisposable> LockPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new AdvisoryLock(connection);
    }

    /// <summary>
    /// Unlocks explicitly: a pooled connection's session outlives its Close (Npgsql resets it only when it is next used), so
    /// closing alone would keep the lock until then.
    /// </summary>
    private sealed class AdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", LockKey);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class ProviderFactory(IServiceProvider services, IOptions<BackOfficeOptions> options) : IDbContextFactory<BackOfficeDbContext>
    {
        private readonly Lazy<Func<BackOfficeDbContext>> _create = new(() =>
            string.IsNullOrWhiteSpace(options.Value.PostgresConnectionString)
                ? services.GetRequiredService<IDbContextFactory<SqliteBackOfficeDbContext>>().CreateDbContext
                : services.GetRequiredService<IDbContextFactory<PostgresBackOfficeDbContext>>().CreateDbContext);

        public BackOfficeDbContext CreateDbContext() => _create.Value();
    }
}

/// <summary>For <c>dotnet ef migrations add</c>: never connects.</summary>
internal sealed class SqliteBackOfficeDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBackOfficeDbContext>
{
    public SqliteBackOfficeDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteBackOfficeDbContext>();
        BackOfficeDatabase.UseSqlite(builder, new BackOfficeOptions { DatabasePath = "design-time-backoffice.db" });
        return new SqliteBackOfficeDbContext(builder.Options);
    }
}

/// <summary>For <c>dotnet ef migrations add</c>: never connects.</summary>
internal sealed class PostgresBackOfficeDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBackOfficeDbContext>
{
    public PostgresBackOfficeDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresBackOfficeDbContext>();
        BackOfficeDatabase.UsePostgres(builder, "Host=localhost;Database=helpdesk_design_time");
        return new PostgresBackOfficeDbContext(builder.Options);
    }
}
