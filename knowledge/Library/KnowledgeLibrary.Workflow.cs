using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>
/// The review step between writing and publishing: a draft is submitted for review, and a reviewer either publishes it
/// or sends it back to draft. With <see cref="PublishingOptions.RequireReview"/> a draft cannot skip the step; with
/// <see cref="PublishingOptions.TwoPersonRule"/> nobody publishes what they wrote. A version in review is not searched.
/// </summary>
public sealed partial class KnowledgeLibrary
{
    /// <summary>The publishing rules in force (read on every call, so a configuration reload applies).</summary>
    public PublishingOptions PublishingRules => options.Value.Publishing;

    /// <summary>Draft → review. Submitting a version already in review changes nothing.</summary>
    public Task<DocumentDetail> SubmitForReviewAsync(Guid documentId, int version, string actor, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(documentId, version, actor, from: DocumentStatus.Draft, to: DocumentStatus.Review, cancellationToken);

    /// <summary>Review → draft (the reviewer wants changes). A version already a draft changes nothing.</summary>
    public Task<DocumentDetail> ReturnToDraftAsync(Guid documentId, int version, string actor, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(documentId, version, actor, from: DocumentStatus.Review, to: DocumentStatus.Draft, cancellationToken);

    private async Task<DocumentDetail> ChangeStatusAsync(
        Guid documentId, int version, string actor, DocumentStatus from, DocumentStatus to, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var row = await FindVersionAsync(db, documentId, version, cancellationToken).ConfigureAwait(false);
            if (row.Status == from)
            {
                // Neither state is in the index, so only the database changes.
                row.Status = to;
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                LogStatusChanged(logger, documentId, version, from, to, actor);
            }
            else if (row.Status != to)
            {
                var action = to == DocumentStatus.Review ? "submitted for review" : "sent back to draft";
                var only = from == DocumentStatus.Draft ? "a draft" : "a version in review";
                throw new KnowledgeException(
                    KnowledgeErrorKind.Conflict,
                    $"Version {version} of \"{row.Title}\" is {StatusWord(row.Status)}; only {only} can be {action}.");
            }

            return await DetailAsync(db, documentId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Refuses a publish the rules forbid; called before anything changes.</summary>
    private void CheckPublishingRules(VersionRow row, string actor)
    {
        var rules = options.Value.Publishing;
        if (rules.RequireReview && row.Status == DocumentStatus.Draft)
        {
            throw new KnowledgeException(
                KnowledgeErrorKind.Conflict,
                $"Version {row.Version} of \"{row.Title}\" is a draft; submit it for review before publishing it (Knowledge:Publishing:RequireReview).");
        }

        if (rules.TwoPersonRule && string.Equals(row.CreatedBy.Trim(), actor.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new KnowledgeException(
                KnowledgeErrorKind.Forbidden,
                $"{actor} wrote version {row.Version} of \"{row.Title}\" and so cannot publish it: another admin must (Knowledge:Publishing:TwoPersonRule).");
        }
    }

    private static string StatusWord(DocumentStatus status) => status switch
    {
        DocumentStatus.Published => "published",
        DocumentStatus.Retired => "retired",
        DocumentStatus.Review => "in review",
        _ => "a draft",
    };

    /// <summary>The Markdown of the document's versions, by number, for a diff; all versions must exist.</summary>
    public async Task<VersionDiff> DiffAsync(Guid documentId, int from, int to, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await db.Documents.AnyAsync(d => d.Id == documentId, cancellationToken).ConfigureAwait(false))
        {
            throw NotFound(documentId);
        }

        var left = await FindVersionAsync(db, documentId, from, cancellationToken).ConfigureAwait(false);
        var right = await FindVersionAsync(db, documentId, to, cancellationToken).ConfigureAwait(false);
        var diff = LineDiff.Compute(LineDiff.Lines(left.Markdown), LineDiff.Lines(right.Markdown));
        return new VersionDiff(documentId, from, to, diff.Lines, diff.Exact);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} version {Version} went from {From} to {To} by {Actor}")]
    private static partial void LogStatusChanged(ILogger logger, Guid documentId, int version, DocumentStatus from, DocumentStatus to, string actor);
}
