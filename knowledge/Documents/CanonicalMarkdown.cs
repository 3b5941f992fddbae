using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// One Markdown rendering for a parsed document of any file type, stored with each version to show it and to diff two
/// versions line by line. Headings by depth ("#" for the top level), paragraphs separated by blank lines, text with
/// line breaks (code) fenced; no front matter, since the fields are stored beside it.
/// </summary>
public static partial class CanonicalMarkdown
{
    public static string ToMarkdown(this ParsedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        var blocks = new List<string>();
        IReadOnlyList<string> previousPath = [];
        foreach (var section in document.Sections)
        {
            var path = section.HeadingPath;
            var shared = 0;
            while (shared < path.Count && shared < previousPath.Count && path[shared] == previousPath[shared])
            {
                shared++;
            }

            // Headings the previous section already opened are not repeated; the section's own heading always is, so two
            // sections with the same heading stay two.
            for (var depth = Math.Max(0, Math.Min(shared, path.Count - 1)); depth < path.Count; depth++)
            {
                blocks.Add(new string('#', Math.Min(depth + 1, 6)) + " " + Whitespace.Collapse(path[depth]));
            }

            blocks.AddRange(section.Paragraphs.Select(Paragraph).Where(p => p.Length > 0));
            previousPath = path;
        }

        return blocks.Count == 0 ? string.Empty : string.Join("\n\n", blocks) + "\n";
    }

    private static string Paragraph(string text)
    {
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            var code = Whitespace.TrimLines(text);
            var fence = new string('`', Math.Max(3, LongestBacktickRun(code) + 1));
            return fence + "\n" + code + "\n" + fence;
        }

        var line = Whitespace.Collapse(text);

        // Text that would read back as a heading, a fence or a rule is escaped, so the Markdown parses to the same outline.
        return BlockMarker().IsMatch(line) ? "\\" + line : line;
    }

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    [GeneratedRegex(@"^(?:#|```|~~~|([-*_=])(\s*\1)+\s*$)")]
    private static partial Regex BlockMarker();
}
