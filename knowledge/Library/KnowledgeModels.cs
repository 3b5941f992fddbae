using HelpdeskBot.Knowledge.Documents;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>
/// A file handed to the knowledge base. <paramref name="Fields"/> are the uploader's values (API form fields, CLI flags);
/// the file's own front matter or properties win over them, and defaults fill what neither says.
/// </summary>
public sealed record DocumentUpload(string FileName, byte[] Content, string Actor, DocumentFields? Fields = null, bool Publish = false);

public enum IngestOutcome
{
    Created,
    NewVersion,
    Unchanged,
}

public sealed record IngestResult(DocumentDetail Document, int Version, IngestOutcome Outcome, int Chunks);

public sealed record DocumentSummary(
    Guid Id,
    string Title,
    string Owner,
    Audience Audience,
    string Language,
    int LatestVersion,
    DocumentStatus LatestStatus,
    int? PublishedVersion,
    DateTimeOffset UpdatedAt);

public sealed record VersionInfo(
    int Version,
    string Title,
    string Owner,
    Audience Audience,
    string Language,
    DocumentStatus Status,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    string SourceFileName,
    long SizeBytes,
    int Chunks,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    DateTimeOffset? RetiredAt,
    string? RetiredBy);

public sealed record DocumentDetail(DocumentSummary Summary, IReadOnlyList<VersionInfo> Versions);

public sealed record DocumentListFilter(
    DocumentStatus? Status = null,
    Audience? Audience = null,
    string? Language = null,
    string? Owner = null,
    string? TitleContains = null);

public enum KnowledgeErrorKind
{
    NotFound,
    Conflict,
    Invalid,
    TooLarge,
    Unavailable,

    /// <summary>The publishing rules do not let this person do it (the two-person rule).</summary>
    Forbidden,
}

/// <summary>A request the knowledge base refuses; the message is written for the admin who made it.</summary>
public sealed class KnowledgeException(KnowledgeErrorKind kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public KnowledgeErrorKind Kind { get; } = kind;
}
