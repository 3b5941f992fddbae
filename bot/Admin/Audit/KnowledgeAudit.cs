using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Library;

namespace HelpdeskBot.Bot.Admin.Audit;

/// <summary>
/// The knowledge admin API's audit entries (target <c>kb.document</c>, the document id). The library has its own database,
/// so these are recorded right after the library reports success; before and after are statuses and versions, never content.
/// </summary>
internal static class KnowledgeAudit
{
    public const string TargetType = "kb.document";

    public static AuditEntry Uploaded(AuditLog audit, HttpContext http, string action, DocumentDetail? before, IngestResult result) =>
        audit.Entry(AdminAccess.Actor(http), action, TargetType, result.Document.Summary.Id.ToString(),
            before is null ? null : State(before, null),
            State(result.Document, result.Version) with { Outcome = result.Outcome.ToWire() });

    public static AuditEntry VersionChanged(AuditLog audit, HttpContext http, string action, int version, DocumentDetail before, DocumentDetail after) =>
        audit.Entry(AdminAccess.Actor(http), action, TargetType, before.Summary.Id.ToString(), State(before, version), State(after, version));

    /// <summary>A change the publishing rules refused: the state it was refused in and which rule (never the content).</summary>
    public static AuditEntry Refused(AuditLog audit, HttpContext http, string action, int version, DocumentDetail before, KnowledgeErrorKind kind) =>
        audit.Entry(AdminAccess.Actor(http), action, TargetType, before.Summary.Id.ToString(), State(before, version),
            State(before, version) with { Outcome = kind == KnowledgeErrorKind.Forbidden ? "refused-two-person-rule" : "refused-conflict" },
            AuditOutcome.Refused);

    public static AuditEntry Deleted(AuditLog audit, HttpContext http, DocumentDetail before) =>
        audit.Entry(AdminAccess.Actor(http), "kb.document.delete", TargetType, before.Summary.Id.ToString(),
            State(before, null) with { Title = audit.Masked(before.Summary.Title) }, null);

    /// <summary>The document's latest and published versions, and (when one is named) that version and its status.</summary>
    private static DocumentState State(DocumentDetail detail, int? version) => new(
        null,
        version,
        version is { } v ? detail.Versions.FirstOrDefault(x => x.Version == v)?.Status.ToWire() : null,
        detail.Summary.LatestVersion,
        detail.Summary.LatestStatus.ToWire(),
        detail.Summary.PublishedVersion,
        null);

    private sealed record DocumentState(
        string? Title, int? Version, string? Status, int LatestVersion, string LatestStatus, int? PublishedVersion, string? Outcome);
}
