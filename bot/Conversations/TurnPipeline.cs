using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Bot.Feedback;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Handoff;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Conversations;

/// <summary>What a turn gave back to the channel: nothing when the activity was a redelivery.</summary>
internal sealed record TurnOutcome(bool Duplicate, IReadOnlyList<Activity> Replies)
{
    public static TurnOutcome DuplicateActivity { get; } = new(true, []);
}

/// <summary>
/// One turn, channel-agnostic: de-duplicate, load state, run the conversation engine, persist state and transcript,
/// and hand the replies back to the channel to send. A turn that throws apologises and leaves the state as it was.
/// </summary>
internal sealed partial class TurnPipeline(
    IDbContextFactory<StateDbContext> dbFactory,
    IServiceScopeFactory scopes,
    ConversationLocks locks,
    PersonalDataMasker masker,
    HandoffService handoff,
    Analytics.AnalyticsRecorder analytics,
    Admin.Inbox.InboxCollector inbox,
    Streaming.ReplyStreaming streaming,
    Operations.Telemetry.HelpdeskTelemetry telemetry,
    Privacy.ErasureConversation erasure,
    TimeProvider time,
    ILogger<TurnPipeline> logger)
{
    /// <summary>The event an external agent hub sends about a handoff (Bot Framework handoff protocol).</summary>
    public const string HandoffStatusEvent = "handoff.status";

    /// <param name="streams">
    /// How the channel shows streamed replies while they are written; null: they are read to the end and sent as their
    /// final message only. Everything stored is written once, from the final text.
    /// </param>
    /// <param name="replyLog">
    /// The channel's own log of sent activities, written with the turn (the replies come back with their ids, already
    /// stored and published); null: the channel sends the replies itself after the turn.
    /// </param>
    public async Task<TurnOutcome> ProcessAsync(
        Activity activity, ChannelUser user, CancellationToken cancellationToken, Streaming.IReplyStreamChannel? streams = null,
        ITurnReplyLog? replyLog = null)
    {
        var channelId = activity.ChannelId ?? throw new ArgumentException("The activity has no channelId.", nameof(activity));
        var conversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity));
        using var measured = telemetry.StartTurn(channelId, activity.Type);

        await using var _ = await locks.AcquireTurnAsync(channelId, conversationId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        if (replyLog is ITurnInboundLog inbound)
        {
            // A user's activity stored with its turn has no id yet; a client's retry of one already stored gets it here.
            await inbound.FindStoredAsync(db, cancellationToken);
        }
        if (activity.Id is { Length: > 0 } activityId && await WasProcessed(db, channelId, conversationId, activityId, cancellationToken))
        {
            LogDuplicate(channelId, activityId);
            measured.Duplicate();
            return TurnOutcome.DuplicateActivity;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var record = await FindRecord.For(db)(db, channelId, conversationId, cancellationToken);
        var state = LoadState(record, channelId, conversationId);

        if (await WithPersonAsync(db, activity, state, now, replyLog, cancellationToken) is { } withPerson)
        {
            measured.WithPerson(state.Language);
            return withPerson;
        }

        // Skills and connectors are scoped: one scope per turn.
        await using var scope = scopes.CreateAsyncScope();
        var channel = scope.ServiceProvider.GetRequiredService<TurnChannel>();
        channel.ChannelId = channelId;
        channel.ServiceUrl = activity.ServiceUrl;
        var engine = scope.ServiceProvider.GetRequiredService<IConversationEngine>();
        // Decided from the state as loaded, so a code typed while the reset waits (even set aside for another question,
        // or in a turn that fails) is never written down.
        var secret = state.ActiveForm?.AwaitsSecret == true || state.SuspendedForm?.AwaitsSecret == true;
        var submission = activity.Type == ActivityTypes.Message ? CardSubmission.From(activity.Value) : null;
        var started = time.GetTimestamp();
        var feedback = submission is { } pressed && CardVerbs.IsFeedback(pressed.Action);
        // "delete my data" is a global command, checked before the engine (a person's handoff has already kept the turn).
        var privacy = feedback ? null : await erasure.AnswerAsync(db, activity, user, submission, state, cancellationToken);
        var (newState, replies, nlu) = feedback
            ? await FeedbackAsync(db, activity, submission!, state, now, cancellationToken)
            : privacy is not null ? (privacy.State, privacy.Replies, privacy.Nlu) : await RunAsync(engine, activity, user, state, cancellationToken);
        // After an erasure the turn stores nothing of its own (no transcript, no state, no analytics): only its
        // de-duplication record and the channel's delivery of the reply, neither of which holds what was erased.
        var erased = privacy?.Erased == true;
        var views = new List<Streaming.IReplyStreamView?>(replies.Count);
        if (replies.Any(r => r.Stream is not null))
        {
            // A stream that ends with its fallback may bring more plain messages after it (the rest of an extractive answer).
            var finals = new List<Reply>(replies.Count);
            foreach (var reply in replies)
            {
                var (final, then, view) = await streaming.CompleteAsync(reply, streams, newState.Language, cancellationToken);
                finals.Add(final);
                views.Add(view);
                finals.AddRange(then);
                views.AddRange(then.Select(_ => (Streaming.IReplyStreamView?)null));
            }
            replies = finals;
        }
        var took = time.GetElapsedTime(started);

        if (erased)
        {
            // Deleted by the erasure's own transaction: this context must not write it back.
            if (record is not null)
            {
                db.Entry(record).State = EntityState.Detached;
            }
        }
        else if (record is null)
        {
            record = new ConversationRecord { ChannelId = channelId, ConversationId = conversationId, StateJson = newState.ToJson(), CreatedUtc = now };
            db.Conversations.Add(record);
        }
        else
        {
            record.StateJson = newState.ToJson();
            record.Version++;
        }
        if (!erased)
        {
            record!.UpdatedUtc = now;
        }

        if (!erased && activity.Type == ActivityTypes.Message && (!string.IsNullOrEmpty(activity.Text) || activity.Value is not null))
        {
            // A card submission has no text: the transcript keeps what was submitted, masked like typed text.
            var said = !string.IsNullOrEmpty(activity.Text) ? activity.Text : submission?.Summary() ?? "[card] " + activity.Value!.Value.GetRawText();
            db.Transcript.Add(new TranscriptEntry
            {
                ChannelId = channelId, ConversationId = conversationId, Direction = "user",
                Text = secret ? WithheldSecret : masker.Mask(said),
                Intent = nlu?.Intent, Confidence = nlu?.Confidence, Language = newState.Language, AtUtc = now,
            });
        }
        var keys = new List<string>(replies.Count);
        var sent = new List<SentMessage>(replies.Count);
        foreach (var reply in replies)
        {
            keys.Add(MessageFeedbackStore.NewKey());
            if (erased)
            {
                continue;
            }
            var masked = masker.Mask(reply.Text);
            db.Transcript.Add(new TranscriptEntry
            {
                ChannelId = channelId, ConversationId = conversationId, Direction = "bot", Text = masked,
                Language = newState.Language, AtUtc = now,
            });
            if (reply.Citation is { } citation)
            {
                db.CitedArticles.Add(new CitedArticle
                {
                    ChannelId = channelId, ConversationId = conversationId, Citation = citation,
                    DocumentId = reply.CitedSource?.DocumentId, DocumentVersion = reply.CitedSource?.Version, AtUtc = now,
                });
            }
            var key = keys[^1];
            var message = new SentMessage
            {
                Key = key, ChannelId = channelId, ConversationId = conversationId, Text = masked, Citation = reply.Citation,
                DocumentId = reply.CitedSource?.DocumentId, DocumentVersion = reply.CitedSource?.Version, AtUtc = now,
            };
            sent.Add(message);
            db.SentMessages.Add(message);
        }
        if (!erased)
        {
            await Notifications.ConversationReferences.RecordAsync(db, activity, user, newState.Language, now, cancellationToken);
        }
        Analytics.AnalyticsEvent? counted = null;
        if (!feedback && !erased && activity.Type == ActivityTypes.Message && replies.Count > 0)
        {
            // A message the engine ran (nlu is null when it threw and the user got the apology); saved with the turn.
            counted = analytics.Add(db, channelId, conversationId, user, nlu, newState.Language, took, now);
        }

        var activities = replies.Select((r, i) => ToActivity(r, activity, newState.Language, keys[i])).ToList();
        for (var i = 0; i < views.Count; i++)
        {
            views[i]?.Conclude(activities[i]);
        }
        if (await SaveAsync(db, activity, now, activities, sent, replyLog, counted, cancellationToken) == Saved.LostRace)
        {
            // Another instance's turn of this conversation saved first (only possible without the Redis turn lock, or
            // past its lease): this turn's writes are dropped, the redelivery of an activity already answered is silent.
            if (await IsProcessedAsync(activity, cancellationToken))
            {
                measured.Duplicate();
                return TurnOutcome.DuplicateActivity;
            }
            return await ApologiseAsync(activity, state.Language, replyLog, cancellationToken);
        }
        await inbox.CollectTurnAsync(channelId, conversationId, nlu, feedback ? submission!.Data.GetValueOrDefault(CardData.Message) : null, cancellationToken);

        measured.Ran(activity.Type, feedback, nlu, newState.Language, replies.Count);
        return new TurnOutcome(false, activities);
    }

    private enum Saved { Stored, LostRace }

    /// <summary>
    /// Saves the turn: one transaction, with the replies in the channel's log when it keeps one (they are published once
    /// saved; a failed save stores and publishes nothing). If it fails while it holds an analytics event, it is saved once
    /// more without that: the dashboard's row must never cost the user the answer. <see cref="Saved.LostRace"/> when
    /// another instance saved a turn of this conversation (or this activity) first: nothing of this one is stored.
    /// </summary>
    /// <param name="processedAt">Null: no de-duplication record (the apology after a lost race); else the record is added
    /// with the save, once the activity has its id (a user's activity stored with the turn gets it there).</param>
    private async Task<Saved> SaveAsync(
        StateDbContext db, Activity activity, DateTime? processedAt, IReadOnlyList<Activity> replies, List<SentMessage> sent, ITurnReplyLog? replyLog,
        Analytics.AnalyticsEvent? counted, CancellationToken cancellationToken)
    {
        try
        {
            await SaveOnceAsync(db, activity, processedAt, replies, sent, replyLog, cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            if (ex is DbUpdateConcurrencyException || await WasRaceAsync(db, activity, cancellationToken))
            {
                LogLostRace(activity.ChannelId!);
                return Saved.LostRace;
            }
            if (counted is null || db.Entry(counted).State != EntityState.Added)
            {
                throw;
            }
            // Nothing of the failed attempt was stored, and its entities are still to be added.
            LogAnalyticsFailed(ex, counted.ChannelId);
            db.Entry(counted).State = EntityState.Detached;
            await SaveOnceAsync(db, activity, processedAt, replies, sent, replyLog, cancellationToken);
        }
        return Saved.Stored;
    }

    /// <summary>
    /// One attempt at saving a turn. With replies for the channel's log it is an explicit transaction: the log's
    /// watermarks are taken inside it, and the database holds them (and, for SQLite, its write lock) until the commit, so
    /// instances sharing it hand them out one at a time and in commit order. The transaction runs in the database's
    /// execution strategy (PostgreSQL's retries a dropped connection), so a retried attempt stages the replies anew; the
    /// replies are published only after the commit.
    /// </summary>
    private static async Task SaveOnceAsync(
        StateDbContext db, Activity activity, DateTime? processedAt, IReadOnlyList<Activity> replies, List<SentMessage> sent, ITurnReplyLog? replyLog,
        CancellationToken cancellationToken)
    {
        if (replyLog is null || (replies.Count == 0 && replyLog is not ITurnInboundLog { Pending: true }))
        {
            var record = MarkProcessed(db, activity, processedAt);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch
            {
                // Out of the unit of work again, so an attempt after this one adds it once.
                Forget(db, record);
                throw;
            }
            return;
        }

        IStagedReplies? saved = null;
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // A failed save undoes the whole transaction, so SaveChanges needs no savepoint of its own inside it (with
                // one, SQLite journals every page the save changes until it is released). This is the pipeline's only
                // transaction, and the context's pool restores EF's default.
                db.Database.AutoSavepointsEnabled = false;
                var staged = await replyLog.StageAsync(db, replies, ct);
                ProcessedActivity? record = null;
                try
                {
                    record = MarkProcessed(db, activity, processedAt);
                    for (var i = 0; i < sent.Count; i++)
                    {
                        // What the channel's MarkDelivered would write after sending, stored with the turn instead.
                        sent[i].ActivityId = replies[i].Id;
                    }
                    await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                    await transaction.CommitAsync(ct);
                }
                catch
                {
                    // Undone: its rows leave the unit of work and its lock is released; a retry stages again.
                    Forget(db, record);
                    staged.Dispose();
                    throw;
                }
                saved = staged;
            }, cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
            saved!.Saved();
        }
        finally
        {
            saved?.Dispose();
        }
    }

    /// <summary>The activity's de-duplication record, added to the unit of work once the activity has its id.</summary>
    private static ProcessedActivity? MarkProcessed(StateDbContext db, Activity activity, DateTime? processedAt)
    {
        if (processedAt is not { } at || activity.Id is not { Length: > 0 } id)
        {
            return null;
        }
        var record = new ProcessedActivity { ChannelId = activity.ChannelId!, ConversationId = activity.Conversation!.Id!, ActivityId = id, ProcessedUtc = at };
        db.ProcessedActivities.Add(record);
        return record;
    }

    private static void Forget(StateDbContext db, ProcessedActivity? record)
    {
        if (record is not null)
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// The apology for a turn whose writes were dropped: stored in the channel's log on its own (the user's message is in
    /// the log and must get an answer), or handed back for a channel that sends replies itself.
    /// </summary>
    private async Task<TurnOutcome> ApologiseAsync(Activity activity, string language, ITurnReplyLog? replyLog, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var apology = ToActivity(scope.ServiceProvider.GetRequiredService<IConversationEngine>().Apology(language), activity, language);
        if (replyLog is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await SaveOnceAsync(db, activity, null, [apology], [], replyLog, cancellationToken);
        }
        return new TurnOutcome(false, [apology]);
    }

    /// <summary>A 👍 / 👎 on an answer card: recorded on that message of this conversation; the dialog is not touched.</summary>
    private static async Task<(ConversationState, IReadOnlyList<Reply>, TurnResult?)> FeedbackAsync(
        StateDbContext db, Activity activity, CardSubmission submission, ConversationState state, DateTime now, CancellationToken cancellationToken)
    {
        var recorded = await MessageFeedbackStore.RecordCardAsync(
            db, activity.ChannelId!, activity.Conversation!.Id!, activity.From?.Id ?? string.Empty, submission, now, cancellationToken);
        var text = recorded
            ? HelpdeskCards.FeedbackThanks(state.Language, submission.Action == CardVerbs.Helpful)
            : HelpdeskCards.Stale(state.Language);
        return (state, [new Reply(text)], null);
    }

    /// <summary>
    /// While a person has the conversation (or it waits for one) the bot does not run: an agent's conversation gets the
    /// user's messages on the agent's screen and nothing from the bot; a waiting one gets its place in the queue, or leaves
    /// it when the user says so. An external hub's <c>handoff.status</c> is applied here too. Null: the bot has the turn.
    /// </summary>
    private async Task<TurnOutcome?> WithPersonAsync(
        StateDbContext db, Activity activity, ConversationState state, DateTime now, ITurnReplyLog? replyLog, CancellationToken cancellationToken)
    {
        var channelId = activity.ChannelId!;
        var conversationId = activity.Conversation!.Id!;
        if (activity.Type == ActivityTypes.Event && activity.Name == HandoffStatusEvent)
        {
            // Only from the Bot Framework channel, where the Bot Connector vouches for the sender; on Direct Line the token
            // holder is the user, who must not be able to end or claim their own handoff.
            if (channelId != Channels.DirectLine.DirectLineConversations.ChannelId)
            {
                var hubState = activity.Value is { ValueKind: System.Text.Json.JsonValueKind.Object } value && value.TryGetProperty("state", out var s)
                    ? s.GetString()
                    : null;
                await handoff.HubStatusAsync(channelId, conversationId, hubState, cancellationToken);
            }

            return await SaveAsync(db, activity, now, [], [], replyLog, null, cancellationToken) == Saved.Stored
                ? new TurnOutcome(false, [])
                : TurnOutcome.DuplicateActivity;
        }

        if (activity.Type != ActivityTypes.Message ||
            await HandoffService.FindOpenAsync(db, channelId, conversationId, cancellationToken) is not { } open)
        {
            return null;
        }

        var text = activity.Text ?? string.Empty;
        IReadOnlyList<Reply> replies = [];
        // Cancelled by the turn's own commit: a retry after a crash before it still finds the user waiting.
        var cancelled = open.Status == HandoffStatus.Queued && HandoffPhrases.IsCancelWaiting(text)
            ? await HandoffService.StageCancelByUserAsync(db, open.Id, now, cancellationToken)
            : null;
        if (cancelled is not null)
        {
            replies = [new Reply(HandoffPhrases.WaitingCancelled.In(state.Language))];
        }
        else if (open.Status == HandoffStatus.Queued)
        {
            var (position, wait) = await handoff.PositionAsync(open.Id, cancellationToken);
            replies = [HandoffPhrases.WhileQueued(open.Language, open.Queue, Math.Max(1, position), wait)];
        }

        var said = string.IsNullOrEmpty(text) && activity.Value is { } v ? v.GetRawText() : text;
        var masked = masker.Mask(said);
        db.Transcript.Add(new TranscriptEntry
        {
            ChannelId = channelId, ConversationId = conversationId, Direction = "user", Text = masked,
            Intent = IntentToAgent, Language = open.Language, AtUtc = now,
        });
        foreach (var reply in replies)
        {
            db.Transcript.Add(new TranscriptEntry
            {
                ChannelId = channelId, ConversationId = conversationId, Direction = "bot", Text = masker.Mask(reply.Text), Language = open.Language, AtUtc = now,
            });
        }
        var activities = replies.Select(r => ToActivity(r, activity, open.Language)).ToList();
        if (await SaveAsync(db, activity, now, activities, [], replyLog, null, cancellationToken) != Saved.Stored)
        {
            // Another instance stored this activity first, or (leaving the queue) an agent took the case meanwhile:
            // nothing of this turn was stored, and a retry finds the case as it now is.
            return await IsProcessedAsync(activity, cancellationToken)
                ? TurnOutcome.DuplicateActivity
                : await ApologiseAsync(activity, state.Language, replyLog, cancellationToken);
        }
        if (cancelled is not null)
        {
            await handoff.UserLeftQueueAsync(cancelled, cancellationToken);
        }
        LogWithPerson(channelId, open.Id, open.Status);
        await handoff.ForwardUserMessageAsync(open, said, cancellationToken);
        return new TurnOutcome(false, activities);
    }

    /// <summary>The intent recorded for a message that went to a person instead of the classifier.</summary>
    internal const string IntentToAgent = "agent.conversation";

    /// <summary>
    /// A save that lost to another instance's (<see cref="Saved.LostRace"/>), or — the rest — the database's failure,
    /// which propagates. Another instance got there first when the conversation record's version moved (the fence behind
    /// the turn lock), the record was created meanwhile, or the activity was processed meanwhile.
    /// </summary>
    private async Task<bool> WasRaceAsync(StateDbContext failed, Activity activity, CancellationToken cancellationToken)
    {
        if (await IsProcessedAsync(activity, cancellationToken))
        {
            return true;
        }
        var added = failed.ChangeTracker.Entries<ConversationRecord>().Any(e => e.State == EntityState.Added);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return added && await db.Conversations.AnyAsync(
            c => c.ChannelId == activity.ChannelId && c.ConversationId == activity.Conversation!.Id, cancellationToken);
    }

    private async Task<bool> IsProcessedAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Id is not { Length: > 0 } activityId)
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WasProcessed(db, activity.ChannelId!, activity.Conversation!.Id!, activityId, cancellationToken);
    }

    // Compiled, as the turn's other reads: EF then neither translates nor looks up the LINQ on every turn.
    private static readonly PerModelQuery<Func<StateDbContext, string, string, CancellationToken, Task<ConversationRecord?>>> FindRecord =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string channelId, string conversationId, CancellationToken _) =>
            db.Conversations.FirstOrDefault(c => c.ChannelId == channelId && c.ConversationId == conversationId)));

    // Compiled: the first read of every turn that comes with an id.
    private static readonly PerModelQuery<Func<StateDbContext, string, string, string, CancellationToken, Task<bool>>> ProcessedQuery =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string channelId, string conversationId, string activityId, CancellationToken _) =>
            db.ProcessedActivities.Any(p => p.ChannelId == channelId && p.ConversationId == conversationId && p.ActivityId == activityId)));

    private static Task<bool> WasProcessed(StateDbContext db, string channelId, string conversationId, string activityId, CancellationToken cancellationToken) =>
        ProcessedQuery.For(db)(db, channelId, conversationId, activityId, cancellationToken);

    /// <summary>Stored instead of a message that answered a request for a one-time code.</summary>
    internal const string WithheldSecret = "[one-time code withheld]";

    private ConversationState LoadState(ConversationRecord? record, string channelId, string conversationId)
    {
        if (record is null)
        {
            return ConversationState.New;
        }
        try
        {
            return ConversationState.FromJson(record.StateJson);
        }
        catch (ConversationStateFormatException ex)
        {
            // A state we cannot read must not lock the user out: start the dialog afresh, the transcript keeps the history.
            LogUnreadableState(ex, channelId, conversationId);
            return ConversationState.New;
        }
    }

    private async Task<(ConversationState State, IReadOnlyList<Reply> Replies, TurnResult? Nlu)> RunAsync(
        IConversationEngine engine, Activity activity, ChannelUser user, ConversationState state, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message when !string.IsNullOrWhiteSpace(activity.Text) || activity.Value is not null:
                try
                {
                    // Action.Submit arrives as a message with a value and, usually, no text.
                    var message = new IncomingMessage(activity.Conversation!.Id!, user, activity.Text ?? string.Empty, activity.Locale, activity.Value);
                    var result = await engine.RunTurnAsync(state, message, cancellationToken);
                    LogTurn(activity.ChannelId!, result.Intent, result.Confidence, result.Language);
                    return (result.State, result.Replies, result);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogTurnFailed(ex, activity.ChannelId!, activity.Conversation!.Id!);
                    return (state, [engine.Apology(state.Language)], null);
                }

            case ActivityTypes.ConversationUpdate when activity.MembersAdded?.Any(m => m.Id != activity.Recipient?.Id) == true:
                // The client's locale is the only language signal before the user has said anything.
                return (state.TurnCount == 0 ? state with { Language = Languages.FromLocale(activity.Locale) } : state, engine.Welcome(user, activity.Locale), null);

            default:
                // Typing, reactions, events we have no handler for and unknown types: accepted and ignored, as the protocol says.
                return (state, [], null);
        }
    }

    private static Activity ToActivity(Reply reply, Activity incoming, string language, string? messageKey = null)
    {
        var activity = ChannelDelivery.FromBot(reply, language, incoming.From?.Id, incoming.ChannelId, messageKey);
        activity.ChannelId = incoming.ChannelId;
        activity.ServiceUrl = incoming.ServiceUrl;
        activity.Conversation = incoming.Conversation;
        activity.From = incoming.Recipient;
        activity.Recipient = incoming.From;
        activity.ReplyToId = incoming.Id;
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message on {ChannelId} went to handoff case {CaseId} ({Status}), not to the bot")]
    private partial void LogWithPerson(string channelId, long caseId, HandoffStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the analytics event of a turn on {ChannelId}; the turn was saved without it")]
    private partial void LogAnalyticsFailed(Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn on {ChannelId} lost the race to another instance's turn of the same conversation; its writes were dropped")]
    private partial void LogLostRace(string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored redelivered activity {ActivityId} on {ChannelId}")]
    private partial void LogDuplicate(string channelId, string activityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn on {ChannelId}: intent {Intent} ({Confidence:0.00}), language {Language}")]
    private partial void LogTurn(string channelId, string intent, float confidence, string language);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed on {ChannelId} conversation {ConversationId}; the user got an apology")]
    private partial void LogTurnFailed(Exception exception, string channelId, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable state for {ChannelId} conversation {ConversationId}; starting the dialog afresh")]
    private partial void LogUnreadableState(Exception exception, string channelId, string conversationId);
}
