using System.IO.Compression;
using DocumentFormat.OpenXml.Wordprocessing;
using HelpdeskBot.Knowledge.Documents;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

public sealed class DocxParsingTests
{
    private static byte[] LeavePolicy(string? coreTitle = null) => Docx(
        body =>
        {
            body.Append(Para("Leave policy", "Title"));
            body.Append(Para("Applies to all staff."));
            body.Append(Para("Annual leave", "Heading1"));
            body.Append(Para("Everyone gets 12 days a year."));
            body.Append(Para("Carry-over", "Heading2"));
            body.Append(Para("Up to 5 days carry over.", "ListParagraph"));
            body.Append(Table(["Years of service", "Days"], ["0–5", "12"], ["5+", "", "15"]));
            body.Append(Para("Sick leave", "Heading1"));
            body.Append(new Paragraph(
                new Run(new Text("Needs a ")),
                new Run(new TabChar(), new Text("doctor's")),
                new DeletedRun(new Run(new DeletedText("secret"))),
                new Run(new Break(), new Text("note."))));
        },
        coreTitle);

    [Fact]
    public void Heading_styles_build_heading_paths_under_the_title()
    {
        var sections = DocumentParser.Parse("leave.docx", LeavePolicy()).Sections;

        Assert.Equal(
            [["Leave policy"], ["Leave policy", "Annual leave"], ["Leave policy", "Annual leave", "Carry-over"], ["Leave policy", "Sick leave"]],
            sections.Select(s => s.HeadingPath.ToArray()).ToArray());
        Assert.Equal(["Applies to all staff."], sections[0].Paragraphs);
        Assert.Equal(["Everyone gets 12 days a year."], sections[1].Paragraphs);
    }

    [Fact]
    public void List_paragraphs_and_table_rows_are_paragraphs_with_cells_joined()
    {
        var sections = DocumentParser.Parse("leave.docx", LeavePolicy()).Sections;

        Assert.Equal(["Up to 5 days carry over.", "Years of service | Days", "0–5 | 12", "5+ | 15"], sections[2].Paragraphs);
    }

    [Fact]
    public void Tabs_and_breaks_are_spaces_and_deleted_tracked_text_is_not_content()
    {
        var sections = DocumentParser.Parse("leave.docx", LeavePolicy()).Sections;

        Assert.Equal(["Needs a doctor's note."], sections[3].Paragraphs);
    }

    [Fact]
    public void The_title_is_the_core_title_then_the_title_paragraph_then_the_first_heading_1()
    {
        Assert.Equal("HR: Leave", DocumentParser.Parse("a.docx", LeavePolicy("HR: Leave")).Fields.Title);
        Assert.Equal("Leave policy", DocumentParser.Parse("a.docx", LeavePolicy()).Fields.Title);

        var withoutTitleStyle = Docx(body =>
        {
            body.Append(Para("Intro text."));
            body.Append(Para("Overtime", "Heading1"));
            body.Append(Para("Paid at 1.5 times."));
        });
        Assert.Equal("Overtime", DocumentParser.Parse("a.docx", withoutTitleStyle).Fields.Title);
    }

    [Fact]
    public void Translated_heading_style_ids_are_recognised_by_their_style_names()
    {
        var content = Docx(body =>
        {
            body.Append(Para("Cuti", "Judul1"));
            body.Append(Para("Cuti tahunan 12 hari."));
        });
        content = AddStyles(content, new Style(new StyleName { Val = "heading 1" }) { StyleId = "Judul1", Type = StyleValues.Paragraph });

        var section = Assert.Single(DocumentParser.Parse("cuti.docx", content).Sections);

        Assert.Equal(["Cuti"], section.HeadingPath);
        Assert.Equal(["Cuti tahunan 12 hari."], section.Paragraphs);
    }

    [Fact]
    public void Random_bytes_are_a_format_error_that_keeps_the_library_error()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("broken.docx", RandomBytes(3000, seed: 11)));

        Assert.StartsWith("broken.docx could not be read as a Word document (.docx)", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void A_truncated_docx_is_a_format_error()
    {
        var content = LeavePolicy();

        Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("cut.docx", content[..(content.Length / 2)]));
    }

    [Fact]
    public void A_zip_that_is_not_a_word_document_is_a_format_error()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("notes.txt").Open()))
        {
            writer.Write("not a document");
        }

        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("notes.docx", stream.ToArray()));

        Assert.Contains("Word document (.docx)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docx_without_text_is_an_error()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentParser.Parse("blank.docx", Docx(body => body.Append(new Paragraph()))));

        Assert.Equal("blank.docx contains no text.", error.Message);
    }

    private static byte[] AddStyles(byte[] content, params Style[] styles)
    {
        using var stream = new MemoryStream();
        stream.Write(content);
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, isEditable: true))
        {
            var part = word.MainDocumentPart!.AddNewPart<DocumentFormat.OpenXml.Packaging.StyleDefinitionsPart>();
            part.Styles = new Styles(styles);
        }

        return stream.ToArray();
    }
}
