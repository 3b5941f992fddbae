using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpdeskBot.Bot.Tests.Database;

/// <summary>
/// The state database's migrations on both providers: they build the schema on an empty database, they cover the whole
/// model (a model change without a migration fails here), and a SQLite file made before migrations upgrades in place.
/// </summary>
public sealed class StateMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Migrations_build_the_state_schema_on_an_empty_PostgreSQL_database_and_cover_the_model()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var builder = new DbContextOptionsBuilder<PostgresStateDbContext>();
        StateDatabase.UsePostgres(builder, connectionString);
        await using var db = new PostgresStateDbContext(builder.Options);

        Assert.False(db.Database.HasPendingModelChanges(), "The PostgreSQL state model has changes no migration covers: run bot/Database/migrations.sh add <Name>.");
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        // Every entity's table is there and answers, in the helpdesk schema.
        Assert.Equal(0, await db.Conversations.CountAsync());
        Assert.Equal(0, await db.Set<HelpdeskBot.Bot.Admin.Audit.AuditEntry>().CountAsync());
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'helpdesk' AND table_name = 'Conversations'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Migrations_build_the_state_schema_on_an_empty_SQLite_file_and_cover_the_model()
    {
        var directory = BotHost.NewDataDirectory();
        Directory.CreateDirectory(directory);
        try
        {
            await using var db = NewSqlite(Path.Combine(directory, "state.db"));

            Assert.False(db.Database.HasPendingModelChanges(), "The SQLite state model has changes no migration covers: run bot/Database/migrations.sh add <Name>.");
            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Conversations.CountAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            BotHost.TryDelete(directory);
        }
    }

    [Fact]
    public async Task A_state_file_made_by_an_older_version_without_migrations_upgrades_on_start_and_keeps_its_rows()
    {
        var directory = BotHost.NewDataDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "state.db");
        // What versions before migrations did on first start: EnsureCreated and the audit triggers. Then this file is made
        // older still: tables (the inbox's, the Connector outbox) and a nullable column (a transcript line's confidence) added
        // since are removed.
        await using (var old = NewSqlite(path))
        {
            await old.Database.EnsureCreatedAsync();
            await HelpdeskBot.Bot.Admin.Audit.AuditModel.CreateAppendOnlyGuardsAsync(old, CancellationToken.None);
            await old.Database.ExecuteSqlRawAsync("DROP TABLE \"InboxTrainingExamples\"");
            await old.Database.ExecuteSqlRawAsync("DROP TABLE \"ConnectorOutbox\"");
            await old.Database.ExecuteSqlRawAsync("ALTER TABLE \"Transcript\" DROP COLUMN \"Confidence\"");
            // A week before the test host's clock: inside every retention period, so the purge job keeps them.
            await old.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Conversations\" (\"ChannelId\", \"ConversationId\", \"StateJson\", \"CreatedUtc\", \"UpdatedUtc\", \"Version\") " +
                "VALUES ('directline', 'old-conversation', '{{}}', '2026-11-20 03:04:05', '2026-11-20 03:04:05', 3)");
            await old.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Transcript\" (\"ChannelId\", \"ConversationId\", \"Direction\", \"Text\", \"AtUtc\") " +
                "VALUES ('directline', 'old-conversation', 'user', 'where is my order', '2026-11-20 03:04:05')");
            await old.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"AuditEntries\" (\"AtUtc\", \"Actor\", \"ActorKind\", \"Action\", \"TargetType\", \"Outcome\") " +
                "VALUES ('2026-11-20 03:04:05', 'sari', 'agent', 'handoff.accept', 'handoff', 'Succeeded')");
        }

        SqliteConnection.ClearAllPools();
        Assert.False(await HasTableAsync(path, "__EFMigrationsHistory"));

        using (var host = new BotHost(directory))
        {
            var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");
            Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);

            await using var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            // Brought to the current model's schema, so recorded as at the last migration (none is run on top of it).
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(0, await db.Set<HelpdeskBot.Bot.Channels.BotFramework.Outbox.ConnectorOutboxEntry>().CountAsync());
            var kept = await db.Conversations.AsNoTracking().SingleAsync(c => c.ConversationId == "old-conversation");
            Assert.Equal(3, kept.Version);
            var line = await db.Transcript.AsNoTracking().SingleAsync(t => t.ConversationId == "old-conversation");
            Assert.Equal("where is my order", line.Text);
            Assert.Null(line.Confidence);
            Assert.Equal(1, await db.Set<HelpdeskBot.Bot.Admin.Audit.AuditEntry>().CountAsync(a => a.Actor == "sari"));
            Assert.Equal(0, await db.Set<HelpdeskBot.Bot.Admin.Inbox.InboxTrainingExample>().CountAsync());
            // New turns store the column the old file lacked.
            Assert.Contains(await db.Transcript.AsNoTracking().Where(t => t.Direction == "user").Select(t => t.Confidence).ToListAsync(), c => c is not null);
            // The audit triggers survived: history still cannot be rewritten.
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""));
        }

        // A second start finds nothing to do.
        using (var again = new BotHost(directory))
        {
            again.CreateClient().Dispose();
            await using var db = await again.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(1, await db.Conversations.CountAsync(c => c.ConversationId == "old-conversation"));
        }

        SqliteConnection.ClearAllPools();
        BotHost.TryDelete(directory);
    }

    [Fact]
    public async Task With_MigrateOnStart_off_a_start_with_pending_migrations_fails_and_the_migrate_command_applies_them()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        using (var host = new BotHost().OnPostgres(connectionString).With("Database:MigrateOnStart", "false"))
        {
            var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
            Assert.Contains("database migrate", Flatten(error), StringComparison.Ordinal);
        }

        var output = new StringWriter();
        var exit = await HelpdeskBot.Bot.Cli.DatabaseCommand.RunAsync(
            ["database", "migrate", "--Database:Provider=Postgres", $"--ConnectionStrings:Helpdesk={connectionString}", $"--Helpdesk:DataDirectory={BotHost.NewDataDirectory()}"],
            output, TextWriter.Null);
        Assert.Equal(0, exit);
        Assert.Contains("state        applied", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("knowledge    applied", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("back office  applied", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, output.ToString(), StringComparison.Ordinal);

        using var migrated = new BotHost().OnPostgres(connectionString).With("Database:MigrateOnStart", "false");
        var customer = await new DirectLineClient(migrated.CreateClient()).StartAsync("en-US");
        Assert.Contains("ORD-100123", await customer.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_without_a_connection_string_fails_the_start_naming_the_setting()
    {
        using var host = new BotHost().With("Database:Provider", "Postgres");
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("ConnectionStrings:Helpdesk", Flatten(error), StringComparison.Ordinal);
    }

    private static SqliteStateDbContext NewSqlite(string path)
    {
        var builder = new DbContextOptionsBuilder<SqliteStateDbContext>();
        StateDatabase.UseSqlite(builder, path, new SqliteConnectionSettings(Microsoft.Extensions.Options.Options.Create(new SqliteOptions())));
        return new SqliteStateDbContext(builder.Options);
    }

    private static async Task<bool> HasTableAsync(string path, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is { } inner ? " | " + Flatten(inner) : "");
}
