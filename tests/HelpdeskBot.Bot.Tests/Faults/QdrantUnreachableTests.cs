using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HelpdeskBot.Connectors;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Faults;

/// <summary>
/// The host with <c>Knowledge:VectorStore=Qdrant</c> and no Qdrant server (a closed port: none can run on the CI machine):
/// it starts, answers policy questions lexically from the knowledge database with their source, logs one warning for the
/// outage however many questions come, and readiness reports the knowledge check Degraded (still 200, naming the
/// index): every instance answers from the fallback, so none should be taken out of the load balancer for it.
/// </summary>
public sealed class QdrantUnreachableTests
{
    [Fact]
    public async Task With_Qdrant_down_policy_questions_get_lexical_answers_with_their_source_and_one_warning()
    {
        using var host = new BotHost()
            .With("Knowledge:VectorStore", "Qdrant")
            .With("Knowledge:Qdrant:Url", $"http://127.0.0.1:{ClosedLoopbackPort()}")
            .With("Knowledge:Qdrant:Timeout", "00:00:05")
            .WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));
        var http = host.CreateClient();
        var chat = new DirectLineClient(http);

        var customer = await chat.StartAsync("en-US", Requester.Customer("CUS-0001"));
        var returns = await customer.AskAsync("how many days do I have to return an item");
        var visitor = await chat.StartAsync("id-ID");
        var warranty = await visitor.AskAsync("berapa lama garansi produk?");
        using var ready = await http.GetAsync("/health/ready");
        var readiness = await ready.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Matches("14[ -]day", returns);
        Assert.Contains("Source: Returns and refunds", returns, StringComparison.Ordinal);
        Assert.Contains("Sumber: Garansi produk", warranty, StringComparison.Ordinal);
        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        // One at the start (the collection could not be checked) and one when the first question met the outage.
        Assert.Single(records, r => r.Level == LogLevel.Warning && r.Message.StartsWith("The qdrant knowledge index did not answer at start", StringComparison.Ordinal));
        Assert.Single(records, r => r.Level == LogLevel.Warning && r.Message.StartsWith("The qdrant knowledge index does not answer", StringComparison.Ordinal));
        // No turn failed.
        Assert.Empty(records.Where(r => r.Level >= LogLevel.Error && r.Category?.StartsWith("HelpdeskBot", StringComparison.Ordinal) == true)
            .Select(r => $"{r.Category}: {r.Message}"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", readiness.GetProperty("status").GetString());
        Assert.Equal(["knowledge"], readiness.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        var knowledge = readiness.GetProperty("checks").GetProperty("knowledge");
        Assert.Equal("Degraded", knowledge.GetProperty("status").GetString());
        Assert.Equal(
            "The qdrant knowledge index does not answer; policy questions are answered lexically from the knowledge database.",
            knowledge.GetProperty("description").GetString());
    }

    [Fact]
    public async Task When_the_index_answers_again_the_next_question_uses_it_and_ready_recovers()
    {
        SwitchableIndex? index = null;
        using var host = new BotHost()
            .With("Knowledge:VectorStore", "Qdrant")
            .WithServices(services =>
            {
                services.AddLogging(logging => logging.AddFakeLogging());
                // Qdrant itself cannot run here: the real embedded index over the same seeded files stands in for the
                // server, behind a switch that makes it fail as an unreachable Qdrant does.
                services.AddSingleton<IKnowledgeIndex>(sp => index = new SwitchableIndex(
                    new EmbeddedKnowledgeIndex(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.IndexPath)));
            });
        var http = host.CreateClient();
        var customer = await new DirectLineClient(http).StartAsync("en-US", Requester.Customer("CUS-0001"));

        index!.Down = true;
        var during = await customer.AskAsync("how many days do I have to return an item");
        using var readyDuring = await http.GetAsync("/health/ready");
        index.Down = false;
        host.Time.Advance(LexicalFallback.RetryInterval + TimeSpan.FromSeconds(1));
        var searchesBefore = index.Searches;
        var after = await customer.AskAsync("how long do I have to return something?");
        using var readyAfter = await http.GetAsync("/health/ready");

        Assert.Contains("Source: Returns and refunds", during, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, readyDuring.StatusCode);
        Assert.Equal("Degraded", (await readyDuring.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Contains("Source: Returns and refunds", after, StringComparison.Ordinal);
        Assert.True(index.Searches > searchesBefore);
        Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
        Assert.Equal("Healthy", (await readyAfter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Single(records, r => r.Level == LogLevel.Warning && r.Message.StartsWith("The qdrant knowledge index does not answer", StringComparison.Ordinal));
        Assert.Single(records, r => r.Level == LogLevel.Information && r.Message.StartsWith("The qdrant knowledge index answers again", StringComparison.Ordinal));
    }

    /// <summary>A real index behind a switch that makes it answer as an unreachable Qdrant does (searches and counts fail).</summary>
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
            return Down ? throw Outage() : inner.SearchAsync(query, cancellationToken);
        }

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => Down ? throw Outage() : inner.CountAsync(cancellationToken);

        public Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default) =>
            Down ? throw Outage() : inner.ListVersionsAsync(cancellationToken);

        private static KnowledgeIndexUnavailableException Outage() =>
            new("The Qdrant collection helpdeskbot-knowledge did not answer (Unavailable).", new IOException("Connection refused"));
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
