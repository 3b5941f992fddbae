using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>How <see cref="TextChunker"/> sizes passages, in characters.</summary>
public sealed record ChunkingOptions
{
    /// <summary>The longest a chunk's text may be.</summary>
    public int MaxCharacters { get; init; } = 900;

    /// <summary>About how much of the previous chunk a chunk repeats when its section goes on from one chunk to the next.</summary>
    public int OverlapCharacters { get; init; } = 150;
}

/// <summary>
/// One passage to embed and cite. <see cref="Ordinal"/> counts from 0 in reading order; <see cref="Text"/> has its
/// paragraphs separated by a blank line and every other run of whitespace collapsed to one space.
/// </summary>
public sealed record DocumentChunk(int Ordinal, IReadOnlyList<string> HeadingPath, string Text);

/// <summary>
/// Splits a document into passages small enough to embed and quote. A chunk never spans two sections, so its heading path
/// says exactly where it comes from; whole paragraphs are packed up to the limit, and only a paragraph longer than the
/// limit is cut, at sentence ends, else between words. When a section goes on into the next chunk, that chunk starts
/// with the end of the previous one (about <see cref="ChunkingOptions.OverlapCharacters"/>, from a sentence or word start)
/// so a passage cut in two can still be found from either half.
/// </summary>
public sealed partial class TextChunker
{
    private const string ParagraphBreak = "\n\n";

    private readonly int _max;
    private readonly int _overlap;

    public TextChunker(ChunkingOptions? options = null)
    {
        options ??= new ChunkingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCharacters, 50, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.OverlapCharacters, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.OverlapCharacters, options.MaxCharacters / 2, nameof(options));
        _max = options.MaxCharacters;
        _overlap = options.OverlapCharacters;
    }

    /// <summary>A heading path as one line for display and for the index: "Returns › Refunds › Card payments".</summary>
    public static string HeadingPathText(IReadOnlyList<string> headingPath)
    {
        ArgumentNullException.ThrowIfNull(headingPath);
        return string.Join(" › ", headingPath);
    }

    public IReadOnlyList<DocumentChunk> Split(ParsedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        var chunks = new List<DocumentChunk>();
        foreach (var section in document.Sections)
        {
            foreach (var text in SplitSection(section.Paragraphs))
            {
                chunks.Add(new DocumentChunk(chunks.Count, section.HeadingPath, text));
            }
        }

        return chunks;
    }

    private List<string> SplitSection(IReadOnlyList<string> paragraphs)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();

        // A piece of a cut paragraph joins the piece before it with a space; a new paragraph starts after a blank line.
        foreach (var (piece, newParagraph) in Pieces(paragraphs))
        {
            var separator = current.Length == 0 ? string.Empty : newParagraph ? ParagraphBreak : " ";
            if (current.Length + separator.Length + piece.Length <= _max)
            {
                current.Append(separator).Append(piece);
                continue;
            }

            var previous = current.ToString();
            chunks.Add(previous);
            separator = newParagraph ? ParagraphBreak : " ";
            var tail = Tail(previous, Math.Min(_overlap, _max - piece.Length - separator.Length));
            current.Clear();
            if (tail.Length > 0)
            {
                current.Append(tail).Append(separator);
            }

            current.Append(piece);
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return chunks;
    }

    /// <summary>
    /// The paragraphs, whitespace collapsed; one longer than a chunk comes as sentences (a sentence too long for a chunk
    /// as runs of words) short enough to leave room for the overlap.
    /// </summary>
    private IEnumerable<(string Piece, bool NewParagraph)> Pieces(IReadOnlyList<string> paragraphs)
    {
        var budget = _max - _overlap - 1;
        foreach (var raw in paragraphs)
        {
            var paragraph = Whitespace.Collapse(raw);
            if (paragraph.Length == 0)
            {
                continue;
            }

            if (paragraph.Length <= _max)
            {
                yield return (paragraph, true);
                continue;
            }

            var first = true;
            foreach (var sentence in SentenceEnd().Split(paragraph))
            {
                foreach (var piece in sentence.Length <= budget ? [sentence] : WordRuns(sentence, budget))
                {
                    yield return (piece, first);
                    first = false;
                }
            }
        }
    }

    /// <summary>Runs of whole words up to <paramref name="budget"/>; only a single word longer than that is cut.</summary>
    private static IEnumerable<string> WordRuns(string sentence, int budget)
    {
        var run = new StringBuilder();
        foreach (var word in sentence.Split(' '))
        {
            if (run.Length > 0 && run.Length + 1 + word.Length <= budget)
            {
                run.Append(' ').Append(word);
                continue;
            }

            if (run.Length > 0)
            {
                yield return run.ToString();
                run.Clear();
            }

            var rest = word;
            while (rest.Length > budget)
            {
                yield return rest[..budget];
                rest = rest[budget..];
            }

            run.Append(rest);
        }

        if (run.Length > 0)
        {
            yield return run.ToString();
        }
    }

    /// <summary>
    /// The end of <paramref name="text"/>, at most <paramref name="budget"/> characters, starting at a sentence start when
    /// that keeps at least a third of the budget, else at the first word start in reach; never the whole text.
    /// </summary>
    private static string Tail(string text, int budget)
    {
        if (budget <= 0)
        {
            return string.Empty;
        }

        var earliest = Math.Max(1, text.Length - budget);
        var wordStart = -1;
        for (var i = earliest; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && char.IsWhiteSpace(text[i - 1]))
            {
                if (IsSentenceStart(text, i))
                {
                    return text.Length - i >= budget / 3 ? text[i..] : wordStart >= 0 ? text[wordStart..] : text[i..];
                }

                if (wordStart < 0)
                {
                    wordStart = i;
                }
            }
        }

        return wordStart >= 0 ? text[wordStart..] : string.Empty;
    }

    private static bool IsSentenceStart(string text, int index)
    {
        var before = text.AsSpan(0, index).TrimEnd();
        return before.Length > 0 && (before[^1] is '.' or '!' or '?' or '…' or ':' || text.AsSpan(before.Length, index - before.Length).Contains('\n'));
    }

    /// <summary>The space after a sentence's final punctuation (and closing quote or bracket) when a new sentence follows.</summary>
    [GeneratedRegex(@"(?<=[.!?…][""'”’)\]]?)\s+(?=[\p{Lu}\p{Lt}\p{N}""'“‘(\[])")]
    private static partial Regex SentenceEnd();
}
