using Grpc.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// The index in a Qdrant collection (gRPC), for a deployment that already runs Qdrant or outgrows the embedded index.
/// A point is a chunk: id <see cref="IndexedChunk.Id"/>, the embedding as the named vector "dense" (cosine), the
/// analysed text as the sparse vector "lexical" (BM25 term weights, <see cref="SparseVectors"/>; Qdrant applies the IDF),
/// every other field as payload. Filters run inside Qdrant, in every prefetch of a hybrid query too.
/// </summary>
/// <remarks>
/// <para><see cref="SearchMode.Hybrid"/> is one Qdrant query: a dense and a lexical prefetch, each
/// <c>max(4 × limit, 40)</c> deep, fused by RRF with the embedded index's constant. The same batch carries the lexical
/// ranking alone (ids only), which gives <see cref="IndexHit.LexicalRank"/>: one round trip, so the rank is reported
/// as it is by the embedded index.</para>
/// <para><see cref="IndexHit.Similarity"/> is computed here from the dense vector each hit returns with, since Qdrant's
/// score is the fused or BM25 score outside <see cref="SearchMode.Vector"/>.</para>
/// <para>Upserts go in batches of 256 points; a failure part way leaves the earlier batches in, so a failed indexing
/// run is repeated (ids are stable, so that replaces rather than duplicates).</para>
/// <para>A returned chunk's <see cref="IndexedChunk.Language"/> is lower case: it is stored so to match case-insensitively.</para>
/// </remarks>
public sealed partial class QdrantKnowledgeIndex : IKnowledgeIndex, IDisposable
{
    private const int UpsertBatchSize = 256;
    private const uint ScrollPageSize = 1024;

    private readonly QdrantClient client;
    private readonly string collection;
    private readonly ILogger<QdrantKnowledgeIndex> logger;

    /// <exception cref="ArgumentException"><see cref="QdrantIndexOptions.Url"/> is not an absolute http or https URL.</exception>
    public QdrantKnowledgeIndex(QdrantIndexOptions options, ILogger<QdrantKnowledgeIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var address)
            || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException(
                $"Knowledge:Qdrant:Url must be an absolute http or https URL such as http://localhost:6334, not '{options.Url}'.",
                nameof(options));
        }

        client = new QdrantClient(address, string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey, options.Timeout);
        collection = options.Collection;
        this.logger = logger;
    }

    public string Name => "qdrant";

    public async Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        bool exists;
        try
        {
            exists = await client.CollectionExistsAsync(collection, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException exception) when (IsOutage(exception, cancellationToken))
        {
            throw Unavailable(exception);
        }

        if (!exists)
        {
            try
            {
                await client.CreateCollectionAsync(QdrantMapping.CreateCollectionRequest(collection, dimensions), cancellationToken)
                    .ConfigureAwait(false);
                LogCollectionCreated(logger, collection, dimensions);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.AlreadyExists)
            {
                // Another replica created it between the check and the create; its shape is checked below like any
                // existing collection's.
            }
        }

        var info = await client.GetCollectionInfoAsync(collection, cancellationToken).ConfigureAwait(false);
        QdrantMapping.CheckShape(info, collection, dimensions);

        // Also on an existing collection, so one whose creation was interrupted, or made before a field was filtered
        // on, gets its indexes.
        foreach (var (field, type) in QdrantMapping.MissingPayloadIndexes(info))
        {
            await client.CreatePayloadIndexAsync(collection, field, type, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var batch in chunks.Chunk(UpsertBatchSize))
        {
            var points = batch.Select(QdrantMapping.ToPoint).ToList();
            await client.UpsertAsync(collection, points, wait: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        LogUpserted(logger, chunks.Count, collection);
    }

    public async Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default)
    {
        await client.DeleteAsync(collection, QdrantMapping.ToDeleteFilter(documentId, version), wait: true, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        LogDeleted(logger, documentId, version, collection);
    }

    public async Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var requests = QdrantMapping.SearchRequests(collection, query);
        if (requests.Count == 0)
        {
            return [];
        }

        try
        {
            var results = await client.QueryBatchAsync(collection, requests, cancellationToken: cancellationToken).ConfigureAwait(false);
            return QdrantMapping.ToHits(query, [.. results.Select(result => (IReadOnlyList<ScoredPoint>)result.Result)]);
        }
        catch (RpcException exception) when (IsOutage(exception, cancellationToken))
        {
            throw Unavailable(exception);
        }
    }

    /// <summary>
    /// The server is down, unreachable or too slow: statuses a working request gets when the server or the network is not
    /// there, as opposed to a wrong request (an unknown collection, a bad filter), which stays an error.
    /// </summary>
    private static bool IsOutage(RpcException exception, CancellationToken cancellationToken) =>
        exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unknown or StatusCode.Internal
            or StatusCode.ResourceExhausted or StatusCode.Aborted
        || (exception.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested);

    private KnowledgeIndexUnavailableException Unavailable(RpcException exception) =>
        new($"The Qdrant collection {collection} did not answer ({exception.StatusCode}).", exception);

    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        (long)await client.CountAsync(collection, exact: true, cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Scrolls the collection's payloads (ids, versions and dates only, no vectors), a page at a time.</summary>
    public async Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        var versions = new Dictionary<(Guid, int), IndexedVersion>();
        var fields = new WithPayloadSelector
        {
            Include = new PayloadIncludeSelector
            {
                Fields = { QdrantMapping.Fields.DocumentId, QdrantMapping.Fields.Version, QdrantMapping.Fields.EffectiveFrom, QdrantMapping.Fields.EffectiveTo },
            },
        };
        PointId? offset = null;
        try
        {
            do
            {
                var page = await client.ScrollAsync(
                    collection, filter: null, limit: ScrollPageSize, offset: offset, payloadSelector: fields, vectorsSelector: false,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var point in page.Result)
                {
                    var held = QdrantMapping.ToIndexedVersion(point.Id, point.Payload);
                    var key = (held.DocumentId, held.Version);
                    versions[key] = versions.TryGetValue(key, out var seen) ? seen with { Chunks = seen.Chunks + 1 } : held;
                }

                offset = page.NextPageOffset;
            }
            while (offset is not null);
        }
        catch (RpcException exception) when (IsOutage(exception, cancellationToken))
        {
            throw Unavailable(exception);
        }

        return [.. versions.Values];
    }

    public void Dispose() => client.Dispose();

    [LoggerMessage(LogLevel.Information, "Created the Qdrant collection {Collection} for {Dimensions}-dimension vectors")]
    private static partial void LogCollectionCreated(ILogger logger, string collection, int dimensions);

    [LoggerMessage(LogLevel.Debug, "Upserted {Count} chunks into the Qdrant collection {Collection}")]
    private static partial void LogUpserted(ILogger logger, int count, string collection);

    [LoggerMessage(LogLevel.Debug, "Deleted the chunks of document {DocumentId} version {Version} (null: every version) from {Collection}")]
    private static partial void LogDeleted(ILogger logger, Guid documentId, int? version, string collection);
}
