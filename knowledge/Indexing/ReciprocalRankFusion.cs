namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): each list adds 1 / (k + rank) for every item it ranks.
/// Ranks, not scores, are fused, so cosine similarities and BM25 scores never need to share a scale. k = 60 is the
/// paper's constant; the Qdrant index asks Qdrant (which counts ranks from 0) for k = 61, so both stores order the same
/// candidates the same way.
/// </summary>
public static class ReciprocalRankFusion
{
    public const int K = 60;

    /// <summary>Fused scores of every key in any list, best first; ties keep the order of first appearance.</summary>
    public static IReadOnlyList<(TKey Key, double Score)> Fuse<TKey>(params IReadOnlyList<TKey>[] rankings)
        where TKey : notnull
    {
        var scores = new Dictionary<TKey, double>();
        var firstSeen = new Dictionary<TKey, int>();
        foreach (var ranking in rankings)
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                var key = ranking[i];
                scores[key] = scores.GetValueOrDefault(key) + 1.0 / (K + i + 1);
                firstSeen.TryAdd(key, firstSeen.Count);
            }
        }

        return scores
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => firstSeen[pair.Key])
            .Select(pair => (pair.Key, pair.Value))
            .ToArray();
    }
}
