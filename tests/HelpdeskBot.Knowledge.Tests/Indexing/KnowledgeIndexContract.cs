using HelpdeskBot.Knowledge.Indexing;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>
/// What every <see cref="IKnowledgeIndex"/> must do, whichever store is configured. A store's test class derives from
/// this and implements <see cref="CreateIndexAsync"/>; each test then runs once for that store. Tests use 8-dimension
/// unit vectors built from a few components (<see cref="Direction"/>) so the expected cosines are known, and analysed
/// text written as terms the way <c>TextAnalyzer</c> produces them.
/// </summary>
public abstract class KnowledgeIndexContract : IAsyncLifetime
{
    protected const int Dimensions = 8;

    protected static readonly DateOnly Today = new(2025, 6, 15);

    private static readonly IndexFilter PublicReader = new(Audiences.ReadableBy(ReaderKind.Public), Today);
    private static readonly IndexFilter EmployeeReader = new(Audiences.ReadableBy(ReaderKind.Employee), Today);
    private static readonly SearchMode[] Modes = [SearchMode.Vector, SearchMode.Lexical, SearchMode.Hybrid];

    private readonly List<IKnowledgeIndex> indexes = [];

    /// <summary>
    /// A new, empty index of its own for one test (its own collection, database or file), on which
    /// <see cref="IKnowledgeIndex.EnsureCreatedAsync"/> was called with <paramref name="dimensions"/>.
    /// </summary>
    protected abstract Task<IKnowledgeIndex> CreateIndexAsync(int dimensions);

    /// <summary>Removes what the factory left outside the process (a collection, a file); runs after every index is disposed.</summary>
    protected virtual Task DeleteStoresAsync() => Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var index in indexes)
        {
            switch (index)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        await DeleteStoresAsync();
    }

    [ContractFact]
    public async Task EnsureCreated_again_with_the_same_dimensions_keeps_the_chunks()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([Chunk("refund", Direction(1))]);

        await index.EnsureCreatedAsync(Dimensions);

        Assert.Equal(1, await index.CountAsync());
    }

    [ContractFact]
    public async Task EnsureCreated_with_other_dimensions_throws_because_the_model_changed()
    {
        var index = await NewIndexAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => index.EnsureCreatedAsync(Dimensions * 2));
    }

    [ContractFact]
    public async Task Vector_search_returns_the_nearest_chunk_first_with_the_cosine_as_similarity()
    {
        var index = await NewIndexAsync();
        var near = Chunk("alpha", Direction(1, 0.2f));
        var middle = Chunk("beta", Direction(1, 1));
        var far = Chunk("gamma", Direction(0, 0, 1));
        await index.UpsertAsync([far, near, middle]);
        var query = Direction(1);

        var hits = await SearchAsync(index, query, "", PublicReader, mode: SearchMode.Vector);

        Assert.Equal([near.Id, middle.Id, far.Id], hits.Select(hit => hit.Chunk.Id));
        foreach (var hit in hits)
        {
            var expected = Dot(query, hit.Chunk.Id == near.Id ? near.Vector : hit.Chunk.Id == middle.Id ? middle.Vector : far.Vector);
            Assert.Equal(expected, hit.Similarity, 1e-4f);
            Assert.Equal(expected, hit.Score, 1e-4);
            Assert.Null(hit.LexicalRank);
        }
    }

    [ContractFact]
    public async Task A_hit_carries_the_chunk_as_it_was_upserted()
    {
        var index = await NewIndexAsync();
        var chunk = new IndexedChunk(
            Guid.NewGuid(), Guid.NewGuid(), Version: 3, Ordinal: 7, "Leave policy", "Leave policy > Sick leave",
            "Report sick leave to your manager before 10:00.", "report sick leav manag", Audience.Employee, "nl",
            DocumentStatus.Published, Today.AddDays(-30), Today.AddDays(30), Direction(1, 2, 3));
        await index.UpsertAsync([chunk]);

        var hit = Assert.Single(await SearchAsync(index, chunk.Vector, "sick", EmployeeReader));

        Assert.Equal(chunk, hit.Chunk with { Vector = chunk.Vector });
        Assert.Equal(chunk.Vector.Length, hit.Chunk.Vector.Length);
        Assert.All(chunk.Vector.Zip(hit.Chunk.Vector), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
    }

    [ContractFact]
    public async Task Upserting_the_same_id_again_replaces_the_chunk_instead_of_adding_one()
    {
        var index = await NewIndexAsync();
        var first = Chunk("refund", Direction(1));
        var second = first with { Text = "Updated", LexicalText = "warranti", Vector = Direction(0, 1) };

        await index.UpsertAsync([first]);
        await index.UpsertAsync([second]);

        Assert.Equal(1, await index.CountAsync());
        Assert.Empty(await SearchAsync(index, [], "refund", PublicReader, mode: SearchMode.Lexical));
        var hit = Assert.Single(await SearchAsync(index, Direction(0, 1), "warranti", PublicReader));
        Assert.Equal("Updated", hit.Chunk.Text);
        Assert.Equal(1f, hit.Similarity, 1e-4f);
    }

    [ContractFact]
    public async Task A_public_reader_never_gets_an_employee_chunk_even_when_it_is_the_nearest_and_best_match()
    {
        var index = await NewIndexAsync();
        var employee = Chunk("salari salari scale", Direction(1), Audience.Employee);
        var customer = Chunk("salari refund", Direction(1, 1), Audience.Customer);
        var everyone = Chunk("salari deliveri", Direction(1, 0, 1), Audience.Everyone);
        await index.UpsertAsync([employee, customer, everyone]);

        foreach (var mode in Modes)
        {
            var hits = await SearchAsync(index, Direction(1), "salari", PublicReader, mode: mode);
            Assert.Equal(new[] { customer.Id, everyone.Id }.Order(), hits.Select(hit => hit.Chunk.Id).Order());
        }

        var employeeHits = await SearchAsync(index, Direction(1), "salari", EmployeeReader, mode: SearchMode.Vector);
        Assert.Equal(employee.Id, employeeHits[0].Chunk.Id);
    }

    [ContractFact]
    public async Task Only_chunks_with_the_status_the_filter_asks_for_are_returned()
    {
        var index = await NewIndexAsync();
        var published = Chunk("refund", Direction(1, 1), status: DocumentStatus.Published);
        var draft = Chunk("refund", Direction(1), status: DocumentStatus.Draft);
        var retired = Chunk("refund", Direction(1, 0.1f), status: DocumentStatus.Retired);
        await index.UpsertAsync([published, draft, retired]);

        foreach (var mode in Modes)
        {
            var hits = await SearchAsync(index, Direction(1), "refund", PublicReader, mode: mode);
            Assert.Equal(published.Id, Assert.Single(hits).Chunk.Id);
        }

        var drafts = await SearchAsync(index, Direction(1), "refund", PublicReader with { Status = DocumentStatus.Draft });
        Assert.Equal(draft.Id, Assert.Single(drafts).Chunk.Id);
    }

    [ContractFact]
    public async Task Effective_dates_include_today_at_both_ends_and_exclude_future_and_expired_chunks()
    {
        var index = await NewIndexAsync();
        var openEnded = Chunk("refund", Direction(1));
        var startsToday = Chunk("refund", Direction(1, 0.1f), from: Today);
        var endsToday = Chunk("refund", Direction(1, 0.2f), to: Today);
        var current = Chunk("refund", Direction(1, 0.3f), from: Today.AddDays(-10), to: Today.AddDays(10));
        var future = Chunk("refund", Direction(1, 0.4f), from: Today.AddDays(1));
        var expired = Chunk("refund", Direction(1, 0.5f), to: Today.AddDays(-1));
        await index.UpsertAsync([openEnded, startsToday, endsToday, current, future, expired]);

        foreach (var mode in Modes)
        {
            var hits = await SearchAsync(index, Direction(1), "refund", PublicReader, mode: mode);
            Assert.Equal(
                new[] { openEnded.Id, startsToday.Id, endsToday.Id, current.Id }.Order(),
                hits.Select(hit => hit.Chunk.Id).Order());
        }
    }

    [ContractFact]
    public async Task The_language_filter_narrows_to_one_language_whatever_its_case()
    {
        var index = await NewIndexAsync();
        var english = Chunk("refund", Direction(1), language: "en");
        var dutch = Chunk("refund", Direction(1, 1), language: "nl");
        await index.UpsertAsync([english, dutch]);

        var hits = await SearchAsync(index, Direction(1), "refund", PublicReader with { Language = "NL" });
        var all = await SearchAsync(index, Direction(1), "refund", PublicReader);

        Assert.Equal(dutch.Id, Assert.Single(hits).Chunk.Id);
        Assert.Equal(2, all.Count);
    }

    [ContractFact]
    public async Task The_document_filter_narrows_to_one_document()
    {
        var index = await NewIndexAsync();
        var wanted = Chunk("refund", Direction(1, 1));
        var other = Chunk("refund", Direction(1));
        await index.UpsertAsync([wanted, other]);

        var hits = await SearchAsync(index, Direction(1), "refund", PublicReader with { DocumentId = wanted.DocumentId });

        Assert.Equal(wanted.Id, Assert.Single(hits).Chunk.Id);
    }

    [ContractFact]
    public async Task A_filter_without_audiences_returns_nothing()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([Chunk("refund", Direction(1))]);

        foreach (var mode in Modes)
        {
            Assert.Empty(await SearchAsync(index, Direction(1), "refund", PublicReader with { Audiences = [] }, mode: mode));
        }
    }

    [ContractFact]
    public async Task Lexical_search_ranks_the_chunk_with_the_rarer_matching_term_higher()
    {
        var index = await NewIndexAsync();
        var policy = Chunk("refund polici", Direction(1));
        var delivery = Chunk("refund deliveri", Direction(1));
        var store = Chunk("refund store", Direction(1));
        var warranty = Chunk("warranti store", Direction(1));
        await index.UpsertAsync([policy, delivery, store, warranty]);

        var hits = await SearchAsync(index, Direction(1), "refund warranti", PublicReader, mode: SearchMode.Lexical);

        Assert.Equal(4, hits.Count);
        Assert.Equal(warranty.Id, hits[0].Chunk.Id);
        Assert.Equal([1, 2, 3, 4], hits.Select(hit => hit.LexicalRank ?? 0));
        Assert.True(hits[0].Score > hits[1].Score, "the rarer term must weigh more than the common one");
        Assert.All(hits, hit => Assert.Equal(1f, hit.Similarity, 1e-4f));
    }

    [ContractFact]
    public async Task Lexical_search_returns_nothing_for_terms_no_chunk_has()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([Chunk("refund polici", Direction(1)), Chunk("deliveri time", Direction(0, 1))]);

        Assert.Empty(await SearchAsync(index, Direction(1), "teleport", PublicReader, mode: SearchMode.Lexical));
    }

    [ContractFact]
    public async Task Hybrid_search_returns_a_chunk_only_the_lexical_side_finds_and_one_only_the_vector_side_ranks_first()
    {
        var index = await NewIndexAsync();
        var vectorOnly = Chunk("deliveri time", Direction(1));
        var lexicalOnly = Chunk("warranti claim", Direction(0, 0, 0, 0, 0, 0, 0, 1));
        var fillers = Enumerable.Range(1, 3).Select(i => Chunk("store open", Direction(1, i))).ToList();
        await index.UpsertAsync([vectorOnly, lexicalOnly, .. fillers]);

        var hits = await SearchAsync(index, Direction(1), "warranti", PublicReader, limit: 2);

        Assert.Equal([lexicalOnly.Id, vectorOnly.Id], hits.Select(hit => hit.Chunk.Id));
        Assert.Equal(1, hits[0].LexicalRank);
        Assert.Null(hits[1].LexicalRank);
        Assert.Equal(0f, hits[0].Similarity, 1e-4f);
        Assert.Equal(1f, hits[1].Similarity, 1e-4f);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [ContractFact]
    public async Task The_limit_is_respected_in_every_mode()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([.. Enumerable.Range(1, 6).Select(i => Chunk("refund", Direction(1, i)))]);

        foreach (var mode in Modes)
        {
            Assert.Equal(3, (await SearchAsync(index, Direction(1), "refund", PublicReader, limit: 3, mode: mode)).Count);
        }
    }

    [ContractFact]
    public async Task A_zero_limit_or_an_empty_query_text_is_answered_without_an_error()
    {
        var index = await NewIndexAsync();
        var chunk = Chunk("refund", Direction(1));
        await index.UpsertAsync([chunk]);

        foreach (var mode in Modes)
        {
            Assert.Empty(await SearchAsync(index, Direction(1), "refund", PublicReader, limit: 0, mode: mode));
        }

        Assert.Empty(await SearchAsync(index, Direction(1), "", PublicReader, mode: SearchMode.Lexical));
        var vectorOnly = Assert.Single(await SearchAsync(index, Direction(1), "", PublicReader, mode: SearchMode.Hybrid));
        Assert.Equal(chunk.Id, vectorOnly.Chunk.Id);
        Assert.Null(vectorOnly.LexicalRank);
    }

    [ContractFact]
    public async Task A_search_handed_its_vector_still_being_computed_answers_as_with_the_vector_in_every_mode()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync(
        [
            Chunk("deliveri time", Direction(1)),
            Chunk("warranti claim", Direction(0, 0, 0, 0, 0, 0, 0, 1)),
            Chunk("warranti deliveri", Direction(1, 1), Audience.Employee),
            .. Enumerable.Range(1, 4).Select(i => Chunk("store open warranti", Direction(1, i, i))),
        ]);
        var vector = Direction(1, 0.5f);

        foreach (var mode in Modes)
        {
            var expected = await SearchAsync(index, vector, "warranti deliveri", PublicReader, limit: 4, mode: mode);
            var pending = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            var search = index.SearchAsync(new IndexQuery([], "warranti deliveri", PublicReader, 4, mode), pending.Task);
            await Task.Delay(20);
            pending.SetResult(vector);
            var hits = await search;

            Assert.Equal(
                expected.Select(hit => (hit.Chunk.Id, hit.Score, hit.Similarity, hit.LexicalRank)),
                hits.Select(hit => (hit.Chunk.Id, hit.Score, hit.Similarity, hit.LexicalRank)));
            Assert.NotEmpty(hits);
        }
    }

    [ContractFact]
    public async Task A_pending_vector_that_fails_fails_the_search()
    {
        var index = await NewIndexAsync();
        await index.UpsertAsync([Chunk("refund", Direction(1))]);
        var pending = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);

        var search = index.SearchAsync(new IndexQuery([], "refund", PublicReader), pending.Task);
        pending.SetException(new InvalidOperationException("the embedding service is down"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => search);
        Assert.Equal("the embedding service is down", error.Message);
    }

    [ContractFact]
    public async Task Deleting_a_document_removes_every_version_of_it_and_nothing_else()
    {
        var index = await NewIndexAsync();
        var documentId = Guid.NewGuid();
        var kept = Chunk("refund", Direction(1));
        await index.UpsertAsync(
        [
            Chunk("refund", Direction(1, 1), documentId: documentId, version: 1),
            Chunk("refund polici", Direction(1, 2), documentId: documentId, version: 1, ordinal: 1),
            Chunk("refund", Direction(1, 3), documentId: documentId, version: 2),
            kept,
        ]);

        await index.DeleteAsync(documentId);

        Assert.Equal(1, await index.CountAsync());
        Assert.Equal(kept.Id, Assert.Single(await SearchAsync(index, Direction(1), "refund", PublicReader)).Chunk.Id);
    }

    [ContractFact]
    public async Task Deleting_a_version_removes_only_that_version()
    {
        var index = await NewIndexAsync();
        var documentId = Guid.NewGuid();
        var second = Chunk("refund", Direction(1, 3), documentId: documentId, version: 2);
        await index.UpsertAsync(
        [
            Chunk("refund", Direction(1, 1), documentId: documentId, version: 1),
            Chunk("refund polici", Direction(1, 2), documentId: documentId, version: 1, ordinal: 1),
            second,
        ]);

        await index.DeleteAsync(documentId, version: 1);

        Assert.Equal(1, await index.CountAsync());
        Assert.Equal(second.Id, Assert.Single(await SearchAsync(index, Direction(1), "refund", PublicReader)).Chunk.Id);
    }

    [ContractFact]
    public async Task ListVersions_lists_each_version_once_with_its_chunk_count_and_effective_dates()
    {
        var index = await NewIndexAsync();
        Assert.Empty(await index.ListVersionsAsync());
        var documentId = Guid.NewGuid();
        var other = Guid.NewGuid();
        var from = new DateOnly(2025, 1, 1);
        var to = new DateOnly(2025, 12, 31);
        await index.UpsertAsync(
        [
            Chunk("refund", Direction(1, 1), documentId: documentId, version: 1, to: to),
            Chunk("refund polici", Direction(1, 2), documentId: documentId, version: 1, ordinal: 1, to: to),
            Chunk("refund", Direction(1, 3), documentId: documentId, version: 2, from: from),
            Chunk("locker", Direction(0, 1), audience: Audience.Employee, documentId: other, version: 4),
        ]);

        var listed = (await index.ListVersionsAsync()).OrderBy(v => v.DocumentId == documentId ? v.Version : 10).ToArray();

        Assert.Equal(
            [
                new IndexedVersion(documentId, 1, 2, null, to),
                new IndexedVersion(documentId, 2, 1, from, null),
                new IndexedVersion(other, 4, 1, null, null),
            ],
            listed);

        await index.DeleteAsync(documentId, version: 1);
        Assert.Equal([2, 4], (await index.ListVersionsAsync()).Select(v => v.Version).Order());
    }

    [ContractFact]
    public async Task Count_counts_every_chunk_whatever_its_status_or_audience()
    {
        var index = await NewIndexAsync();
        Assert.Equal(0, await index.CountAsync());

        await index.UpsertAsync(
        [
            Chunk("refund", Direction(1), status: DocumentStatus.Draft),
            Chunk("refund", Direction(1), Audience.Employee, status: DocumentStatus.Retired),
            Chunk("refund", Direction(1)),
        ]);

        Assert.Equal(3, await index.CountAsync());
    }

    /// <summary>A unit vector along the given leading components (the rest zero), e.g. <c>Direction(1, 1)</c> at 45°.</summary>
    protected static float[] Direction(params float[] components)
    {
        var vector = new float[Dimensions];
        components.CopyTo(vector, 0);
        var length = MathF.Sqrt(Dot(vector, vector));
        return [.. vector.Select(x => x / length)];
    }

    protected static IndexedChunk Chunk(
        string lexicalText,
        float[] vector,
        Audience audience = Audience.Everyone,
        DocumentStatus status = DocumentStatus.Published,
        string language = "en",
        DateOnly? from = null,
        DateOnly? to = null,
        Guid? documentId = null,
        int version = 1,
        int ordinal = 0) =>
        new(Guid.NewGuid(), documentId ?? Guid.NewGuid(), version, ordinal, $"About {lexicalText}", "Policy > Section",
            $"Text about {lexicalText}.", lexicalText, audience, language, status, from, to, vector);

    private static float Dot(float[] a, float[] b) => a.Zip(b).Sum(pair => pair.First * pair.Second);

    private static Task<IReadOnlyList<IndexHit>> SearchAsync(
        IKnowledgeIndex index, float[] vector, string lexicalText, IndexFilter filter, int limit = 10,
        SearchMode mode = SearchMode.Hybrid) =>
        index.SearchAsync(new IndexQuery(vector, lexicalText, filter, limit, mode));

    private async Task<IKnowledgeIndex> NewIndexAsync()
    {
        var index = await CreateIndexAsync(Dimensions);
        indexes.Add(index);
        return index;
    }
}
