using HelpdeskBot.Bot.Analytics;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>How many rows one purge removed from each table (only tables it removed rows from).</summary>
internal sealed record RetentionPurgeResult(IReadOnlyDictionary<string, int> Deleted)
{
    public int Total => Deleted.Values.Sum();
}

/// <summary>
/// One pass of the retention policy (<see cref="RetentionOptions"/>): deletes what is older than its period, table by table,
/// in batches of <see cref="RetentionOptions.BatchSize"/>. Every statement is a plain conditional delete, so several
/// instances purging the same database at once do no harm: a row is deleted once, the others find nothing. The audit log
/// is not touched (the database refuses it anyway).
/// </summary>
internal sealed partial class RetentionPurge(
    IDbContextFactory<StateDbContext> dbFactory, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionPurge> logger)
{
    public async Task<RetentionPurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var transcripts = now.AddDays(-settings.TranscriptDays);
        var analytics = now.AddDays(-settings.AnalyticsDays);
        var inbox = now.AddDays(-settings.InboxDays);
        var batch = settings.BatchSize;
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);

        async Task Purge<T>(string table, Func<StateDbContext, IQueryable<T>> expired)
            where T : class
        {
            var total = 0;
            while (true)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var removed = await expired(db).Take(batch).ExecuteDeleteAsync(cancellationToken);
                total += removed;
                if (removed < batch)
                {
                    break;
                }
            }

            if (total > 0)
            {
                deleted[table] = total;
                LogPurged(table, total);
            }
        }

        // Transcript period: what was said and the traces of it.
        await Purge("Transcript", db => db.Transcript.Where(t => t.AtUtc < transcripts).OrderBy(t => t.Id));
        await Purge("DirectLineActivities", db => db.DirectLineActivities.Where(a => a.AtUtc < transcripts));
        await Purge("SentMessages", db => db.SentMessages.Where(m => m.AtUtc < transcripts));
        await Purge("ProcessedActivities", db => db.ProcessedActivities.Where(p => p.ProcessedUtc < transcripts));
        await Purge("ConversationReferences", db => db.Set<ConversationReferenceRecord>().Where(r => r.LastSeenUtc < transcripts));
        // Notifications sent or given up on; a pending one is still owed and stays whatever its age.
        await Purge("NotificationOutbox", db => db.Set<NotificationOutboxEntry>()
            .Where(n => n.Status != NotificationStatus.Pending && n.CreatedUtc < transcripts).OrderBy(n => n.Id));

        // A conversation idle for the whole period is finished, unless a person still has it.
        await Purge("Conversations", db => db.Conversations.Where(c => c.UpdatedUtc < transcripts && !db.HandoffCases.Any(h =>
            h.ChannelId == c.ChannelId && h.ConversationId == c.ConversationId &&
            (h.Status == HandoffStatus.Queued || h.Status == HandoffStatus.Assigned || h.Status == HandoffStatus.WithHub))));

        // A Direct Line conversation whose log is empty and that began before the period is over (its tokens long expired).
        await Purge("DirectLineConversations", db => db.DirectLineConversations.Where(c =>
            c.CreatedUtc < transcripts && !db.DirectLineActivities.Any(a => a.ConversationId == c.Id)));

        // Analytics period: the dashboard's history.
        await Purge("AnalyticsEvents", db => db.Set<AnalyticsEvent>().Where(a => a.AtUtc < analytics).OrderBy(a => a.Id));
        await Purge("MessageFeedback", db => db.MessageFeedback.Where(f => f.AtUtc < analytics).OrderBy(f => f.Id));
        await Purge("CitedArticles", db => db.CitedArticles.Where(a => a.AtUtc < analytics).OrderBy(a => a.Id));
        // Closed cases (and callback requests) past the period, their notes first.
        await Purge("HandoffNotes", db => db.HandoffNotes.Where(n => db.HandoffCases.Any(c => c.Id == n.CaseId &&
            ((c.Status == HandoffStatus.Resolved || c.Status == HandoffStatus.Cancelled) && c.ClosedUtc < analytics ||
             c.Status == HandoffStatus.Callback && c.CreatedUtc < analytics))).OrderBy(n => n.Id));
        await Purge("HandoffCases", db => db.HandoffCases.Where(c =>
            (c.Status == HandoffStatus.Resolved || c.Status == HandoffStatus.Cancelled) && c.ClosedUtc < analytics ||
            c.Status == HandoffStatus.Callback && c.CreatedUtc < analytics).OrderBy(c => c.Id));

        // Console sign-in failures idle for a day whose lockout is over: the names tried are forgotten.
        var failuresBefore = now - SignInFailure.Forgotten;
        await Purge("SignInFailures", db => db.SignInFailures.Where(f =>
            f.LastFailureUtc < failuresBefore && (f.LockedUntilUtc == null || f.LockedUntilUtc < now)));

        // Inbox period: the questions waiting for an admin.
        await Purge("InboxItems", db => db.Set<Admin.Inbox.InboxItem>().Where(i => i.AtUtc < inbox).OrderBy(i => i.Id));

        var result = new RetentionPurgeResult(deleted);
        LogDone(result.Total, settings.TranscriptDays, settings.AnalyticsDays, settings.InboxDays);
        return result;
    }

    [LoggerMessage(LogLevel.Information, "Retention purge deleted {Count} rows from {Table}")]
    private partial void LogPurged(string table, int count);

    [LoggerMessage(LogLevel.Information, "Retention purge done: {Total} rows deleted (transcripts {TranscriptDays} d, analytics {AnalyticsDays} d, inbox {InboxDays} d)")]
    private partial void LogDone(int total, int transcriptDays, int analyticsDays, int inboxDays);
}
