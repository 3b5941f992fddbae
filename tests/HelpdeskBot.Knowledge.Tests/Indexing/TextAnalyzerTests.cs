using HelpdeskBot.Knowledge.Indexing;

namespace HelpdeskBot.Knowledge.Tests.Indexing;

public sealed class TextAnalyzerTests
{
    [Theory]
    [InlineData("refunds", "refund")]
    [InlineData("refunded", "refund")]
    [InlineData("refunding", "refund")]
    [InlineData("shipped", "ship")]
    [InlineData("shipping", "ship")]
    [InlineData("policies", "policy")]
    [InlineData("boxes", "box")]
    [InlineData("status", "status")]
    [InlineData("address", "address")]
    [InlineData("staff", "staff")]
    public void English_words_meet_their_stem(string word, string stem) =>
        Assert.Equal(stem, TextAnalyzer.Analyze(word, "en"));

    [Theory]
    [InlineData("pengembalian", "dikembalikan")]
    [InlineData("mengembalikan", "dikembalikan")]
    [InlineData("pengiriman", "dikirim")]
    [InlineData("pembayaran", "dibayar")]
    [InlineData("karyawannya", "karyawan")]
    [InlineData("perjalanan", "berjalan")]
    [InlineData("menulis", "ditulis")]
    [InlineData("kembalilah", "kembali")]
    public void Indonesian_words_built_on_one_root_share_a_term(string one, string other)
    {
        var first = TextAnalyzer.DistinctTerms(TextAnalyzer.Analyze(one, "id"));
        var second = TextAnalyzer.DistinctTerms(TextAnalyzer.Analyze(other, "id"));

        Assert.NotEmpty(first.Intersect(second));
    }

    [Theory]
    [InlineData("kembali")]
    [InlineData("hari")]
    [InlineData("garansi")]
    public void Indonesian_roots_are_left_whole(string root) =>
        Assert.Contains(root, TextAnalyzer.DistinctTerms(TextAnalyzer.Analyze(root, "id")));

    [Fact]
    public void Numbers_keep_their_digits_whatever_the_thousands_separator()
    {
        Assert.Equal("rp 1500000", TextAnalyzer.Analyze("Rp 1.500.000", "id"));
        Assert.Equal("1500000 idr", TextAnalyzer.Analyze("1,500,000 IDR", "en"));
    }

    [Fact]
    public void Stop_words_of_both_languages_are_dropped_and_accents_folded()
    {
        Assert.Equal("return window", TextAnalyzer.Analyze("What is the return window?", "en"));
        Assert.Equal("cuti tahun", TextAnalyzer.Analyze("Berapa cuti tahunan saya?", "id"));
        Assert.Equal("cafe", TextAnalyzer.Analyze("Café", "en"));
    }

    [Theory]
    [InlineData("\"; DROP TABLE chunks; --")]
    [InlineData("refund* OR NEAR(a b) AND NOT \"x")]
    [InlineData("title:secret ^start {col}: (a")]
    public void Query_syntax_in_user_text_becomes_plain_terms(string text)
    {
        var analysed = TextAnalyzer.Analyze(text, "en");

        Assert.All(TextAnalyzer.DistinctTerms(analysed), term => Assert.True(term.All(char.IsLetterOrDigit), term));
    }
}
