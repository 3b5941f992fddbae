using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// A PDF's text, rebuilt from positioned words: words on one baseline make a line, lines make a paragraph until the gap
/// to the next line is wider than the page's usual line pitch, the font size changes, or a sentence ends on a short line.
/// A PDF has no headings, only bigger letters: a short line set clearly larger than the body text is taken as one, the
/// largest size being level 1. Page numbers and running headers or footers repeated on most pages are dropped.
/// </summary>
internal static partial class PdfDocumentReader
{
    /// <summary>How much larger than body text a line must be to count as a heading.</summary>
    private const double HeadingSizeRatio = 1.15;

    private const int MaxHeadingLength = 120;

    public static ParsedDocument Read(string name, byte[] content)
    {
        try
        {
            using var pdf = PdfDocument.Open(content);
            var pages = pdf.GetPages().Select(ReadLines).ToList();
            RemovePageFurniture(pages);

            var builder = new SectionBuilder();
            var bodySize = BodySize(pages);
            var headingLevels = HeadingLevels(pages, bodySize);
            foreach (var page in pages)
            {
                AddPage(builder, page, bodySize, headingLevels);
            }

            var sections = builder.Build();
            var title = MeaningfulTitle(pdf.Information.Title) ?? builder.FirstHeadingAtLevel(1);
            return new ParsedDocument(new DocumentFields(Title: title), sections);
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new DocumentFormatException($"{name} is password-protected; remove the password and upload it again.", e);
        }
        catch (Exception e) when (e is not (DocumentFormatException or OutOfMemoryException))
        {
            // PdfPig reports a damaged file with whatever exception the broken structure leads it to, not one type.
            throw new DocumentFormatException(
                $"{name} could not be read as a PDF; it may be damaged or incomplete. Export it again and upload the new file.", e);
        }
    }

    private static List<Line> ReadLines(Page page)
    {
        var lines = new List<Line>();
        Line? current = null;
        foreach (var word in page.GetWords())
        {
            var text = word.Text.Trim();
            if (text.Length == 0 || word.Letters.Count == 0)
            {
                continue;
            }

            var size = word.Letters.Average(l => l.PointSize);
            var baseline = word.Letters[0].StartBaseLine.Y;
            var left = word.BoundingBox.Left;
            var right = word.BoundingBox.Right;

            // Words come in content order, which is reading order for nearly every producer (columns included): a word on
            // another baseline, or one that jumps back to the left, starts a new line.
            if (current is not null
                && Math.Abs(baseline - current.Baseline) <= 0.4 * Math.Min(size, current.Size)
                && left >= current.Right - size)
            {
                current = current with { Text = current.Text + " " + text, Right = right };
                lines[^1] = current;
            }
            else
            {
                current = new Line(text, size, baseline, left, right);
                lines.Add(current);
            }
        }

        return lines;
    }

    private static void RemovePageFurniture(List<List<Line>> pages)
    {
        foreach (var page in pages)
        {
            page.RemoveAll(line => PageNumber().IsMatch(line.Text));
        }

        if (pages.Count < 3)
        {
            return;
        }

        // A running header or footer is the same first or last line on most pages, page numbers aside.
        var threshold = (int)Math.Ceiling(pages.Count * 0.6);
        var repeatedFirst = Repeated(pages.Where(p => p.Count > 1).Select(p => Shape(p[0].Text)), threshold);
        var repeatedLast = Repeated(pages.Where(p => p.Count > 1).Select(p => Shape(p[^1].Text)), threshold);
        foreach (var page in pages)
        {
            if (page.Count > 1 && repeatedFirst.Contains(Shape(page[0].Text)))
            {
                page.RemoveAt(0);
            }

            if (page.Count > 1 && repeatedLast.Contains(Shape(page[^1].Text)))
            {
                page.RemoveAt(page.Count - 1);
            }
        }
    }

    private static HashSet<string> Repeated(IEnumerable<string> texts, int threshold) =>
        texts.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() >= threshold).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

    private static string Shape(string text) => Digits().Replace(text, "#");

    /// <summary>The size most of the text is set in, by characters.</summary>
    private static double BodySize(List<List<Line>> pages) =>
        pages.SelectMany(p => p)
            .GroupBy(line => Round(line.Size))
            .Select(g => (Size: g.Key, Characters: g.Sum(line => line.Text.Length)))
            .OrderByDescending(g => g.Characters)
            .Select(g => g.Size)
            .FirstOrDefault();

    /// <summary>Heading level by size: the largest heading size is level 1.</summary>
    private static Dictionary<double, int> HeadingLevels(List<List<Line>> pages, double bodySize) =>
        pages.SelectMany(p => p)
            .Where(line => IsHeading(line, bodySize))
            .Select(line => Round(line.Size))
            .Distinct()
            .OrderDescending()
            .Select((size, index) => (size, level: Math.Min(index + 1, 6)))
            .ToDictionary(x => x.size, x => x.level);

    private static bool IsHeading(Line line, double bodySize) =>
        bodySize > 0 && line.Size >= bodySize * HeadingSizeRatio && line.Text.Length <= MaxHeadingLength;

    private static void AddPage(SectionBuilder builder, List<Line> page, double bodySize, Dictionary<double, int> headingLevels)
    {
        var pitch = LinePitch(page);
        var textRight = page.Count == 0 ? 0 : page.Max(l => l.Right);
        var textLeft = page.Count == 0 ? 0 : page.Min(l => l.Left);

        Line? previous = null;
        string? paragraph = null;
        (int Level, string Text, Line Last)? heading = null;

        void Flush()
        {
            if (heading is { } h)
            {
                builder.AddHeading(h.Level, h.Text);
                heading = null;
            }

            if (paragraph is not null)
            {
                builder.AddParagraph(paragraph);
                paragraph = null;
            }
        }

        foreach (var line in page)
        {
            if (IsHeading(line, bodySize))
            {
                var level = headingLevels[Round(line.Size)];
                if (heading is { } open && open.Level == level && IsNextLine(open.Last, line, pitch * 1.8))
                {
                    // A heading too long for one line continues on the next.
                    heading = (level, open.Text + " " + line.Text, line);
                }
                else
                {
                    Flush();
                    heading = (level, line.Text, line);
                }
            }
            else
            {
                var continues = paragraph is not null
                    && previous is not null
                    && Math.Abs(line.Size - previous.Size) <= previous.Size * 0.1
                    && IsNextLine(previous, line, pitch * 1.35)
                    && !EndsParagraph(previous, textLeft, textRight);
                if (continues)
                {
                    paragraph = Join(paragraph!, line.Text);
                }
                else
                {
                    Flush();
                    paragraph = line.Text;
                }
            }

            previous = line;
        }

        Flush();
    }

    private static bool IsNextLine(Line above, Line below, double maxGap)
    {
        var gap = above.Baseline - below.Baseline;
        return gap > 0 && gap <= maxGap + 0.5;
    }

    /// <summary>A sentence that ends on a line well short of the text width ends its paragraph, even without extra space.</summary>
    private static bool EndsParagraph(Line line, double textLeft, double textRight) =>
        line.Text[^1] is '.' or '!' or '?' or ':' && line.Right - textLeft < (textRight - textLeft) * 0.7;

    /// <summary>The usual distance between baselines of consecutive lines on the page.</summary>
    private static double LinePitch(List<Line> page)
    {
        var gaps = page.Zip(page.Skip(1))
            .Where(pair => Math.Abs(pair.First.Size - pair.Second.Size) < 0.5)
            .Select(pair => pair.First.Baseline - pair.Second.Baseline)
            .Where(gap => gap > 0)
            .Order()
            .ToList();
        if (gaps.Count == 0)
        {
            return page.Count == 0 ? 12 : page.Average(l => l.Size) * 1.2;
        }

        // The smaller gaps are the line pitch, as paragraph spacing only ever adds to it; capped, because on a page of
        // one-line paragraphs every gap is a paragraph gap.
        return Math.Min(gaps[gaps.Count / 4], page.Average(l => l.Size) * 1.5);
    }

    private static string Join(string paragraph, string line) =>
        paragraph.Length > 1 && paragraph[^1] == '-' && char.IsLetter(paragraph[^2]) ? paragraph + line : paragraph + " " + line;

    private static double Round(double size) => Math.Round(size * 2) / 2;

    /// <summary>The document's Title property, unless it is a producer's placeholder or a file name.</summary>
    private static string? MeaningfulTitle(string? title)
    {
        var text = Whitespace.Collapse(title ?? string.Empty);
        if (text.Length == 0 || PlaceholderTitle().IsMatch(text))
        {
            return null;
        }

        return text;
    }

    [GeneratedRegex(@"^(?:(?:page|halaman|hal\.?)\s*)?\d{1,4}(?:\s*(?:of|dari|/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^(?:untitled|microsoft word - .*|.*\.(?:docx?|pdf|rtf|odt|txt|html?|pptx?|xlsx?))$", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceholderTitle();

    private sealed record Line(string Text, double Size, double Baseline, double Left, double Right);
}
