using System.Net;
using System.Net.Sockets;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Retrieval;
using HelpdeskBot.Knowledge.Tests.Library;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Knowledge.Tests.Retrieval;

/// <summary>
/// Qdrant unreachable: a real Qdrant client against a closed port (no Qdrant server can run here) is an outage, not an
/// error, and the search answers policy questions lexically from the knowledge database, with one warning per outage;
/// an index that answers again (a stand-in that can be switched off, around the real embedded index) ends the outage.
/// </summary>
public sealed class LexicalFallbackTests
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
        Refunds reach your card within 5 working days after we receive the parcel.
        """;

    private const string Payments = """
        ---
        title: Payment methods
        owner: Finance
        audience: public
        language: en
        ---
        # Payment methods

        ## Cards and transfers
        We accept credit cards, debit cards and bank transfers. Instalments are available on orders above Rp 1.000.000.
        """;

    [Fact]
    public async Task A_closed_Qdrant_port_is_an_outage_that_names_the_collection_but_not_the_address()
    {
        using var qdrant = ClosedPortQdrant(out var port);

        var search = await Assert.ThrowsAsync<KnowledgeIndexUnavailableException>(() =>
            qdrant.SearchAsync(new IndexQuery(new float[384], "return", new IndexFilter([Audience.Everyone], new DateOnly(2026, 11, 20)))));
        var create = await Assert.ThrowsAsync<KnowledgeIndexUnavailableException>(() => qdrant.EnsureCreatedAsync(384));

        Assert.Contains("helpdeskbot-outage-test", search.Message, StringComparison.Ordinal);
        Assert.Contains("Unavailable", search.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), search.Message + create.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Qdrant_unreachable_a_policy_question_is_answered_lexically_with_one_warning_per_outage()
    {
        await using var kb = await PublishedAsync();
        using var qdrant = ClosedPortQdrant(out _);
        var logs = new FakeLogCollector();
        using var fallback = new LexicalFallback(kb.Library, kb.Time, kb.Options, new FakeLogger<LexicalFallback>(logs));
        var search = new KnowledgeSearch(qdrant, kb.Library, TestKnowledgeBase.Embedder, kb.Clock, kb.Options, fallback);

        var first = await search.AskAsync(new KnowledgeQuestion("how many days do I have to return an item", "en", ReaderKind.Public));
        var second = await search.AskAsync(new KnowledgeQuestion("which payment methods do you accept", "en", ReaderKind.Public));
        // Past the retry interval the index is asked again; it is still down, and that is still the same outage.
        kb.Time.Advance(LexicalFallback.RetryInterval + TimeSpan.FromSeconds(1));
        var third = await search.AskAsync(new KnowledgeQuestion("how long does a refund take", "en", ReaderKind.Public));

        Assert.Equal("Returns and refunds", first.Passages[0].Title);
        Assert.Contains("14 days", first.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal("Payment methods", second.Passages[0].Title);
        Assert.Equal("Returns and refunds", third.Passages[0].Title);
        var warnings = logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Contains("qdrant", warnings[0].Message, StringComparison.Ordinal);
        Assert.IsType<KnowledgeIndexUnavailableException>(warnings[0].Exception);
    }

    [Fact]
    public async Task A_question_nothing_matches_is_still_not_answered_during_an_outage()
    {
        await using var kb = await PublishedAsync();
        using var qdrant = ClosedPortQdrant(out _);
        using var fallback = new LexicalFallback(kb.Library, kb.Time, kb.Options, NullLogger<LexicalFallback>.Instance);
        var search = new KnowledgeSearch(qdrant, kb.Library, TestKnowledgeBase.Embedder, kb.Clock, kb.Options, fallback);

        var answer = await search.AskAsync(new KnowledgeQuestion("what is the capital of Mongolia", "en", ReaderKind.Public) { Strict = true });

        Assert.False(answer.Found);
    }

    [Fact]
    public async Task When_the_index_answers_again_the_outage_ends_and_the_index_is_used()
    {
        var switchable = (SwitchableIndex?)null;
        await using var kb = await PublishedAsync(index => switchable = new SwitchableIndex(index));
        var logs = new FakeLogCollector();
        using var fallback = new LexicalFallback(kb.Library, kb.Time, kb.Options, new FakeLogger<LexicalFallback>(logs));
        var search = new KnowledgeSearch(kb.Index, kb.Library, TestKnowledgeBase.Embedder, kb.Clock, kb.Options, fallback);
        var question = new KnowledgeQuestion("how many days do I have to return an item", "en", ReaderKind.Public);

        switchable!.Down = true;
        var during = await search.AskAsync(question);
        var asked = switchable.Searches;
        var meanwhile = await search.AskAsync(question);
        var askedWhileLeftAlone = switchable.Searches - asked;
        switchable.Down = false;
        kb.Time.Advance(LexicalFallback.RetryInterval + TimeSpan.FromSeconds(1));
        var after = await search.AskAsync(question);

        Assert.Equal("Returns and refunds", during.Passages[0].Title);
        Assert.Equal("Returns and refunds", meanwhile.Passages[0].Title);
        // Within the retry interval the unreachable index is not asked at all: a hanging server costs one timeout, not one per question.
        Assert.Equal(0, askedWhileLeftAlone);
        Assert.Equal("Returns and refunds", after.Passages[0].Title);
        Assert.Equal(asked + 1, switchable.Searches);
        var records = logs.GetSnapshot();
        Assert.Single(records, r => r.Level == LogLevel.Warning);
        Assert.Single(records, r => r.Level == LogLevel.Information && r.Message.Contains("answers again", StringComparison.Ordinal));
    }

    private static async Task<TestKnowledgeBase> PublishedAsync(Func<IKnowledgeIndex, IKnowledgeIndex>? wrap = null)
    {
        var kb = await TestKnowledgeBase.CreateAsync(wrap);
        await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("payments.md", Payments, publish: true));
        return kb;
    }

    private static QdrantKnowledgeIndex ClosedPortQdrant(out int port)
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        return new QdrantKnowledgeIndex(
            new QdrantIndexOptions { Url = $"http://127.0.0.1:{port}", Collection = "helpdeskbot-outage-test", Timeout = TimeSpan.FromSeconds(5) },
            NullLogger<QdrantKnowledgeIndex>.Instance);
    }

    /// <summary>The real embedded index behind a switch that makes it answer as an unreachable Qdrant does.</summary>
    private sealed class SwitchableIndex(IKnowledgeIndex inner) : IKnowledgeIndex
    {
        private int _searches;

        public bool Down { get; set; }

        public int Searches => Volatile.Read(ref _searches);

        public string Name => "qdrant";

        public Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default) => inner.EnsureCreatedAsync(dimensions, cancellationToken);

        public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default) => inner.UpsertAsync(chunks, cancellationToken);

        public Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(documentId, version, cancellationToken);

        public Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _searches);
            return Down
                ? throw new KnowledgeIndexUnavailableException("The Qdrant collection test did not answer (Unavailable).", new IOException("connection refused"))
                : inner.SearchAsync(query, cancellationToken);
        }

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default) => inner.ListVersionsAsync(cancellationToken);
    }
}
