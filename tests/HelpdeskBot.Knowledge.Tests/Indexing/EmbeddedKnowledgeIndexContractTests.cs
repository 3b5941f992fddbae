using HelpdeskBot.Knowledge.Indexing;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>The contract against the default index, on real SQLite files in a temporary folder.</summary>
public sealed class EmbeddedKnowledgeIndexContractTests : KnowledgeIndexContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"helpdeskbot-index-{Guid.NewGuid():N}");

    protected override async Task<IKnowledgeIndex> CreateIndexAsync(int dimensions)
    {
        var index = new EmbeddedKnowledgeIndex(Path.Combine(_directory, $"{Guid.NewGuid():N}.db"));
        await index.EnsureCreatedAsync(dimensions);
        return index;
    }

    protected override Task DeleteStoresAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
