using HelpdeskBot.Knowledge.Retrieval;

namespace HelpdeskBot.Knowledge.Tests.Retrieval;

public sealed class BilingualLexiconTests
{
    private static BilingualLexicon Small() => BilingualLexicon.Parse(new StringReader(
        """
        # a comment, then a blank line

        cuti	leave|time off
        cuti tahunan	annual leave
        tahunan	annual|yearly
        kirim	send|ship
        pengembalian dana	refund
        berapa	how many|how much
        yang	-
        """));

    [Fact]
    public void Parsing_reads_entries_and_skips_comments_and_blank_lines()
    {
        var lexicon = Small();

        Assert.Equal(7, lexicon.Count);
        Assert.Equal(["leave", "time off"], lexicon.Lookup("cuti"));
        Assert.Equal(["annual leave"], lexicon.Lookup("Cuti  Tahunan"));
    }

    [Fact]
    public void A_line_without_a_tab_is_rejected_with_its_number()
    {
        var error = Assert.Throws<InvalidDataException>(() => BilingualLexicon.Parse(new StringReader("cuti\tleave\nrusak damaged")));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_listed_twice_keeps_its_first_gloss_and_gains_the_other_renderings()
    {
        var lexicon = BilingualLexicon.Parse(new StringReader("kirim\tsend\nkirim\tship|send"));

        Assert.Equal(["send", "ship"], lexicon.Lookup("kirim"));
    }

    [Fact]
    public void The_longest_phrase_wins_over_its_words()
    {
        Assert.Equal("annual leave how many", Small().ToEnglish("cuti tahunan berapa?"));
        Assert.Equal("leave how many", Small().ToEnglish("cuti berapa?"));
    }

    [Fact]
    public void A_phrase_does_not_run_across_a_sentence_end()
    {
        Assert.Equal("leave annual", Small().ToEnglish("Cuti. Tahunan"));
    }

    [Fact]
    public void A_phrase_is_found_with_a_possessive_on_its_last_word()
    {
        Assert.Equal("annual leave", Small().ToEnglish("cuti tahunannya"));
    }

    [Fact]
    public void A_gloss_leaves_out_function_words_and_keeps_names_numbers_and_addresses()
    {
        Assert.Equal("send gopay rp 200.000 to garansi@shop.example", Small().ToEnglish("kirim yang GoPay Rp 200.000 to garansi@shop.example"));
    }

    [Theory]
    [InlineData("dikirim")]
    [InlineData("dikirimkan")]
    [InlineData("mengirim")]
    [InlineData("mengirimkan")]
    [InlineData("pengiriman")]
    [InlineData("kirimnya")]
    [InlineData("ngirim")]
    public void A_word_is_found_by_its_root_under_prefixes_and_suffixes(string word)
    {
        Assert.Equal(["send", "ship"], Small().Lookup(word));
    }

    [Fact]
    public void Terms_for_matching_carry_every_rendering_and_no_unknown_words()
    {
        Assert.Equal("leave time off how many how much", Small().EnglishTerms("cuti xyz berapa"));
    }

    [Fact]
    public void English_text_yields_the_Indonesian_words_for_its_phrases_and_words()
    {
        var terms = Small().IndonesianTerms("How do I get a refund for my annual leave?").Split(' ');

        Assert.Contains("pengembalian dana", string.Join(' ', terms), StringComparison.Ordinal);
        Assert.Contains("cuti tahunan", string.Join(' ', terms), StringComparison.Ordinal);
        Assert.DoesNotContain("yang", terms);
    }

    [Fact]
    public void English_function_words_do_not_turn_into_Indonesian_terms()
    {
        var lexicon = BilingualLexicon.Parse(new StringReader("di\tin|at\nuntuk\tfor\ncuti\tleave"));

        Assert.Equal("cuti", lexicon.IndonesianTerms("leave for the day in Bali"));
    }

    [Theory]
    [InlineData("kata sandinya berapa karakter?", "password")]
    [InlineData("cuti melahirkan berapa bulan", "maternity leave")]
    [InlineData("ongkir ke surabaya", "shipping fee")]
    [InlineData("bisa bayar cod?", "cash on delivery")]
    [InlineData("gimana cara ngajuin reimburse", "submit")]
    [InlineData("kalau nelpon cs lama banget", "phone")]
    [InlineData("uang harian perjalanan dinas", "per diem")]
    [InlineData("laptop kantor saya dicuri", "stolen")]
    public void The_shipped_lexicon_renders_everyday_Indonesian_questions(string question, string english)
    {
        Assert.Contains(english, BilingualLexicon.Default.ToEnglish(question), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How many days of annual leave do I get?", "cuti tahunan")]
    [InlineData("where do I send a warranty claim", "garansi")]
    [InlineData("what is the outpatient limit", "rawat jalan")]
    [InlineData("who do I e-mail about a complaint", "pengaduan")]
    public void The_shipped_lexicon_gives_Indonesian_words_for_English_policy_terms(string question, string indonesian)
    {
        Assert.Contains(indonesian, BilingualLexicon.Default.IndonesianTerms(question), StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_lexicon_knows_nearly_every_word_of_the_Indonesian_seed_documents()
    {
        var words = HelpdeskBot.Knowledge.Library.SeedCorpus.Files()
            .Select(f => System.Text.Encoding.UTF8.GetString(f.Content))
            .Where(text => text.Contains("language: id", StringComparison.Ordinal))
            .SelectMany(text => text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.Trim('.', ',', ';', ':', '?', '!', '(', ')', '"', '*', '|').ToLowerInvariant())
            .Where(w => w.Length > 3 && w.All(char.IsLetter))
            .ToArray();

        var known = words.Count(w => BilingualLexicon.Default.Lookup(w).Count > 0);

        Assert.True(words.Length > 1000);
        Assert.True(known >= 0.95 * words.Length, $"{known} of {words.Length} words known");
    }
}
