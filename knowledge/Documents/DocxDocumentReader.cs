using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// A Word document's body: paragraphs styled Title or Heading 1–6 build the outline (Title above Heading 1), every
/// other paragraph, list items included, is a paragraph, and a table row is one paragraph with its cells joined.
/// Headers, footers, comments and deleted (tracked) text are not content.
/// </summary>
internal static partial class DocxDocumentReader
{
    private const int TitleLevel = 0;

    public static ParsedDocument Read(string name, byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var word = WordprocessingDocument.Open(stream, isEditable: false);
            var body = word.MainDocumentPart?.Document?.Body ?? throw new DocumentFormatException(
                $"{name} is not a Word document (.docx); open it in Word and save it as a Word Document.");

            var styles = new StyleLevels(word.MainDocumentPart.StyleDefinitionsPart?.Styles);
            var builder = new SectionBuilder();
            AddBlocks(builder, body.ChildElements, styles);

            var sections = builder.Build();
            var title = Whitespace.Collapse(word.PackageProperties.Title ?? string.Empty) is { Length: > 0 } property
                ? property
                : builder.FirstHeadingAtLevel(TitleLevel) ?? builder.FirstHeadingAtLevel(1);
            return new ParsedDocument(new DocumentFields(Title: title), sections);
        }
        catch (Exception e) when (e is not (DocumentFormatException or OutOfMemoryException))
        {
            // A damaged zip, a zip that is not a Word package, an old .doc or a password-protected file all end here,
            // each with its own exception type.
            throw new DocumentFormatException(
                $"{name} could not be read as a Word document (.docx); it may be damaged, password-protected or an older .doc file. "
                + "Open it in Word, save it as a Word Document (.docx) and upload it again.", e);
        }
    }

    private static void AddBlocks(SectionBuilder builder, OpenXmlElementList elements, StyleLevels styles)
    {
        foreach (var element in elements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    var text = TextOf(paragraph);
                    if (styles.HeadingLevel(paragraph) is { } level)
                    {
                        builder.AddHeading(level, text);
                    }
                    else
                    {
                        builder.AddParagraph(text);
                    }

                    break;
                case Table table:
                    foreach (var row in table.Elements<TableRow>())
                    {
                        var cells = row.Elements<TableCell>()
                            .Select(cell => Whitespace.Collapse(string.Join(' ', cell.Descendants<Paragraph>().Select(TextOf))))
                            .Where(cell => cell.Length > 0);
                        builder.AddParagraph(string.Join(" | ", cells));
                    }

                    break;
                case SdtBlock contentControl when contentControl.SdtContentBlock is { } block:
                    AddBlocks(builder, block.ChildElements, styles);
                    break;
                case CustomXmlBlock customXml:
                    AddBlocks(builder, customXml.ChildElements, styles);
                    break;
            }
        }
    }

    /// <summary>The visible text of one paragraph, without the text of any paragraph nested in it (a text box).</summary>
    private static string TextOf(Paragraph paragraph)
    {
        var text = new StringBuilder();
        AppendText(text, paragraph);
        return text.ToString();
    }

    private static void AppendText(StringBuilder text, OpenXmlElement element)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar or Break or CarriageReturn:
                    text.Append(' ');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
                case Paragraph or Table or DeletedRun or FieldCode:
                    break;
                default:
                    AppendText(text, child);
                    break;
            }
        }
    }

    /// <summary>
    /// Heading levels by style. Built-in headings have the style ids "Heading1"… and "Title" in English Word only; other
    /// languages translate the ids but keep the names ("heading 1", "Title") and the outline level, so all three are read.
    /// </summary>
    private sealed partial class StyleLevels
    {
        private readonly Dictionary<string, Style> _styles;
        private readonly Dictionary<string, int?> _levels = new(StringComparer.OrdinalIgnoreCase);

        public StyleLevels(Styles? styles)
        {
            _styles = new(StringComparer.OrdinalIgnoreCase);
            foreach (var style in styles?.Elements<Style>() ?? [])
            {
                if (style.StyleId?.Value is { } id)
                {
                    _styles.TryAdd(id, style);
                }
            }
        }

        public int? HeadingLevel(Paragraph paragraph)
        {
            var properties = paragraph.ParagraphProperties;
            if (properties?.OutlineLevel?.Val?.Value is { } outline && outline < 6)
            {
                return outline + 1;
            }

            return properties?.ParagraphStyleId?.Val?.Value is { } styleId ? LevelOfStyle(styleId, depth: 0) : null;
        }

        private int? LevelOfStyle(string styleId, int depth)
        {
            if (_levels.TryGetValue(styleId, out var known))
            {
                return known;
            }

            int? level = null;
            if (NamedLevel(styleId) is { } byId)
            {
                level = byId;
            }
            else if (_styles.TryGetValue(styleId, out var style))
            {
                if (style.StyleName?.Val?.Value is { } name && NamedLevel(name) is { } byName)
                {
                    level = byName;
                }
                else if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 6)
                {
                    level = outline + 1;
                }
                else if (depth < 10 && style.BasedOn?.Val?.Value is { } basedOn)
                {
                    level = LevelOfStyle(basedOn, depth + 1);
                }
            }

            _levels[styleId] = level;
            return level;
        }

        private static int? NamedLevel(string name)
        {
            if (name.Equals("Title", StringComparison.OrdinalIgnoreCase))
            {
                return TitleLevel;
            }

            var match = HeadingName().Match(name);
            return match.Success ? match.Groups[1].Value[0] - '0' : null;
        }

        [GeneratedRegex(@"^heading\s?([1-6])$", RegexOptions.IgnoreCase)]
        private static partial Regex HeadingName();
    }
}
