using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Knowledge.Tests.Library;

/// <summary>One private PostgreSQL server for the class, stopped and deleted after its last test.</summary>
public sealed class KnowledgePostgres : IAsyncLifetime
{
    internal PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The knowledge metadata on both providers: migrations build the schema and cover the model, the library ingests,
/// publishes, finds and retires on PostgreSQL as on SQLite, and a file made before migrations is baselined in place.
/// </summary>
public sealed class KnowledgeDatabaseTests(KnowledgePostgres postgres) : IClassFixture<KnowledgePostgres>
{
    private const string Returns = """
        ---
        title: Returns and refunds
        audience: customer
        language: en
        ---
        # Return window
        You can return an item within 14 days of delivery if it is unused and in its original packaging.
        """;

    [Fact]
    public async Task Migrations_build_the_knowledge_schema_on_empty_PostgreSQL_and_SQLite_databases_and_cover_the_model()
    {
        var postgresBuilder = new DbContextOptionsBuilder<PostgresKnowledgeDbContext>();
        KnowledgeDatabase.UsePostgres(postgresBuilder, await postgres.Server.CreateDatabaseAsync());
        var file = Path.Combine(Path.GetTempPath(), $"helpdesk-kb-migrations-{Guid.NewGuid():N}.db");
        var sqliteBuilder = new DbContextOptionsBuilder<SqliteKnowledgeDbContext>();
        KnowledgeDatabase.UseSqlite(sqliteBuilder, file);
        try
        {
            foreach (KnowledgeDbContext db in (KnowledgeDbContext[])[new PostgresKnowledgeDbContext(postgresBuilder.Options), new SqliteKnowledgeDbContext(sqliteBuilder.Options)])
            {
                await using (db)
                {
                    Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes no migration covers: run bot/Database/migrations.sh add <Name>.");
                    Assert.Equal(db.Database.GetMigrations(), await KnowledgeDatabase.MigrateAsync(db, migrate: true, CancellationToken.None));
                    Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                    Assert.Equal(0, await db.Documents.CountAsync());
                    Assert.Equal(0, await db.Chunks.CountAsync());
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task On_PostgreSQL_the_library_ingests_publishes_finds_and_retires_a_document()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync(postgres: await postgres.Server.CreateDatabaseAsync());
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns));
        Assert.False((await kb.AskAsync("how many days do I have to return an item?")).Found);

        await kb.Library.PublishAsync(created.Document.Summary.Id, 1, "admin@corp.example");
        var passage = (await kb.AskAsync("how many days do I have to return an item?")).Passages[0];
        Assert.Contains("14 days", passage.Text, StringComparison.Ordinal);
        Assert.Equal("Returns and refunds", passage.Title);

        var edited = await kb.Library.AddVersionAsync(created.Document.Summary.Id, TestKnowledgeBase.Markdown("returns.md", Returns.Replace("14 days", "30 days", StringComparison.Ordinal)));
        Assert.Equal(2, edited.Version);
        await kb.Library.PublishAsync(created.Document.Summary.Id, 2, "admin@corp.example");
        Assert.Contains("30 days", (await kb.AskAsync("how many days do I have to return an item?")).Passages[0].Text, StringComparison.Ordinal);

        // A second library over the same database (another instance, its own empty embedded index) sees what is published
        // and builds its index from the database's stored vectors on start.
        await using var other = await TestKnowledgeBase.CreateAsync(postgres: kb.Options.Value.PostgresConnectionString);
        Assert.True(other.Library.IsPublished(created.Document.Summary.Id, 2));
        Assert.False(other.Library.IsPublished(created.Document.Summary.Id, 1));
        Assert.Contains("30 days", (await other.AskAsync("how many days do I have to return an item?")).Passages[0].Text, StringComparison.Ordinal);

        await kb.Library.RetireAsync(created.Document.Summary.Id, 2, "admin@corp.example");
        Assert.False((await kb.AskAsync("how many days do I have to return an item?")).Found);
    }

    [Fact]
    public async Task A_knowledge_file_made_before_migrations_is_baselined_and_keeps_its_documents()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"helpdesk-kb-old-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "knowledge.db");
        var builder = new DbContextOptionsBuilder<SqliteKnowledgeDbContext>();
        KnowledgeDatabase.UseSqlite(builder, path);
        try
        {
            // What versions before migrations did: EnsureCreated, then documents. Their model was the initial migration's:
            // the change counter came later.
            await using (var old = new SqliteKnowledgeDbContext(builder.Options))
            {
                await old.Database.EnsureCreatedAsync();
                await old.Database.ExecuteSqlRawAsync("DROP TABLE knowledge_changes");
                old.Documents.Add(new DocumentRow { Id = Guid.NewGuid(), TitleKey = "old policy", CreatedAt = DateTimeOffset.UnixEpoch });
                await old.SaveChangesAsync();
            }

            await using var db = new SqliteKnowledgeDbContext(builder.Options);
            var applied = await KnowledgeDatabase.MigrateAsync(db, migrate: true, CancellationToken.None);
            Assert.Equal(db.Database.GetMigrations().Skip(1), applied);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal("old policy", (await db.Documents.SingleAsync()).TitleKey);
            Assert.Equal(0, (await db.Changes.SingleAsync()).Generation);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
