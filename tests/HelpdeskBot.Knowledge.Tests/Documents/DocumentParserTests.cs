using HelpdeskBot.Knowledge.Documents;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

public sealed class DocumentParserTests
{
    [Theory]
    [InlineData("a.md", true)]
    [InlineData("A.MARKDOWN", true)]
    [InlineData("notes.txt", true)]
    [InlineData("page.html", true)]
    [InlineData("page.HTM", true)]
    [InlineData("scan.pdf", true)]
    [InlineData("policy.docx", true)]
    [InlineData("policy.doc", false)]
    [InlineData("sheet.xlsx", false)]
    [InlineData("README", false)]
    [InlineData("archive.md.zip", false)]
    public void Supported_types_are_chosen_by_extension(string fileName, bool supported)
    {
        Assert.Equal(supported, DocumentParser.IsSupported(fileName));
    }

    [Fact]
    public void The_supported_extensions_are_listed_for_upload_forms()
    {
        Assert.Equal([".docx", ".htm", ".html", ".markdown", ".md", ".pdf", ".txt"], DocumentParser.SupportedExtensions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unsupported_type_is_an_error_listing_what_can_be_uploaded()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("uploads/budget.xlsx", Utf8("a,b")));

        Assert.Equal("budget.xlsx is not a supported file type; upload Markdown, text, HTML, PDF or Word (.docx).", error.Message);
    }

    [Theory]
    [InlineData("a.md")]
    [InlineData("a.txt")]
    [InlineData("a.html")]
    [InlineData("a.pdf")]
    [InlineData("a.docx")]
    public void An_empty_file_is_an_error_whatever_its_type(string fileName)
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse(fileName, []));

        Assert.Equal($"{fileName} is empty.", error.Message);
    }

    [Theory]
    [InlineData("a.md")]
    [InlineData("a.txt")]
    [InlineData("a.pdf")]
    [InlineData("a.docx")]
    public void A_whitespace_only_file_is_an_error_whatever_its_type(string fileName)
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse(fileName, Utf8(" \r\n\t\n  ")));

        Assert.Equal($"{fileName} contains only whitespace.", error.Message);
    }

    [Fact]
    public void Unicode_whitespace_only_text_is_an_error_too()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("a.txt", [0xEF, 0xBB, 0xBF, .. Utf8("\u00A0\u2003\n")]));

        Assert.Contains("only whitespace", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.md")]
    [InlineData("a.txt")]
    [InlineData("a.html")]
    public void Invalid_utf8_is_an_error_that_says_where_and_how_to_fix_it(string fileName)
    {
        // "Café" in Windows-1252: the é (0xE9) starts a three-byte UTF-8 sequence that never comes.
        byte[] latin1 = [.. Utf8("Menu: Caf"), 0xE9, .. Utf8(" au lait")];

        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse(fileName, latin1));

        Assert.Equal($"{fileName} is not valid UTF-8 text (the first invalid byte is at offset 9); save it as UTF-8 and upload it again.", error.Message);
    }

    [Fact]
    public void The_offset_of_invalid_utf8_counts_the_byte_order_mark()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("a.txt", [0xEF, 0xBB, 0xBF, 0x41, 0xFF]));

        Assert.Contains("offset 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16_text_is_refused_with_a_way_out()
    {
        byte[] utf16 = [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes("Hello")];

        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("a.txt", utf16));

        Assert.Contains("UTF-16; save it as UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_file_named_as_text_is_refused()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("a.txt", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41]));

        Assert.Contains("binary file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indonesian_text_survives_every_text_format_unchanged()
    {
        const string Sentence = "Pengembalian dana diproses dalam 7 hari kerja — termasuk Sabtu & Minggu.";

        Assert.Equal([Sentence], ParseText("a.md", "# Kebijakan\n\n" + Sentence).Sections[0].Paragraphs);
        Assert.Equal([Sentence], ParseText("a.txt", Sentence).Sections[0].Paragraphs);
        Assert.Equal([Sentence], ParseText("a.html", "<p>Pengembalian dana diproses dalam 7 hari kerja &mdash; termasuk Sabtu &amp; Minggu.</p>").Sections[0].Paragraphs);
    }
}
