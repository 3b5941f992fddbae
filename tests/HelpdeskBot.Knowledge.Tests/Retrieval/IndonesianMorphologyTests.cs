using HelpdeskBot.Knowledge.Retrieval;

namespace HelpdeskBot.Knowledge.Tests.Retrieval;

public sealed class IndonesianMorphologyTests
{
    [Theory]
    [InlineData("dikembalikan", "kembali")]
    [InlineData("mengirimkan", "kirim")]
    [InlineData("pengiriman", "kirim")]
    [InlineData("memakai", "pakai")]
    [InlineData("pemakaian", "pakai")]
    [InlineData("menerima", "terima")]
    [InlineData("menyampaikan", "sampai")]
    [InlineData("penyelesaian", "selesai")]
    [InlineData("membayar", "bayar")]
    [InlineData("menghubungi", "hubung")]
    [InlineData("mengecek", "cek")]
    [InlineData("melaporkan", "lapor")]
    [InlineData("bekerja", "kerja")]
    [InlineData("berlaku", "laku")]
    [InlineData("kesehatan", "sehat")]
    [InlineData("perbaikan", "baik")]
    [InlineData("ditanggungnya", "tanggung")]
    [InlineData("garansinya", "garansi")]
    [InlineData("apakah", "apa")]
    public void Formal_affixes_are_undone(string word, string root)
    {
        Assert.Contains(root, IndonesianMorphology.Candidates(word));
    }

    [Theory]
    [InlineData("ngajuin", "aju")]
    [InlineData("ngirim", "kirim")]
    [InlineData("ngecek", "cek")]
    [InlineData("nelpon", "telpon")]
    [InlineData("nunggu", "tunggu")]
    [InlineData("nyari", "cari")]
    public void Informal_chat_forms_are_undone(string word, string root)
    {
        Assert.Contains(root, IndonesianMorphology.Candidates(word));
    }

    [Fact]
    public void The_word_itself_comes_first_and_less_stripped_readings_before_more_stripped_ones()
    {
        var candidates = IndonesianMorphology.Candidates("perbaikannya");

        Assert.Equal("perbaikannya", candidates[0]);
        Assert.True(candidates.ToList().IndexOf("perbaikan") < candidates.ToList().IndexOf("baik"));
    }

    [Theory]
    [InlineData("anak-anak", "anak")]
    [InlineData("di-refund", "refund")]
    public void Hyphenated_words_yield_their_base(string word, string root)
    {
        Assert.Contains(root, IndonesianMorphology.Candidates(word));
    }

    [Fact]
    public void Short_remainders_are_not_offered_as_roots()
    {
        Assert.All(IndonesianMorphology.Candidates("makan"), candidate => Assert.True(candidate.Length >= 3));
        Assert.DoesNotContain("ma", IndonesianMorphology.Candidates("makan"));
    }
}
