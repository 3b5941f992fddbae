using System.Buffers;
using System.Text.Unicode;

namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// Reads an uploaded file (Markdown, text, HTML, PDF or Word .docx, chosen by extension) into a
/// <see cref="ParsedDocument"/>. Every problem with the file itself is a <see cref="DocumentFormatException"/> whose
/// message an admin can act on; size limits are the caller's.
/// </summary>
public static class DocumentParser
{
    private static readonly Dictionary<string, DocumentKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".md"] = DocumentKind.Markdown,
        [".markdown"] = DocumentKind.Markdown,
        [".txt"] = DocumentKind.Text,
        [".html"] = DocumentKind.Html,
        [".htm"] = DocumentKind.Html,
        [".pdf"] = DocumentKind.Pdf,
        [".docx"] = DocumentKind.Docx,
    };

    private static readonly SearchValues<byte> AsciiWhitespace = SearchValues.Create(" \t\r\n\f\v"u8);

    /// <summary>File extensions <see cref="Parse"/> accepts, with the dot (for an upload form's accept list).</summary>
    public static IReadOnlyCollection<string> SupportedExtensions { get; } = Kinds.Keys.ToArray();

    public static bool IsSupported(string fileName) => KindOf(fileName) is not null;

    /// <exception cref="DocumentFormatException">
    /// The type is not supported, the file is empty, damaged, password-protected, not UTF-8 (text formats), has no text,
    /// or its Markdown front matter is invalid.
    /// </exception>
    public static ParsedDocument Parse(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);

        var name = Path.GetFileName(fileName);
        var kind = KindOf(fileName) ?? throw new DocumentFormatException(
            $"{name} is not a supported file type; upload Markdown, text, HTML, PDF or Word (.docx).");
        if (content.Length == 0)
        {
            throw new DocumentFormatException($"{name} is empty.");
        }

        if (content.AsSpan().IndexOfAnyExcept(AsciiWhitespace) < 0)
        {
            throw new DocumentFormatException($"{name} contains only whitespace.");
        }

        var document = kind switch
        {
            DocumentKind.Markdown => MarkdownDocumentReader.Read(name, DecodeText(name, content)),
            DocumentKind.Text => PlainTextDocumentReader.Read(DecodeText(name, content)),
            DocumentKind.Html => HtmlDocumentReader.Read(DecodeText(name, content)),
            DocumentKind.Pdf => PdfDocumentReader.Read(name, content),
            _ => DocxDocumentReader.Read(name, content),
        };

        if (!document.Sections.Any(s => s.Paragraphs.Count > 0))
        {
            throw new DocumentFormatException(
                kind == DocumentKind.Pdf ? $"{name} contains no text that can be extracted; a scanned PDF needs text recognition (OCR) before upload."
                : document.Sections.Count > 0 ? $"{name} has headings but no text under them; there is nothing to answer from."
                : $"{name} contains no text.");
        }

        return document;
    }

    private static DocumentKind? KindOf(string fileName) =>
        Kinds.TryGetValue(Path.GetExtension(fileName), out var kind) ? kind : null;

    /// <summary>Strict UTF-8: a wrong guess at a legacy code page would index garbled text without anyone noticing.</summary>
    private static string DecodeText(string name, byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new DocumentFormatException($"{name} is saved as UTF-16; save it as UTF-8 and upload it again.");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var offset = read + (content.Length - bytes.Length);
            throw new DocumentFormatException(
                $"{name} is not valid UTF-8 text (the first invalid byte is at offset {offset}); save it as UTF-8 and upload it again.");
        }

        var text = new string(chars, 0, written);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new DocumentFormatException($"{name} looks like a binary file, not text; check that the file extension matches its content.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DocumentFormatException($"{name} contains only whitespace.");
        }

        return text;
    }

    private enum DocumentKind
    {
        Markdown,
        Text,
        Html,
        Pdf,
        Docx,
    }
}
