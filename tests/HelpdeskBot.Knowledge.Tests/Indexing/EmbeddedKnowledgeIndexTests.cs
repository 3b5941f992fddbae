using HelpdeskBot.Knowledge.Indexing;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>What the embedded index promises beyond the contract: it survives a restart, and hostile text cannot break it.</summary>
public sealed class EmbeddedKnowledgeIndexTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"helpdeskbot-embedded-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_directory, "index.db");

    [Fact]
    public async Task Chunks_written_before_a_restart_are_served_after_it()
    {
        var chunk = Chunk("refund card days", Vector(0));
        using (var index = new EmbeddedKnowledgeIndex(DatabasePath))
        {
            await index.EnsureCreatedAsync(8);
            await index.UpsertAsync([chunk, Chunk("ship courier", Vector(1))]);
        }

        using var reopened = new EmbeddedKnowledgeIndex(DatabasePath);
        await reopened.EnsureCreatedAsync(8);
        var hits = await reopened.SearchAsync(new IndexQuery(Vector(0), "refund", PublicFilter(), 5));

        Assert.Equal(2, await reopened.CountAsync());
        Assert.Equal(chunk.Id, hits[0].Chunk.Id);
        Assert.Equal(1, hits[0].LexicalRank);
        Assert.Equal(1f, hits[0].Similarity, 3);
        Assert.Equal(chunk.Vector, hits[0].Chunk.Vector);
    }

    [Fact]
    public async Task Deleting_a_version_another_instance_already_deleted_from_a_shared_file_also_clears_it_from_memory()
    {
        // Two instances on one data directory share the file; each serves from its own memory.
        using var first = new EmbeddedKnowledgeIndex(DatabasePath);
        using var second = new EmbeddedKnowledgeIndex(DatabasePath);
        await first.EnsureCreatedAsync(8);
        await second.EnsureCreatedAsync(8);
        var chunk = Chunk("refund card days", Vector(0));
        await first.UpsertAsync([chunk]);
        await second.UpsertAsync([chunk]);

        await first.DeleteAsync(chunk.DocumentId, chunk.Version);
        Assert.Single(await second.ListVersionsAsync());
        await second.DeleteAsync(chunk.DocumentId, chunk.Version);

        Assert.Empty(await second.ListVersionsAsync());
        Assert.Empty(await second.SearchAsync(new IndexQuery(Vector(0), "refund", PublicFilter(), 5)));
    }

    [Fact]
    public async Task Slots_freed_by_deletes_are_reused_without_mixing_up_vectors()
    {
        using var index = new EmbeddedKnowledgeIndex(DatabasePath);
        await index.EnsureCreatedAsync(8);
        var first = Chunk("alpha", Vector(0));
        await index.UpsertAsync([first]);
        await index.DeleteAsync(first.DocumentId);
        var second = Chunk("beta", Vector(3));
        await index.UpsertAsync([second]);

        var hits = await index.SearchAsync(new IndexQuery(Vector(3), "", PublicFilter(), 5, SearchMode.Vector));

        var hit = Assert.Single(hits);
        Assert.Equal(second.Id, hit.Chunk.Id);
        Assert.Equal(1f, hit.Similarity, 3);
    }

    [Theory]
    [InlineData("\" OR 1=1 --", 0)]
    [InlineData("refund* NEAR(\"a\" b) AND NOT", 1)]
    [InlineData("lexical_text:refund", 1)]
    public async Task Fts_syntax_in_a_question_is_matched_as_words_and_never_fails(string question, int expected)
    {
        using var index = new EmbeddedKnowledgeIndex(DatabasePath);
        await index.EnsureCreatedAsync(8);
        await index.UpsertAsync([Chunk("refund lexical text", Vector(0))]);

        var hits = await index.SearchAsync(new IndexQuery(Vector(0), TextAnalyzer.Analyze(question, "en"), PublicFilter(), 5, SearchMode.Lexical));

        Assert.Equal(expected, hits.Count);
    }

    [Fact]
    public async Task A_large_index_is_scanned_in_parallel_with_the_same_result_as_one_core()
    {
        using var index = new EmbeddedKnowledgeIndex(DatabasePath);
        await index.EnsureCreatedAsync(8);
        var random = new Random(7);
        var chunks = Enumerable.Range(0, 20_000).Select(_ => Chunk("filler", RandomVector(random))).ToArray();
        await index.UpsertAsync(chunks);
        var query = RandomVector(random);

        var hits = await index.SearchAsync(new IndexQuery(query, "", PublicFilter(), 10, SearchMode.Vector));

        var expected = chunks.Select(c => (c.Id, Score: c.Vector.Zip(query, (a, b) => a * b).Sum()))
            .OrderByDescending(c => c.Score).Take(10).Select(c => c.Id);
        Assert.Equal(expected, hits.Select(h => h.Chunk.Id));
    }

    [Fact]
    public async Task After_a_restart_chunks_that_change_audience_or_status_are_filtered_by_what_they_are_now()
    {
        // A reopened index lays its slots out by status and audience and scans only the groups a filter can match; rows
        // that change group, and rows added or deleted since, must still be found exactly as a full scan would find them.
        var random = new Random(11);
        var audiences = new[] { Audience.Everyone, Audience.Customer, Audience.Employee };
        var statuses = new[] { DocumentStatus.Published, DocumentStatus.Draft };
        var chunks = Enumerable.Range(0, 300)
            .Select(i => Chunk("filler", RandomVector(random)) with { Audience = audiences[i % 3], Status = statuses[i % 7 == 0 ? 1 : 0] })
            .ToList();
        using (var index = new EmbeddedKnowledgeIndex(DatabasePath))
        {
            await index.EnsureCreatedAsync(8);
            await index.UpsertAsync(chunks);
        }

        using var reopened = new EmbeddedKnowledgeIndex(DatabasePath);
        await reopened.EnsureCreatedAsync(8);
        var changed = new List<IndexedChunk>();
        for (var i = 0; i < 60; i++)
        {
            var chunk = chunks[i];
            chunks[i] = chunk with { Audience = audiences[(i + 1) % 3], Status = statuses[i % 5 == 0 ? 1 : 0] };
            changed.Add(chunks[i]);
        }

        var added = Enumerable.Range(0, 40).Select(i => Chunk("filler", RandomVector(random)) with { Audience = audiences[i % 3] }).ToList();
        await reopened.UpsertAsync([.. changed, .. added]);
        foreach (var gone in chunks.Skip(100).Take(30).ToArray())
        {
            await reopened.DeleteAsync(gone.DocumentId);
            chunks.Remove(gone);
        }

        chunks.AddRange(added);
        foreach (var filter in new[] { PublicFilter(), new IndexFilter(Audiences.ReadableBy(ReaderKind.Employee), Today) })
        {
            for (var q = 0; q < 20; q++)
            {
                var query = RandomVector(random);
                var hits = await reopened.SearchAsync(new IndexQuery(query, "", filter, 15, SearchMode.Vector));

                var expected = chunks.Where(filter.Matches)
                    .OrderByDescending(c => c.Vector.Zip(query, (a, b) => a * b).Sum()).Take(15).Select(c => c.Id);
                Assert.Equal(expected, hits.Select(h => h.Chunk.Id));
            }
        }
    }

    [Fact]
    public async Task Equal_lexical_scores_come_out_in_row_order_after_a_restart_whatever_the_slot_layout()
    {
        // FTS5 breaks bm25 ties by row; a reopened index places its rows by audience, so slot order is not row order.
        var audiences = new[] { Audience.Employee, Audience.Customer, Audience.Everyone };
        var chunks = Enumerable.Range(0, 9).Select(i => Chunk("refund", Vector(i % 8)) with { Audience = audiences[i % 3] }).ToArray();
        using (var index = new EmbeddedKnowledgeIndex(DatabasePath))
        {
            await index.EnsureCreatedAsync(8);
            foreach (var chunk in chunks)
            {
                await index.UpsertAsync([chunk]);
            }
        }

        using var reopened = new EmbeddedKnowledgeIndex(DatabasePath);
        await reopened.EnsureCreatedAsync(8);
        var employee = new IndexFilter(Audiences.ReadableBy(ReaderKind.Employee), Today);
        var hits = await reopened.SearchAsync(new IndexQuery(Vector(0), "refund", employee, 9, SearchMode.Lexical));

        Assert.Equal(chunks.Select(c => c.Id), hits.Select(h => h.Chunk.Id));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static IndexFilter PublicFilter() => new(Audiences.ReadableBy(ReaderKind.Public), Today);

    private static IndexedChunk Chunk(string lexical, float[] vector) => new(
        Guid.NewGuid(), Guid.NewGuid(), 1, 0, "Title", "Section", "Text " + lexical, lexical, Audience.Customer, "en",
        DocumentStatus.Published, null, null, vector);

    private static float[] Vector(int axis)
    {
        var vector = new float[8];
        vector[axis] = 1;
        return vector;
    }

    private static float[] RandomVector(Random random)
    {
        var vector = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / length).ToArray();
    }
}
