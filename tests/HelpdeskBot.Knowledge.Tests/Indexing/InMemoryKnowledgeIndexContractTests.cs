using HelpdeskBot.Knowledge.Indexing;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>The contract against the brute-force reference, so the suite itself is known to pass and to catch a broken rule.</summary>
public sealed class InMemoryKnowledgeIndexContractTests : KnowledgeIndexContract
{
    protected override async Task<IKnowledgeIndex> CreateIndexAsync(int dimensions)
    {
        var index = new InMemoryKnowledgeIndex();
        await index.EnsureCreatedAsync(dimensions);
        return index;
    }
}
