using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Analytics;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Feedback;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Notifications;
using HelpdeskBot.Bot.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HelpdeskBot.Bot.Tests.Privacy.PrivacyTestData;

namespace HelpdeskBot.Bot.Tests.Privacy;

/// <summary>
/// The retention purge on the host's real SQLite state database, with the host's fake clock: rows older than their period
/// go, younger ones and other tables stay. The rows are written straight into the tables, stamped with the ages under test.
/// </summary>
public sealed class RetentionPurgeTests
{
    [Fact]
    public async Task Purge_deletes_what_is_older_than_its_period_in_batches_and_keeps_the_rest_and_the_audit_log()
    {
        using var host = new BotHost().With("Privacy:Retention:Enabled", "false").With("Privacy:Retention:BatchSize", "10");
        host.CreateClient().Dispose();
        var now = host.Time.GetUtcNow().UtcDateTime;
        await SeedAsync(host, now);
        await using (var seed = await DbAsync(host))
        {
            seed.SignInFailures.AddRange(
                new SignInFailure { UserName = "idle", Count = 2, LastFailureUtc = now.AddHours(-25) },
                new SignInFailure { UserName = "locked-still", Count = 0, LastFailureUtc = now.AddHours(-25), LockedUntilUtc = now.AddMinutes(3) },
                new SignInFailure { UserName = "recent", Count = 1, LastFailureUtc = now.AddHours(-1) });
            await seed.SaveChangesAsync();
        }

        var result = await host.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None);

        await using var db = await DbAsync(host);
        Assert.Equal(["new-conv"], await db.Transcript.Select(t => t.ConversationId).Distinct().ToListAsync());
        Assert.Equal(3, await db.Transcript.CountAsync());
        Assert.Equal(25, result.Deleted["Transcript"]);
        Assert.Equal(["dl-new"], await db.DirectLineActivities.Select(a => a.ConversationId).Distinct().ToListAsync());
        Assert.Equal(["dl-new"], await db.DirectLineConversations.Where(c => c.Id.StartsWith("dl-")).Select(c => c.Id).ToListAsync());
        Assert.Equal(["new"], await db.SentMessages.Select(m => m.Key).ToListAsync());
        Assert.Equal(["new"], await db.ProcessedActivities.Select(p => p.ActivityId).ToListAsync());
        Assert.Equal(
            ["handoff-conv", "new-conv"],
            await db.Conversations.OrderBy(c => c.ConversationId).Select(c => c.ConversationId).ToListAsync());

        Assert.Equal(["kept"], await db.Set<AnalyticsEvent>().Select(a => a.Intent).ToListAsync());
        Assert.Equal(["kept"], await db.Set<InboxItem>().Select(i => i.Text).ToListAsync());
        Assert.Equal(["closed-recently", "handoff-conv"], await db.HandoffCases.OrderBy(c => c.ConversationId).Select(c => c.ConversationId).ToListAsync());
        Assert.Equal(["kept"], await db.HandoffNotes.Select(n => n.Text).ToListAsync());
        Assert.Equal(
            ["owed-long-ago", "sent-recently"],
            await db.Set<NotificationOutboxEntry>().OrderBy(n => n.Key).Select(n => n.Key).ToListAsync());

        // Sign-in failures: a name idle for over a day is forgotten unless its lockout still runs.
        Assert.Equal(["locked-still", "recent"], await db.SignInFailures.OrderBy(f => f.UserName).Select(f => f.UserName).ToListAsync());
        Assert.Equal(1, result.Deleted["SignInFailures"]);

        // The audit log is kept whatever its age; training examples are not conversation data.
        Assert.Equal(2, await db.Set<AuditEntry>().CountAsync(a => a.Action == "test.old"));
        Assert.Equal(1, await db.Set<InboxTrainingExample>().CountAsync());

        // A second pass (another instance, or the next interval) finds nothing more to delete.
        Assert.Equal(0, (await host.Services.GetRequiredService<RetentionPurge>().PurgeAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task The_background_job_purges_on_its_interval_of_the_injected_clock()
    {
        using var host = new BotHost().With("Privacy:Retention:Interval", "00:10:00");
        host.CreateClient().Dispose();
        var now = host.Time.GetUtcNow().UtcDateTime;
        await using (var db = await DbAsync(host))
        {
            db.Transcript.Add(Said("old-conv", now.AddDays(-91)));
            db.Transcript.Add(Said("new-conv", now.AddDays(-89)));
            await db.SaveChangesAsync();
        }

        var gone = false;
        for (var i = 0; i < 50 && !gone; i++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(100);
            gone = await TranscriptCountAsync(host, "old-conv") == 0;
        }

        Assert.True(gone, "The job never purged the 91-day-old transcript.");
        Assert.Equal(1, await TranscriptCountAsync(host, "new-conv"));
    }

    [Theory]
    [InlineData("Privacy:Retention:TranscriptDays", "0")]
    [InlineData("Privacy:Retention:AnalyticsDays", "30")]
    [InlineData("Privacy:Retention:Interval", "00:00:00")]
    public void The_host_refuses_to_start_with_a_retention_setting_out_of_range(string key, string value)
    {
        using var host = new BotHost().With(key, value);

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient().Dispose());

        Assert.Contains("Retention", failure.ToString(), StringComparison.Ordinal);
    }

    private static TranscriptEntry Said(string conversationId, DateTime at) => new()
    {
        ChannelId = "directline", ConversationId = conversationId, Direction = "user", Text = "where is my order", AtUtc = at,
    };

    private static async Task SeedAsync(BotHost host, DateTime now)
    {
        var transcriptOld = now.AddDays(-91);
        var transcriptNew = now.AddDays(-89);
        var analyticsOld = now.AddDays(-396);
        var analyticsNew = now.AddDays(-100);
        await using var db = await DbAsync(host);
        for (var i = 0; i < 25; i++)
        {
            db.Transcript.Add(Said("old-conv", transcriptOld));
        }

        for (var i = 0; i < 3; i++)
        {
            db.Transcript.Add(Said("new-conv", transcriptNew));
        }

        db.DirectLineConversations.AddRange(
            new DirectLineConversation { Id = "dl-old", UserId = "dl_budi", UserName = "Budi", CreatedUtc = transcriptOld, LastSequence = 2 },
            new DirectLineConversation { Id = "dl-new", UserId = "dl_sari", CreatedUtc = transcriptOld, LastSequence = 2 });
        db.DirectLineActivities.AddRange(
            new DirectLineActivity { ConversationId = "dl-old", Sequence = 1, Json = "{}", AtUtc = transcriptOld },
            new DirectLineActivity { ConversationId = "dl-old", Sequence = 2, Json = "{}", AtUtc = transcriptOld },
            new DirectLineActivity { ConversationId = "dl-new", Sequence = 1, Json = "{}", AtUtc = transcriptOld },
            new DirectLineActivity { ConversationId = "dl-new", Sequence = 2, Json = "{}", AtUtc = transcriptNew });
        db.SentMessages.AddRange(
            new SentMessage { Key = "old", ChannelId = "directline", ConversationId = "old-conv", Text = "hi", AtUtc = transcriptOld },
            new SentMessage { Key = "new", ChannelId = "directline", ConversationId = "new-conv", Text = "hi", AtUtc = transcriptNew });
        db.ProcessedActivities.AddRange(
            new ProcessedActivity { ChannelId = "directline", ConversationId = "old-conv", ActivityId = "old", ProcessedUtc = transcriptOld },
            new ProcessedActivity { ChannelId = "directline", ConversationId = "new-conv", ActivityId = "new", ProcessedUtc = transcriptNew });
        db.Conversations.AddRange(
            new ConversationRecord { ChannelId = "directline", ConversationId = "old-conv", StateJson = "{}", CreatedUtc = transcriptOld, UpdatedUtc = transcriptOld },
            new ConversationRecord { ChannelId = "directline", ConversationId = "handoff-conv", StateJson = "{}", CreatedUtc = transcriptOld, UpdatedUtc = transcriptOld },
            new ConversationRecord { ChannelId = "directline", ConversationId = "new-conv", StateJson = "{}", CreatedUtc = transcriptNew, UpdatedUtc = transcriptNew });

        // An agent still has handoff-conv: its state stays however long it has been idle.
        db.HandoffCases.AddRange(
            Case("handoff-conv", HandoffStatus.Assigned, analyticsOld, closed: null),
            Case("closed-long-ago", HandoffStatus.Resolved, analyticsOld, closed: analyticsOld),
            Case("closed-recently", HandoffStatus.Resolved, analyticsOld, closed: analyticsNew));
        await db.SaveChangesAsync();
        var cases = await db.HandoffCases.ToDictionaryAsync(c => c.ConversationId, c => c.Id);
        db.HandoffNotes.AddRange(
            new HandoffNote { CaseId = cases["closed-long-ago"], AgentUserName = "sari", Text = "gone", AtUtc = analyticsOld },
            new HandoffNote { CaseId = cases["closed-recently"], AgentUserName = "sari", Text = "kept", AtUtc = analyticsOld });

        db.Set<AnalyticsEvent>().AddRange(
            Event("purged", analyticsOld),
            Event("kept", analyticsNew));
        db.Set<InboxItem>().AddRange(
            Item("purged", 1, transcriptOld),
            Item("kept", 2, transcriptNew));
        db.Set<NotificationOutboxEntry>().AddRange(
            Notification("sent-long-ago", NotificationStatus.Sent, transcriptOld),
            Notification("owed-long-ago", NotificationStatus.Pending, transcriptOld),
            Notification("sent-recently", NotificationStatus.Sent, transcriptNew));
        db.Set<InboxTrainingExample>().Add(new InboxTrainingExample { Intent = "order.status", Language = "en", Text = "wheres my parcel", AddedBy = "alice", AddedUtc = analyticsOld });
        db.Set<AuditEntry>().AddRange(
            new AuditEntry { AtUtc = analyticsOld.AddYears(-5), Actor = "alice", ActorKind = "admin", Action = "test.old", TargetType = "test" },
            new AuditEntry { AtUtc = analyticsOld, Actor = "alice", ActorKind = "admin", Action = "test.old", TargetType = "test" });
        await db.SaveChangesAsync();
    }

    private static HandoffCase Case(string conversationId, HandoffStatus status, DateTime created, DateTime? closed) => new()
    {
        ChannelId = "directline", ConversationId = conversationId, UserId = "dl_budi", RequesterKind = "Anonymous", Language = "en",
        Queue = "General", Reason = "requested", Status = status, CreatedUtc = created, QueuedUtc = created, ClosedUtc = closed,
    };

    private static NotificationOutboxEntry Notification(string key, NotificationStatus status, DateTime created) => new()
    {
        Key = key, System = "orders", Kind = "order", RecordId = "ORD-100125", RequesterKind = "customer", PartyId = "CUS-0001",
        NewStatus = "shipped", Status = status, CreatedUtc = created, ChangedUtc = created, NextAttemptUtc = created,
    };

    private static AnalyticsEvent Event(string intent, DateTime at) => new()
    {
        ChannelId = "directline", ConversationId = "any", UserKey = new string('a', 64), Language = "en", Intent = intent, Outcome = "answered", AtUtc = at,
    };

    private static InboxItem Item(string text, long transcriptEntryId, DateTime at) => new()
    {
        ChannelId = "directline", ConversationId = "any", TranscriptEntryId = transcriptEntryId, Reason = InboxReasons.Fallback, Text = text,
        Language = "en", Status = InboxStatuses.Open, AtUtc = at,
    };
}
