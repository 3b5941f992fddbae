using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;

namespace HelpdeskBot.Bot.Admin;

// The admin API's wire shapes, mapped by hand from the library's records: statuses and audiences travel as the same
// lower-case words the upload form takes ("customer", "published"), whatever the library's enums look like.

internal sealed record DocumentResponse(
    Guid Id,
    string Title,
    string Owner,
    string Audience,
    string Language,
    int LatestVersion,
    string LatestStatus,
    int? PublishedVersion,
    DateTimeOffset UpdatedAt);

internal sealed record VersionResponse(
    int Version,
    string Title,
    string Owner,
    string Audience,
    string Language,
    string Status,
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

internal sealed record DocumentDetailResponse(DocumentResponse Document, IReadOnlyList<VersionResponse> Versions);

internal sealed record VersionContentResponse(Guid DocumentId, VersionResponse Version, string Markdown);

/// <param name="Outcome"><c>created</c>, <c>new-version</c> or <c>unchanged</c> (the file is byte for byte the latest version).</param>
internal sealed record UploadResponse(string Outcome, int Version, int Chunks, DocumentDetailResponse Document);

internal sealed record ReindexResponse(int Chunks, int Documents, string Index);

/// <param name="Score">What orders the hits: fused reciprocal-rank score (hybrid), cosine (vector) or BM25 (lexical).</param>
/// <param name="Similarity">Cosine between question and passage, whatever the mode.</param>
/// <param name="LexicalRank">1-based rank on the lexical side; null when no query term matched.</param>
/// <param name="Answers">Whether the bot would quote it: similarity at or above <c>Knowledge:MinimumSimilarity</c>.</param>
internal sealed record SearchHitResponse(
    int Rank,
    Guid DocumentId,
    int Version,
    string Title,
    string Section,
    string Audience,
    string Language,
    double Score,
    float Similarity,
    int? LexicalRank,
    bool Answers,
    string Text);

internal sealed record SearchResponse(string Query, string Reader, string Mode, double MinimumSimilarity, IReadOnlyList<SearchHitResponse> Hits);

/// <param name="Kind"><c>same</c>, <c>added</c> or <c>removed</c>.</param>
internal sealed record DiffLineResponse(string Kind, string Text);

/// <param name="Exact">False when the versions differ too much to compare line by line: the changed part is shown replaced.</param>
internal sealed record DiffResponse(Guid DocumentId, int From, int To, int Added, int Removed, bool Exact, IReadOnlyList<DiffLineResponse> Lines);

/// <summary>Markdown from the console's editor, with the form's fields; the front matter, if any, wins over them.</summary>
internal sealed record MarkdownPreviewRequest(
    string? Markdown,
    string? Title = null,
    string? Owner = null,
    string? Audience = null,
    string? Language = null,
    DateOnly? EffectiveFrom = null,
    DateOnly? EffectiveTo = null);

internal sealed record PreviewPassageResponse(string Section, string Text);

/// <param name="Passages">What the bot would quote: each passage with the section it is cited by.</param>
/// <param name="Errors">Why saving it would be refused; empty when it would be accepted.</param>
internal sealed record PreviewResponse(
    bool Valid,
    string? Title,
    string? Owner,
    string Audience,
    string? Language,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    IReadOnlyList<PreviewPassageResponse> Passages,
    IReadOnlyList<string> Errors);

/// <summary>The publishing rules in force, so the console shows only the buttons that can work.</summary>
internal sealed record PublishingRulesResponse(bool RequireReview, bool TwoPersonRule);

internal static class KnowledgeWire
{
    public static string ToWire(this DocumentStatus status) => status switch
    {
        DocumentStatus.Published => "published",
        DocumentStatus.Retired => "retired",
        DocumentStatus.Review => "review",
        _ => "draft",
    };

    public static bool TryParseStatus(string? text, out DocumentStatus status)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "draft":
                status = DocumentStatus.Draft;
                return true;
            case "published":
                status = DocumentStatus.Published;
                return true;
            case "retired":
                status = DocumentStatus.Retired;
                return true;
            case "review":
                status = DocumentStatus.Review;
                return true;
            default:
                status = DocumentStatus.Draft;
                return false;
        }
    }

    public static string ToWire(this IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Created => "created",
        IngestOutcome.NewVersion => "new-version",
        _ => "unchanged",
    };

    public static string ToWire(this SearchMode mode) => mode switch
    {
        SearchMode.Vector => "vector",
        SearchMode.Lexical => "lexical",
        _ => "hybrid",
    };

    public static bool TryParseMode(string? text, out SearchMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "hybrid":
                mode = SearchMode.Hybrid;
                return true;
            case "vector":
                mode = SearchMode.Vector;
                return true;
            case "lexical":
                mode = SearchMode.Lexical;
                return true;
            default:
                mode = SearchMode.Hybrid;
                return false;
        }
    }

    /// <summary><c>customer</c> (and visitors) or <c>employee</c>: who the search reads as.</summary>
    public static bool TryParseReader(string? text, out ReaderKind reader)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "customer":
                reader = ReaderKind.Public;
                return true;
            case "employee":
                reader = ReaderKind.Employee;
                return true;
            default:
                reader = ReaderKind.Public;
                return false;
        }
    }

    public static string ReaderWire(ReaderKind reader) => reader == ReaderKind.Employee ? "employee" : "customer";

    /// <summary>The languages the bot speaks; documents and questions are in one of them.</summary>
    public static bool TryParseLanguage(string? text, out string? language)
    {
        language = text?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "en" or "en-us" or "english" => "en",
            "id" or "id-id" or "indonesian" or "bahasa" => "id",
            _ => "?",
        };
        if (language == "?")
        {
            language = null;
            return false;
        }

        return true;
    }

    public static DocumentResponse ToResponse(this DocumentSummary s) => new(
        s.Id, s.Title, s.Owner, s.Audience.ToWire(), s.Language, s.LatestVersion, s.LatestStatus.ToWire(), s.PublishedVersion, s.UpdatedAt);

    public static VersionResponse ToResponse(this VersionInfo v) => new(
        v.Version, v.Title, v.Owner, v.Audience.ToWire(), v.Language, v.Status.ToWire(), v.EffectiveFrom, v.EffectiveTo, v.SourceFileName,
        v.SizeBytes, v.Chunks, v.CreatedAt, v.CreatedBy, v.PublishedAt, v.PublishedBy, v.RetiredAt, v.RetiredBy);

    public static DocumentDetailResponse ToResponse(this DocumentDetail d) =>
        new(d.Summary.ToResponse(), [.. d.Versions.Select(v => v.ToResponse())]);

    public static DiffResponse ToResponse(this VersionDiff d) => new(
        d.DocumentId, d.From, d.To, d.Lines.Count(l => l.Kind == DiffKind.Added), d.Lines.Count(l => l.Kind == DiffKind.Removed), d.Exact,
        [.. d.Lines.Select(l => new DiffLineResponse(l.Kind switch { DiffKind.Added => "added", DiffKind.Removed => "removed", _ => "same" }, l.Text))]);

    public static PreviewResponse ToResponse(this DocumentPreview p) => new(
        p.Valid, p.Title, p.Owner, p.Audience.ToWire(), p.Language, p.EffectiveFrom, p.EffectiveTo,
        [.. p.Passages.Select(x => new PreviewPassageResponse(x.Section, x.Text))], p.Errors);

    public static UploadResponse ToResponse(this IngestResult r) =>
        new(r.Outcome.ToWire(), r.Version, r.Chunks, r.Document.ToResponse());
}
