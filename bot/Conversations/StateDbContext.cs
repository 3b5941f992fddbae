using HelpdeskBot.Bot.Feedback;
using HelpdeskBot.Bot.Handoff;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>
/// Conversation state, de-duplication, transcripts and the Direct Line activity log. The model uses only portable
/// types so the same context runs on SQLite and PostgreSQL. Abstract: each provider has its own derived context
/// (<see cref="Database.SqliteStateDbContext"/>, <see cref="Database.PostgresStateDbContext"/>) with its own migrations.
/// </summary>
internal abstract class StateDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();
    public DbSet<ProcessedActivity> ProcessedActivities => Set<ProcessedActivity>();
    public DbSet<TranscriptEntry> Transcript => Set<TranscriptEntry>();
    public DbSet<DirectLineConversation> DirectLineConversations => Set<DirectLineConversation>();
    public DbSet<DirectLineActivity> DirectLineActivities => Set<DirectLineActivity>();
    public DbSet<HandoffCase> HandoffCases => Set<HandoffCase>();
    public DbSet<HandoffNote> HandoffNotes => Set<HandoffNote>();
    public DbSet<CitedArticle> CitedArticles => Set<CitedArticle>();
    public DbSet<SentMessage> SentMessages => Set<SentMessage>();
    public DbSet<MessageFeedback> MessageFeedback => Set<MessageFeedback>();
    public DbSet<WebSecurity.DataProtectionKeyRecord> DataProtectionKeys => Set<WebSecurity.DataProtectionKeyRecord>();
    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebSecurity.DataProtectionKeyRecord>(e =>
        {
            e.ToTable("DataProtectionKeys");
            e.HasKey(k => k.Id);
            e.Property(k => k.FriendlyName).HasMaxLength(256);
        });
        modelBuilder.Entity<SignInFailure>(e =>
        {
            e.HasKey(f => f.UserName);
            e.Property(f => f.UserName).HasMaxLength(SignInFailure.MaxUserNameLength);
        });
        modelBuilder.Entity<ConversationRecord>(e =>
        {
            e.HasKey(c => new { c.ChannelId, c.ConversationId });
            e.Property(c => c.ChannelId).HasMaxLength(64);
            e.Property(c => c.ConversationId).HasMaxLength(256);
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<ProcessedActivity>(e =>
        {
            e.HasKey(p => new { p.ChannelId, p.ConversationId, p.ActivityId });
            e.Property(p => p.ChannelId).HasMaxLength(64);
            e.Property(p => p.ConversationId).HasMaxLength(256);
            e.Property(p => p.ActivityId).HasMaxLength(256);
        });
        modelBuilder.Entity<TranscriptEntry>(e =>
        {
            e.HasKey(t => t.Id);
            e.HasIndex(t => new { t.ChannelId, t.ConversationId, t.Id });
            e.Property(t => t.ChannelId).HasMaxLength(64);
            e.Property(t => t.ConversationId).HasMaxLength(256);
            e.Property(t => t.Direction).HasMaxLength(8);
            e.Property(t => t.Intent).HasMaxLength(64);
            e.Property(t => t.Language).HasMaxLength(8);
        });
        modelBuilder.Entity<DirectLineConversation>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(64);
            e.Property(c => c.UserId).HasMaxLength(128);
            e.Property(c => c.UserName).HasMaxLength(256);
            e.Property(c => c.Locale).HasMaxLength(16);
        });
        modelBuilder.Entity<DirectLineActivity>(e =>
        {
            e.HasKey(a => new { a.ConversationId, a.Sequence });
            e.Property(a => a.ConversationId).HasMaxLength(64);
            e.Property(a => a.ClientActivityId).HasMaxLength(128);
            e.HasIndex(a => new { a.ConversationId, a.ClientActivityId });
        });
        modelBuilder.Entity<HandoffCase>(e =>
        {
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.ChannelId, c.ConversationId, c.Status });
            e.HasIndex(c => new { c.Status, c.Queue, c.Priority, c.Rank });
            e.Property(c => c.ChannelId).HasMaxLength(64);
            e.Property(c => c.ConversationId).HasMaxLength(256);
            e.Property(c => c.ServiceUrl).HasMaxLength(512);
            e.Property(c => c.UserId).HasMaxLength(256);
            e.Property(c => c.UserName).HasMaxLength(256);
            e.Property(c => c.RequesterKind).HasMaxLength(16);
            e.Property(c => c.PartyId).HasMaxLength(64);
            e.Property(c => c.Language).HasMaxLength(8);
            e.Property(c => c.Queue).HasMaxLength(32);
            e.Property(c => c.Reason).HasMaxLength(32);
            e.Property(c => c.LastIntent).HasMaxLength(64);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.AgentUserName).HasMaxLength(64);
            e.Property(c => c.AgentDisplayName).HasMaxLength(128);
            e.Property(c => c.CallbackContact).HasMaxLength(256);
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<HandoffNote>(e =>
        {
            e.HasKey(n => n.Id);
            e.HasIndex(n => n.CaseId);
            e.Property(n => n.AgentUserName).HasMaxLength(64);
        });
        modelBuilder.Entity<CitedArticle>(e =>
        {
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.ChannelId, a.ConversationId });
            e.Property(a => a.ChannelId).HasMaxLength(64);
            e.Property(a => a.ConversationId).HasMaxLength(256);
            e.Property(a => a.Citation).HasMaxLength(512);
        });
        modelBuilder.Entity<SentMessage>(e =>
        {
            e.HasKey(m => m.Key);
            e.HasIndex(m => new { m.ChannelId, m.ConversationId, m.ActivityId });
            e.Property(m => m.Key).HasMaxLength(32);
            e.Property(m => m.ChannelId).HasMaxLength(64);
            e.Property(m => m.ConversationId).HasMaxLength(256);
            e.Property(m => m.ActivityId).HasMaxLength(256);
            e.Property(m => m.Citation).HasMaxLength(512);
        });
        modelBuilder.Entity<MessageFeedback>(e =>
        {
            e.HasKey(f => f.Id);
            e.HasIndex(f => f.MessageKey);
            e.HasIndex(f => f.Citation);
            e.Property(f => f.MessageKey).HasMaxLength(32);
            e.Property(f => f.ChannelId).HasMaxLength(64);
            e.Property(f => f.ConversationId).HasMaxLength(256);
            e.Property(f => f.UserId).HasMaxLength(256);
            e.Property(f => f.Source).HasMaxLength(16);
            e.Property(f => f.Kind).HasMaxLength(64);
            e.Property(f => f.Citation).HasMaxLength(512);
        });
        Notifications.NotificationModel.Configure(modelBuilder);
        Admin.Audit.AuditModel.Configure(modelBuilder);
        Analytics.AnalyticsModel.Configure(modelBuilder);
        Admin.Inbox.InboxModel.Configure(modelBuilder);
        Channels.BotFramework.Outbox.ConnectorOutboxModel.Configure(modelBuilder);
    }
}

internal sealed class ConversationRecord
{
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    public required string StateJson { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public int Version { get; set; }
}

internal sealed class ProcessedActivity
{
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    public required string ActivityId { get; set; }
    public DateTime ProcessedUtc { get; set; }
}

internal sealed class TranscriptEntry
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    /// <summary>"user" or "bot".</summary>
    public required string Direction { get; set; }
    /// <summary>The text with personal data masked.</summary>
    public required string Text { get; set; }
    public string? Intent { get; set; }
    public float? Confidence { get; set; }
    public string? Language { get; set; }
    public DateTime AtUtc { get; set; }
}

internal sealed class DirectLineConversation
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public string? UserName { get; set; }
    public string? Locale { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>The watermark of the newest activity; the next one gets <c>LastSequence + 1</c>.</summary>
    public long LastSequence { get; set; }
    public bool Started { get; set; }
}

internal sealed class DirectLineActivity
{
    public required string ConversationId { get; set; }
    public long Sequence { get; set; }
    public required string Json { get; set; }
    public string? ClientActivityId { get; set; }
    public DateTime AtUtc { get; set; }
}
