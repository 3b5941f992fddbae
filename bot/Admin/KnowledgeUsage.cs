using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin;

/// <param name="Citations">How many bot messages quoted this version.</param>
internal sealed record VersionUsageResponse(int Version, string Status, int Citations, int Helpful, int NotHelpful);

/// <param name="Message">The bot's message the 👎 was given on, with personal data masked.</param>
internal sealed record NegativeFeedbackResponse(DateTimeOffset At, int? Version, string Channel, string Source, string? Citation, string Message);

internal sealed record DocumentUsageResponse(
    Guid DocumentId,
    int Citations,
    int Helpful,
    int NotHelpful,
    IReadOnlyList<VersionUsageResponse> Versions,
    IReadOnlyList<NegativeFeedbackResponse> RecentNegative);

/// <summary>
/// Where a knowledge document was cited and what readers thought of it, from what the turn pipeline records: every
/// citation of a bot reply and every 👍 / 👎 given on one carry the document id and version they quoted.
/// </summary>
internal static class KnowledgeUsage
{
    /// <summary>How many of the latest 👎 are shown with their message.</summary>
    public const int RecentNegativeCount = 10;

    public static async Task<DocumentUsageResponse> ForDocumentAsync(
        StateDbContext db, PersonalDataMasker masker, Guid documentId, IReadOnlyList<(int Version, string Status)> versions, CancellationToken ct)
    {
        var citations = await db.CitedArticles.AsNoTracking()
            .Where(a => a.DocumentId == documentId)
            .GroupBy(a => a.DocumentVersion)
            .Select(g => new { Version = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var feedback = await db.MessageFeedback.AsNoTracking()
            .Where(f => f.DocumentId == documentId)
            .GroupBy(f => new { f.DocumentVersion, f.Helpful })
            .Select(g => new { g.Key.DocumentVersion, g.Key.Helpful, Count = g.Count() })
            .ToListAsync(ct);

        // SQLite cannot order by a DateTimeOffset; AtUtc is a DateTime, and Id grows with time for ties.
        var negative = await db.MessageFeedback.AsNoTracking()
            .Where(f => f.DocumentId == documentId && !f.Helpful)
            .OrderByDescending(f => f.AtUtc).ThenByDescending(f => f.Id)
            .Take(RecentNegativeCount)
            .Join(db.SentMessages.AsNoTracking(), f => f.MessageKey, m => m.Key,
                (f, m) => new { f.AtUtc, f.DocumentVersion, f.ChannelId, f.Source, f.Citation, m.Text })
            .ToListAsync(ct);

        var perVersion = versions.Select(v => new VersionUsageResponse(
                v.Version,
                v.Status,
                citations.Where(c => c.Version == v.Version).Sum(c => c.Count),
                feedback.Where(f => f.DocumentVersion == v.Version && f.Helpful).Sum(f => f.Count),
                feedback.Where(f => f.DocumentVersion == v.Version && !f.Helpful).Sum(f => f.Count)))
            .ToArray();
        return new DocumentUsageResponse(
            documentId,
            citations.Sum(c => c.Count),
            feedback.Where(f => f.Helpful).Sum(f => f.Count),
            feedback.Where(f => !f.Helpful).Sum(f => f.Count),
            perVersion,
            [.. negative
                .OrderByDescending(n => n.AtUtc)
                .Select(n => new NegativeFeedbackResponse(
                    new DateTimeOffset(DateTime.SpecifyKind(n.AtUtc, DateTimeKind.Utc)),
                    n.DocumentVersion,
                    n.ChannelId,
                    n.Source,
                    n.Citation,
                    // Stored masked already; masked again so a row written by an older, laxer masker shows nothing more.
                    masker.Mask(n.Text)))]);
    }
}
