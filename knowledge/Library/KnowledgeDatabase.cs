using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>The knowledge metadata in a SQLite file (the default); migrations in <c>Library/Migrations/Sqlite</c>.</summary>
internal sealed class SqliteKnowledgeDbContext(DbContextOptions<SqliteKnowledgeDbContext> options) : KnowledgeDbContext(options);

/// <summary>
/// The knowledge metadata in PostgreSQL, schema <c>knowledge</c> (the bot's other stores share the database in their own
/// schemas); migrations in <c>Library/Migrations/Postgres</c>.
/// </summary>
internal sealed class PostgresKnowledgeDbContext(DbContextOptions<PostgresKnowledgeDbContext> options) : KnowledgeDbContext(options)
{
    public const string Schema = "knowledge";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }

    // timestamptz holds an instant and Npgsql writes only offset zero; the clock's local offset is display, not data.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcOffsetConverter>();

    private sealed class UtcOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}

/// <summary>
/// How the knowledge database is opened, migrated and guarded, per provider. SQLite files made by versions before
/// migrations (by <c>EnsureCreated</c>) are baselined: their schema is the initial migration's, so that migration is recorded
/// as applied and later ones run. On PostgreSQL a session advisory lock makes one instance at a time create or upgrade the
/// schema and load the seed.
/// </summary>
internal static class KnowledgeDatabase
{
    /// <summary>The advisory lock key of the knowledge schema ("HDBKB" in ASCII; each store has its own).</summary>
    private const long LockKey = 0x48_44_42_4B_42;

    public static void UseSqlite(DbContextOptionsBuilder builder, string path) =>
        builder.UseSqlite(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString());

    public static void UsePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(HistoryRepository.DefaultTableName, PostgresKnowledgeDbContext.Schema));

    /// <summary>The options' provider: PostgreSQL when a connection string is set, else the SQLite file.</summary>
    public static void AddKnowledgeDatabases(this IServiceCollection services)
    {
        services.AddDbContextFactory<SqliteKnowledgeDbContext>((sp, db) =>
            UseSqlite(db, sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.DatabasePath));
        services.AddDbContextFactory<PostgresKnowledgeDbContext>((sp, db) =>
            UsePostgres(db, sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.PostgresConnectionString!));
        services.AddSingleton<IDbContextFactory<KnowledgeDbContext>, ProviderFactory>();
    }

    /// <summary>Holds the PostgreSQL advisory lock for the knowledge schema until disposed; nothing on SQLite.</summary>
    public static async Task<IAsyncDisposable> LockAsync(KnowledgeOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            return NoLock.Instance;
        }

        var connection = new NpgsqlConnection(options.PostgresConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new AdvisoryLock(connection);
    }

    /// <summary>
    /// Applies the pending migrations (baselining an <c>EnsureCreated</c> SQLite file first). With
    /// <paramref name="migrate"/> false, only checks that none are pending, for deployments where the app's account may not
    /// change the schema and <c>database migrate</c> runs separately.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(KnowledgeDbContext db, bool migrate, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await BaselineAsync(db, cancellationToken).ConfigureAwait(false);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        if (pending.Count == 0)
        {
            return [];
        }

        if (!migrate)
        {
            throw new InvalidOperationException(
                $"The knowledge database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}) and Database:MigrateOnStart is false: run 'dotnet run --project bot -- database migrate' first.");
        }

        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return pending;
    }

    private static async Task BaselineAsync(KnowledgeDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var tables = await db.Database.SqlQuery<int>(
            $"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'documents'").SingleAsync(cancellationToken).ConfigureAwait(false);
        if (tables == 0)
        {
            return;
        }

        // The schema EnsureCreated made is the initial migration's (the model of every version before migrations); the
        // later migrations run after it.
        var initial = db.Database.GetMigrations().First();
#pragma warning disable EF1002, EF1001 // EF Core's own scripts; ProductInfo is the version EF records itself.
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync(
            history.GetInsertScript(new HistoryRow(initial, ProductInfo.GetVersion())), cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002, EF1001
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

    private sealed class ProviderFactory(IServiceProvider services, IOptions<KnowledgeOptions> options) : IDbContextFactory<KnowledgeDbContext>
    {
        private readonly Lazy<Func<KnowledgeDbContext>> _create = new(() =>
            string.IsNullOrWhiteSpace(options.Value.PostgresConnectionString)
                ? services.GetRequiredService<IDbContextFactory<SqliteKnowledgeDbContext>>().CreateDbContext
                : services.GetRequiredService<IDbContextFactory<PostgresKnowledgeDbContext>>().CreateDbContext);

        public KnowledgeDbContext CreateDbContext() => _create.Value();
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// The knowledge schema for the host's <c>database migrate</c> command: its migrations only, without the index or the
/// embedding model the library needs to serve.
/// </summary>
public sealed class KnowledgeSchema
{
    private readonly IDbContextFactory<KnowledgeDbContext> _databases;
    private readonly IOptions<KnowledgeOptions> _options;

    internal KnowledgeSchema(IDbContextFactory<KnowledgeDbContext> databases, IOptions<KnowledgeOptions> options)
    {
        _databases = databases;
        _options = options;
    }

    /// <summary>Applies the pending migrations; returns their names.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var turn = await KnowledgeDatabase.LockAsync(_options.Value, cancellationToken).ConfigureAwait(false);
        await using var db = await _databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            var path = Path.GetDirectoryName(Path.GetFullPath(_options.Value.DatabasePath));
            if (!string.IsNullOrEmpty(path))
            {
                Directory.CreateDirectory(path);
            }
        }

        return await KnowledgeDatabase.MigrateAsync(db, migrate: true, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>For <c>dotnet ef migrations add</c>: never connects.</summary>
internal sealed class SqliteKnowledgeDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKnowledgeDbContext>
{
    public SqliteKnowledgeDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteKnowledgeDbContext>();
        KnowledgeDatabase.UseSqlite(builder, "design-time-knowledge.db");
        return new SqliteKnowledgeDbContext(builder.Options);
    }
}

/// <summary>For <c>dotnet ef migrations add</c>: never connects.</summary>
internal sealed class PostgresKnowledgeDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKnowledgeDbContext>
{
    public PostgresKnowledgeDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresKnowledgeDbContext>();
        KnowledgeDatabase.UsePostgres(builder, "Host=localhost;Database=helpdesk_design_time");
        return new PostgresKnowledgeDbContext(builder.Options);
    }
}
