using HelpdeskBot.Knowledge.Documents;

namespace HelpdeskBot.Knowledge.Tests.Documents;

public sealed class TextChunkerTests
{
    private static readonly TextChunker Chunker = new(new ChunkingOptions { MaxCharacters = 200, OverlapCharacters = 50 });

    private static ParsedDocument Document(params DocumentSection[] sections) => new(new DocumentFields(), sections);

    private static DocumentSection Section(string[] path, params string[] paragraphs) => new(path, paragraphs);

    /// <summary>Deterministic sentences of varied length, each ending with a full stop.</summary>
    private static string Sentences(int count, int seed)
    {
        var random = new Random(seed);
        string[] words = ["refund", "order", "delivery", "card", "the", "within", "days", "customer", "returned", "item", "support", "invoice"];
        return string.Join(' ', Enumerable.Range(0, count).Select(i =>
        {
            var sentence = string.Join(' ', Enumerable.Range(0, random.Next(4, 14)).Select(_ => words[random.Next(words.Length)]));
            return char.ToUpperInvariant(sentence[0]) + sentence[1..] + $" {i}.";
        }));
    }

    /// <summary>The overlap a chunk repeats from the one before: the longest suffix of the previous chunk it starts with.</summary>
    private static int OverlapLength(string previous, string chunk)
    {
        for (var length = Math.Min(previous.Length - 1, chunk.Length - 1); length > 0; length--)
        {
            if (char.IsWhiteSpace(chunk[length]) && previous.EndsWith(chunk[..length], StringComparison.Ordinal))
            {
                return length;
            }
        }

        return 0;
    }

    [Fact]
    public void A_chunk_never_mixes_two_sections_and_keeps_its_heading_path()
    {
        var chunks = Chunker.Split(Document(
            Section(["Returns"], "Short text about returns."),
            Section(["Returns", "Refunds"], "Short text about refunds."),
            Section([], "Loose text.")));

        Assert.Equal(
            [(0, "Returns", "Short text about returns."), (1, "Returns › Refunds", "Short text about refunds."), (2, "", "Loose text.")],
            chunks.Select(c => (c.Ordinal, TextChunker.HeadingPathText(c.HeadingPath), c.Text)).ToArray());
    }

    [Fact]
    public void Whole_paragraphs_are_packed_up_to_the_limit()
    {
        var paragraph = new string('a', 60) + " end.";

        var chunks = Chunker.Split(Document(Section(["S"], paragraph, paragraph, paragraph, paragraph)));

        // Three 65-character paragraphs with two blank-line separators are 199 characters; the fourth starts a new chunk.
        Assert.Equal(2, chunks.Count);
        Assert.Equal(string.Join("\n\n", paragraph, paragraph, paragraph), chunks[0].Text);
        Assert.EndsWith(paragraph, chunks[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_chunk_is_longer_than_the_maximum_and_every_paragraph_lands_whole_in_its_section()
    {
        var random = new Random(5);
        var sections = Enumerable.Range(0, 6)
            .Select(s => Section([$"Section {s}"], [.. Enumerable.Range(0, random.Next(1, 8)).Select(p => Sentences(random.Next(1, 4), (s * 10) + p))]))
            .ToArray();

        var chunks = Chunker.Split(Document(sections));

        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 200));
        foreach (var section in sections)
        {
            var texts = chunks.Where(c => c.HeadingPath.SequenceEqual(section.HeadingPath)).Select(c => c.Text).ToList();
            Assert.All(section.Paragraphs.Where(p => p.Length <= 200), p => Assert.Contains(texts, t => t.Contains(p, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void A_continuing_section_repeats_the_end_of_the_previous_chunk_from_a_word_start()
    {
        var chunks = Chunker.Split(Document(Section(["S"], Sentences(40, seed: 1))));

        Assert.True(chunks.Count >= 4, $"{chunks.Count} chunks");
        for (var i = 1; i < chunks.Count; i++)
        {
            var previous = chunks[i - 1].Text;
            var overlap = OverlapLength(previous, chunks[i].Text);
            Assert.InRange(overlap, 10, 50);
            Assert.True(char.IsWhiteSpace(previous[previous.Length - overlap - 1]), $"overlap starts mid-word: '{chunks[i].Text[..overlap]}'");
        }
    }

    [Fact]
    public void The_overlap_starts_at_a_sentence_when_one_starts_within_reach()
    {
        var paragraph = string.Join(' ', Enumerable.Range(10, 40).Select(i => $"Step {i} is done here."));

        var chunks = Chunker.Split(Document(Section(["S"], paragraph)));

        Assert.True(chunks.Count >= 4);
        Assert.All(chunks.Skip(1), c => Assert.Matches(@"^Step \d\d is done here\. Step", c.Text));
    }

    [Fact]
    public void A_new_section_starts_without_overlap()
    {
        var chunks = Chunker.Split(Document(Section(["A"], Sentences(10, 3)), Section(["B"], "Second section.")));

        Assert.Equal("Second section.", chunks[^1].Text);
    }

    [Fact]
    public void A_paragraph_longer_than_a_chunk_is_split_at_sentence_ends_and_nothing_is_lost()
    {
        var paragraph = Sentences(30, seed: 4);

        var chunks = Chunker.Split(Document(Section(["S"], paragraph)));

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.EndsWith(".", c.Text, StringComparison.Ordinal));
        var rebuilt = chunks[0].Text;
        for (var i = 1; i < chunks.Count; i++)
        {
            rebuilt += " " + chunks[i].Text[OverlapLength(chunks[i - 1].Text, chunks[i].Text)..].TrimStart();
        }

        Assert.Equal(paragraph, rebuilt);
    }

    [Fact]
    public void A_sentence_longer_than_a_chunk_is_split_between_words()
    {
        var words = Enumerable.Range(0, 120).Select(i => $"kata{i}").ToArray();

        var chunks = Chunker.Split(Document(Section(["S"], string.Join(' ', words))));

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, 200));
        Assert.All(chunks.SelectMany(c => c.Text.Split(' ')), w => Assert.Contains(w, words));
        Assert.Equal(words, chunks.SelectMany(c => c.Text.Split(' ')).Distinct());
    }

    [Fact]
    public void Ordinals_count_from_zero_in_reading_order_across_sections()
    {
        var chunks = Chunker.Split(Document(
            Section(["A"], Sentences(12, 6)),
            Section(["A", "B"]),
            Section(["C"], Sentences(12, 7))));

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
        Assert.Equal(["A", "C"], chunks.Select(c => c.HeadingPath[^1]).Distinct());
    }

    [Fact]
    public void Whitespace_is_normalised_and_empty_paragraphs_and_sections_make_no_chunks()
    {
        var chunks = Chunker.Split(Document(
            Section(["Empty"]),
            Section(["S"], "  Line one\n\twith   tabs \u00A0 ", "   ", "Second.")));

        var chunk = Assert.Single(chunks);
        Assert.Equal("Line one with tabs\n\nSecond.", chunk.Text);
    }

    [Fact]
    public void Indonesian_text_is_split_at_sentences_without_breaking_words()
    {
        const string Paragraph =
            "Pengembalian dana diproses dalam tujuh hari kerja setelah barang kami terima. " +
            "Jika pembayaran menggunakan kartu kredit, dana akan dikembalikan ke kartu yang sama. " +
            "Untuk pembayaran melalui transfer bank, mohon sertakan nomor rekening dan nama pemilik rekening. " +
            "Biaya pengiriman tidak dapat dikembalikan kecuali barang rusak atau salah kirim. " +
            "Hubungi layanan pelanggan kami melalui obrolan atau email bila ada pertanyaan.";
        var words = Paragraph.Split(' ').ToHashSet();

        var chunks = Chunker.Split(Document(Section(["Kebijakan", "Pengembalian dana"], Paragraph)));

        Assert.True(chunks.Count >= 3);
        Assert.All(chunks, c => Assert.True(c.Text.Length <= 200));
        Assert.All(chunks, c => Assert.All(c.Text.Split(' '), w => Assert.Contains(w, words)));
        Assert.All(chunks, c => Assert.EndsWith(".", c.Text, StringComparison.Ordinal));
        Assert.Equal("Kebijakan › Pengembalian dana", TextChunker.HeadingPathText(chunks[0].HeadingPath));
    }

    [Fact]
    public void The_default_options_are_900_characters_with_150_of_overlap()
    {
        var chunks = new TextChunker().Split(Document(Section(["S"], Sentences(80, 8))));

        Assert.All(chunks, c => Assert.True(c.Text.Length <= 900));
        Assert.Contains(chunks, c => c.Text.Length > 700);
        Assert.InRange(OverlapLength(chunks[0].Text, chunks[1].Text), 50, 150);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(200, -1)]
    [InlineData(200, 101)]
    public void Options_that_cannot_work_are_refused(int max, int overlap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextChunker(new ChunkingOptions { MaxCharacters = max, OverlapCharacters = overlap }));
    }
}
