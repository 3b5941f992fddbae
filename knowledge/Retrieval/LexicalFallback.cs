using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Retrieval;

/// <summary>
/// What the search answers from while a remote index (Qdrant) is unreachable: the published chunks the knowledge database
/// keeps anyway (text, analysed terms and vectors), put in an embedded index of its own the first time it is needed and
/// ranked by its BM25 alone — lexical-only, since the dense side is what lives in Qdrant. Each hit still gets its cosine
/// similarity to the question (the vectors are in the database too), so the usual relevance floor still decides whether
/// anything is quoted. One warning per outage, not per question; an information line when the index answers again.
/// </summary>
/// <remarks>
/// While the index is down it is asked again at most every <see cref="RetryInterval"/>, so a server that hangs rather
/// than refuses costs a question its timeout only that often. The fallback is rebuilt when the published versions change.
/// </remarks>
public sealed partial class LexicalFallback : IDisposable
{
    /// <summary>How long after a failure the real index is left alone before it is tried again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);

    private readonly KnowledgeLibrary library;
    private readonly TimeProvider time;
    private readonly ILogger<LexicalFallback> logger;
    private readonly string path;
    private readonly SemaphoreSlim building = new(1, 1);
    private readonly Lock state = new();
    private EmbeddedKnowledgeIndex? fallback;
    private object? builtFrom;
    private DateTimeOffset? downSince;
    private DateTimeOffset lastFailure;

    public LexicalFallback(KnowledgeLibrary library, TimeProvider time, IOptions<KnowledgeOptions> options, ILogger<LexicalFallback> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.library = library;
        this.time = time;
        this.logger = logger;
        // Next to where the embedded index would be (unused with Qdrant), under its own name.
        var indexPath = Path.GetFullPath(options.Value.IndexPath);
        path = Path.Combine(Path.GetDirectoryName(indexPath)!, Path.GetFileNameWithoutExtension(indexPath) + ".lexical-fallback.db");
    }

    /// <summary>True while the index is known to be down and was tried less than <see cref="RetryInterval"/> ago.</summary>
    public bool SkipIndex
    {
        get
        {
            lock (state)
            {
                return downSince is not null && time.GetUtcNow() - lastFailure < RetryInterval;
            }
        }
    }

    /// <summary>The index answered: an outage, if there was one, is over.</summary>
    public void IndexAnswered(string indexName)
    {
        DateTimeOffset? since;
        lock (state)
        {
            since = downSince;
            downSince = null;
        }

        if (since is { } began)
        {
            var outage = time.GetUtcNow() - began;
            LogRecovered(logger, indexName, outage);
        }
    }

    /// <summary>The index did not answer (or is being left alone): the search's answer comes from here.</summary>
    public async Task<IReadOnlyList<IndexHit>> SearchAsync(
        IndexQuery query, Task<float[]> vector, string indexName, KnowledgeIndexUnavailableException? failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (failure is not null)
        {
            bool first;
            lock (state)
            {
                first = downSince is null;
                downSince ??= time.GetUtcNow();
                lastFailure = time.GetUtcNow();
            }

            if (first)
            {
                LogUnavailable(logger, failure, indexName);
            }
            else
            {
                LogStillUnavailable(logger, indexName);
            }
        }

        var index = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return await index.SearchAsync(query with { Mode = SearchMode.Lexical }, vector, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        fallback?.Dispose();
        building.Dispose();
    }

    private async Task<EmbeddedKnowledgeIndex> CurrentAsync(CancellationToken cancellationToken)
    {
        var generation = library.PublishedGeneration;
        if (fallback is { } ready && ReferenceEquals(builtFrom, generation))
        {
            return ready;
        }

        await building.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            generation = library.PublishedGeneration;
            if (fallback is { } built && ReferenceEquals(builtFrom, generation))
            {
                return built;
            }

            var chunks = await library.PublishedChunksAsync(cancellationToken).ConfigureAwait(false);
            fallback?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
            var index = new EmbeddedKnowledgeIndex(path);
            await index.EnsureCreatedAsync(chunks.Count > 0 ? chunks[0].Vector.Length : 1, cancellationToken).ConfigureAwait(false);
            await index.UpsertAsync(chunks, cancellationToken).ConfigureAwait(false);
            LogBuilt(logger, chunks.Count);
            (fallback, builtFrom) = (index, generation);
            return index;
        }
        finally
        {
            building.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Index} knowledge index does not answer; policy questions are answered from the knowledge database's lexical fallback until it does")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string index);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The {Index} knowledge index still does not answer; answered from the lexical fallback")]
    private static partial void LogStillUnavailable(ILogger logger, string index);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Index} knowledge index answers again after {Outage}; the lexical fallback is no longer used")]
    private static partial void LogRecovered(ILogger logger, string index, TimeSpan outage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the lexical fallback from {Chunks} published chunks in the knowledge database")]
    private static partial void LogBuilt(ILogger logger, int chunks);
}
