using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// A knowledge base wired by hand the way <see cref="Extensions.AddKnowledge"/> wires it, on SQLite files in a temporary
/// folder, with the clock fixed at 2026-11-20 in Jakarta so the seed's effective dates always mean the same thing.
/// </summary>
internal sealed class KnowledgeWorkspace : IAsyncDisposable
{
    public static readonly DateTimeOffset FixedNow = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly TimeProvider _time = new FixedTime(FixedNow);

    private KnowledgeWorkspace(IEmbeddingGenerator<string, Embedding<float>> embedder, string directory)
    {
        _embedder = embedder;
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Options = Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions
        {
            DatabasePath = Path.Combine(directory, "knowledge.db"),
            IndexPath = Path.Combine(directory, "knowledge-index.db"),
        });
        Clock = new KnowledgeClock(_time, Options);
        Index = new EmbeddedKnowledgeIndex(Options.Value.IndexPath);
        var databases = new DbFactory(new DbContextOptionsBuilder<SqliteKnowledgeDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Options.Value.DatabasePath, Pooling = true }.ToString())
            .Options);
        Library = new KnowledgeLibrary(databases, Index, embedder, Clock, Options, NullLogger<KnowledgeLibrary>.Instance);
        Search = new KnowledgeSearch(Index, Library, embedder, Clock, Options);
    }

    public string Directory { get; }

    public IOptions<KnowledgeOptions> Options { get; }

    public KnowledgeClock Clock { get; }

    public EmbeddedKnowledgeIndex Index { get; }

    public KnowledgeLibrary Library { get; }

    public KnowledgeSearch Search { get; }

    public static async Task<KnowledgeWorkspace> CreateAsync(IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        var workspace = new KnowledgeWorkspace(embedder, Path.Combine(Path.GetTempPath(), "helpdesk-kbbench-" + Guid.NewGuid().ToString("N")));
        await workspace.Library.InitializeAsync();
        return workspace;
    }

    /// <summary>A search over the same index and library with other settings (threshold, query translation).</summary>
    public KnowledgeSearch SearchWith(double minimumSimilarity, bool translateQueryTerms = true) => new(
        Index,
        Library,
        _embedder,
        Clock,
        Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions
        {
            DatabasePath = Options.Value.DatabasePath,
            IndexPath = Options.Value.IndexPath,
            MinimumSimilarity = minimumSimilarity,
            TranslateQueryTerms = translateQueryTerms,
        }));

    public async ValueTask DisposeAsync()
    {
        Library.Dispose();
        Index.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may outlive the run by a moment; the folder is in the temp directory.
        }
    }

    private sealed class DbFactory(DbContextOptions<SqliteKnowledgeDbContext> options) : IDbContextFactory<KnowledgeDbContext>
    {
        public KnowledgeDbContext CreateDbContext() => new SqliteKnowledgeDbContext(options);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
