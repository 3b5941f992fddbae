using HelpdeskBot.Knowledge.Indexing;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

public sealed class SparseVectorsTests
{
    [Fact]
    public void A_term_index_is_the_FNV_1a_hash_of_its_UTF_8_bytes_so_it_never_changes_between_runs()
    {
        Assert.Equal(0xE40C292Cu, SparseVectors.TermIndex("a"));
        Assert.Equal(0xBF9CF968u, SparseVectors.TermIndex("foobar"));
        Assert.NotEqual(SparseVectors.TermIndex("retour"), SparseVectors.TermIndex("retour\u00e9"));
    }

    [Fact]
    public void Indices_are_sorted_ascending_and_unique_with_one_value_each()
    {
        var (indices, values) = SparseVectors.FromLexicalText("zebra apple refund apple mango refund kiwi");

        Assert.Equal(5, indices.Length);
        Assert.Equal(indices.Length, values.Length);
        Assert.Equal(indices.Order(), indices);
        Assert.Equal(indices.Distinct(), indices);
    }

    [Fact]
    public void A_chunk_term_weighs_its_BM25_term_frequency_saturation()
    {
        var (indices, values) = SparseVectors.FromLexicalText("refund refund polici");

        // len 3 of an assumed average 60: the length norm is k1 * (1 - b + b * 3 / 60).
        var norm = 1.2f * (1 - 0.75f + 0.75f * 3 / 60f);
        Assert.Equal(2 * 2.2f / (2 + norm), ValueOf("refund", indices, values), 1e-5f);
        Assert.Equal(1 * 2.2f / (1 + norm), ValueOf("polici", indices, values), 1e-5f);
    }

    [Fact]
    public void A_repeated_term_weighs_more_but_less_than_twice_as_much()
    {
        var once = Single(SparseVectors.FromLexicalText("refund polici"), "refund");
        var twice = Single(SparseVectors.FromLexicalText("refund refund"), "refund");

        Assert.InRange(twice, once * 1.01f, once * 2f);
    }

    [Fact]
    public void The_same_term_weighs_less_in_a_longer_chunk()
    {
        var shortChunk = Single(SparseVectors.FromLexicalText("refund polici"), "refund");
        var longChunk = Single(SparseVectors.FromLexicalText("refund " + string.Join(' ', Enumerable.Repeat("polici", 120))), "refund");

        Assert.True(longChunk < shortChunk);
    }

    [Fact]
    public void A_query_weighs_each_distinct_term_once()
    {
        var (indices, values) = SparseVectors.FromQueryText("refund refund  polici");

        Assert.Equal(new[] { SparseVectors.TermIndex("refund"), SparseVectors.TermIndex("polici") }.Order(), indices);
        Assert.Equal([1f, 1f], values);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Text_without_terms_gives_an_empty_vector(string text)
    {
        Assert.Empty(SparseVectors.FromLexicalText(text).Indices);
        Assert.Empty(SparseVectors.FromQueryText(text).Indices);
    }

    [Fact]
    public void Two_terms_that_hash_alike_share_one_index_with_their_weights_added()
    {
        // "glbvs" and "yacxa" are an FNV-1a 32-bit collision.
        Assert.Equal(SparseVectors.TermIndex("glbvs"), SparseVectors.TermIndex("yacxa"));

        var query = SparseVectors.FromQueryText("glbvs yacxa");
        var chunk = SparseVectors.FromLexicalText("glbvs yacxa");
        var single = SparseVectors.FromLexicalText("glbvs glbvs");

        Assert.Equal([2f], query.Values);
        Assert.Equal(SparseVectors.TermIndex("glbvs"), Assert.Single(chunk.Indices));
        Assert.True(Assert.Single(chunk.Values) > Assert.Single(single.Values), "two tf-1 weights add up to more than one tf-2 weight");
    }

    private static float ValueOf(string term, uint[] indices, float[] values) =>
        values[Array.IndexOf(indices, SparseVectors.TermIndex(term))];

    private static float Single((uint[] Indices, float[] Values) vector, string term) => ValueOf(term, vector.Indices, vector.Values);
}
