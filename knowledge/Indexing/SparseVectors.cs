using System.Text;

namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// Analysed text as sparse vectors for Qdrant's lexical side: one dimension per term, the index a hash of the term.
/// A chunk's values carry BM25's term-frequency half (saturation and length normalisation); Qdrant multiplies in the
/// other half, the inverse document frequency, because the collection's sparse vector has <c>Modifier.Idf</c>. A query
/// weighs each of its terms 1, so the dot product Qdrant computes is the chunk's BM25 score for the query.
/// </summary>
internal static class SparseVectors
{
    /// <summary>BM25's term-frequency saturation: a term's second occurrence adds less than its first.</summary>
    internal const float K1 = 1.2f;

    /// <summary>BM25's length normalisation: a term in a long chunk weighs less than in a short one.</summary>
    internal const float B = 0.75f;

    /// <summary>
    /// A typical chunk's length in analysed terms. BM25 uses the collection's average, but a vector written once cannot
    /// follow an average that moves as documents come and go; chunks are cut to a similar size, so a constant is close
    /// enough and keeps every stored vector valid.
    /// </summary>
    internal const float AverageLength = 60f;

    /// <summary>The chunk side: BM25 term-frequency weights of <paramref name="lexicalText"/> (terms separated by spaces).</summary>
    public static (uint[] Indices, float[] Values) FromLexicalText(string lexicalText)
    {
        var frequencies = TermFrequencies(lexicalText, out var length);
        var lengthNorm = K1 * (1 - B + B * length / AverageLength);
        return Build(frequencies.Select(term => (TermIndex(term.Key), term.Value * (K1 + 1) / (term.Value + lengthNorm))));
    }

    /// <summary>The query side: weight 1 per distinct term, so repeating a word in a question does not count twice.</summary>
    public static (uint[] Indices, float[] Values) FromQueryText(string lexicalText) =>
        Build(TermFrequencies(lexicalText, out _).Keys.Select(term => (TermIndex(term), 1f)));

    /// <summary>
    /// FNV-1a over the term's UTF-8 bytes: stable across processes and .NET versions (unlike <see cref="string.GetHashCode()"/>),
    /// so vectors written by one version are still matched by the next.
    /// </summary>
    public static uint TermIndex(string term)
    {
        const uint offsetBasis = 2_166_136_261;
        const uint prime = 16_777_619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(term))
        {
            hash = (hash ^ b) * prime;
        }

        return hash;
    }

    private static Dictionary<string, int> TermFrequencies(string lexicalText, out int length)
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = lexicalText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var term in terms)
        {
            frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
        }

        length = terms.Length;
        return frequencies;
    }

    // Qdrant refuses duplicate indices; two terms that hash alike are rare enough that adding their weights, as if they
    // were one term, costs less than a wider hash would.
    private static (uint[] Indices, float[] Values) Build(IEnumerable<(uint Index, float Value)> weights)
    {
        var summed = new SortedDictionary<uint, float>();
        foreach (var (index, value) in weights)
        {
            summed[index] = summed.GetValueOrDefault(index) + value;
        }

        return ([.. summed.Keys], [.. summed.Values]);
    }
}
