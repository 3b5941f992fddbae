using System.Numerics.Tensors;
using HelpdeskBot.Knowledge.Indexing;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>
/// The contract done the obvious way, by brute force over a dictionary: cosine by dot product, BM25 with the same term
/// weights Qdrant is sent (<see cref="SparseVectors"/>) and the IDF over every chunk, RRF with k = 60. It shows the
/// contract suite passes for a straightforward implementation, and fails when one rule is broken.
/// </summary>
internal sealed class InMemoryKnowledgeIndex : IKnowledgeIndex
{
    private const int RrfK = 60;

    private readonly Dictionary<Guid, IndexedChunk> chunks = [];
    private int? dimensions;

    public string Name => "memory";

    public Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default)
    {
        if (this.dimensions is { } existing && existing != dimensions)
        {
            throw new InvalidOperationException($"The index holds {existing}-dimension vectors, not {dimensions}: the model changed.");
        }

        this.dimensions = dimensions;
        return Task.CompletedTask;
    }

    public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            this.chunks[chunk.Id] = chunk;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks.Values.Where(c => c.DocumentId == documentId && (version is null || c.Version == version)).ToList())
        {
            chunks.Remove(chunk.Id);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<IndexHit>>([]);
        }

        var candidates = chunks.Values.Where(query.Filter.Matches).ToList();
        var dense = query.Vector.Length == 0
            ? []
            : candidates.OrderByDescending(chunk => Cosine(query.Vector, chunk.Vector)).ToList();
        var lexical = Bm25(candidates, query.LexicalText);
        var lexicalRanks = lexical.Select((hit, i) => (hit.Chunk.Id, Rank: i + 1)).ToDictionary(x => x.Id, x => x.Rank);

        IEnumerable<IndexHit> hits = query.Mode switch
        {
            SearchMode.Vector => dense.Select(chunk => Hit(chunk, Cosine(query.Vector, chunk.Vector), null)),
            SearchMode.Lexical => lexical.Select((hit, i) => Hit(hit.Chunk, hit.Score, i + 1)),
            _ => Fuse(dense, lexical.Select(hit => hit.Chunk).ToList(), Math.Max(4 * query.Limit, 40))
                .Select(fused => Hit(fused.Chunk, fused.Score, lexicalRanks.TryGetValue(fused.Chunk.Id, out var rank) ? rank : null)),
        };
        return Task.FromResult<IReadOnlyList<IndexHit>>([.. hits.Take(query.Limit)]);

        IndexHit Hit(IndexedChunk chunk, double score, int? lexicalRank) =>
            new(chunk, score, Cosine(query.Vector, chunk.Vector), lexicalRank);
    }

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult((long)chunks.Count);

    private static float Cosine(float[] a, float[] b) => a.Length == b.Length && a.Length > 0 ? TensorPrimitives.Dot(a, b) : 0f;

    // Scored like Qdrant scores a sparse vector with the IDF modifier: query weight × chunk weight × IDF, the IDF
    // counted over every chunk in the index, not only those the filter lets through.
    private List<(IndexedChunk Chunk, double Score)> Bm25(List<IndexedChunk> candidates, string lexicalText)
    {
        var query = SparseVectors.FromQueryText(lexicalText);
        if (query.Indices.Length == 0)
        {
            return [];
        }

        var vectors = chunks.Values.ToDictionary(chunk => chunk.Id, chunk => SparseVectors.FromLexicalText(chunk.LexicalText));
        var idf = query.Indices.ToDictionary(term => term, term =>
        {
            var containing = vectors.Values.Count(vector => Array.BinarySearch(vector.Indices, term) >= 0);
            return Math.Log(1 + (vectors.Count - containing + 0.5) / (containing + 0.5));
        });

        return [.. candidates
            .Select(chunk =>
            {
                var (indices, values) = vectors[chunk.Id];
                var score = 0.0;
                for (var i = 0; i < query.Indices.Length; i++)
                {
                    var at = Array.BinarySearch(indices, query.Indices[i]);
                    if (at >= 0)
                    {
                        score += query.Values[i] * values[at] * idf[query.Indices[i]];
                    }
                }

                return (Chunk: chunk, Score: score);
            })
            .Where(hit => hit.Score > 0)
            .OrderByDescending(hit => hit.Score)];
    }

    private static IEnumerable<(IndexedChunk Chunk, double Score)> Fuse(List<IndexedChunk> dense, List<IndexedChunk> lexical, int depth)
    {
        var scores = new Dictionary<Guid, (IndexedChunk Chunk, double Score)>();
        foreach (var ranking in new[] { dense, lexical })
        {
            foreach (var (chunk, i) in ranking.Take(depth).Select((chunk, i) => (chunk, i)))
            {
                var previous = scores.TryGetValue(chunk.Id, out var fused) ? fused.Score : 0.0;
                scores[chunk.Id] = (chunk, previous + 1.0 / (RrfK + i + 1));
            }
        }

        return scores.Values.OrderByDescending(hit => hit.Score);
    }
}
