using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>One stored line of a conversation, as the transcript keeps it (masked).</summary>
internal sealed record ExportedLine(string Direction, string Text, DateTime AtUtc, string? Intent, string? Language);

internal sealed record ExportedConversation(string ConversationId, DateTime? LastTurnUtc, IReadOnlyList<ExportedLine> Transcript);

/// <summary>What the bot holds of one user on one channel, for an access request (GDPR art. 15, UU PDP art. 7).</summary>
internal sealed record SubjectDataResponse(string ChannelId, IReadOnlyList<ExportedConversation> Conversations, int HandoffCases, int FeedbackGiven);

/// <summary>
/// Reads a user's conversations for an admin answering an access request: the same conversations an erasure would remove,
/// their masked transcripts oldest first. Every read is audited (<c>privacy.access</c>), without the user's id.
/// </summary>
internal sealed class ConversationDataExport(IDbContextFactory<StateDbContext> dbFactory, ConversationDataEraser eraser, AuditLog audit)
{
    public const string AuditAction = "privacy.access";

    /// <summary>Null when no conversation of that user on that channel is known.</summary>
    public async Task<SubjectDataResponse?> ReadAsync(ErasureSubject subject, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = (await eraser.ConversationsOfAsync(db, subject, cancellationToken)).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        var channelId = subject.ChannelId;
        var lines = await db.Transcript.AsNoTracking()
            .Where(t => t.ChannelId == channelId && ids.Contains(t.ConversationId))
            .OrderBy(t => t.Id)
            .Select(t => new { t.ConversationId, Line = new ExportedLine(t.Direction, t.Text, t.AtUtc, t.Intent, t.Language) })
            .ToListAsync(cancellationToken);
        var lastTurns = await db.Conversations.AsNoTracking()
            .Where(c => c.ChannelId == channelId && ids.Contains(c.ConversationId))
            .ToDictionaryAsync(c => c.ConversationId, c => c.UpdatedUtc, cancellationToken);
        var cases = await db.HandoffCases.CountAsync(c => c.ChannelId == channelId && ids.Contains(c.ConversationId), cancellationToken);
        var feedback = await db.MessageFeedback.CountAsync(f => f.ChannelId == channelId && ids.Contains(f.ConversationId), cancellationToken);
        var conversations = ids
            .Select(id => new ExportedConversation(
                id, lastTurns.TryGetValue(id, out var last) ? last : null, [.. lines.Where(l => l.ConversationId == id).Select(l => l.Line)]))
            .OrderBy(c => c.Transcript.Count > 0 ? c.Transcript[0].AtUtc : DateTime.MaxValue)
            .ToList();

        await audit.RecordAsync(audit.Entry(
            actor, AuditAction, ConversationDataEraser.AuditTarget, eraser.KeyOf(subject), new { channel = channelId },
            new { conversations = conversations.Count, transcriptEntries = lines.Count }));
        return new SubjectDataResponse(channelId, conversations, cases, feedback);
    }
}
