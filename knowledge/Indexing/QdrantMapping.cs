using System.Globalization;
using System.Numerics.Tensors;
using Qdrant.Client.Grpc;
using QdrantRange = Qdrant.Client.Grpc.Range;

namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// The pure half of <see cref="QdrantKnowledgeIndex"/>: the requests it sends and how answers map back to chunks and
/// hits, apart from the client so they are tested without a server.
/// </summary>
internal static class QdrantMapping
{
    internal const string DenseVector = "dense";
    internal const string LexicalVector = "lexical";

    // Qdrant scores the 0-based position p of a prefetch as 1 / (k + p). 61 is the 1 / (60 + rank) of the RRF paper,
    // which the embedded index computes too, so a hybrid ranking does not change with the configured store.
    internal const uint RrfK = 61;

    // Open-ended dates are stored as days no real date reaches, so a range condition covers them without an
    // "is null" branch: an OR inside every filter would cost more than two sentinel numbers.
    internal const long NoStartDay = 0;
    internal const long NoEndDay = 99_999_999;

    /// <summary>Payload field names.</summary>
    internal static class Fields
    {
        internal const string Title = "title";
        internal const string HeadingPath = "heading_path";
        internal const string Text = "text";
        internal const string LexicalText = "lexical_text";
        internal const string Audience = "audience";
        internal const string Language = "language";
        internal const string Status = "status";
        internal const string DocumentId = "document_id";
        internal const string Version = "version";
        internal const string Ordinal = "ordinal";
        internal const string EffectiveFrom = "effective_from";
        internal const string EffectiveTo = "effective_to";
    }

    /// <summary>The payload fields a filter or a delete selects on; without an index Qdrant scans every payload.</summary>
    internal static readonly IReadOnlyList<(string Field, PayloadSchemaType Type)> PayloadIndexes =
    [
        (Fields.Audience, PayloadSchemaType.Keyword),
        (Fields.Language, PayloadSchemaType.Keyword),
        (Fields.Status, PayloadSchemaType.Keyword),
        (Fields.DocumentId, PayloadSchemaType.Keyword),
        (Fields.Version, PayloadSchemaType.Integer),
        (Fields.EffectiveFrom, PayloadSchemaType.Integer),
        (Fields.EffectiveTo, PayloadSchemaType.Integer),
    ];

    /// <summary>How many candidates each side of a hybrid search hands to the fusion: enough that a chunk ranked well
    /// by one side only still reaches the top <paramref name="limit"/>.</summary>
    internal static ulong CandidateDepth(int limit) => (ulong)Math.Max(4L * limit, 50L);

    internal static CreateCollection CreateCollectionRequest(string collection, int dimensions) => new()
    {
        CollectionName = collection,
        VectorsConfig = new VectorsConfig
        {
            ParamsMap = new VectorParamsMap
            {
                Map = { [DenseVector] = new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine } },
            },
        },
        SparseVectorsConfig = new SparseVectorConfig
        {
            Map = { [LexicalVector] = new SparseVectorParams { Modifier = Modifier.Idf } },
        },
    };

    /// <exception cref="InvalidOperationException">The collection is not ours, or holds vectors of another length.</exception>
    internal static void CheckShape(CollectionInfo info, string collection, int dimensions)
    {
        var parameters = info.Config?.Params;
        VectorParams? dense = null;
        if (parameters?.VectorsConfig?.ParamsMap?.Map.TryGetValue(DenseVector, out dense) != true
            || parameters.SparseVectorsConfig?.Map.ContainsKey(LexicalVector) != true
            || dense is null)
        {
            throw new InvalidOperationException(
                $"The Qdrant collection '{collection}' exists but has no '{DenseVector}' and '{LexicalVector}' vectors, "
                + "so it was not created by HelpdeskBot; set Knowledge:Qdrant:Collection to another name.");
        }

        if (dense.Size != (ulong)dimensions)
        {
            throw new InvalidOperationException(
                $"The Qdrant collection '{collection}' holds {dense.Size}-dimension vectors but the embedding model makes "
                + $"{dimensions}: the model changed. Reindex into a new collection: set Knowledge:Qdrant:Collection to a new "
                + "name and index the documents again.");
        }
    }

    internal static IEnumerable<(string Field, PayloadSchemaType Type)> MissingPayloadIndexes(CollectionInfo info) =>
        PayloadIndexes.Where(index => !info.PayloadSchema.ContainsKey(index.Field));

    internal static PointStruct ToPoint(IndexedChunk chunk)
    {
        var vectors = new Dictionary<string, Vector> { [DenseVector] = chunk.Vector };
        var (indices, values) = SparseVectors.FromLexicalText(chunk.LexicalText);
        // A chunk without terms (a table of figures) has no lexical vector at all: Qdrant keeps named vectors optional
        // per point, and an empty sparse vector would be one more thing for the server to refuse.
        if (indices.Length > 0)
        {
            vectors[LexicalVector] = (values, indices);
        }

        var point = new PointStruct { Id = chunk.Id, Vectors = vectors };
        point.Payload.Add(ToPayload(chunk));
        return point;
    }

    /// <summary>Every field of the chunk but its vector, which Qdrant keeps as the point's "dense" vector.</summary>
    internal static Dictionary<string, Value> ToPayload(IndexedChunk chunk) => new()
    {
        [Fields.Title] = chunk.Title,
        [Fields.HeadingPath] = chunk.HeadingPath,
        [Fields.Text] = chunk.Text,
        [Fields.LexicalText] = chunk.LexicalText,
        [Fields.Audience] = chunk.Audience.ToWire(),
        [Fields.Language] = NormalizeLanguage(chunk.Language),
        [Fields.Status] = ToWire(chunk.Status),
        [Fields.DocumentId] = chunk.DocumentId.ToString("D"),
        [Fields.Version] = chunk.Version,
        [Fields.Ordinal] = chunk.Ordinal,
        [Fields.EffectiveFrom] = chunk.EffectiveFrom is { } from ? ToDayNumber(from) : NoStartDay,
        [Fields.EffectiveTo] = chunk.EffectiveTo is { } to ? ToDayNumber(to) : NoEndDay,
    };

    /// <summary>The chunk a point holds. Its language comes back lower case: it is stored so for case-insensitive matching.</summary>
    /// <exception cref="InvalidOperationException">The payload was not written by <see cref="ToPayload"/>.</exception>
    internal static IndexedChunk ToChunk(Guid id, IReadOnlyDictionary<string, Value> payload, float[] vector)
    {
        string StringField(string field) => payload.TryGetValue(field, out var value) && value.KindCase == Value.KindOneofCase.StringValue
            ? value.StringValue
            : throw Malformed(id, field);
        long IntegerField(string field) => payload.TryGetValue(field, out var value) && value.KindCase == Value.KindOneofCase.IntegerValue
            ? value.IntegerValue
            : throw Malformed(id, field);

        return new IndexedChunk(
            id,
            Guid.TryParse(StringField(Fields.DocumentId), out var documentId) ? documentId : throw Malformed(id, Fields.DocumentId),
            checked((int)IntegerField(Fields.Version)),
            checked((int)IntegerField(Fields.Ordinal)),
            StringField(Fields.Title),
            StringField(Fields.HeadingPath),
            StringField(Fields.Text),
            StringField(Fields.LexicalText),
            Audiences.TryParse(StringField(Fields.Audience), out var audience) ? audience : throw Malformed(id, Fields.Audience),
            StringField(Fields.Language),
            ParseStatus(StringField(Fields.Status)) ?? throw Malformed(id, Fields.Status),
            FromDayNumber(IntegerField(Fields.EffectiveFrom)),
            FromDayNumber(IntegerField(Fields.EffectiveTo)),
            vector);
    }

    /// <summary>The version a point belongs to, from the payload fields <see cref="QdrantKnowledgeIndex.ListVersionsAsync"/> asks for (one chunk).</summary>
    /// <exception cref="InvalidOperationException">The payload was not written by <see cref="ToPayload"/>.</exception>
    internal static IndexedVersion ToIndexedVersion(PointId point, IReadOnlyDictionary<string, Value> payload)
    {
        var id = Guid.TryParse(point.Uuid, out var uuid) ? uuid : Guid.Empty;
        long IntegerField(string field) => payload.TryGetValue(field, out var value) && value.KindCase == Value.KindOneofCase.IntegerValue
            ? value.IntegerValue
            : throw Malformed(id, field);
        var document = payload.TryGetValue(Fields.DocumentId, out var raw) && Guid.TryParse(raw.StringValue, out var documentId)
            ? documentId
            : throw Malformed(id, Fields.DocumentId);
        return new IndexedVersion(
            document,
            checked((int)IntegerField(Fields.Version)),
            1,
            FromDayNumber(IntegerField(Fields.EffectiveFrom)),
            FromDayNumber(IntegerField(Fields.EffectiveTo)));
    }

    /// <summary>The filter of every search, applied inside Qdrant (in each prefetch too), never on the results.</summary>
    internal static Filter ToFilter(IndexFilter filter)
    {
        var today = ToDayNumber(filter.Today);
        var result = new Filter
        {
            Must =
            {
                Conditions.MatchKeyword(Fields.Status, ToWire(filter.Status)),
                Conditions.Match(Fields.Audience, filter.Audiences.Select(audience => audience.ToWire()).Distinct().ToList()),
                Conditions.Range(Fields.EffectiveFrom, new QdrantRange { Lte = today }),
                Conditions.Range(Fields.EffectiveTo, new QdrantRange { Gte = today }),
            },
        };
        if (filter.Language is { } language)
        {
            result.Must.Add(Conditions.MatchKeyword(Fields.Language, NormalizeLanguage(language)));
        }

        if (filter.DocumentId is { } documentId)
        {
            result.Must.Add(Conditions.MatchKeyword(Fields.DocumentId, documentId.ToString("D")));
        }

        return result;
    }

    internal static Filter ToDeleteFilter(Guid documentId, int? version)
    {
        var result = new Filter { Must = { Conditions.MatchKeyword(Fields.DocumentId, documentId.ToString("D")) } };
        if (version is { } number)
        {
            result.Must.Add(Conditions.Match(Fields.Version, number));
        }

        return result;
    }

    /// <summary>
    /// The queries of one search, sent as one batch. The first ranks the hits. A hybrid search with query terms adds a
    /// second, the lexical ranking alone with ids only, which gives each hit its <see cref="IndexHit.LexicalRank"/>: the
    /// fused answer carries only the fused score. Empty when nothing can match (no limit, no audience, nothing to
    /// compare with).
    /// </summary>
    internal static IReadOnlyList<QueryPoints> SearchRequests(string collection, IndexQuery query)
    {
        if (query.Limit <= 0 || query.Filter.Audiences.Count == 0)
        {
            return [];
        }

        var filter = ToFilter(query.Filter);
        var limit = (ulong)query.Limit;
        var hasVector = query.Vector.Length > 0;
        var terms = SparseVectors.FromQueryText(query.LexicalText);
        var hasTerms = terms.Indices.Length > 0;

        switch (query.Mode)
        {
            case SearchMode.Vector:
                return hasVector ? [WithHitFields(DenseQuery(collection, filter, query.Vector, limit))] : [];
            case SearchMode.Lexical:
                return hasTerms ? [WithHitFields(LexicalQuery(collection, filter, terms, limit))] : [];
            default:
                if (!hasVector && !hasTerms)
                {
                    return [];
                }

                var depth = CandidateDepth(query.Limit);
                var fused = WithHitFields(new QueryPoints
                {
                    CollectionName = collection,
                    Query = new Rrf { K = RrfK },
                    Filter = filter,
                    Limit = limit,
                });
                if (hasVector)
                {
                    fused.Prefetch.Add(new PrefetchQuery { Query = query.Vector, Using = DenseVector, Filter = filter, Limit = depth });
                }

                if (!hasTerms)
                {
                    return [fused];
                }

                fused.Prefetch.Add(new PrefetchQuery { Query = (terms.Values, terms.Indices), Using = LexicalVector, Filter = filter, Limit = depth });
                return [fused, LexicalQuery(collection, filter, terms, depth)];
        }
    }

    /// <summary>The hits of the batch <see cref="SearchRequests"/> made for <paramref name="query"/>, best first.</summary>
    internal static IReadOnlyList<IndexHit> ToHits(IndexQuery query, IReadOnlyList<IReadOnlyList<ScoredPoint>> results)
    {
        if (results.Count == 0)
        {
            return [];
        }

        // Qdrant only scores points that share a term with the query; the check keeps "matched no term" meaning null
        // should a server ever return a zero score.
        Dictionary<Guid, int>? lexicalRanks = query.Mode switch
        {
            SearchMode.Lexical => Ranks(results[0]),
            SearchMode.Hybrid when results.Count > 1 => Ranks(results[1]),
            _ => null,
        };

        var hits = new List<IndexHit>(results[0].Count);
        foreach (var point in results[0])
        {
            if (query.Mode == SearchMode.Lexical && point.Score <= 0)
            {
                continue;
            }

            var id = Guid.Parse(point.Id.Uuid);
            var vector = DenseVectorOf(point);
            var chunk = ToChunk(id, point.Payload, vector);
            int? lexicalRank = lexicalRanks is not null && lexicalRanks.TryGetValue(id, out var rank) ? rank : null;
            hits.Add(new IndexHit(chunk, point.Score, Similarity(query.Vector, vector), lexicalRank));
        }

        return hits;
    }

    internal static long ToDayNumber(DateOnly date) => date.Year * 10_000L + date.Month * 100L + date.Day;

    internal static DateOnly? FromDayNumber(long day) => day is <= NoStartDay or >= NoEndDay
        ? null
        : new DateOnly((int)(day / 10_000), (int)(day / 100 % 100), (int)(day % 100));

    internal static string ToWire(DocumentStatus status) => status switch
    {
        DocumentStatus.Draft => "draft",
        DocumentStatus.Retired => "retired",
        DocumentStatus.Review => "review",
        _ => "published",
    };

    private static DocumentStatus? ParseStatus(string wire) => wire switch
    {
        "draft" => DocumentStatus.Draft,
        "published" => DocumentStatus.Published,
        "retired" => DocumentStatus.Retired,
        "review" => DocumentStatus.Review,
        _ => null,
    };

    // Keyword matches are exact; IndexFilter compares languages ignoring case, so both sides are stored lower case.
    private static string NormalizeLanguage(string language) => language.Trim().ToLower(CultureInfo.InvariantCulture);

    private static QueryPoints DenseQuery(string collection, Filter filter, float[] vector, ulong limit) => new()
    {
        CollectionName = collection,
        Query = vector,
        Using = DenseVector,
        Filter = filter,
        Limit = limit,
    };

    private static QueryPoints LexicalQuery(string collection, Filter filter, (uint[] Indices, float[] Values) terms, ulong limit) => new()
    {
        CollectionName = collection,
        Query = (terms.Values, terms.Indices),
        Using = LexicalVector,
        Filter = filter,
        Limit = limit,
    };

    // The dense vector comes back with each hit so Similarity is the cosine whatever the mode (Qdrant's own score is
    // the fused or BM25 score there); payloads rebuild the chunk.
    private static QueryPoints WithHitFields(QueryPoints query)
    {
        query.WithPayload = true;
        query.WithVectors = new[] { DenseVector };
        return query;
    }

    private static Dictionary<Guid, int> Ranks(IReadOnlyList<ScoredPoint> lexical)
    {
        var ranks = new Dictionary<Guid, int>();
        foreach (var point in lexical.Where(point => point.Score > 0))
        {
            ranks.TryAdd(Guid.Parse(point.Id.Uuid), ranks.Count + 1);
        }

        return ranks;
    }

    private static float[] DenseVectorOf(ScoredPoint point) =>
        point.Vectors?.Vectors?.Vectors.TryGetValue(DenseVector, out var output) == true
        && output.GetDenseVector() is { } dense
            ? [.. dense.Data]
            : [];

    // Both vectors are unit length, so the dot product is the cosine; a missing vector has no similarity to report.
    private static float Similarity(float[] query, float[] chunk) =>
        query.Length == chunk.Length && query.Length > 0 ? TensorPrimitives.Dot(query, chunk) : 0f;

    private static InvalidOperationException Malformed(Guid id, string field) =>
        new($"Qdrant point {id} has no valid '{field}' in its payload; it was not written by this version of HelpdeskBot.");
}
