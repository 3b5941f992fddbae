using HelpdeskBot.Classifier.Entities;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>An open case (queued, with an agent, or with the hub) as the turn pipeline sees it.</summary>
internal sealed record OpenCase(long Id, HandoffStatus Status, string Queue, string Language);

/// <summary>What happened to an agent's attempt to take a case.</summary>
internal enum AcceptOutcome { Accepted, AlreadyTaken, NotFound, NotYourQueue }

/// <summary>Why an agent action on a case was refused.</summary>
internal sealed class HandoffActionException(string message) : Exception(message);

/// <summary>
/// The queue state machine: Queued → Assigned → Resolved (or Cancelled by the user, or back to Queued when the agent
/// leaves or transfers), all in the state database, so a restart loses nothing. Every change to a case is one conditional
/// update (status and version checked), so two agents accepting at once cannot both win.
/// </summary>
internal sealed partial class HandoffService(
    IDbContextFactory<StateDbContext> dbFactory,
    IOptions<HandoffOptions> options,
    ChannelDelivery delivery,
    IHandoffNotifier notifier,
    AgentPresence presence,
    ConversationLocks locks,
    PersonalDataMasker masker,
    IOptions<Privacy.PrivacyOptions> privacy,
    AuditLog audit,
    Operations.Telemetry.HelpdeskTelemetry telemetry,
    TimeProvider time,
    ILogger<HandoffService> logger)
{
    private readonly Lazy<TimeZoneInfo> _zone = new(() => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone));

    /// <summary>The case that has the conversation now: queued, with an agent or with the hub; null when the bot has it.</summary>
    public async Task<OpenCase?> FindOpenAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindOpenAsync(db, channelId, conversationId, cancellationToken);
    }

    /// <summary>The same, in a context the caller already has open (the turn pipeline's).</summary>
    public static Task<OpenCase?> FindOpenAsync(StateDbContext db, string channelId, string conversationId, CancellationToken cancellationToken) =>
        FindOpen.For(db)(db, channelId, conversationId, cancellationToken);

    // Compiled: every message of every conversation asks it (is a person on it?) before the bot may answer.
    private static readonly PerModelQuery<Func<StateDbContext, string, string, CancellationToken, Task<OpenCase?>>> FindOpen =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string channelId, string conversationId, CancellationToken _) =>
            db.HandoffCases.AsNoTracking()
                .Where(c => c.ChannelId == channelId && c.ConversationId == conversationId &&
                            (c.Status == HandoffStatus.Queued || c.Status == HandoffStatus.Assigned || c.Status == HandoffStatus.WithHub))
                .OrderByDescending(c => c.Id)
                .Select(c => new OpenCase(c.Id, c.Status, c.Queue, c.Language))
                .FirstOrDefault()));

    public async Task<HandoffPlacement> RequestAsync(HandoffRequest request, string channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (await FindOpenAsync(channelId, request.ConversationId, cancellationToken) is { } open)
        {
            var (position, wait) = await PositionAsync(open.Id, cancellationToken);
            return new HandoffPlacement.AlreadyQueued(open.Id, open.Queue, position, wait);
        }

        var now = time.GetUtcNow();
        var hours = HoursOf(request.Queue);
        if (options.Value.Mode == HandoffMode.Console && !hours.IsOpen(now))
        {
            return new HandoffPlacement.OutsideHours(request.Queue, hours.NextOpening(now));
        }

        var external = options.Value.Mode == HandoffMode.External;
        var record = NewCase(request, channelId, serviceUrl, external ? HandoffStatus.WithHub : HandoffStatus.Queued, now);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.HandoffCases.Add(record);
            await db.SaveChangesAsync(cancellationToken);
        }

        LogQueued(logger, record.Id, record.Queue, record.Reason, record.Status);
        telemetry.HandoffOpened(record.Queue, record.Reason, external ? "hub" : "console");
        if (external)
        {
            await InitiateWithHubAsync(record, cancellationToken);
            return new HandoffPlacement.SentToHub(record.Id, record.Queue);
        }

        await notifier.QueueChangedAsync(record.Queue, cancellationToken);
        var (place, estimate) = await PositionAsync(record.Id, cancellationToken);
        return new HandoffPlacement.Queued(record.Id, record.Queue, place, estimate);
    }

    public async Task<string> FileCallbackAsync(CallbackRequest request, string channelId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = NewCase(
            new HandoffRequest(request.ConversationId, request.User, request.Language, request.Queue, request.Reason, null, null),
            channelId, null, HandoffStatus.Callback, now);
        record.CallbackDetails = masker.Mask(request.Details);
        record.CallbackContact = request.Contact;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.HandoffCases.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        telemetry.HandoffOpened(record.Queue, record.Reason, "callback");
        await notifier.QueueChangedAsync(record.Queue, cancellationToken);
        return CallbackReference(record.Id);
    }

    public static string CallbackReference(long id) => $"CB-{id:D6}";

    /// <summary>1-based place in the queue (0 when not waiting) and the estimated wait.</summary>
    public async Task<(int Position, TimeSpan Wait)> PositionAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await FindQueued.For(db)(db, caseId, cancellationToken);
        if (record is null)
        {
            return (0, TimeSpan.Zero);
        }

        var ahead = await CountAhead.For(db)(db, record.Queue, record.Id, record.Priority, record.Rank, cancellationToken);
        var position = ahead + 1;
        var agents = Math.Max(1, presence.OnlineServing(record.Queue));
        var minutes = options.Value.For(record.Queue).AverageHandleMinutes * position / agents;
        return (position, TimeSpan.FromMinutes(minutes));
    }

    // Compiled, as every handoff request and every message to a queued case asks for the place in the queue.
    private static readonly PerModelQuery<Func<StateDbContext, long, CancellationToken, Task<QueuedCase?>>> FindQueued =
        new(() => EF.CompileAsyncQuery((StateDbContext db, long caseId, CancellationToken _) =>
            db.HandoffCases.AsNoTracking()
                .Where(c => c.Id == caseId && c.Status == HandoffStatus.Queued)
                .Select(c => new QueuedCase(c.Id, c.Queue, c.Priority, c.Rank))
                .FirstOrDefault()));

    private static readonly PerModelQuery<Func<StateDbContext, string, long, int, long, CancellationToken, Task<int>>> CountAhead =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string queue, long caseId, int priority, long rank, CancellationToken _) =>
            db.HandoffCases.Count(c =>
                c.Status == HandoffStatus.Queued && c.Queue == queue && c.Id != caseId &&
                (c.Priority > priority || (c.Priority == priority && (c.Rank < rank || (c.Rank == rank && c.Id < caseId)))))));

    private sealed record QueuedCase(long Id, string Queue, int Priority, long Rank);

    /// <summary>
    /// The user leaves the queue, in the turn's own unit of work (<paramref name="db"/>): the case is cancelled by the same
    /// commit that stores the user's message and the reply, so a host killed in between leaves neither, and the client's
    /// retry of the message finds the user still waiting and is answered as the first attempt would have been. Null when
    /// the case is no longer waiting (an agent already has it). The case's version is its concurrency token: should an
    /// agent take it between this read and the turn's commit, the commit fails and stores nothing. After the commit, call
    /// <see cref="UserLeftQueueAsync"/>.
    /// </summary>
    public static async Task<HandoffCase?> StageCancelByUserAsync(StateDbContext db, long caseId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var record = await db.HandoffCases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is not { Status: HandoffStatus.Queued })
        {
            return null;
        }
        record.Status = HandoffStatus.Cancelled;
        record.ClosedUtc = nowUtc;
        record.Version++;
        return record;
    }

    /// <summary>After the turn that cancelled <paramref name="cancelled"/> was stored: the log line and the agents' queue view.</summary>
    public async Task UserLeftQueueAsync(HandoffCase cancelled, CancellationToken cancellationToken)
    {
        LogCancelled(logger, cancelled.Id);
        await notifier.QueueChangedAsync(cancelled.Queue, cancellationToken);
    }

    /// <summary>An agent takes a queued case. Exactly one of several agents accepting at once wins.</summary>
    public async Task<AcceptOutcome> AcceptAsync(long caseId, AgentIdentity agent, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.HandoffCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is null)
        {
            await audit.RecordAsync(HandoffAudit.AcceptRefused(audit, agent, caseId, null, AcceptOutcome.NotFound));
            return AcceptOutcome.NotFound;
        }

        if (!agent.Serves(record.Queue))
        {
            await audit.RecordAsync(HandoffAudit.AcceptRefused(audit, agent, caseId, record, AcceptOutcome.NotYourQueue));
            return AcceptOutcome.NotYourQueue;
        }

        var now = Now;
        // The assignment and its audit entry are one transaction: both are stored or neither. On PostgreSQL the context
        // retries transient failures (a database restart), so the transaction runs inside its execution strategy, which
        // repeats it whole; each attempt starts from a clean change tracker.
        var won = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // One statement, conditional on the case still waiting: SQLite and PostgreSQL both apply it atomically.
            var updated = await db.HandoffCases
                .Where(c => c.Id == caseId && c.Status == HandoffStatus.Queued)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(c => c.Status, HandoffStatus.Assigned)
                        .SetProperty(c => c.AgentUserName, agent.UserName)
                        .SetProperty(c => c.AgentDisplayName, agent.DisplayName)
                        .SetProperty(c => c.AssignedUtc, now)
                        .SetProperty(c => c.Version, c => c.Version + 1),
                    ct);
            if (updated == 0)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }

            AuditLog.Add(db, HandoffAudit.Accepted(audit, agent, record));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!won)
        {
            var current = await db.HandoffCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
            await audit.RecordAsync(HandoffAudit.AcceptRefused(audit, agent, caseId, current, AcceptOutcome.AlreadyTaken));
            return AcceptOutcome.AlreadyTaken;
        }

        LogAccepted(logger, caseId, agent.UserName);
        await notifier.QueueChangedAsync(record.Queue, cancellationToken);
        await SayAsync(record, HandoffPhrases.AgentJoined.Format(
            record.Language, ("agent", MarkdownText.Literal(agent.DisplayName)), ("team", HandoffQueues.TeamName(record.Queue, record.Language))), cancellationToken);
        return AcceptOutcome.Accepted;
    }

    /// <summary>The agent who owns the case writes to the user.</summary>
    public async Task SendAgentMessageAsync(long caseId, AgentIdentity agent, string text, CancellationToken cancellationToken)
    {
        var record = await OwnedAsync(caseId, agent, cancellationToken);
        var address = AddressOf(record);
        await delivery.QueueAsync(address, ChannelDelivery.FromAgent(text, agent.DisplayName, record.ChannelId), Channels.BotFramework.Outbox.ConnectorOutbox.AgentOrigin, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Transcript.Add(new TranscriptEntry
        {
            ChannelId = record.ChannelId, ConversationId = record.ConversationId, Direction = "agent",
            Text = masker.Mask(text), Language = record.Language, AtUtc = Now,
        });
        AuditLog.Add(db, audit.Entry(AuditActor.Of(agent), "handoff.message.send", HandoffAudit.TargetType, HandoffAudit.Id(caseId), null, new { length = text.Length }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>An internal note on the case: stored and shown to agents, never sent to the user.</summary>
    public async Task<HandoffNote> AddNoteAsync(long caseId, AgentIdentity agent, string text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.HandoffCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new HandoffActionException("There is no such conversation.");
        if (!agent.Serves(record.Queue) && record.AgentUserName != agent.UserName)
        {
            throw new HandoffActionException("That conversation is in a queue you do not serve.");
        }

        var note = new HandoffNote { CaseId = caseId, AgentUserName = agent.UserName, Text = text, AtUtc = Now };
        db.HandoffNotes.Add(note);
        AuditLog.Add(db, audit.Entry(AuditActor.Of(agent), "handoff.note.add", HandoffAudit.TargetType, HandoffAudit.Id(caseId), null, new { note = audit.Masked(text) }));
        await db.SaveChangesAsync(cancellationToken);
        return note;
    }

    /// <summary>The owner sends the case to another queue; it waits there with its original place in line.</summary>
    public async Task TransferAsync(long caseId, AgentIdentity agent, string queue, CancellationToken cancellationToken)
    {
        var target = HandoffQueues.Normalize(queue) ?? throw new HandoffActionException($"'{queue}' is not a queue.");
        var owned = await OwnedAsync(caseId, agent, cancellationToken);
        var changed = await UpdateAsync(caseId, c => c.Status == HandoffStatus.Assigned && c.AgentUserName == agent.UserName, c =>
        {
            c.Status = HandoffStatus.Queued;
            c.Queue = target;
            c.AgentUserName = null;
            c.AgentDisplayName = null;
            c.AssignedUtc = null;
            c.QueuedUtc = Now;
        }, cancellationToken, (before, after) => HandoffAudit.Changed(audit, AuditActor.Of(agent), "handoff.transfer", caseId, before, after))
            ?? throw new HandoffActionException("The conversation changed meanwhile; reload it.");
        LogTransferred(logger, caseId, owned.Queue, target);
        await notifier.QueueChangedAsync(owned.Queue, cancellationToken);
        await notifier.QueueChangedAsync(target, cancellationToken);
        var (position, _) = await PositionAsync(caseId, cancellationToken);
        await SayAsync(changed, HandoffPhrases.Transferred.Format(
            changed.Language,
            ("team", HandoffQueues.TeamName(target, changed.Language)),
            ("position", position.ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken);
    }

    /// <summary>
    /// The owner is done: the bot takes the conversation back and asks for a 1–5 rating, which the next message may answer.
    /// </summary>
    public async Task ResolveAsync(long caseId, AgentIdentity agent, CancellationToken cancellationToken)
    {
        var owned = await OwnedAsync(caseId, agent, cancellationToken);
        await CloseAndAskRatingAsync(owned, c => c.Status == HandoffStatus.Assigned && c.AgentUserName == agent.UserName, turnLockHeld: false, cancellationToken,
            (before, after) => HandoffAudit.Changed(audit, AuditActor.Of(agent), "handoff.resolve", caseId, before, after));
        LogResolved(logger, caseId, agent.UserName);
    }

    /// <summary>Back to the head of its queue: the agent left (disconnected past the grace period) without resolving.</summary>
    public async Task<bool> RequeueAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.HandoffCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is null || record.Status != HandoffStatus.Assigned)
        {
            return false;
        }

        var head = await db.HandoffCases.Where(c => c.Status == HandoffStatus.Queued && c.Queue == record.Queue)
            .Select(c => (long?)c.Rank).MinAsync(cancellationToken);
        var top = await db.HandoffCases.Where(c => c.Status == HandoffStatus.Queued && c.Queue == record.Queue)
            .Select(c => (int?)c.Priority).MaxAsync(cancellationToken);
        var changed = await UpdateAsync(caseId, c => c.Status == HandoffStatus.Assigned && c.AgentUserName == record.AgentUserName, c =>
        {
            c.Status = HandoffStatus.Queued;
            c.Rank = Math.Min(head ?? c.Rank, c.Rank) - 1;
            c.Priority = Math.Max(top ?? c.Priority, c.Priority);
            c.AgentUserName = null;
            c.AgentDisplayName = null;
            c.AssignedUtc = null;
        }, cancellationToken, (before, after) => HandoffAudit.Changed(audit, AuditActor.System, "handoff.requeue", caseId, before, after));
        if (changed is null)
        {
            return false;
        }

        LogRequeued(logger, caseId, record.AgentUserName);
        await notifier.QueueChangedAsync(changed.Queue, cancellationToken);
        await SayAsync(changed, HandoffPhrases.AgentLeftRequeued.In(changed.Language), cancellationToken);
        return true;
    }

    /// <summary>Cases assigned to agents who have been away longer than the grace period go back to their queues.</summary>
    public async Task<int> RequeueAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assigned = await db.HandoffCases.AsNoTracking()
            .Where(c => c.Status == HandoffStatus.Assigned && c.AgentUserName != null && c.AgentUserName != ExternalHubAgent)
            .Select(c => new { c.Id, c.AgentUserName })
            .ToListAsync(cancellationToken);
        var grace = TimeSpan.FromSeconds(options.Value.AgentReconnectGraceSeconds);
        var requeued = 0;
        foreach (var item in assigned)
        {
            if (presence.IsAway(item.AgentUserName!, grace) && await RequeueAsync(item.Id, cancellationToken))
            {
                requeued++;
            }
        }

        return requeued;
    }

    public async Task RecordSatisfactionAsync(string channelId, string conversationId, long caseId, int score, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 5);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only the conversation's own case, and only once: the rating cannot be written into someone else's case.
        var updated = await db.HandoffCases
            .Where(c => c.Id == caseId && c.ChannelId == channelId && c.ConversationId == conversationId &&
                        c.Status == HandoffStatus.Resolved && c.Satisfaction == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Satisfaction, score).SetProperty(c => c.SatisfactionUtc, Now), cancellationToken);
        LogRated(logger, caseId, score, updated > 0);
    }

    /// <summary>The agent's view of the queues they serve: who waits (in order), and their own conversations.</summary>
    public async Task<QueueSnapshot> SnapshotAsync(AgentIdentity agent, CancellationToken cancellationToken)
    {
        var queues = agent.ServedQueues;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await db.HandoffCases.AsNoTracking()
            .Where(c => c.Status == HandoffStatus.Queued && queues.Contains(c.Queue))
            .OrderByDescending(c => c.Priority).ThenBy(c => c.Rank).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        var mine = await db.HandoffCases.AsNoTracking()
            .Where(c => c.Status == HandoffStatus.Assigned && c.AgentUserName == agent.UserName)
            .OrderBy(c => c.AssignedUtc)
            .ToListAsync(cancellationToken);
        var callbacks = await db.HandoffCases.AsNoTracking()
            .Where(c => c.Status == HandoffStatus.Callback && queues.Contains(c.Queue))
            .OrderBy(c => c.CreatedUtc)
            .Take(50)
            .ToListAsync(cancellationToken);
        var now = Now;
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        return new QueueSnapshot(
            [.. queues.Select(q => new QueueSummary(q, waiting.Count(c => c.Queue == q), presence.OnlineServing(q), HoursOf(q).IsOpen(time.GetUtcNow())))],
            [.. waiting.Select(c => ToItem(c, now, positions[c.Queue] = positions.GetValueOrDefault(c.Queue) + 1))],
            [.. mine.Select(c => ToItem(c, now, 0))],
            [.. callbacks.Select(c => new CallbackItem(c.Id, CallbackReference(c.Id), c.Queue, c.UserName ?? DisplayKind(c), c.Language, c.CallbackDetails ?? "", c.CallbackContact, c.CreatedUtc))]);
    }

    /// <summary>
    /// Everything an agent needs to pick the conversation up: who (with the profile the connectors give), language, why,
    /// what the bot understood and was doing, the articles it quoted, the masked transcript and the notes.
    /// </summary>
    public async Task<CaseContext> ContextAsync(long caseId, AgentIdentity agent, Func<HandoffCase, CancellationToken, Task<IReadOnlyList<ProfileField>>> profile, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.HandoffCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new HandoffActionException("There is no such conversation.");
        if (!agent.Serves(record.Queue) && record.AgentUserName != agent.UserName)
        {
            throw new HandoffActionException("That conversation is in a queue you do not serve.");
        }

        var transcript = await db.Transcript.AsNoTracking()
            .Where(t => t.ChannelId == record.ChannelId && t.ConversationId == record.ConversationId)
            .OrderByDescending(t => t.Id).Take(200)
            .ToListAsync(cancellationToken);
        transcript.Reverse();
        var intents = transcript
            .Where(t => t.Direction == "user" && t.Intent is not null && t.Intent != TurnPipeline.IntentToAgent)
            .Select(t => new IntentSeen(t.Intent!, t.Confidence ?? 0, t.AtUtc))
            .ToList();
        var cited = await db.CitedArticles.AsNoTracking()
            .Where(a => a.ChannelId == record.ChannelId && a.ConversationId == record.ConversationId)
            .OrderBy(a => a.Id).Select(a => a.Citation)
            .ToListAsync(cancellationToken);
        var notes = await db.HandoffNotes.AsNoTracking().Where(n => n.CaseId == caseId).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var state = await db.Conversations.AsNoTracking()
            .Where(c => c.ChannelId == record.ChannelId && c.ConversationId == record.ConversationId)
            .Select(c => c.StateJson).FirstOrDefaultAsync(cancellationToken);

        return new CaseContext(
            ToItem(record, Now, record.Status == HandoffStatus.Queued ? (await PositionAsync(caseId, cancellationToken)).Position : 0),
            record.RequesterKind,
            record.PartyId,
            await profile(record, cancellationToken),
            record.Detail,
            record.LastIntent,
            intents,
            SlotsOf(state),
            [.. cited.Distinct(StringComparer.Ordinal)],
            [.. transcript.Select(t => new TranscriptLine(t.Direction, t.Text, t.AtUtc))],
            [.. notes.Select(n => new NoteLine(n.AgentUserName, n.Text, n.AtUtc))]);
    }

    /// <summary>
    /// The user's message while an agent owns (or a queue holds) the conversation: to the agent's screen, with personal
    /// data shown as <c>Privacy:AgentView</c> says (the transcript keeps it fully masked).
    /// </summary>
    public Task ForwardUserMessageAsync(OpenCase open, string said, CancellationToken cancellationToken) =>
        notifier.UserMessageAsync(open.Id, open.Queue, new TranscriptLine("user", masker.Mask(said, AgentView), Now), cancellationToken);

    /// <summary>What the agent console shows of personal data the bot holds unmasked (live messages, form fields).</summary>
    private PersonalDataView AgentView => privacy.Value.AgentView.ToView();

    // ---- the external hub (Bot Framework handoff protocol) ----

    /// <summary>The name recorded as the "agent" while the external hub has the conversation.</summary>
    public const string ExternalHubAgent = "external-hub";

    /// <summary>
    /// The hub's <c>handoff.status</c>: accepted → the hub has the conversation (the bot stays silent); failed → the bot
    /// takes it back and says so; completed → the bot takes it back and asks for a rating.
    /// </summary>
    /// <remarks>Called by the turn pipeline, which holds the conversation's turn lock already.</remarks>
    public async Task<bool> HubStatusAsync(string channelId, string conversationId, string? state, CancellationToken cancellationToken)
    {
        if (await FindOpenAsync(channelId, conversationId, cancellationToken) is not { } open)
        {
            return false;
        }

        switch (state?.ToLowerInvariant())
        {
            case "accepted":
                return await UpdateAsync(open.Id, c => c.Status == HandoffStatus.WithHub, c =>
                {
                    c.Status = HandoffStatus.Assigned;
                    c.AgentUserName = ExternalHubAgent;
                    c.AssignedUtc = Now;
                }, cancellationToken) is not null;
            case "failed":
                var failed = await UpdateAsync(open.Id, c => c.Status == HandoffStatus.WithHub || c.Status == HandoffStatus.Assigned, c =>
                {
                    c.Status = HandoffStatus.Cancelled;
                    c.ClosedUtc = Now;
                }, cancellationToken);
                if (failed is not null)
                {
                    await SayAsync(failed, HandoffPhrases.HubFailed.In(failed.Language), cancellationToken);
                }

                return failed is not null;
            case "completed":
                var record = await LoadAsync(open.Id, cancellationToken);
                return record is not null &&
                       await CloseAndAskRatingAsync(record, c => c.Status == HandoffStatus.Assigned || c.Status == HandoffStatus.WithHub, turnLockHeld: true, cancellationToken);
            default:
                LogUnknownHubState(logger, state ?? "(none)");
                return false;
        }
    }

    private async Task InitiateWithHubAsync(HandoffCase record, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var transcript = await db.Transcript.AsNoTracking()
            .Where(t => t.ChannelId == record.ChannelId && t.ConversationId == record.ConversationId)
            .OrderBy(t => t.Id)
            .Select(t => new { from = t.Direction, text = t.Text, timestamp = t.AtUtc, intent = t.Intent })
            .ToListAsync(cancellationToken);
        var initiate = new Activity
        {
            Type = ActivityTypes.Event,
            Name = "handoff.initiate",
            Value = JsonSerializer.SerializeToElement(new
            {
                queue = record.Queue,
                reason = record.Reason,
                priority = record.Priority,
                language = record.Language,
                lastIntent = record.LastIntent,
                detail = record.Detail,
                requester = new { kind = record.RequesterKind, id = record.PartyId, name = record.UserName },
            }, ProtocolJson.Options),
            Attachments =
            [
                new Attachment
                {
                    Name = "Transcript",
                    ContentType = "application/json",
                    Content = JsonSerializer.SerializeToElement(new { activities = transcript }, ProtocolJson.Options),
                },
            ],
        };
        try
        {
            await delivery.SendAsync(AddressOf(record), initiate, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            LogHubUnreachable(logger, ex, record.Id);
            await UpdateAsync(record.Id, c => c.Status == HandoffStatus.WithHub, c =>
            {
                c.Status = HandoffStatus.Cancelled;
                c.ClosedUtc = Now;
            }, cancellationToken);
            throw new HandoffActionException("The agent hub could not be reached.");
        }
    }

    // ---- helpers ----

    private async Task<bool> CloseAndAskRatingAsync(
        HandoffCase record, Func<HandoffCase, bool> precondition, bool turnLockHeld, CancellationToken cancellationToken,
        Func<HandoffCaseState, HandoffCaseState, AuditEntry>? auditEntry = null)
    {
        // The turn lock: the rating form goes into the conversation state without racing a message from the user.
        await using (turnLockHeld ? null : await locks.AcquireTurnAsync(record.ChannelId, record.ConversationId, cancellationToken))
        {
            var closed = await UpdateAsync(record.Id, precondition, c =>
            {
                c.Status = HandoffStatus.Resolved;
                c.ClosedUtc = Now;
            }, cancellationToken, auditEntry);
            if (closed is null)
            {
                throw new HandoffActionException("The conversation changed meanwhile; reload it.");
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var conversation = await db.Conversations.FindAsync([record.ChannelId, record.ConversationId], cancellationToken);
            var state = ReadState(conversation?.StateJson) with
            {
                ActiveForm = new SatisfactionFormState { CaseId = record.Id, LastActivityAt = time.GetUtcNow() },
                SuspendedForm = null,
                ResumeOffered = false,
                FallbackStreak = 0,
                LowConfidenceStreak = 0,
            };
            if (conversation is null)
            {
                db.Conversations.Add(new ConversationRecord
                {
                    ChannelId = record.ChannelId, ConversationId = record.ConversationId, StateJson = state.ToJson(), CreatedUtc = Now, UpdatedUtc = Now,
                });
            }
            else
            {
                conversation.StateJson = state.ToJson();
                conversation.UpdatedUtc = Now;
                conversation.Version++;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await notifier.CaseClosedAsync(record.Id, record.Queue, cancellationToken);
        await SayAsync(record, HandoffPhrases.CsatPrompt(record.Language), cancellationToken);
        return true;
    }

    private static ConversationState ReadState(string? json)
    {
        if (json is null)
        {
            return ConversationState.New;
        }

        try
        {
            return ConversationState.FromJson(json);
        }
        catch (ConversationStateFormatException)
        {
            return ConversationState.New;
        }
    }

    private Task SayAsync(HandoffCase record, string text, CancellationToken cancellationToken) =>
        SayAsync(record, new Reply(text), cancellationToken);

    /// <summary>The bot says something in the conversation (and the transcript keeps it); a channel that is down is logged, not thrown.</summary>
    private async Task SayAsync(HandoffCase record, Reply reply, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.QueueAsync(AddressOf(record), ChannelDelivery.FromBot(reply, record.Language, record.UserId), Channels.BotFramework.Outbox.ConnectorOutbox.BotOrigin, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            LogDeliveryFailed(logger, ex, record.Id);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Transcript.Add(new TranscriptEntry
        {
            ChannelId = record.ChannelId, ConversationId = record.ConversationId, Direction = "bot",
            Text = masker.Mask(reply.Text), Language = record.Language, AtUtc = Now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<HandoffCase> OwnedAsync(long caseId, AgentIdentity agent, CancellationToken cancellationToken)
    {
        var record = await LoadAsync(caseId, cancellationToken) ?? throw new HandoffActionException("There is no such conversation.");
        if (record.Status != HandoffStatus.Assigned || record.AgentUserName != agent.UserName)
        {
            throw new HandoffActionException("You are not handling that conversation.");
        }

        return record;
    }

    private async Task<HandoffCase?> LoadAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.HandoffCases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> if <paramref name="precondition"/> holds; null when it did not, or a concurrent change won.</summary>
    /// <remarks>With <paramref name="auditEntry"/>, the change's audit entry is saved with it, in the same unit of work.</remarks>
    private async Task<HandoffCase?> UpdateAsync(
        long caseId, Func<HandoffCase, bool> precondition, Action<HandoffCase> change, CancellationToken cancellationToken,
        Func<HandoffCaseState, HandoffCaseState, AuditEntry>? auditEntry = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.HandoffCases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (record is null || !precondition(record))
        {
            return null;
        }

        var before = HandoffCaseState.Of(record);
        change(record);
        record.Version++;
        if (auditEntry is not null)
        {
            AuditLog.Add(db, auditEntry(before, HandoffCaseState.Of(record)));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return record;
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
    }

    private HandoffCase NewCase(HandoffRequest request, string channelId, string? serviceUrl, HandoffStatus status, DateTimeOffset now) => new()
    {
        ChannelId = channelId,
        ConversationId = request.ConversationId,
        ServiceUrl = serviceUrl,
        UserId = request.User.Id,
        UserName = request.User.Name,
        RequesterKind = request.User.Requester.Kind.ToString(),
        PartyId = request.User.Requester.PartyId,
        Language = Languages.Normalize(request.Language),
        Queue = HandoffQueues.Normalize(request.Queue) ?? HandoffQueues.General,
        Priority = request.Priority,
        Rank = now.UtcTicks,
        Reason = request.Reason.ToString(),
        Detail = request.Detail is null ? null : masker.Mask(request.Detail),
        LastIntent = request.LastIntent,
        Status = status,
        CreatedUtc = now.UtcDateTime,
        QueuedUtc = now.UtcDateTime,
    };

    private BusinessHours HoursOf(string queue) => new(options.Value.For(queue), _zone.Value);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static ConversationAddress AddressOf(HandoffCase record) =>
        new(record.ChannelId, record.ConversationId, record.ServiceUrl, record.UserId, record.Language);

    private static string DisplayKind(HandoffCase record) => record.RequesterKind == "Anonymous" ? "Visitor" : record.RequesterKind;

    private static QueueItem ToItem(HandoffCase c, DateTime now, int position) => new(
        c.Id, c.Queue, c.Status.ToString(), c.UserName ?? DisplayKind(c), c.RequesterKind, c.Language, c.Reason, c.Priority,
        position, (int)Math.Max(0, (now - c.QueuedUtc).TotalSeconds), c.ChannelId, c.AgentDisplayName);

    /// <summary>What the open (or set-aside) form has collected so far: its kind and filled fields, in the agent view.</summary>
    private List<SlotValue> SlotsOf(string? stateJson)
    {
        if (stateJson is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(stateJson);
            var slots = new List<SlotValue>();
            foreach (var name in new[] { "activeForm", "suspendedForm" })
            {
                if (document.RootElement.TryGetProperty(name, out var form) && form.ValueKind == JsonValueKind.Object)
                {
                    var kind = form.TryGetProperty("form", out var k) ? k.GetString() ?? "?" : "?";
                    if (kind == SatisfactionFormState.Discriminator)
                    {
                        // The rating question the host itself asked: nothing the user filled in.
                        continue;
                    }

                    foreach (var property in form.EnumerateObject())
                    {
                        if (property.Name is "form" or "lastActivityAt" || property.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array)
                        {
                            continue;
                        }

                        slots.Add(new SlotValue(kind, property.Name, masker.Mask(property.Value.ToString(), AgentView)));
                    }
                }
            }

            if (document.RootElement.TryGetProperty("verifiedOrderNumbers", out var orders) && orders.ValueKind == JsonValueKind.Array)
            {
                slots.Add(new SlotValue("verification", "verifiedOrderNumbers", string.Join(", ", orders.EnumerateArray().Select(o => o.GetString()))));
            }

            return slots;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    [LoggerMessage(LogLevel.Information, "Handoff case {CaseId} opened in {Queue} ({Reason}), {Status}")]
    private static partial void LogQueued(ILogger logger, long caseId, string queue, string reason, HandoffStatus status);

    [LoggerMessage(LogLevel.Information, "Handoff case {CaseId}: the user stopped waiting")]
    private static partial void LogCancelled(ILogger logger, long caseId);

    [LoggerMessage(LogLevel.Information, "Handoff case {CaseId} accepted by {Agent}")]
    private static partial void LogAccepted(ILogger logger, long caseId, string agent);

    [LoggerMessage(LogLevel.Information, "Handoff case {CaseId} transferred from {From} to {To}")]
    private static partial void LogTransferred(ILogger logger, long caseId, string from, string to);

    [LoggerMessage(LogLevel.Information, "Handoff case {CaseId} resolved by {Agent}")]
    private static partial void LogResolved(ILogger logger, long caseId, string agent);

    [LoggerMessage(LogLevel.Warning, "Handoff case {CaseId} back at the head of its queue: {Agent} left without resolving it")]
    private static partial void LogRequeued(ILogger logger, long caseId, string? agent);

    [LoggerMessage(LogLevel.Information, "Handoff case {CaseId} rated {Score}/5 (recorded: {Recorded})")]
    private static partial void LogRated(ILogger logger, long caseId, int score, bool recorded);

    [LoggerMessage(LogLevel.Warning, "Unknown handoff.status state '{State}' ignored")]
    private static partial void LogUnknownHubState(ILogger logger, string state);

    [LoggerMessage(LogLevel.Error, "The agent hub could not be reached for handoff case {CaseId}")]
    private static partial void LogHubUnreachable(ILogger logger, Exception exception, long caseId);

    [LoggerMessage(LogLevel.Error, "Could not deliver a handoff message for case {CaseId}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, long caseId);
}
