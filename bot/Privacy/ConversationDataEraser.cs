using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Analytics;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Feedback;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Notifications;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>
/// Whose data to erase: a channel's user as the channel identified them (never as a message claimed), and the party the
/// channel verified them as, if any. <paramref name="CurrentConversationId"/> is the conversation the request came from.
/// </summary>
internal sealed record ErasureSubject(string ChannelId, string UserId, Requester Requester, string? CurrentConversationId = null);

/// <summary>What an erasure removed, per store: counts only, so it can go to the audit log and the logs.</summary>
internal sealed record ErasureCounts(
    int Conversations, int TranscriptEntries, int ConversationStates, int ProcessedActivities, int DirectLineActivities,
    int SentMessages, int Feedback, int CitedArticles, int AnalyticsEvents, int InboxItems, int ConversationReferences,
    int HandoffCasesAnonymised, int HandoffNotes);

internal enum ErasureStatus
{
    Erased,

    /// <summary>No conversation of that user on that channel is known.</summary>
    NothingKnown,

    /// <summary>A conversation of the user is with a person (queued, assigned or with the external hub): nothing was erased.</summary>
    HandoffOpen,
}

internal sealed record ErasureResult(ErasureStatus Status, ErasureCounts? Counts = null);

/// <summary>
/// Erases one user's conversation data on one channel: every conversation of theirs the state database can tie to them
/// (the Direct Line conversations opened under their user id, the conversations their verified party was seen in, their
/// handoff cases and their analytics key), in one transaction with its audit entry. Group conversations (a Teams channel or
/// group chat) are left alone: their transcript is other people's too. Closed handoff cases stay for the handoff
/// statistics with the person taken out (user id, name, party, callback contact and details, agents' notes).
/// </summary>
internal sealed partial class ConversationDataEraser(
    IDbContextFactory<StateDbContext> dbFactory, AnalyticsUserKeys userKeys, AuditLog audit, ILogger<ConversationDataEraser> logger)
{
    public const string AuditAction = "privacy.erase";

    public const string AuditTarget = "privacy.subject";

    /// <summary>What a handoff case's user becomes once erased.</summary>
    public const string ErasedUser = "erased";

    private static readonly string[] SharedConversationTypes = ["channel", "groupChat"];

    public async Task<ErasureResult> EraseAsync(ErasureSubject subject, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channelId = subject.ChannelId;
        var conversations = await ConversationsOfAsync(db, subject, cancellationToken);
        if (conversations.Count == 0)
        {
            LogNothingKnown(channelId);
            return new ErasureResult(ErasureStatus.NothingKnown);
        }

        var ids = conversations.ToList();
        var withPerson = await db.HandoffCases.AsNoTracking().AnyAsync(
            c => c.ChannelId == channelId && ids.Contains(c.ConversationId) &&
                 (c.Status == HandoffStatus.Queued || c.Status == HandoffStatus.Assigned || c.Status == HandoffStatus.WithHub),
            cancellationToken);
        if (withPerson)
        {
            LogRefusedHandoff(channelId, ids.Count);
            await audit.RecordAsync(audit.Entry(
                actor, AuditAction, AuditTarget, KeyOf(subject), new { channel = channelId }, new { refused = "handoffOpen" }, AuditOutcome.Refused));
            return new ErasureResult(ErasureStatus.HandoffOpen);
        }

        var counts = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var erased = await DeleteAsync(db, channelId, ids, ct);
            AuditLog.Add(db, audit.Entry(actor, AuditAction, AuditTarget, KeyOf(subject), new { channel = channelId }, erased));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return erased;
        }, cancellationToken);

        LogErased(channelId, actor.Kind, counts.Conversations, counts.TranscriptEntries, counts.DirectLineActivities);
        return new ErasureResult(ErasureStatus.Erased, counts);
    }

    /// <summary>
    /// Every conversation of the subject on their channel the state database can tie to them (see the class summary), group
    /// conversations left out. Also what an admin's access request reads (<see cref="ConversationDataExport"/>).
    /// </summary>
    public async Task<HashSet<string>> ConversationsOfAsync(StateDbContext db, ErasureSubject subject, CancellationToken cancellationToken) =>
        await ConversationsAsync(db, subject, await PartiesAsync(db, subject, cancellationToken), cancellationToken);

    /// <summary>
    /// The audit log's name for the subject: their analytics key (a salted hash), so repeated requests of one person can be
    /// matched without the log holding who they are.
    /// </summary>
    public string KeyOf(ErasureSubject subject) =>
        userKeys.For(subject.ChannelId, new ChannelUser(subject.UserId, null, subject.Requester));

    /// <summary>The verified parties the user was seen as on this channel: the channel's own, and those recorded with their user id.</summary>
    private static async Task<List<Requester>> PartiesAsync(StateDbContext db, ErasureSubject subject, CancellationToken cancellationToken)
    {
        var parties = new List<Requester>();
        if (subject.Requester is { Kind: not RequesterKind.Anonymous, PartyId: { Length: > 0 } })
        {
            parties.Add(subject.Requester);
        }

        var recorded = await db.Set<ConversationReferenceRecord>().AsNoTracking()
            .Where(r => r.ChannelId == subject.ChannelId && r.UserId == subject.UserId)
            .Select(r => new { r.RequesterKind, PartyId = (string?)r.PartyId })
            .Distinct()
            .ToListAsync(cancellationToken);
        var handedOff = await db.HandoffCases.AsNoTracking()
            .Where(c => c.ChannelId == subject.ChannelId && c.UserId == subject.UserId && c.PartyId != null)
            .Select(c => new { c.RequesterKind, c.PartyId })
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var party in recorded.Concat(handedOff))
        {
            if (Enum.TryParse<RequesterKind>(party.RequesterKind, ignoreCase: true, out var kind) && kind != RequesterKind.Anonymous
                && !string.IsNullOrWhiteSpace(party.PartyId) && !parties.Any(p => p.Kind == kind && p.PartyId == party.PartyId))
            {
                parties.Add(new Requester(kind, party.PartyId));
            }
        }

        return parties;
    }

    private async Task<HashSet<string>> ConversationsAsync(
        StateDbContext db, ErasureSubject subject, List<Requester> parties, CancellationToken cancellationToken)
    {
        var channelId = subject.ChannelId;
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (subject.CurrentConversationId is { Length: > 0 } current)
        {
            found.Add(current);
        }

        if (channelId == DirectLineConversations.ChannelId)
        {
            found.UnionWith(await db.DirectLineConversations.AsNoTracking()
                .Where(c => c.UserId == subject.UserId).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        var references = db.Set<ConversationReferenceRecord>().AsNoTracking().Where(r => r.ChannelId == channelId);
        found.UnionWith(await references.Where(r => r.UserId == subject.UserId).Select(r => r.ConversationId).ToListAsync(cancellationToken));
        found.UnionWith(await db.HandoffCases.AsNoTracking()
            .Where(c => c.ChannelId == channelId && c.UserId == subject.UserId).Select(c => c.ConversationId).ToListAsync(cancellationToken));
        found.UnionWith(await db.MessageFeedback.AsNoTracking()
            .Where(f => f.ChannelId == channelId && f.UserId == subject.UserId).Select(f => f.ConversationId).ToListAsync(cancellationToken));

        var keys = new List<string> { userKeys.For(channelId, new ChannelUser(subject.UserId, null, Requester.Anonymous)) };
        foreach (var party in parties)
        {
            var kind = party.Kind.ToString().ToLowerInvariant();
            found.UnionWith(await references.Where(r => r.RequesterKind == kind && r.PartyId == party.PartyId)
                .Select(r => r.ConversationId).ToListAsync(cancellationToken));
            found.UnionWith(await db.HandoffCases.AsNoTracking()
                .Where(c => c.ChannelId == channelId && c.PartyId == party.PartyId && c.RequesterKind == party.Kind.ToString())
                .Select(c => c.ConversationId).ToListAsync(cancellationToken));
            keys.Add(userKeys.For(channelId, new ChannelUser(subject.UserId, null, party)));
        }

        found.UnionWith(await db.Set<AnalyticsEvent>().AsNoTracking()
            .Where(a => a.ChannelId == channelId && keys.Contains(a.UserKey)).Select(a => a.ConversationId).Distinct().ToListAsync(cancellationToken));

        // A Teams channel or group chat is shared: its transcript is everyone's, not this user's to erase.
        var candidates = found.ToList();
        var shared = await references.Where(r => candidates.Contains(r.ConversationId) && SharedConversationTypes.Contains(r.ConversationType))
            .Select(r => r.ConversationId).ToListAsync(cancellationToken);
        found.ExceptWith(shared);
        return found;
    }

    private static async Task<ErasureCounts> DeleteAsync(StateDbContext db, string channelId, List<string> ids, CancellationToken ct)
    {
        var caseIds = await db.HandoffCases.Where(c => c.ChannelId == channelId && ids.Contains(c.ConversationId)).Select(c => c.Id).ToListAsync(ct);
        var inChannel = channelId == DirectLineConversations.ChannelId;
        var counts = new ErasureCounts(
            Conversations: ids.Count,
            TranscriptEntries: await db.Transcript.Where(t => t.ChannelId == channelId && ids.Contains(t.ConversationId)).ExecuteDeleteAsync(ct),
            ConversationStates: await db.Conversations.Where(c => c.ChannelId == channelId && ids.Contains(c.ConversationId)).ExecuteDeleteAsync(ct),
            ProcessedActivities: await db.ProcessedActivities.Where(p => p.ChannelId == channelId && ids.Contains(p.ConversationId)).ExecuteDeleteAsync(ct),
            DirectLineActivities: inChannel ? await db.DirectLineActivities.Where(a => ids.Contains(a.ConversationId)).ExecuteDeleteAsync(ct) : 0,
            SentMessages: await db.SentMessages.Where(m => m.ChannelId == channelId && ids.Contains(m.ConversationId)).ExecuteDeleteAsync(ct),
            Feedback: await db.MessageFeedback.Where(f => f.ChannelId == channelId && ids.Contains(f.ConversationId)).ExecuteDeleteAsync(ct),
            CitedArticles: await db.CitedArticles.Where(a => a.ChannelId == channelId && ids.Contains(a.ConversationId)).ExecuteDeleteAsync(ct),
            AnalyticsEvents: await db.Set<AnalyticsEvent>().Where(a => a.ChannelId == channelId && ids.Contains(a.ConversationId)).ExecuteDeleteAsync(ct),
            InboxItems: await db.Set<Admin.Inbox.InboxItem>().Where(i => i.ChannelId == channelId && ids.Contains(i.ConversationId)).ExecuteDeleteAsync(ct),
            ConversationReferences: await db.Set<ConversationReferenceRecord>().Where(r => r.ChannelId == channelId && ids.Contains(r.ConversationId)).ExecuteDeleteAsync(ct),
            HandoffCasesAnonymised: await db.HandoffCases.Where(c => caseIds.Contains(c.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.UserId, ErasedUser)
                .SetProperty(c => c.UserName, (string?)null)
                .SetProperty(c => c.PartyId, (string?)null)
                .SetProperty(c => c.Detail, (string?)null)
                .SetProperty(c => c.CallbackDetails, (string?)null)
                .SetProperty(c => c.CallbackContact, (string?)null)
                .SetProperty(c => c.Version, c => c.Version + 1), ct),
            HandoffNotes: await db.HandoffNotes.Where(n => caseIds.Contains(n.CaseId)).ExecuteDeleteAsync(ct));
        if (inChannel)
        {
            // The conversation itself stays (its id and watermark keep a live Web Chat working); the name the site gave goes.
            await db.DirectLineConversations.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(set => set.SetProperty(c => c.UserName, (string?)null), ct);
        }

        return counts;
    }

    [LoggerMessage(LogLevel.Information, "Erased conversation data on {ChannelId} (asked by {ActorKind}): {Conversations} conversations, {TranscriptEntries} transcript entries, {DirectLineActivities} Direct Line activities")]
    private partial void LogErased(string channelId, string actorKind, int conversations, int transcriptEntries, int directLineActivities);

    [LoggerMessage(LogLevel.Information, "Erasure on {ChannelId} found no conversation of the user")]
    private partial void LogNothingKnown(string channelId);

    [LoggerMessage(LogLevel.Information, "Erasure on {ChannelId} refused: one of the user's {Conversations} conversations is with a person")]
    private partial void LogRefusedHandoff(string channelId, int conversations);
}
