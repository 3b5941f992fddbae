using System.Text;
using HelpdeskBot.Knowledge.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

public sealed class PdfParsingTests
{
    [Fact]
    public void Lines_are_rebuilt_into_paragraphs_and_larger_short_lines_become_headings()
    {
        var document = DocumentParser.Parse("refunds.pdf", PolicyPdf());

        Assert.Equal(
            [
                new DocumentSection(["Refund policy"],
                [
                    "Customers can return unused items within 30 days of delivery for a full refund.",
                    "Refunds go back to the card that paid for the order.",
                ]),
                new DocumentSection(["Refund policy", "Shipping costs"], ["Return shipping is free for damaged items."]),
            ],
            document.Sections,
            SectionComparer.Instance);
    }

    [Fact]
    public void The_title_is_the_document_information_title_when_set()
    {
        Assert.Equal("Refunds 2025", DocumentParser.Parse("a.pdf", PolicyPdf("Refunds 2025")).Fields.Title);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Microsoft Word - refunds.docx")]
    [InlineData("refunds.pdf")]
    public void Without_a_meaningful_information_title_the_largest_heading_is_the_title(string? infoTitle)
    {
        Assert.Equal("Refund policy", DocumentParser.Parse("a.pdf", PolicyPdf(infoTitle)).Fields.Title);
    }

    [Fact]
    public void Page_numbers_and_running_headers_are_not_text()
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var number = 1; number <= 3; number++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText("Acme Ltd - Internal", 9, new PdfPoint(50, 810), font);
            page.AddText($"Body text of page {number}.", 11, new PdfPoint(50, 700), font);
            page.AddText($"Page {number} of 3", 9, new PdfPoint(280, 30), font);
        }

        var section = Assert.Single(DocumentParser.Parse("a.pdf", builder.Build()).Sections);

        Assert.Equal(["Body text of page 1.", "Body text of page 2.", "Body text of page 3."], section.Paragraphs);
    }

    [Fact]
    public void A_pdf_without_text_is_an_error_that_mentions_scans()
    {
        using var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4);

        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("scan.pdf", builder.Build()));

        Assert.Contains("scanned PDF needs text recognition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_protected_pdf_is_an_error_asking_to_remove_the_password()
    {
        // PdfPig writes no encrypted files: a standard security handler whose password hash matches no password will do.
        var text = Encoding.Latin1.GetString(PolicyPdf());
        var trailer = text.IndexOf("<<", text.LastIndexOf("trailer", StringComparison.Ordinal), StringComparison.Ordinal) + 2;
        var hash = new string('A', 64);
        var encrypted = Encoding.Latin1.GetBytes(text.Insert(trailer, $"/Encrypt << /Filter /Standard /V 1 /R 2 /O <{hash}> /U <{hash}> /P -4 >> "));

        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("secret.pdf", encrypted));

        Assert.Equal("secret.pdf is password-protected; remove the password and upload it again.", error.Message);
    }

    [Fact]
    public void Random_bytes_are_a_format_error_that_keeps_the_library_error()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("broken.pdf", RandomBytes(4000, seed: 7)));

        Assert.StartsWith("broken.pdf could not be read as a PDF", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void A_truncated_pdf_is_a_format_error(int keepOneIn)
    {
        var pdf = PolicyPdf();

        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("cut.pdf", pdf[..(pdf.Length / keepOneIn)]));

        Assert.StartsWith("cut.pdf could not be read as a PDF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pdf_header_followed_by_garbage_is_a_format_error()
    {
        byte[] content = [.. Utf8("%PDF-1.7\n"), .. RandomBytes(2000, seed: 3)];

        Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("a.pdf", content));
    }

    private sealed class SectionComparer : IEqualityComparer<DocumentSection>
    {
        public static readonly SectionComparer Instance = new();

        public bool Equals(DocumentSection? x, DocumentSection? y) =>
            x is not null && y is not null && x.HeadingPath.SequenceEqual(y.HeadingPath) && x.Paragraphs.SequenceEqual(y.Paragraphs);

        public int GetHashCode(DocumentSection obj) => obj.HeadingPath.Count;
    }
}
