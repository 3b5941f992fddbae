using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Knowledge.Tests.Library;

/// <summary>
/// A whole knowledge base on real SQLite files in a temporary folder, with the real MiniLM model and a fake clock set to
/// 2026-11-20 in Jakarta. <see cref="Index"/> can be swapped for one that fails, to test what a failure leaves behind.
/// </summary>
internal sealed class TestKnowledgeBase : IAsyncDisposable
{
    public static readonly MiniLmSentenceEmbedder Embedder = new();

    private static readonly string SharedEmbeddingCache =
        Path.Combine(Path.GetTempPath(), "helpdeskbot-test-embeddings", "cache.db");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "helpdesk-kb-" + Guid.NewGuid().ToString("N"));

    private TestKnowledgeBase(
        Func<IKnowledgeIndex, IKnowledgeIndex>? wrapIndex,
        string? postgres,
        TestKnowledgeBase? shareDatabaseWith = null,
        string? indexPath = null,
        IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        Directory.CreateDirectory(_directory);
        Options = Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions
        {
            DatabasePath = shareDatabaseWith?.Options.Value.DatabasePath ?? Path.Combine(_directory, "knowledge.db"),
            IndexPath = indexPath ?? Path.Combine(_directory, "knowledge-index.db"),
            // One cache for every test (and run): the seed corpus is embedded once, not once per test. A second instance
            // has none, so that anything it embeds reaches its generator and is counted.
            EmbeddingCachePath = shareDatabaseWith is null ? SharedEmbeddingCache : null,
            PostgresConnectionString = postgres ?? shareDatabaseWith?.Options.Value.PostgresConnectionString,
        });
        postgres = Options.Value.PostgresConnectionString;
        var generator = embedder ?? Embedder;
        Clock = new KnowledgeClock(Time, Options);
        EmbeddedIndex = new EmbeddedKnowledgeIndex(Options.Value.IndexPath);
        Index = wrapIndex?.Invoke(EmbeddedIndex) ?? EmbeddedIndex;
        var sqlite = new DbContextOptionsBuilder<SqliteKnowledgeDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Options.Value.DatabasePath, Pooling = false }.ToString())
            .Options;
        var databases = new DbFactory(() => new SqliteKnowledgeDbContext(sqlite));
        if (postgres is not null)
        {
            var builder = new DbContextOptionsBuilder<PostgresKnowledgeDbContext>();
            KnowledgeDatabase.UsePostgres(builder, postgres);
            databases = new DbFactory(() => new PostgresKnowledgeDbContext(builder.Options));
        }

        Library = new KnowledgeLibrary(databases, Index, generator, Clock, Options, NullLogger<KnowledgeLibrary>.Instance);
        Search = new KnowledgeSearch(Index, Library, generator, Clock, Options);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero));

    public IOptions<KnowledgeOptions> Options { get; }

    public KnowledgeClock Clock { get; }

    public EmbeddedKnowledgeIndex EmbeddedIndex { get; }

    public IKnowledgeIndex Index { get; }

    public KnowledgeLibrary Library { get; }

    public KnowledgeSearch Search { get; }

    /// <summary>A new knowledge base; with <paramref name="postgres"/>, its documents live in that PostgreSQL database.</summary>
    public static async Task<TestKnowledgeBase> CreateAsync(Func<IKnowledgeIndex, IKnowledgeIndex>? wrapIndex = null, string? postgres = null)
    {
        var knowledge = new TestKnowledgeBase(wrapIndex, postgres);
        await knowledge.Library.InitializeAsync();
        return knowledge;
    }

    /// <summary>
    /// Another instance on this knowledge base's database, with an index of its own (a new file, or
    /// <paramref name="indexPath"/>) and no embedding cache, as a second host on another machine is.
    /// </summary>
    public static async Task<TestKnowledgeBase> SecondInstanceAsync(
        TestKnowledgeBase first,
        Func<IKnowledgeIndex, IKnowledgeIndex>? wrapIndex = null,
        IEmbeddingGenerator<string, Embedding<float>>? embedder = null,
        string? indexPath = null)
    {
        var knowledge = new TestKnowledgeBase(wrapIndex, postgres: null, first, indexPath, embedder);
        await knowledge.Library.InitializeAsync();
        return knowledge;
    }

    public static DocumentUpload Markdown(string fileName, string text, bool publish = false, string actor = "admin@corp.example") =>
        new(fileName, System.Text.Encoding.UTF8.GetBytes(text), actor, Publish: publish);

    public Task<KnowledgeAnswer> AskAsync(string question, string language = "en", ReaderKind reader = ReaderKind.Public) =>
        Search.AskAsync(new KnowledgeQuestion(question, language, reader));

    public async ValueTask DisposeAsync()
    {
        EmbeddedIndex.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may outlive the test by a moment; the folder is in the temp directory.
        }
    }

    private sealed class DbFactory(Func<KnowledgeDbContext> create) : IDbContextFactory<KnowledgeDbContext>
    {
        public KnowledgeDbContext CreateDbContext() => create();
    }
}
