using HelpdeskBot.Knowledge.Indexing;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>
/// The contract against a real Qdrant server, each test in a collection of its own that is deleted afterwards. Skipped
/// unless <c>QDRANT_URL</c> is set (see <c>docs/qdrant.md</c>): no Qdrant server can run on the CI machine.
/// </summary>
[QdrantFact]
public sealed class QdrantKnowledgeIndexContractTests : KnowledgeIndexContract
{
    private readonly List<string> collections = [];

    protected override async Task<IKnowledgeIndex> CreateIndexAsync(int dimensions)
    {
        var index = NewIndex(NewCollectionName());
        await index.EnsureCreatedAsync(dimensions);
        return index;
    }

    protected override async Task DeleteStoresAsync()
    {
        using var client = NewClient();
        foreach (var collection in collections)
        {
            await client.DeleteCollectionAsync(collection);
        }
    }

    [QdrantFact]
    public async Task A_collection_that_HelpdeskBot_did_not_create_is_refused_rather_than_written_to()
    {
        var collection = NewCollectionName();
        using var client = NewClient();
        await client.CreateCollectionAsync(new CreateCollection
        {
            CollectionName = collection,
            VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = Dimensions, Distance = Distance.Cosine } },
        });
        using var index = NewIndex(collection);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => index.EnsureCreatedAsync(Dimensions));

        Assert.Contains(collection, exception.Message, StringComparison.Ordinal);
    }

    private string NewCollectionName()
    {
        var collection = $"helpdeskbot-test-{Guid.NewGuid():N}";
        collections.Add(collection);
        return collection;
    }

    private static QdrantKnowledgeIndex NewIndex(string collection) => new(
        new QdrantIndexOptions { Url = QdrantFactAttribute.Url!, ApiKey = QdrantFactAttribute.ApiKey, Collection = collection },
        NullLogger<QdrantKnowledgeIndex>.Instance);

    private static QdrantClient NewClient() => new(new Uri(QdrantFactAttribute.Url!), QdrantFactAttribute.ApiKey);
}
