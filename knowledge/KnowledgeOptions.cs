using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Knowledge;

/// <summary>Where the knowledge base keeps its files and how it searches and answers.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>SQLite file of documents, versions and chunks (the source of truth). The host fills in a default.</summary>
    [Required]
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// When set, documents, versions and chunks live in this PostgreSQL database (schema <c>knowledge</c>) instead of
    /// <see cref="DatabasePath"/>. The host fills it from <c>ConnectionStrings:Helpdesk</c> when <c>Database:Provider</c> is
    /// <c>Postgres</c>; it is a secret and never logged.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Apply pending schema migrations when the knowledge base starts (the host's <c>Database:MigrateOnStart</c>). Off, a
    /// start with migrations pending fails and <c>database migrate</c> applies them.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>SQLite file of the embedded index (used when <see cref="VectorStore"/> is Embedded).</summary>
    [Required]
    public string IndexPath { get; set; } = "";

    /// <summary>
    /// SQLite file remembering passage vectors by model and text, so unchanged passages are never embedded twice. Empty:
    /// no cache. The host puts it in its data directory.
    /// </summary>
    public string? EmbeddingCachePath { get; set; }

    /// <summary><c>Embedded</c> (default) or <c>Qdrant</c>.</summary>
    public VectorStoreKind VectorStore { get; set; } = VectorStoreKind.Embedded;

    /// <summary>The company's time zone: it decides which day "effective from" and "effective to" mean.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>Files larger than this are refused before they are read.</summary>
    [Range(1, 200 * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Load the bundled demo policies when the knowledge base is empty.</summary>
    public bool SeedOnFirstRun { get; set; } = true;

    /// <summary>
    /// The lowest cosine similarity between a question and a passage for the passage to count as an answer. Tuned on the
    /// seed question set (docs/knowledge-benchmarks.md); below it the bot says it does not know and offers a person.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinimumSimilarity { get; set; } = 0.35;

    /// <summary>
    /// The stricter bar for messages the classifier found out of scope: the knowledge base answers them only above it
    /// (docs/knowledge-benchmarks.md measures false answers on out-of-scope questions).
    /// </summary>
    [Range(0.0, 1.0)]
    public double OutOfScopeMinimumSimilarity { get; set; } = 0.55;

    /// <summary>
    /// Translate questions word by word into the other language (<see cref="Retrieval.BilingualLexicon"/>) for a second
    /// reading, so an Indonesian question finds an English document and the other way round. Off, a question is searched
    /// as written (Indonesian chunks are still embedded and matched through their English gloss).
    /// </summary>
    public bool TranslateQueryTerms { get; set; } = true;

    /// <summary>Chunk size and overlap, in characters.</summary>
    [Range(200, 4000)]
    public int ChunkCharacters { get; set; } = 900;

    [Range(0, 1000)]
    public int ChunkOverlapCharacters { get; set; } = 150;

    /// <summary>
    /// How often, in seconds, an instance asks the knowledge database whether what is published changed (one small query),
    /// and if so refreshes its published set and brings its index in line from the stored chunks and vectors
    /// (<see cref="Library.KnowledgeLibrary.SyncAsync"/>). A document published, retired or deleted on another instance is
    /// answered (or no longer) here within about this time.
    /// </summary>
    [Range(0.1, 3600)]
    public double SyncSeconds { get; set; } = 2;

    /// <summary>
    /// How many distinct questions' vectors to remember (<see cref="Retrieval.QueryVectors"/>), so a question many readers
    /// ask is embedded once; about 1.6 KB each. 0: every question is embedded.
    /// </summary>
    [Range(0, 1_000_000)]
    public int QueryCacheEntries { get; set; } = 1024;

    /// <summary>Who may publish what: review before publishing, and the two-person rule (<c>Knowledge:Publishing</c>).</summary>
    public PublishingOptions Publishing { get; set; } = new();

    /// <summary>The Qdrant server, used when <see cref="VectorStore"/> is Qdrant.</summary>
    public Indexing.QdrantIndexOptions Qdrant { get; set; } = new();
}

/// <summary>
/// The editorial rules of publishing. Both are off by default so that a small team (or the CLI and the seed) can publish a
/// draft in one step; a company that wants every change read by someone turns them on.
/// </summary>
public sealed class PublishingOptions
{
    /// <summary>
    /// A draft must be submitted for review before it can be published (draft → review → published). Off: a draft may
    /// be published directly, as before. Applies to the admin API and console; the CLI and the seed corpus are operator
    /// tools and publish as asked.
    /// </summary>
    public bool RequireReview { get; set; }

    /// <summary>The one who publishes a version must not be the one who wrote it (its <c>CreatedBy</c>).</summary>
    public bool TwoPersonRule { get; set; }
}

public enum VectorStoreKind
{
    Embedded = 0,
    Qdrant = 1,
}
