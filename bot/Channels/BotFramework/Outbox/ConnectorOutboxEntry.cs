using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Channels.BotFramework.Outbox;

/// <summary>
/// One activity the bot owes a Bot Connector conversation (Teams, the Emulator): written in the same transaction as the
/// turn (or agent message) that produced it, deleted in the same transaction that records the id the Connector gave it.
/// A row therefore exists exactly while the message is owed, whichever instance wrote it and whether or not that instance
/// is still alive. Rows of a conversation go out in <see cref="Id"/> order; whoever holds the lease
/// (<see cref="LeaseOwner"/> until <see cref="LeaseUntilUtc"/>) sends.
/// </summary>
internal sealed class ConnectorOutboxEntry
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    public required string ServiceUrl { get; set; }

    /// <summary>The activity it answers (the Connector path's <c>…/activities/{replyToId}</c>); null for an agent's message.</summary>
    public string? ReplyToId { get; set; }

    /// <summary>The activity as it will be posted (no id: the Connector gives one). Holds what the user reads, unmasked.</summary>
    public required string ActivityJson { get; set; }

    /// <summary>
    /// Stands in for the Connector's id in the bot's record of the message (<c>SentMessages.ActivityId</c>) until it is
    /// delivered; then that record gets the real id, so a reaction can find the message. Null when nothing records it.
    /// </summary>
    public string? PendingId { get; set; }

    /// <summary><c>reply</c> (a turn's), <c>agent</c> or <c>bot</c> (said outside a turn, in a handoff): for logs.</summary>
    public required string Origin { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>Failed deliveries so far (each one the Connector client's own attempts, with their retries).</summary>
    public int Attempts { get; set; }

    /// <summary>Not before this time, unless the channel redelivers the activity (it is reachable again) or a new turn needs the conversation.</summary>
    public DateTime NextAttemptUtc { get; set; }

    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }

    /// <summary>Why the last delivery failed, without personal data ("Connector answered 503").</summary>
    public string? LastError { get; set; }
}

/// <summary>The outbox table's part of the state database's model.</summary>
internal static class ConnectorOutboxModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConnectorOutboxEntry>(e =>
        {
            e.ToTable("ConnectorOutbox");
            e.HasKey(o => o.Id);
            e.HasIndex(o => new { o.ChannelId, o.ConversationId, o.Id });
            e.HasIndex(o => o.NextAttemptUtc);
            e.Property(o => o.ChannelId).HasMaxLength(64);
            e.Property(o => o.ConversationId).HasMaxLength(256);
            e.Property(o => o.ServiceUrl).HasMaxLength(512);
            e.Property(o => o.ReplyToId).HasMaxLength(256);
            e.Property(o => o.PendingId).HasMaxLength(64);
            e.Property(o => o.Origin).HasMaxLength(16);
            e.Property(o => o.LeaseOwner).HasMaxLength(64);
            e.Property(o => o.LastError).HasMaxLength(200);
        });
    }
}
