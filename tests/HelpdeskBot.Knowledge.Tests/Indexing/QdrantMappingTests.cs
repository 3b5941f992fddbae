using HelpdeskBot.Knowledge.Indexing;
using Qdrant.Client.Grpc;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>The requests the Qdrant index sends and how it reads answers, checked without a server.</summary>
public sealed class QdrantMappingTests
{
    private const string Collection = "knowledge";
    private static readonly DateOnly Today = new(2025, 6, 15);
    private static readonly IndexFilter PublicReader = new(Audiences.ReadableBy(ReaderKind.Public), Today);

    [Fact]
    public void A_new_collection_has_a_cosine_dense_vector_of_the_model_size_and_an_IDF_weighted_sparse_vector()
    {
        var request = QdrantMapping.CreateCollectionRequest(Collection, 384);

        var dense = request.VectorsConfig.ParamsMap.Map["dense"];
        Assert.Equal(384ul, dense.Size);
        Assert.Equal(Distance.Cosine, dense.Distance);
        Assert.Equal(Modifier.Idf, request.SparseVectorsConfig.Map["lexical"].Modifier);
    }

    [Fact]
    public void An_existing_collection_of_the_same_size_is_accepted()
    {
        QdrantMapping.CheckShape(Info(384), Collection, 384);
    }

    [Fact]
    public void An_existing_collection_of_another_size_is_refused_because_the_model_changed()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => QdrantMapping.CheckShape(Info(384), Collection, 768));

        Assert.Contains("model changed", exception.Message, StringComparison.Ordinal);
        Assert.Contains("new collection", exception.Message, StringComparison.Ordinal);
        Assert.Contains(Collection, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_collection_without_our_named_vectors_is_refused()
    {
        var info = new CollectionInfo
        {
            Config = new CollectionConfig
            {
                Params = new CollectionParams { VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = 384 } } },
            },
        };

        Assert.Throws<InvalidOperationException>(() => QdrantMapping.CheckShape(info, Collection, 384));
    }

    [Fact]
    public void Every_filtered_field_gets_a_payload_index_of_its_type_and_an_indexed_one_is_not_created_again()
    {
        var fresh = QdrantMapping.MissingPayloadIndexes(Info(8)).ToDictionary(index => index.Field, index => index.Type);
        var partly = Info(8);
        partly.PayloadSchema.Add("audience", new PayloadSchemaInfo { DataType = PayloadSchemaType.Keyword });

        Assert.Equal(
            new Dictionary<string, PayloadSchemaType>
            {
                ["audience"] = PayloadSchemaType.Keyword,
                ["language"] = PayloadSchemaType.Keyword,
                ["status"] = PayloadSchemaType.Keyword,
                ["document_id"] = PayloadSchemaType.Keyword,
                ["version"] = PayloadSchemaType.Integer,
                ["effective_from"] = PayloadSchemaType.Integer,
                ["effective_to"] = PayloadSchemaType.Integer,
            },
            fresh);
        Assert.DoesNotContain(QdrantMapping.MissingPayloadIndexes(partly), index => index.Field == "audience");
    }

    [Fact]
    public void The_payload_holds_every_field_but_the_vector_with_dates_as_day_numbers()
    {
        var chunk = Chunk() with { EffectiveFrom = new DateOnly(2025, 1, 31), EffectiveTo = new DateOnly(2026, 12, 1) };

        var payload = QdrantMapping.ToPayload(chunk);

        Assert.Equal(
            ["audience", "document_id", "effective_from", "effective_to", "heading_path", "language", "lexical_text", "ordinal", "status", "text", "title", "version"],
            payload.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Returns", payload["title"].StringValue);
        Assert.Equal("Returns > Refunds", payload["heading_path"].StringValue);
        Assert.Equal("Refunds take five days.", payload["text"].StringValue);
        Assert.Equal("refund five day", payload["lexical_text"].StringValue);
        Assert.Equal("customer", payload["audience"].StringValue);
        Assert.Equal("en-gb", payload["language"].StringValue);
        Assert.Equal("published", payload["status"].StringValue);
        Assert.Equal(chunk.DocumentId.ToString(), payload["document_id"].StringValue);
        Assert.Equal(2, payload["version"].IntegerValue);
        Assert.Equal(4, payload["ordinal"].IntegerValue);
        Assert.Equal(20250131, payload["effective_from"].IntegerValue);
        Assert.Equal(20261201, payload["effective_to"].IntegerValue);
    }

    [Fact]
    public void Open_ended_dates_are_stored_as_days_before_and_after_every_real_date()
    {
        var payload = QdrantMapping.ToPayload(Chunk());

        Assert.True(payload["effective_from"].IntegerValue < QdrantMapping.ToDayNumber(DateOnly.MinValue));
        Assert.True(payload["effective_to"].IntegerValue > QdrantMapping.ToDayNumber(DateOnly.MaxValue));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("2025-01-31", "2025-12-31")]
    [InlineData("0001-01-01", "9999-12-31")]
    public void A_chunk_comes_back_from_its_payload_as_it_went_in_with_its_language_lower_case(string? from, string? to)
    {
        var chunk = Chunk() with
        {
            EffectiveFrom = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            EffectiveTo = to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            Audience = Audience.Employee,
            Status = DocumentStatus.Retired,
        };

        var back = QdrantMapping.ToChunk(chunk.Id, QdrantMapping.ToPayload(chunk), chunk.Vector);

        Assert.Equal(chunk with { Language = "en-gb" }, back);
    }

    [Fact]
    public void A_payload_not_written_by_HelpdeskBot_is_reported_rather_than_read_as_defaults()
    {
        var payload = QdrantMapping.ToPayload(Chunk());
        payload["audience"] = "martians";

        var exception = Assert.Throws<InvalidOperationException>(() => QdrantMapping.ToChunk(Guid.NewGuid(), payload, []));
        Assert.Contains("audience", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_carries_the_chunk_id_its_dense_vector_and_its_BM25_weights_as_the_sparse_vector()
    {
        var chunk = Chunk();

        var point = QdrantMapping.ToPoint(chunk);

        Assert.Equal(chunk.Id.ToString(), point.Id.Uuid);
        var vectors = point.Vectors.Vectors_.Vectors;
        Assert.Equal(chunk.Vector, DenseData(vectors["dense"]));
        var expected = SparseVectors.FromLexicalText(chunk.LexicalText);
        var (indices, values) = SparseData(vectors["lexical"]);
        Assert.Equal(expected.Indices, indices);
        Assert.Equal(expected.Values, values);
        Assert.Equal("Returns", point.Payload["title"].StringValue);
    }

    [Fact]
    public void A_chunk_without_terms_has_no_sparse_vector_at_all()
    {
        var point = QdrantMapping.ToPoint(Chunk() with { LexicalText = "" });

        Assert.Equal(["dense"], point.Vectors.Vectors_.Vectors.Keys);
    }

    [Fact]
    public void The_filter_asks_for_the_status_the_readable_audiences_and_the_dates_in_force_today()
    {
        var filter = QdrantMapping.ToFilter(PublicReader);

        Assert.Equal(4, filter.Must.Count);
        Assert.Equal("published", Field(filter, "status").Match.Keyword);
        Assert.Equal(["everyone", "customer"], Field(filter, "audience").Match.Keywords.Strings);
        var from = Field(filter, "effective_from").Range;
        Assert.Equal(20250615, from.Lte);
        Assert.False(from.HasGte || from.HasGt || from.HasLt);
        var to = Field(filter, "effective_to").Range;
        Assert.Equal(20250615, to.Gte);
        Assert.False(to.HasLte || to.HasGt || to.HasLt);
        Assert.Empty(filter.Should);
        Assert.Empty(filter.MustNot);
    }

    [Fact]
    public void Language_and_document_narrow_the_filter_with_the_language_lower_case()
    {
        var documentId = Guid.NewGuid();

        var filter = QdrantMapping.ToFilter(PublicReader with { Language = "NL", DocumentId = documentId, Status = DocumentStatus.Draft });

        Assert.Equal(6, filter.Must.Count);
        Assert.Equal("nl", Field(filter, "language").Match.Keyword);
        Assert.Equal(documentId.ToString(), Field(filter, "document_id").Match.Keyword);
        Assert.Equal("draft", Field(filter, "status").Match.Keyword);
    }

    [Fact]
    public void Delete_selects_the_document_and_only_when_asked_one_version()
    {
        var documentId = Guid.NewGuid();

        var everyVersion = QdrantMapping.ToDeleteFilter(documentId, null);
        var oneVersion = QdrantMapping.ToDeleteFilter(documentId, 3);

        Assert.Equal(documentId.ToString(), Assert.Single(everyVersion.Must).Field.Match.Keyword);
        Assert.Equal(2, oneVersion.Must.Count);
        Assert.Equal(3, Field(oneVersion, "version").Match.Integer);
    }

    [Fact]
    public void Vector_search_is_one_filtered_dense_query_returning_payload_and_dense_vector()
    {
        var query = new IndexQuery([0.6f, 0.8f], "refund", PublicReader, 5, SearchMode.Vector);

        var request = Assert.Single(QdrantMapping.SearchRequests(Collection, query));

        Assert.Equal(Collection, request.CollectionName);
        Assert.Equal("dense", request.Using);
        Assert.Equal(query.Vector, request.Query.Nearest.Dense.Data);
        Assert.Equal(5ul, request.Limit);
        Assert.Equal(QdrantMapping.ToFilter(PublicReader), request.Filter);
        Assert.True(request.WithPayload.Enable);
        Assert.Equal(["dense"], request.WithVectors.Include.Names);
    }

    [Fact]
    public void Lexical_search_is_one_filtered_sparse_query_weighing_each_term_once()
    {
        var query = new IndexQuery([], "refund polici refund", PublicReader, 5, SearchMode.Lexical);

        var request = Assert.Single(QdrantMapping.SearchRequests(Collection, query));

        Assert.Equal("lexical", request.Using);
        var expected = SparseVectors.FromQueryText("refund polici");
        Assert.Equal(expected.Indices, request.Query.Nearest.Sparse.Indices);
        Assert.Equal(expected.Values, request.Query.Nearest.Sparse.Values);
        Assert.Equal(QdrantMapping.ToFilter(PublicReader), request.Filter);
    }

    [Fact]
    public void Hybrid_search_fuses_a_dense_and_a_sparse_prefetch_by_RRF_and_asks_for_the_lexical_ranks_in_the_same_batch()
    {
        var query = new IndexQuery([0.6f, 0.8f], "refund", PublicReader, 15, SearchMode.Hybrid);

        var requests = QdrantMapping.SearchRequests(Collection, query);

        Assert.Equal(2, requests.Count);
        var fused = requests[0];
        Assert.Equal(QdrantMapping.RrfK, fused.Query.Rrf.K);
        Assert.Equal(15ul, fused.Limit);
        Assert.True(fused.WithPayload.Enable);
        Assert.Equal(["dense", "lexical"], fused.Prefetch.Select(prefetch => prefetch.Using));
        Assert.All(fused.Prefetch, prefetch =>
        {
            Assert.Equal(60ul, prefetch.Limit);
            Assert.Equal(QdrantMapping.ToFilter(PublicReader), prefetch.Filter);
        });
        var lexical = requests[1];
        Assert.Equal("lexical", lexical.Using);
        Assert.Equal(60ul, lexical.Limit);
        Assert.Equal(QdrantMapping.ToFilter(PublicReader), lexical.Filter);
        Assert.Null(lexical.WithPayload);
        Assert.Null(lexical.WithVectors);
    }

    [Fact]
    public void Hybrid_prefetches_at_least_50_candidates_a_side()
    {
        var fused = QdrantMapping.SearchRequests(Collection, new IndexQuery([1f], "refund", PublicReader, 3))[0];

        Assert.All(fused.Prefetch, prefetch => Assert.Equal(50ul, prefetch.Limit));
    }

    [Fact]
    public void Hybrid_search_without_terms_fuses_the_dense_side_alone_and_asks_for_no_lexical_ranks()
    {
        var request = Assert.Single(QdrantMapping.SearchRequests(Collection, new IndexQuery([1f], "", PublicReader)));

        Assert.Equal("dense", Assert.Single(request.Prefetch).Using);
        Assert.Equal(QdrantMapping.RrfK, request.Query.Rrf.K);
    }

    [Theory]
    [InlineData(SearchMode.Hybrid, 0, "refund", true)]
    [InlineData(SearchMode.Vector, -1, "refund", true)]
    [InlineData(SearchMode.Lexical, 10, "", true)]
    [InlineData(SearchMode.Vector, 10, "refund", false)]
    [InlineData(SearchMode.Hybrid, 10, "", false)]
    public void A_search_that_cannot_match_sends_nothing(SearchMode mode, int limit, string text, bool withVector)
    {
        var query = new IndexQuery(withVector ? [1f] : [], text, PublicReader, limit, mode);

        Assert.Empty(QdrantMapping.SearchRequests(Collection, query));
    }

    [Fact]
    public void A_filter_without_audiences_sends_nothing()
    {
        var query = new IndexQuery([1f], "refund", PublicReader with { Audiences = [] });

        Assert.Empty(QdrantMapping.SearchRequests(Collection, query));
    }

    [Fact]
    public void Hybrid_hits_keep_the_fused_order_and_score_with_the_lexical_rank_and_the_cosine_computed_from_the_vectors()
    {
        var vectorFound = Chunk() with { Id = Guid.NewGuid(), Vector = [0.6f, 0.8f] };
        var bothFound = Chunk() with { Id = Guid.NewGuid(), Vector = [1f, 0f] };
        var query = new IndexQuery([1f, 0f], "refund", PublicReader);

        var hits = QdrantMapping.ToHits(query,
        [
            [Scored(bothFound, 0.9f), Scored(vectorFound, 0.5f)],
            [Scored(bothFound, 3.2f, withPayload: false)],
        ]);

        Assert.Equal([bothFound.Id, vectorFound.Id], hits.Select(hit => hit.Chunk.Id));
        Assert.Equal([0.9, 0.5], hits.Select(hit => Math.Round(hit.Score, 4)));
        Assert.Equal([1, (int?)null], hits.Select(hit => hit.LexicalRank));
        Assert.Equal(1f, hits[0].Similarity, 1e-6f);
        Assert.Equal(0.6f, hits[1].Similarity, 1e-6f);
        Assert.Equal(vectorFound.Vector, hits[1].Chunk.Vector);
    }

    [Fact]
    public void Lexical_hits_are_ranked_in_order_and_vector_hits_have_no_lexical_rank()
    {
        var first = Chunk() with { Id = Guid.NewGuid() };
        var second = Chunk() with { Id = Guid.NewGuid() };

        var lexical = QdrantMapping.ToHits(new IndexQuery([], "refund", PublicReader, Mode: SearchMode.Lexical), [[Scored(first, 2f), Scored(second, 1f)]]);
        var vector = QdrantMapping.ToHits(new IndexQuery(first.Vector, "", PublicReader, Mode: SearchMode.Vector), [[Scored(first, 1f)]]);

        Assert.Equal([1, 2], lexical.Select(hit => hit.LexicalRank ?? 0));
        Assert.Equal(0f, lexical[0].Similarity);
        Assert.Null(Assert.Single(vector).LexicalRank);
    }

    private static IndexedChunk Chunk() => new(
        Guid.NewGuid(), Guid.NewGuid(), Version: 2, Ordinal: 4, "Returns", "Returns > Refunds", "Refunds take five days.",
        "refund five day", Audience.Customer, "en-GB", DocumentStatus.Published, null, null, [0.6f, 0.8f]);

    private static CollectionInfo Info(ulong size) => new()
    {
        Config = new CollectionConfig
        {
            Params = new CollectionParams
            {
                VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap { Map = { ["dense"] = new VectorParams { Size = size } } } },
                SparseVectorsConfig = new SparseVectorConfig { Map = { ["lexical"] = new SparseVectorParams { Modifier = Modifier.Idf } } },
            },
        },
    };

    private static FieldCondition Field(Filter filter, string key) => Assert.Single(filter.Must, condition => condition.Field?.Key == key).Field;

    private static float[] DenseData(Vector vector) => [.. vector.Dense.Data];

    private static (uint[] Indices, float[] Values) SparseData(Vector vector) => ([.. vector.Sparse.Indices], [.. vector.Sparse.Values]);

    private static ScoredPoint Scored(IndexedChunk chunk, float score, bool withPayload = true)
    {
        var point = new ScoredPoint { Id = chunk.Id, Score = score };
        if (withPayload)
        {
            point.Payload.Add(QdrantMapping.ToPayload(chunk));
            point.Vectors = new VectorsOutput
            {
                Vectors = new NamedVectorsOutput { Vectors = { ["dense"] = new VectorOutput { Dense = new DenseVector { Data = { chunk.Vector } } } } },
            };
        }

        return point;
    }
}
