namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// Where searchable chunks live: the embedded index (SQLite + memory, the default) or Qdrant. Both implement the same
/// contract (tests/HelpdeskBot.Knowledge.Tests/Indexing/KnowledgeIndexContract.cs) so the rest of the knowledge base never
/// knows which one it talks to. Only chunks of published versions are put in an index; the filter is applied inside the
/// index all the same, so a status change that has not reached the index yet can never leak a draft or retired passage.
/// </summary>
public interface IKnowledgeIndex
{
    /// <summary>Short name for logs and the CLI ("embedded", "qdrant").</summary>
    string Name { get; }

    /// <summary>Creates the store (tables, collection, payload indexes) for vectors of this length; idempotent.</summary>
    /// <exception cref="InvalidOperationException">The store already holds vectors of another length (another model).</exception>
    Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces chunks by <see cref="IndexedChunk.Id"/>, all or nothing where the store allows it.</summary>
    Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Removes the chunks of one version of a document, or of every version when <paramref name="version"/> is null.</summary>
    Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>Ranked chunks that pass the filter, best first, at most <see cref="IndexQuery.Limit"/>.</summary>
    Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="SearchAsync(IndexQuery, CancellationToken)"/> for a query whose vector is still being computed
    /// (<see cref="IndexQuery.Vector"/> is ignored): a store may meanwhile do the work that needs no vector, such as the
    /// lexical side of a hybrid query. The results are the same as with the finished vector.
    /// </summary>
    async Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, Task<float[]> vector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(vector);
        return await SearchAsync(query with { Vector = await vector.ConfigureAwait(false) }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many chunks the index holds (any status).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The document versions the index holds, each with its number of chunks and effective dates: what an instance
    /// compares with the database on start to bring its index in line (<c>KnowledgeLibrary.SyncAsync</c>) without
    /// rewriting what is already right. Reads no vectors or texts.
    /// </summary>
    Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default);
}

/// <summary>One document version as an index holds it (<see cref="IKnowledgeIndex.ListVersionsAsync"/>).</summary>
public sealed record IndexedVersion(Guid DocumentId, int Version, int Chunks, DateOnly? EffectiveFrom, DateOnly? EffectiveTo);

/// <summary>
/// One searchable passage. <see cref="Id"/> is stable for a document version and position, so re-indexing the same version
/// replaces rather than duplicates. <see cref="Vector"/> is unit length. <see cref="LexicalText"/> is the analysed text
/// (see <see cref="TextAnalyzer"/>) the lexical side matches; <see cref="Text"/> is what a user is shown.
/// </summary>
public sealed record IndexedChunk(
    Guid Id,
    Guid DocumentId,
    int Version,
    int Ordinal,
    string Title,
    string HeadingPath,
    string Text,
    string LexicalText,
    Audience Audience,
    string Language,
    DocumentStatus Status,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    float[] Vector);

/// <summary>
/// What every search is limited to: readable audiences, the status (always <see cref="DocumentStatus.Published"/> for
/// users), and the day whose effective dates apply. <see cref="Language"/> and <see cref="DocumentId"/> narrow further.
/// </summary>
public sealed record IndexFilter(
    IReadOnlyCollection<Audience> Audiences,
    DateOnly Today,
    DocumentStatus Status = DocumentStatus.Published,
    string? Language = null,
    Guid? DocumentId = null)
{
    public bool Matches(IndexedChunk chunk) =>
        chunk.Status == Status
        && Audiences.Contains(chunk.Audience)
        && (chunk.EffectiveFrom is null || chunk.EffectiveFrom <= Today)
        && (chunk.EffectiveTo is null || chunk.EffectiveTo >= Today)
        && (Language is null || string.Equals(chunk.Language, Language, StringComparison.OrdinalIgnoreCase))
        && (DocumentId is null || chunk.DocumentId == DocumentId);
}

public enum SearchMode
{
    /// <summary>Dense and lexical rankings fused by reciprocal rank.</summary>
    Hybrid = 0,

    /// <summary>Cosine similarity of embeddings only.</summary>
    Vector = 1,

    /// <summary>BM25 over analysed terms only.</summary>
    Lexical = 2,
}

/// <summary>
/// <paramref name="Vector"/> is the unit-length query embedding; <paramref name="LexicalText"/> the analysed query terms
/// (<see cref="TextAnalyzer.Analyze(string, string?)"/>). Both are needed for <see cref="SearchMode.Hybrid"/>.
/// </summary>
public sealed record IndexQuery(float[] Vector, string LexicalText, IndexFilter Filter, int Limit = 10, SearchMode Mode = SearchMode.Hybrid);

/// <summary>
/// A ranked chunk. <see cref="Score"/> orders the result (fused reciprocal-rank score for hybrid, cosine for vector, BM25
/// for lexical); <see cref="Similarity"/> is always the cosine between query and chunk, so callers can judge relevance on
/// one scale whatever the mode; <see cref="LexicalRank"/> is the 1-based rank on the lexical side, null when the chunk
/// did not match any query term (or the mode had no lexical side).
/// </summary>
public sealed record IndexHit(IndexedChunk Chunk, double Score, float Similarity, int? LexicalRank);
