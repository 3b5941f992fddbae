using System.Net;
using System.Text;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// HTML as help-centre pages and exported articles are written, read with a small tolerant tokenizer instead of a DOM:
/// only the text and its block structure matter. Headings h1–h6 build the outline; p, li, div and the like are
/// paragraphs; a table row is one paragraph with its cells joined; script, style, navigation and page furniture are dropped.
/// </summary>
internal static class HtmlDocumentReader
{
    /// <summary>Elements whose whole content is never knowledge: code, styling, menus and embedded media.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "nav", "footer", "svg", "math", "iframe", "object", "canvas", "select", "button",
    };

    /// <summary>Elements whose content is raw text: a "&lt;" inside does not start a tag.</summary>
    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal) { "script", "style", "textarea", "title", "xmp" };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "form", "header", "hr", "html", "legend", "li", "main", "ol", "p", "section",
        "summary", "table", "tbody", "tfoot", "thead", "ul", "head",
    };

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    };

    /// <summary>Stands for &lt;br&gt; until the paragraph is flushed: one is a line break, two in a row end a paragraph.</summary>
    private const char LineBreak = '\uE0FF';

    public static ParsedDocument Read(string html)
    {
        var state = new State();
        var position = 0;
        while (position < html.Length)
        {
            var lt = html.IndexOf('<', position);
            if (lt < 0)
            {
                state.Text(html[position..]);
                break;
            }

            if (lt > position)
            {
                state.Text(html[position..lt]);
            }

            position = ReadMarkup(html, lt, state);
        }

        state.FlushParagraph();
        var sections = state.Builder.Build();
        var title = state.Title is { Length: > 0 } t ? t : state.Builder.FirstHeadingAtLevel(1);
        return new ParsedDocument(new DocumentFields(Title: title), sections);
    }

    /// <summary>Handles the markup starting at <paramref name="lt"/> and returns the position after it.</summary>
    private static int ReadMarkup(string html, int lt, State state)
    {
        if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
        {
            var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
            return end < 0 ? html.Length : end + 3;
        }

        if (string.CompareOrdinal(html, lt, "<![CDATA[", 0, 9) == 0)
        {
            var end = html.IndexOf("]]>", lt + 9, StringComparison.Ordinal);
            var stop = end < 0 ? html.Length : end;
            state.Text(WebUtility.HtmlEncode(html[(lt + 9)..stop]));
            return end < 0 ? html.Length : end + 3;
        }

        var next = lt + 1 < html.Length ? html[lt + 1] : '\0';
        if (next is '!' or '?')
        {
            var end = html.IndexOf('>', lt);
            return end < 0 ? html.Length : end + 1;
        }

        var closing = next == '/';
        var nameStart = closing ? lt + 2 : lt + 1;
        if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
        {
            // A "<" that opens no tag ("a < b") is text, as browsers treat it.
            state.Text("<");
            return lt + 1;
        }

        var nameEnd = nameStart;
        while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':'))
        {
            nameEnd++;
        }

        var name = html[nameStart..nameEnd].ToLowerInvariant();
        var tagEnd = FindTagEnd(html, nameEnd);
        var selfClosing = tagEnd > 0 && html[tagEnd - 1] == '/';
        var after = tagEnd + 1;

        if (closing)
        {
            state.EndTag(name);
            return after;
        }

        if (RawText.Contains(name) && !selfClosing)
        {
            var close = html.IndexOf("</" + name, after, StringComparison.OrdinalIgnoreCase);
            var contentEnd = close < 0 ? html.Length : close;
            if (name == "title" && state.SkipDepth == 0)
            {
                // An inline SVG icon's title (skipped content) is not the page's.
                state.Title ??= Whitespace.Collapse(WebUtility.HtmlDecode(html[after..contentEnd]));
            }
            else if (name is "textarea" or "xmp" && state.SkipDepth == 0)
            {
                state.Text(WebUtility.HtmlEncode(html[after..contentEnd]));
            }

            return close < 0 ? html.Length : FindTagEnd(html, close + 2 + name.Length) + 1;
        }

        state.StartTag(name, selfClosing);
        return after;
    }

    /// <summary>The "&gt;" that ends a tag, skipping any inside quoted attribute values.</summary>
    private static int FindTagEnd(string html, int from)
    {
        var quote = '\0';
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }

        return html.Length - 1;
    }

    private sealed class State
    {
        private readonly StringBuilder _text = new();
        private readonly Stack<string> _skipped = new();
        private int _headingLevel;
        private int _preDepth;
        private bool _inRow;

        public SectionBuilder Builder { get; } = new();

        public string? Title { get; set; }

        public int SkipDepth => _skipped.Count;

        public void Text(string encoded)
        {
            if (_skipped.Count == 0)
            {
                _text.Append(WebUtility.HtmlDecode(encoded));
            }
        }

        public void StartTag(string name, bool selfClosing)
        {
            if (Skipped.Contains(name))
            {
                if (!selfClosing && !Void.Contains(name))
                {
                    _skipped.Push(name);
                }

                return;
            }

            if (_skipped.Count > 0)
            {
                return;
            }

            if (HeadingLevel(name) is > 0 and var level)
            {
                FlushParagraph();
                _headingLevel = level;
            }
            else if (name == "br")
            {
                _text.Append(LineBreak);
            }
            else if (name == "pre")
            {
                FlushParagraph();
                _preDepth++;
            }
            else if (name == "tr")
            {
                FlushParagraph();
                _inRow = true;
            }
            else if (name is "td" or "th")
            {
                // Cells of one row are joined on one line; an empty cell adds no separator.
                if (_inRow && _text.ToString().Trim().Length > 0 && !_text.ToString().TrimEnd().EndsWith('|'))
                {
                    _text.Append(" | ");
                }
            }
            else if (Blocks.Contains(name))
            {
                FlushParagraph();
            }
        }

        public void EndTag(string name)
        {
            if (_skipped.Count > 0)
            {
                if (_skipped.Peek() == name)
                {
                    _skipped.Pop();
                }

                return;
            }

            if (HeadingLevel(name) > 0)
            {
                FlushParagraph();
            }
            else if (name == "pre")
            {
                FlushParagraph();
                _preDepth = Math.Max(0, _preDepth - 1);
            }
            else if (name is "tr" or "table")
            {
                FlushParagraph();
                _inRow = false;
            }
            else if (Blocks.Contains(name))
            {
                FlushParagraph();
            }
        }

        public void FlushParagraph()
        {
            var text = _text.ToString();
            _text.Clear();
            if (_headingLevel > 0)
            {
                Builder.AddHeading(_headingLevel, text.Replace(LineBreak, ' '));
                _headingLevel = 0;
                return;
            }

            if (_preDepth > 0)
            {
                Builder.AddPreformatted(text.Replace(LineBreak, '\n'));
                return;
            }

            if (_inRow)
            {
                text = text.TrimEnd().TrimEnd('|');
            }

            // Two line breaks with nothing but spaces between them are how old editors separate paragraphs; one is a
            // line break inside a paragraph.
            var parts = text.Split(LineBreak);
            var paragraph = new StringBuilder();
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0 && i < parts.Length - 1 && string.IsNullOrWhiteSpace(parts[i]))
                {
                    Builder.AddParagraph(paragraph.ToString());
                    paragraph.Clear();
                }
                else
                {
                    paragraph.Append(parts[i]).Append(' ');
                }
            }

            Builder.AddParagraph(paragraph.ToString());
        }

        private static int HeadingLevel(string name) =>
            name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6' ? name[1] - '0' : 0;
    }
}
