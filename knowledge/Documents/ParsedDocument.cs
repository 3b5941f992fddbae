namespace HelpdeskBot.Knowledge.Documents;

/// <summary>
/// A document as text, whatever its file type: the fields its front matter (Markdown) or properties (DOCX, PDF, HTML
/// &lt;title&gt;) set, and its sections in reading order. Nothing here is indexed yet.
/// </summary>
public sealed record ParsedDocument(DocumentFields Fields, IReadOnlyList<DocumentSection> Sections);

/// <summary>
/// Fields a file may set about itself; null where it says nothing (the uploader's values, then defaults, apply).
/// </summary>
public sealed record DocumentFields(
    string? Title = null,
    string? Owner = null,
    Audience? Audience = null,
    string? Language = null,
    DocumentStatus? Status = null,
    DateOnly? EffectiveFrom = null,
    DateOnly? EffectiveTo = null);

/// <summary>
/// The paragraphs under one heading. <see cref="HeadingPath"/> runs from the top heading down ("Returns and refunds",
/// "Refunds", "Card payments"); empty for text before the first heading.
/// </summary>
public sealed record DocumentSection(IReadOnlyList<string> HeadingPath, IReadOnlyList<string> Paragraphs);

/// <summary>A file that cannot be read as a document; the message says why, in words an admin can act on.</summary>
public sealed class DocumentFormatException : Exception
{
    public DocumentFormatException(string message) : base(message)
    {
    }

    public DocumentFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public DocumentFormatException()
    {
    }
}
