using System.Text;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// Collects headings and paragraphs in reading order into sections, whatever the file type. A heading closes every
/// heading at its level or deeper, so a heading that skips a level ("#" then "###") still nests under the last shallower one.
/// </summary>
internal sealed class SectionBuilder
{
    private readonly List<(int Level, string Text)> _headings = [];
    private readonly Dictionary<int, string> _firstHeadings = [];
    private readonly List<DocumentSection> _sections = [];
    private List<string> _paragraphs = [];

    public bool HasText => _paragraphs.Count > 0 || _sections.Any(s => s.Paragraphs.Count > 0);

    /// <summary>Text of the first heading added at <paramref name="level"/>: the fallback title of most formats.</summary>
    public string? FirstHeadingAtLevel(int level) => _firstHeadings.GetValueOrDefault(level);

    public void AddHeading(int level, string text)
    {
        var heading = Whitespace.Collapse(text);
        if (heading.Length == 0)
        {
            return;
        }

        CloseSection();
        _headings.RemoveAll(h => h.Level >= level);
        _headings.Add((level, heading));
        _firstHeadings.TryAdd(level, heading);
    }

    public void AddParagraph(string text)
    {
        var paragraph = Whitespace.Collapse(text);
        if (paragraph.Length > 0)
        {
            _paragraphs.Add(paragraph);
        }
    }

    /// <summary>Code and other preformatted text: line breaks are kept, trailing spaces and blank edges are not.</summary>
    public void AddPreformatted(string text)
    {
        var paragraph = Whitespace.TrimLines(text);
        if (paragraph.Length > 0)
        {
            _paragraphs.Add(paragraph);
        }
    }

    public IReadOnlyList<DocumentSection> Build()
    {
        CloseSection();
        return _sections.ToArray();
    }

    private void CloseSection()
    {
        // A heading with nothing under it is kept: it is part of the outline the canonical Markdown shows. Text before
        // the first heading makes a section only when there is some.
        if (_paragraphs.Count > 0 || _headings.Count > 0)
        {
            _sections.Add(new DocumentSection(_headings.Select(h => h.Text).ToArray(), _paragraphs));
        }

        _paragraphs = [];
    }
}

/// <summary>Whitespace rules shared by every reader and the chunker.</summary>
internal static class Whitespace
{
    /// <summary>
    /// One space for every run of whitespace (line breaks, tabs, no-break spaces included), trimmed; invisible
    /// characters (soft hyphens, zero-width spaces, byte-order marks) and control characters removed.
    /// </summary>
    public static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
            }
            else if (!IsInvisible(c))
            {
                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Keeps line breaks (code, preformatted text) but drops trailing spaces and leading and trailing blank lines.</summary>
    public static string TrimLines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n')
            .Select(line => new string(line.Where(c => c == '\t' || !IsInvisible(c)).ToArray()).TrimEnd())
            .ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines);
    }

    private static bool IsInvisible(char c) =>
        char.IsControl(c) || c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';
}
