using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// CommonMark-ish Markdown as knowledge-base authors write it: front matter, ATX and setext headings, paragraphs, list
/// items, tables, fenced code and block quotes. Inline markup is reduced to the text a reader sees.
/// </summary>
internal static partial class MarkdownDocumentReader
{
    public static ParsedDocument Read(string name, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var (fields, bodyStart) = FrontMatter.Read(name, lines);

        var builder = new SectionBuilder();
        var paragraph = new List<string>();
        var paragraphIsListItem = false;
        var inComment = false;

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                builder.AddParagraph(Inline(string.Join(' ', paragraph)));
                paragraph.Clear();
            }

            paragraphIsListItem = false;
        }

        for (var i = bodyStart; i < lines.Length; i++)
        {
            var line = StripComments(lines[i], ref inComment);
            var content = QuoteMarker().Replace(line, string.Empty);

            if (Fence().Match(content) is { Success: true } fence)
            {
                Flush();
                var marker = fence.Groups["marker"].Value;
                var indent = fence.Groups["indent"].Length;
                var code = new List<string>();
                for (i++; i < lines.Length; i++)
                {
                    var codeLine = QuoteMarker().Replace(lines[i], string.Empty);
                    if (IsClosingFence(codeLine, marker))
                    {
                        break;
                    }

                    code.Add(RemoveIndent(codeLine, indent));
                }

                builder.AddPreformatted(string.Join('\n', code));
                continue;
            }

            if (string.IsNullOrWhiteSpace(content))
            {
                Flush();
                continue;
            }

            if (AtxHeading().Match(content) is { Success: true } heading)
            {
                Flush();
                builder.AddHeading(heading.Groups["level"].Length, Inline(heading.Groups["text"].Value));
                continue;
            }

            if (paragraph.Count > 0 && !paragraphIsListItem && SetextUnderline().Match(content) is { Success: true } underline)
            {
                builder.AddHeading(underline.Value.TrimStart().StartsWith('=') ? 1 : 2, Inline(string.Join(' ', paragraph)));
                paragraph.Clear();
                continue;
            }

            if (ThematicBreak().IsMatch(content) || LinkReferenceDefinition().IsMatch(content))
            {
                Flush();
                continue;
            }

            if (content.Contains('|', StringComparison.Ordinal)
                && (IsPipedRow(content) || i + 1 < lines.Length && IsTableSeparator(lines[i + 1])))
            {
                // A table row is its own paragraph, cells joined, so a passage about one row keeps the row together.
                Flush();
                if (!IsTableSeparator(content))
                {
                    builder.AddParagraph(TableRow(content));
                }

                for (; i + 1 < lines.Length && lines[i + 1].Contains('|', StringComparison.Ordinal); i++)
                {
                    if (!IsTableSeparator(lines[i + 1]))
                    {
                        builder.AddParagraph(TableRow(QuoteMarker().Replace(lines[i + 1], string.Empty)));
                    }
                }

                continue;
            }

            if (ListItem().Match(content) is { Success: true } item)
            {
                Flush();
                paragraph.Add(TaskBox().Replace(item.Groups["text"].Value.Trim(), string.Empty));
                paragraphIsListItem = true;
                continue;
            }

            paragraph.Add(content.Trim());
        }

        Flush();
        var sections = builder.Build();
        return new ParsedDocument(fields with { Title = fields.Title ?? builder.FirstHeadingAtLevel(1) }, sections);
    }

    /// <summary>Plain text of a line of Markdown: emphasis, links, images, inline HTML and escapes removed, entities decoded.</summary>
    internal static string Inline(string text)
    {
        // Escaped punctuation is parked on private-use characters so no rule below mistakes it for markup.
        var protectedText = Escape().Replace(text, m => ((char)(0xE000 + m.Groups[1].Value[0])).ToString());

        var result = new StringBuilder(protectedText.Length);
        var position = 0;
        foreach (Match code in CodeSpan().Matches(protectedText))
        {
            result.Append(InlineOutsideCode(protectedText[position..code.Index]));
            result.Append(code.Groups["code"].Value.Trim());
            position = code.Index + code.Length;
        }

        result.Append(InlineOutsideCode(protectedText[position..]));

        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] is >= '\uE000' and < '\uE080')
            {
                result[i] = (char)(result[i] - 0xE000);
            }
        }

        return result.ToString();
    }

    private static string InlineOutsideCode(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        text = Image().Replace(text, "$1");
        text = Link().Replace(text, "$1");
        text = ReferenceLink().Replace(text, "$1");
        text = AutoLink().Replace(text, "$1");
        text = LineBreakTag().Replace(text, " ");
        text = HtmlTag().Replace(text, string.Empty);
        for (var previous = string.Empty; previous != text;)
        {
            // Repeated so nested emphasis ("**bold _and italic_**") unwraps completely.
            previous = text;
            text = StrongOrStrike().Replace(text, "$2");
            text = StarEmphasis().Replace(text, "$1");
            text = UnderscoreEmphasis().Replace(text, "$1");
        }

        return WebUtility.HtmlDecode(text);
    }

    private static string TableRow(string line)
    {
        var row = line.Trim();
        if (row.StartsWith('|'))
        {
            row = row[1..];
        }

        if (row.EndsWith('|') && !row.EndsWith("\\|", StringComparison.Ordinal))
        {
            row = row[..^1];
        }

        var cells = CellSeparator().Split(row).Select(cell => Whitespace.Collapse(Inline(cell))).Where(cell => cell.Length > 0);
        return string.Join(" | ", cells);
    }

    /// <summary>A table's "---|---" line: it needs a pipe, or a lone "---" (a thematic break) would start a table.</summary>
    private static bool IsTableSeparator(string line) =>
        line.Contains('|', StringComparison.Ordinal) && TableSeparatorShape().IsMatch(line);

    private static bool IsPipedRow(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length > 1 && trimmed[0] == '|' && trimmed[^1] == '|';
    }

    private static bool IsClosingFence(string line, string marker)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]) && line.Length - line.TrimStart().Length <= 3;
    }

    private static string RemoveIndent(string line, int indent)
    {
        var remove = 0;
        while (remove < indent && remove < line.Length && line[remove] == ' ')
        {
            remove++;
        }

        return line[remove..];
    }

    /// <summary>HTML comments are notes to editors, never content; they may span lines.</summary>
    private static string StripComments(string line, ref bool inComment)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < line.Length)
        {
            if (inComment)
            {
                var end = line.IndexOf("-->", position, StringComparison.Ordinal);
                if (end < 0)
                {
                    return result.ToString();
                }

                position = end + 3;
                inComment = false;
            }
            else
            {
                var start = line.IndexOf("<!--", position, StringComparison.Ordinal);
                if (start < 0)
                {
                    result.Append(line, position, line.Length - position);
                    break;
                }

                result.Append(line, position, start - position);
                position = start + 4;
                inComment = true;
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"^(\s{0,3}>\s?)+")]
    private static partial Regex QuoteMarker();

    [GeneratedRegex(@"^(?<indent>\s{0,3})(?<marker>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s{0,3}(?<level>#{1,6})(?:[ \t]+(?<text>.*?))?(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^\s{0,3}(=+|-+)\s*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"^\s{0,3}([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*\S+")]
    private static partial Regex LinkReferenceDefinition();

    [GeneratedRegex(@"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")]
    private static partial Regex TableSeparatorShape();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s+(?<text>.*))?$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\[[ xX]\]\s+")]
    private static partial Regex TaskBox();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"(?<fence>`+)(?<code>.+?)\k<fence>")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\[([^\]]+)\]\[[^\]]*\]")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"<((?:https?|mailto):[^>\s]+|[^@<>\s]+@[^@<>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakTag();

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")]
    private static partial Regex StrongOrStrike();

    [GeneratedRegex(@"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")]
    private static partial Regex StarEmphasis();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\p{L}\p{N}_])")]
    private static partial Regex UnderscoreEmphasis();
}
