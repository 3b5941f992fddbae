namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// Ranking quality with one relevant item per query (binary relevance): mean reciprocal rank (which is also MAP here),
/// recall at k, and NDCG@10 (ideal DCG is 1, so a query scores 1 / log2(rank + 1) when its item is in the top 10).
/// A query whose item was not retrieved at all counts as rank infinity: 0 everywhere.
/// </summary>
internal sealed class RankingMetrics
{
    private readonly List<int?> _ranks = [];

    public int Count => _ranks.Count;

    public void Add(int? rank) => _ranks.Add(rank);

    public double MeanReciprocalRank => Mean(rank => rank is { } r ? 1.0 / r : 0);

    public double RecallAt(int k) => Mean(rank => rank <= k ? 1 : 0);

    public double NdcgAt(int k) => Mean(rank => rank <= k ? 1 / Math.Log2(rank.Value + 1) : 0);

    private double Mean(Func<int?, double> score) => _ranks.Count == 0 ? 0 : _ranks.Sum(score) / _ranks.Count;
}
