using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Knowledge.Tests.Library;

/// <summary>
/// Two instances on one knowledge database (a real SQLite file), each with its own embedded index: what one publishes,
/// replaces, retires or deletes, the other follows at its next <see cref="KnowledgeLibrary.SyncAsync"/>, from the stored
/// vectors (nothing is embedded again), idempotently, and through an index that fails for a while.
/// </summary>
public sealed class KnowledgeSyncTests
{
    private const string Returns = """
        ---
        title: Returns and refunds
        owner: Customer Care
        audience: customer
        language: en
        ---
        # Returns and refunds

        ## Return window
        You can return most items within 14 days of delivery for a full refund.

        ## Refund timing
        Refunds reach your original payment method within 5 working days after we receive the item.
        """;

    private static readonly string ReturnsEdited = Returns.Replace("within 14 days", "within 30 days", StringComparison.Ordinal);

    private const string Lockers = """
        ---
        title: Parcel lockers
        owner: Logistics
        audience: customer
        language: en
        ---
        # Parcel lockers

        ## Picking up
        Parcels sent to a locker wait there for 3 days; the pickup code arrives by SMS when the parcel is in the locker.
        """;

    private const string ReturnsQuestion = "how many days do I have to return an item?";

    [Fact]
    public async Task A_version_published_on_one_instance_is_answered_by_the_other_after_its_sync_without_embedding_anything()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        var embedder = new CountingEmbedder(TestKnowledgeBase.Embedder);
        await using var b = await TestKnowledgeBase.SecondInstanceAsync(a, embedder: embedder);

        var created = await a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        var id = created.Document.Summary.Id;
        Assert.False((await b.AskAsync(ReturnsQuestion)).Found);
        Assert.False(b.Library.IsPublished(id, 1));

        var before = embedder.Texts;
        var result = await b.Library.SyncAsync();

        Assert.Equal(new KnowledgeSyncResult(true, 1, 0), result);
        Assert.Equal(before, embedder.Texts);
        Assert.True(b.Library.IsPublished(id, 1));
        var answer = await b.AskAsync(ReturnsQuestion);
        Assert.Contains("14 days", answer.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal(await a.Index.CountAsync(), await b.Index.CountAsync());
        Assert.Equal([(id, 1, created.Chunks)], Held(await b.Index.ListVersionsAsync()));
    }

    [Fact]
    public async Task A_new_version_replaces_the_old_one_and_a_retired_or_deleted_document_leaves_the_other_instances_index()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        await using var b = await TestKnowledgeBase.SecondInstanceAsync(a);
        var returns = (await a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true))).Document.Summary.Id;
        var lockers = (await a.Library.CreateAsync(TestKnowledgeBase.Markdown("lockers.md", Lockers, publish: true))).Document.Summary.Id;
        Assert.Equal(new KnowledgeSyncResult(true, 2, 0), await b.Library.SyncAsync());

        await a.Library.AddVersionAsync(returns, TestKnowledgeBase.Markdown("returns.md", ReturnsEdited, publish: true));
        Assert.Equal(new KnowledgeSyncResult(true, 1, 1), await b.Library.SyncAsync());
        var answer = await b.AskAsync(ReturnsQuestion);
        Assert.Contains("30 days", answer.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, answer.Passages[0].Version);
        Assert.DoesNotContain((returns, 1), Held(await b.Index.ListVersionsAsync()).Select(v => (v.Document, v.Version)));

        await a.Library.RetireAsync(returns, 2, "admin@corp.example");
        Assert.Equal(new KnowledgeSyncResult(true, 0, 1), await b.Library.SyncAsync());
        Assert.False((await b.AskAsync(ReturnsQuestion)).Found);

        await a.Library.DeleteAsync(lockers, "admin@corp.example");
        Assert.Equal(new KnowledgeSyncResult(true, 0, 1), await b.Library.SyncAsync());
        Assert.False((await b.AskAsync("how long does a parcel wait in the locker?")).Found);
        Assert.Empty(await b.Index.ListVersionsAsync());
        Assert.Equal(0, await b.Index.CountAsync());
    }

    [Fact]
    public async Task A_sync_with_nothing_published_or_retired_since_the_last_one_does_nothing()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        await using var b = await TestKnowledgeBase.SecondInstanceAsync(a);
        await a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        await b.Library.SyncAsync();
        var chunks = await b.Index.CountAsync();

        // A draft and a review are in no index: storing or submitting one changes nothing another instance follows.
        var draft = await a.Library.CreateAsync(TestKnowledgeBase.Markdown("lockers.md", Lockers));
        await a.Library.SubmitForReviewAsync(draft.Document.Summary.Id, 1, "admin@corp.example");

        Assert.Equal(KnowledgeSyncResult.Unchanged, await b.Library.SyncAsync());
        Assert.Equal(KnowledgeSyncResult.Unchanged, await b.Library.SyncAsync());
        Assert.Equal(chunks, await b.Index.CountAsync());
    }

    [Fact]
    public async Task The_instance_that_published_writes_the_same_passages_again_at_its_sync_without_duplicating_them()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        var created = await a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        var chunks = await a.Index.CountAsync();

        var result = await a.Library.SyncAsync();

        Assert.True(result.Changed);
        Assert.Equal(chunks, await a.Index.CountAsync());
        Assert.Equal([(created.Document.Summary.Id, 1, created.Chunks)], Held(await a.Index.ListVersionsAsync()));
        Assert.Single((await a.AskAsync(ReturnsQuestion)).Passages, p => p.Text.Contains("14 days", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_the_index_fails_the_published_set_is_current_and_the_next_sync_after_it_recovers_catches_up()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        WritesFailIndex? index = null;
        await using var b = await TestKnowledgeBase.SecondInstanceAsync(a, inner => index = new WritesFailIndex(inner));
        var returns = (await a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true))).Document.Summary.Id;
        await b.Library.SyncAsync();
        Assert.True((await b.AskAsync(ReturnsQuestion)).Found);

        index!.Down = true;
        await a.Library.RetireAsync(returns, 1, "admin@corp.example");
        var lockers = (await a.Library.CreateAsync(TestKnowledgeBase.Markdown("lockers.md", Lockers, publish: true))).Document.Summary.Id;
        await Assert.ThrowsAsync<IOException>(() => b.Library.SyncAsync());

        // The retired passages are still in B's index, but the database no longer publishes them: never quoted.
        Assert.Contains((returns, 1), Held(await b.Index.ListVersionsAsync()).Select(v => (v.Document, v.Version)));
        Assert.False(b.Library.IsPublished(returns, 1));
        Assert.False((await b.AskAsync(ReturnsQuestion)).Found);
        await Assert.ThrowsAsync<IOException>(() => b.Library.SyncAsync());

        index.Down = false;
        var result = await b.Library.SyncAsync();

        Assert.Equal(new KnowledgeSyncResult(true, 1, 1), result);
        Assert.Equal([lockers], Held(await b.Index.ListVersionsAsync()).Select(v => v.Document));
        Assert.True((await b.AskAsync("how long does a parcel wait in the locker?")).Found);
        Assert.Equal(KnowledgeSyncResult.Unchanged, await b.Library.SyncAsync());
    }

    [Fact]
    public async Task An_index_that_missed_changes_while_its_instance_was_stopped_is_put_right_when_it_starts()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        var returns = (await a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true))).Document.Summary.Id;
        var indexPath = Path.Combine(Path.GetTempPath(), "helpdesk-kb-" + Guid.NewGuid().ToString("N") + "-index.db");
        await using (var stopped = await TestKnowledgeBase.SecondInstanceAsync(a, indexPath: indexPath))
        {
            Assert.Equal([returns], Held(await stopped.Index.ListVersionsAsync()).Select(v => v.Document));
        }

        try
        {
            // While it is stopped: the document it indexed is retired, another is published.
            await a.Library.RetireAsync(returns, 1, "admin@corp.example");
            var lockers = await a.Library.CreateAsync(TestKnowledgeBase.Markdown("lockers.md", Lockers, publish: true));
            var embedder = new CountingEmbedder(TestKnowledgeBase.Embedder);

            await using var restarted = await TestKnowledgeBase.SecondInstanceAsync(a, embedder: embedder, indexPath: indexPath);

            Assert.Equal([(lockers.Document.Summary.Id, 1, lockers.Chunks)], Held(await restarted.Index.ListVersionsAsync()));
            Assert.False((await restarted.AskAsync(ReturnsQuestion)).Found);
            Assert.True((await restarted.AskAsync("how long does a parcel wait in the locker?")).Found);
            Assert.Equal(KnowledgeSyncResult.Unchanged, await restarted.Library.SyncAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(indexPath)!, Path.GetFileName(indexPath) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Two_instances_changing_the_knowledge_base_at_once_are_both_followed()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        await using var b = await TestKnowledgeBase.SecondInstanceAsync(a);
        await using var c = await TestKnowledgeBase.SecondInstanceAsync(a);

        var fromA = a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        var fromB = b.Library.CreateAsync(TestKnowledgeBase.Markdown("lockers.md", Lockers, publish: true));
        var published = await Task.WhenAll(fromA, fromB);

        await c.Library.SyncAsync();
        var expected = published.Select(p => p.Document.Summary.Id).Order().ToArray();
        Assert.Equal(expected, Held(await c.Index.ListVersionsAsync()).Select(v => v.Document).Order());
        await a.Library.SyncAsync();
        await b.Library.SyncAsync();
        Assert.Equal(expected, Held(await a.Index.ListVersionsAsync()).Select(v => v.Document).Order());
        Assert.Equal(expected, Held(await b.Index.ListVersionsAsync()).Select(v => v.Document).Order());
    }

    [Fact]
    public async Task The_background_sync_follows_the_other_instance_and_a_failing_index_is_one_warning_until_it_recovers()
    {
        await using var a = await TestKnowledgeBase.CreateAsync();
        WritesFailIndex? index = null;
        await using var b = await TestKnowledgeBase.SecondInstanceAsync(a, inner => index = new WritesFailIndex(inner));
        var logger = new FakeLogger<KnowledgeSync>();
        using var sync = new KnowledgeSync(
            b.Library, Microsoft.Extensions.Options.Options.Create(new KnowledgeOptions { SyncSeconds = 0.1 }), TimeProvider.System, logger);
        await sync.StartAsync(CancellationToken.None);
        try
        {
            var returns = (await a.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true))).Document.Summary.Id;
            await UntilAsync(async () => (await b.AskAsync(ReturnsQuestion)).Found);

            index!.Down = true;
            await a.Library.RetireAsync(returns, 1, "admin@corp.example");
            await UntilAsync(() => Task.FromResult(!b.Library.IsPublished(returns, 1)));
            await UntilAsync(() => Task.FromResult(logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Debug) >= 3));
            Assert.False((await b.AskAsync(ReturnsQuestion)).Found);

            index.Down = false;
            await UntilAsync(async () => (await b.Index.ListVersionsAsync()).Count == 0);
            // The recovery is logged after the sync that emptied the index returns, so it is waited for, not raced.
            await UntilAsync(() => Task.FromResult(logger.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Information)));
            var records = logger.Collector.GetSnapshot();
            Assert.Single(records, r => r.Level == LogLevel.Warning);
            Assert.IsType<IOException>(records.Single(r => r.Level == LogLevel.Warning).Exception);
            Assert.Single(records, r => r.Level == LogLevel.Information && r.Message.StartsWith("The knowledge sync works again", StringComparison.Ordinal));
        }
        finally
        {
            await sync.StopAsync(CancellationToken.None);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The background sync did not get there within 30 s.");
            await Task.Delay(50);
        }
    }

    private static (Guid Document, int Version, int Chunks)[] Held(IReadOnlyList<IndexedVersion> versions) =>
        [.. versions.Select(v => (v.DocumentId, v.Version, v.Chunks)).OrderBy(v => v.DocumentId).ThenBy(v => v.Version)];

    /// <summary>The real model, counting every text it is asked to embed.</summary>
    private sealed class CountingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        private int _texts;

        public int Texts => Volatile.Read(ref _texts);

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToArray();
            Interlocked.Add(ref _texts, texts.Length);
            return base.GenerateAsync(texts, options, cancellationToken);
        }
    }

    /// <summary>The real embedded index, whose writes fail as a disk or a server that went away does while Down.</summary>
    private sealed class WritesFailIndex(IKnowledgeIndex inner) : IKnowledgeIndex
    {
        public bool Down { get; set; }

        public string Name => inner.Name;

        public Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default) => inner.EnsureCreatedAsync(dimensions, cancellationToken);

        public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default) =>
            Down ? throw new IOException("The index is unreachable.") : inner.UpsertAsync(chunks, cancellationToken);

        public Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default) =>
            Down ? throw new IOException("The index is unreachable.") : inner.DeleteAsync(documentId, version, cancellationToken);

        public Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default) => inner.ListVersionsAsync(cancellationToken);
    }
}
