using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>Why a message landed in the inbox (snake case on the wire and in the table).</summary>
internal static class InboxReasons
{
    /// <summary>The classifier found no intent: the bot said it cannot help with that.</summary>
    public const string OutOfScope = "out_of_scope";

    /// <summary>An intent was found but the bot still could not answer (nothing in the knowledge base, no skill).</summary>
    public const string Fallback = "fallback";

    /// <summary>The classifier was unsure or torn between two intents and the bot asked back.</summary>
    public const string LowConfidence = "low_confidence";

    /// <summary>The user gave the answer a 👎 (card button or Teams reaction).</summary>
    public const string NegativeFeedback = "negative_feedback";

    /// <summary>The conversation went (or was offered) to a person.</summary>
    public const string Handoff = "handoff";

    public static IReadOnlyList<string> All { get; } = [OutOfScope, Fallback, LowConfidence, NegativeFeedback, Handoff];
}

/// <summary>What became of an inbox item.</summary>
internal static class InboxStatuses
{
    public const string Open = "open";
    public const string Dismissed = "dismissed";

    /// <summary>Taken as a training example or into a draft article: done with, no longer shown.</summary>
    public const string Resolved = "resolved";
}

/// <summary>
/// One user message the bot did not serve well. The text is the transcript's (personal data masked; a one-time code
/// never gets here), the embedding is of that masked text and groups similar questions.
/// </summary>
internal sealed class InboxItem
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }

    /// <summary>The transcript row of the user's message: one item per message and reason.</summary>
    public long TranscriptEntryId { get; set; }
    public required string Reason { get; set; }
    public required string Text { get; set; }
    public required string Language { get; set; }
    public string? Intent { get; set; }
    public float? Confidence { get; set; }

    /// <summary>The sentence embedding of <see cref="Text"/>, little-endian float32; empty when it could not be computed.</summary>
    public byte[] Embedding { get; set; } = [];
    public required string Status { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>When and by whom it was dismissed or resolved.</summary>
    public DateTime? ClosedUtc { get; set; }
    public string? ClosedBy { get; set; }
}

/// <summary>
/// A training utterance an admin added to an intent from the inbox. Pending until a retrained model that includes it is
/// promoted (<see cref="PromotedUtc"/>); the promoted ones are loaded with the shipped training data when the bot starts.
/// </summary>
internal sealed class InboxTrainingExample
{
    public long Id { get; set; }
    public required string Intent { get; set; }
    public required string Language { get; set; }

    /// <summary>The masked text of the item it came from.</summary>
    public required string Text { get; set; }
    public long? ItemId { get; set; }
    public required string AddedBy { get; set; }
    public DateTime AddedUtc { get; set; }
    public DateTime? PromotedUtc { get; set; }
}

/// <summary>A retraining run as the admin API shows it (<see cref="RetrainJobView"/> as JSON), for every instance.</summary>
internal sealed class RetrainJobRecord
{
    public required string Id { get; set; }
    public required string Status { get; set; }
    public DateTime StartedUtc { get; set; }
    public required string ViewJson { get; set; }
}

/// <summary>A trained intent model (the classifier's zip) by the fingerprint of its training data, for every instance.</summary>
internal sealed class SharedIntentModel
{
    public required string Fingerprint { get; set; }
    public required byte[] Model { get; set; }
    public DateTime SavedUtc { get; set; }
}

/// <summary>The inbox tables' part of the state database's model, so the state context only calls <see cref="Configure"/>.</summary>
internal static class InboxModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxItem>(e =>
        {
            e.ToTable("InboxItems");
            e.HasKey(i => i.Id);
            e.HasIndex(i => new { i.Status, i.AtUtc });
            e.HasIndex(i => new { i.TranscriptEntryId, i.Reason }).IsUnique();
            e.Property(i => i.ChannelId).HasMaxLength(64);
            e.Property(i => i.ConversationId).HasMaxLength(256);
            e.Property(i => i.Reason).HasMaxLength(32);
            e.Property(i => i.Language).HasMaxLength(8);
            e.Property(i => i.Intent).HasMaxLength(64);
            e.Property(i => i.Status).HasMaxLength(16);
            e.Property(i => i.ClosedBy).HasMaxLength(128);
        });
        modelBuilder.Entity<InboxTrainingExample>(e =>
        {
            e.ToTable("InboxTrainingExamples");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Intent);
            e.Property(x => x.Intent).HasMaxLength(64);
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.AddedBy).HasMaxLength(128);
        });
        modelBuilder.Entity<RetrainJobRecord>(e =>
        {
            e.ToTable("RetrainJobs");
            e.HasKey(j => j.Id);
            e.Property(j => j.Id).HasMaxLength(32);
            e.Property(j => j.Status).HasMaxLength(16);
            e.HasIndex(j => new { j.Status, j.StartedUtc });
        });
        modelBuilder.Entity<SharedIntentModel>(e =>
        {
            e.ToTable("IntentModels");
            e.HasKey(m => m.Fingerprint);
            e.Property(m => m.Fingerprint).HasMaxLength(64);
            e.HasIndex(m => m.SavedUtc);
        });
    }
}
