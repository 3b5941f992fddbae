using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Analytics;

/// <summary>
/// One bot turn as the dashboard counts it. No text and no raw user id: the user is a salted hash
/// (<see cref="AnalyticsUserKeys"/>), so the table holds no personal data. Handoffs and ratings are not copied here:
/// they are read from the handoff cases.
/// </summary>
internal sealed class AnalyticsEvent
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    /// <summary>Salted SHA-256 of who the user is (verified party, else channel user id), hex.</summary>
    public required string UserKey { get; set; }
    public required string Language { get; set; }
    public required string Intent { get; set; }
    public float Confidence { get; set; }
    /// <summary>A <see cref="HelpdeskBot.Skills.Conversations.TurnKind"/> name in snake case ("answered", "fallback"…).</summary>
    public required string Outcome { get; set; }
    /// <summary>Time the conversation engine took for the turn, in milliseconds.</summary>
    public int ResponseMs { get; set; }
    public DateTime AtUtc { get; set; }
}

/// <summary>The analytics table's model, kept here so the state context only calls <see cref="Configure"/>.</summary>
internal static class AnalyticsModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AnalyticsEvent>(e =>
        {
            e.ToTable("AnalyticsEvents");
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.AtUtc);
            e.HasIndex(a => new { a.UserKey, a.AtUtc });
            e.Property(a => a.ChannelId).HasMaxLength(64);
            e.Property(a => a.ConversationId).HasMaxLength(256);
            e.Property(a => a.UserKey).HasMaxLength(64);
            e.Property(a => a.Language).HasMaxLength(8);
            e.Property(a => a.Intent).HasMaxLength(64);
            e.Property(a => a.Outcome).HasMaxLength(16);
        });
}
