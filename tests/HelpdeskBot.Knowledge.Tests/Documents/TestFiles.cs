using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using HelpdeskBot.Knowledge.Documents;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace HelpdeskBot.Knowledge.Tests.Documents;

/// <summary>Real files of each type, built in memory the way their producers write them.</summary>
internal static class TestFiles
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static ParsedDocument ParseText(string fileName, string text) => DocumentParser.Parse(fileName, Utf8(text));

    /// <summary>A one-page policy: a 20 pt title, a 14 pt heading and 11 pt body paragraphs.</summary>
    public static byte[] PolicyPdf(string? infoTitle = null)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("Refund policy", 20, new PdfPoint(50, 780), bold);
        page.AddText("Customers can return unused items within 30 days of", 11, new PdfPoint(50, 750), regular);
        page.AddText("delivery for a full refund.", 11, new PdfPoint(50, 736), regular);
        page.AddText("Refunds go back to the card that paid for the order.", 11, new PdfPoint(50, 712), regular);
        page.AddText("Shipping costs", 14, new PdfPoint(50, 680), bold);
        page.AddText("Return shipping is free for damaged items.", 11, new PdfPoint(50, 660), regular);
        if (infoTitle is not null)
        {
            builder.DocumentInformation.Title = infoTitle;
        }

        return builder.Build();
    }

    public static byte[] Docx(Action<Body> fill, string? coreTitle = null)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
            if (coreTitle is not null)
            {
                word.PackageProperties.Title = coreTitle;
            }
        }

        return stream.ToArray();
    }

    public static Paragraph Para(string text, string? styleId = null)
    {
        var paragraph = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        if (styleId is not null)
        {
            paragraph.PrependChild(new ParagraphProperties(new ParagraphStyleId { Val = styleId }));
        }

        return paragraph;
    }

    public static Table Table(params string[][] rows) =>
        new(rows.Select(cells => new TableRow(cells.Select(cell => new TableCell(Para(cell))))));

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
