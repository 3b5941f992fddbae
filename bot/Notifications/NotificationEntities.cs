using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Notifications;

/// <summary>
/// Where a verified user (customer or employee) can be reached outside a turn: one row per conversation the user was
/// seen in, refreshed on every turn there. Anonymous visitors never get one. Only ids and routing — no message text.
/// </summary>
internal sealed class ConversationReferenceRecord
{
    /// <summary><c>customer</c> or <c>employee</c> (the <see cref="Connectors.RequesterKind"/>, lower case).</summary>
    public required string RequesterKind { get; set; }
    public required string PartyId { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }

    /// <summary>The user's account id on the channel (<c>29:…</c> in Teams, <c>dl_…</c> on Direct Line).</summary>
    public required string UserId { get; set; }
    public string? AadObjectId { get; set; }
    public string? TenantId { get; set; }
    public string? ServiceUrl { get; set; }

    /// <summary>The bot's account in this conversation (<c>28:…</c> in Teams): the <c>bot</c> of a conversation we open.</summary>
    public string? BotId { get; set; }
    public string? BotName { get; set; }

    /// <summary>The user's language at their last turn here: notifications are written in it.</summary>
    public required string Language { get; set; }

    /// <summary><c>personal</c>, <c>channel</c> or <c>groupChat</c>. Notifications go only to <c>personal</c> ones.</summary>
    public required string ConversationType { get; set; }

    public DateTime LastSeenUtc { get; set; }
}

/// <summary>How far the notifier has read one system's change feed; moved in the same transaction as the outbox rows it made.</summary>
internal sealed class NotificationCursor
{
    public required string Source { get; set; }
    public long Sequence { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

internal enum NotificationStatus { Pending, Sent, GaveUp }

/// <summary>
/// One notification to one user about one change. <see cref="Key"/> is unique, so a change read twice (by one host after a
/// crash, or by two hosts) makes one row; a row is sent by whoever claims it first (<see cref="ClaimedUntilUtc"/>).
/// </summary>
internal sealed class NotificationOutboxEntry
{
    public long Id { get; set; }

    /// <summary><c>{system}/{sequence}/{requesterKind}/{partyId}</c>.</summary>
    public required string Key { get; set; }
    public required string System { get; set; }
    public long Sequence { get; set; }
    public required string Kind { get; set; }
    public required string RecordId { get; set; }
    public required string RequesterKind { get; set; }
    public required string PartyId { get; set; }
    public string? OldStatus { get; set; }
    public required string NewStatus { get; set; }
    public DateTime ChangedUtc { get; set; }
    public NotificationStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? ClaimedUntilUtc { get; set; }

    /// <summary>Why the last try failed, in words without personal data (a status code, "no conversation").</summary>
    public string? LastError { get; set; }
    public DateTime? SentUtc { get; set; }
    public string? SentChannelId { get; set; }
    public string? SentConversationId { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>The notification tables' part of the state database's model.</summary>
internal static class NotificationModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConversationReferenceRecord>(e =>
        {
            e.ToTable("ConversationReferences");
            e.HasKey(r => new { r.RequesterKind, r.PartyId, r.ChannelId, r.ConversationId });
            e.Property(r => r.RequesterKind).HasMaxLength(16);
            e.Property(r => r.PartyId).HasMaxLength(64);
            e.Property(r => r.ChannelId).HasMaxLength(64);
            e.Property(r => r.ConversationId).HasMaxLength(256);
            e.Property(r => r.UserId).HasMaxLength(256);
            e.Property(r => r.AadObjectId).HasMaxLength(64);
            e.Property(r => r.TenantId).HasMaxLength(64);
            e.Property(r => r.ServiceUrl).HasMaxLength(512);
            e.Property(r => r.BotId).HasMaxLength(256);
            e.Property(r => r.BotName).HasMaxLength(256);
            e.Property(r => r.Language).HasMaxLength(8);
            e.Property(r => r.ConversationType).HasMaxLength(16);
            e.HasIndex(r => new { r.ChannelId, r.LastSeenUtc });
        });
        modelBuilder.Entity<NotificationCursor>(e =>
        {
            e.ToTable("NotificationCursors");
            e.HasKey(c => c.Source);
            e.Property(c => c.Source).HasMaxLength(32);
        });
        modelBuilder.Entity<NotificationOutboxEntry>(e =>
        {
            e.ToTable("NotificationOutbox");
            e.HasKey(n => n.Id);
            e.HasIndex(n => n.Key).IsUnique();
            e.HasIndex(n => new { n.Status, n.NextAttemptUtc });
            e.Property(n => n.Key).HasMaxLength(200);
            e.Property(n => n.System).HasMaxLength(32);
            e.Property(n => n.Kind).HasMaxLength(32);
            e.Property(n => n.RecordId).HasMaxLength(64);
            e.Property(n => n.RequesterKind).HasMaxLength(16);
            e.Property(n => n.PartyId).HasMaxLength(64);
            e.Property(n => n.OldStatus).HasMaxLength(40);
            e.Property(n => n.NewStatus).HasMaxLength(40);
            e.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(n => n.LastError).HasMaxLength(200);
            e.Property(n => n.SentChannelId).HasMaxLength(64);
            e.Property(n => n.SentConversationId).HasMaxLength(256);
        });
    }
}
