using System.Text.RegularExpressions;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// Plain text: blank lines separate paragraphs, hard-wrapped lines are joined, and each bulleted or numbered line is its
/// own paragraph. A short line in capitals on its own ("REFUND POLICY") is taken as a heading, the one convention for
/// headings plain text has. A text file names no title: the caller uses the file name.
/// </summary>
internal static partial class PlainTextDocumentReader
{
    private const int MaxHeadingLength = 80;

    public static ParsedDocument Read(string text)
    {
        var builder = new SectionBuilder();
        var paragraph = new List<string>();

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                builder.AddParagraph(string.Join(' ', paragraph));
                paragraph.Clear();
            }
        }

        // A form feed is a page break in old exports: a paragraph boundary like a blank line.
        var lines = text.Replace('\f', '\n').ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                Flush();
            }
            else if (paragraph.Count == 0 && IsCapitalHeading(line))
            {
                builder.AddHeading(1, line);
            }
            else if (ListMarker().Match(line) is { Success: true } marker)
            {
                Flush();
                paragraph.Add(line[marker.Length..]);
            }
            else
            {
                paragraph.Add(line);
            }
        }

        Flush();
        return new ParsedDocument(new DocumentFields(), builder.Build());
    }

    private static bool IsCapitalHeading(string line)
    {
        if (line.Length > MaxHeadingLength || line[^1] is '.' or ',' or ';')
        {
            return false;
        }

        var upper = 0;
        foreach (var c in line)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            if (char.IsUpper(c))
            {
                upper++;
            }
        }

        return upper >= 3;
    }

    [GeneratedRegex(@"^(?:[-*•·▪‣–]|\d{1,3}[.)])\s+")]
    private static partial Regex ListMarker();
}
