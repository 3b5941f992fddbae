using System.Numerics.Tensors;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>
/// Groups inbox items by meaning: leader clustering on the sentence embeddings, within each language. Items are taken
/// oldest first (then by id); each joins the group whose first item is most similar (cosine) if that similarity reaches
/// the threshold, else starts a new group. The same items always give the same groups.
/// </summary>
internal static class InboxGrouping
{
    /// <summary>
    /// The cosine similarity (MiniLM all-MiniLM-L6-v2) an English item needs with a group's first item to join it.
    /// Measured by <c>InboxGroupingTests</c>, counting pairs of utterances that share a group (precision: the pair is
    /// one question; recall: one question's pairs put together): on CLINC150's test split (30 intents × 30 + 100
    /// out-of-scope) 0.50 gives 87.9 % / 39.9 %, 0.55 gives 93.2 % / 33.5 %, 0.60 gives 95.1 % / 25.6 %; on the
    /// classifier's English held-out split 0.55 gives 78.6 % / 14.1 %. An admin acts on a whole group, so a group mixing
    /// two questions costs more than one question split in two: 0.55, where precision passes 90 % on CLINC150.
    /// (Comparing with the group's running centroid instead of its first item was far worse: the mean of many
    /// sentences resembles every sentence, and groups snowballed to 10 % precision.)
    /// </summary>
    public const float EnglishThreshold = 0.55f;

    /// <summary>
    /// The same for other languages (Indonesian). The embedding model is English-only: on the Indonesian held-out split
    /// no threshold reaches 35 % precision, so this one keeps groups to near-duplicates (0.75: groups of at most 3).
    /// </summary>
    public const float OtherLanguageThreshold = 0.75f;

    public static float ThresholdFor(string language) => language == Skills.Conversations.Languages.English ? EnglishThreshold : OtherLanguageThreshold;

    public sealed record Member<T>(T Item, float[] Vector, DateTime AtUtc, long Id, string Language = Skills.Conversations.Languages.English);

    /// <summary>Groups <paramref name="members"/> within each language, with <see cref="ThresholdFor"/> or the given threshold for all.</summary>
    public static IReadOnlyList<IReadOnlyList<T>> Group<T>(IEnumerable<Member<T>> members, float? threshold = null) =>
        [.. members.GroupBy(m => m.Language, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(language => GroupOneLanguage(language, threshold ?? ThresholdFor(language.Key)))];

    /// <summary>Groups <paramref name="members"/>; each group lists its members oldest first.</summary>
    private static IEnumerable<IReadOnlyList<T>> GroupOneLanguage<T>(IEnumerable<Member<T>> members, float threshold)
    {
        var groups = new List<(List<T> Items, float[] Leader)>();
        foreach (var member in members.OrderBy(m => m.AtUtc).ThenBy(m => m.Id))
        {
            var best = -1;
            var bestSimilarity = float.NegativeInfinity;
            if (member.Vector.Length > 0)
            {
                for (var g = 0; g < groups.Count; g++)
                {
                    var leader = groups[g].Leader;
                    if (leader.Length != member.Vector.Length)
                    {
                        continue;
                    }

                    var similarity = TensorPrimitives.CosineSimilarity(member.Vector, leader);
                    if (similarity > bestSimilarity)
                    {
                        (best, bestSimilarity) = (g, similarity);
                    }
                }
            }

            if (best >= 0 && bestSimilarity >= threshold)
            {
                groups[best].Items.Add(member.Item);
            }
            else
            {
                // Without an embedding an item cannot be compared: a group of its own.
                groups.Add(([member.Item], member.Vector));
            }
        }

        return groups.Select(g => (IReadOnlyList<T>)g.Items);
    }
}
