using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;

namespace HelpdeskBot.Knowledge.Tests.Retrieval;

public sealed class AnswerRankingTests
{
    // As the index returns them (equal-weight fusion puts "lexical" first): "dense" is first by similarity and fourth on
    // the lexical side, "lexical" third by similarity and first on the lexical side, "other" second by similarity only.
    private static readonly IndexHit Lexical = Hit("lexical", similarity: 0.55f, lexicalRank: 1);
    private static readonly IndexHit Dense = Hit("dense", similarity: 0.70f, lexicalRank: 4);
    private static readonly IndexHit Other = Hit("other", similarity: 0.65f, lexicalRank: null);

    [Fact]
    public void An_English_question_is_answered_from_the_passage_the_embedding_ranks_first_when_the_lexical_side_also_found_it()
    {
        var ranked = KnowledgeSearch.RankForAnswer([Lexical, Dense, Other], "en");

        Assert.Equal(["dense", "lexical", "other"], ranked.Select(hit => hit.Chunk.Text));
    }

    [Fact]
    public void An_Indonesian_question_is_answered_from_the_passage_the_lexical_side_ranks_first()
    {
        var ranked = KnowledgeSearch.RankForAnswer([Lexical, Dense, Other], "id");

        Assert.Equal(["lexical", "dense", "other"], ranked.Select(hit => hit.Chunk.Text));
    }

    [Fact]
    public void An_English_question_is_quoted_an_English_passage_before_a_slightly_closer_Indonesian_one()
    {
        var indonesian = Hit("indonesian", similarity: 0.56f, lexicalRank: 1, language: "id");
        var english = Hit("english", similarity: 0.55f, lexicalRank: 2);

        Assert.Equal(["english", "indonesian"], KnowledgeSearch.RankForAnswer([indonesian, english], "en").Select(hit => hit.Chunk.Text));
        Assert.Equal(["indonesian", "english"], KnowledgeSearch.RankForAnswer([indonesian, english], "id").Select(hit => hit.Chunk.Text));
    }

    [Fact]
    public void An_English_question_is_still_quoted_an_Indonesian_passage_that_both_sides_rank_well_ahead()
    {
        var indonesian = Hit("indonesian", similarity: 0.60f, lexicalRank: 1, language: "id");
        var english = Hit("english", similarity: 0.40f, lexicalRank: 6);
        var other = Hit("other", similarity: 0.45f, lexicalRank: 8);

        Assert.Equal("indonesian", KnowledgeSearch.RankForAnswer([indonesian, english, other], "en")[0].Chunk.Text);
    }

    [Fact]
    public void Ranking_for_the_answer_keeps_every_hit()
    {
        Assert.Empty(KnowledgeSearch.RankForAnswer([], "en"));
        Assert.Equal(3, KnowledgeSearch.RankForAnswer([Lexical, Dense, Other], null).Count);
    }

    [Fact]
    public void An_Indonesian_chunk_is_embedded_through_its_English_gloss()
    {
        var text = KnowledgeLibrary.EmbeddingText("Tunjangan kesehatan karyawan", "Kacamata", "Kacamata ditanggung satu kali setiap 24 bulan.", "id");

        Assert.Equal("allowance health employee › glasses\nglasses covered one times every 24 month", text);
    }

    [Fact]
    public void An_Indonesian_chunk_is_matched_by_its_own_terms_and_by_their_English_renderings()
    {
        var terms = KnowledgeLibrary.LexicalText("Tunjangan kesehatan karyawan", "Kacamata", "Kacamata ditanggung setiap 24 bulan.", "id").Split(' ');

        Assert.Contains("kacamata", terms);
        Assert.Contains("glass", terms);
        Assert.Contains("spectacle", terms);
        Assert.Contains("24", terms);
    }

    [Fact]
    public void An_English_chunk_is_matched_by_its_own_terms_only()
    {
        Assert.Equal(
            "return refund refund refund within 7 work day",
            KnowledgeLibrary.LexicalText("Returns and refunds", "Refunds", "We refund within 7 working days.", "en"));
    }

    [Fact]
    public void An_English_chunk_is_embedded_with_its_title_and_heading_only()
    {
        Assert.Equal(
            "Returns and refunds › Refunds\nWe refund within 7 working days.",
            KnowledgeLibrary.EmbeddingText("Returns and refunds", "Refunds", "We refund within 7 working days.", "en"));
    }

    private static IndexHit Hit(string name, float similarity, int? lexicalRank, string language = "en") => new(
        new IndexedChunk(
            Guid.NewGuid(), Guid.NewGuid(), 1, 0, "Title", "", name, name, Audience.Everyone, language, DocumentStatus.Published, null, null, []),
        Score: 0,
        similarity,
        lexicalRank);
}
