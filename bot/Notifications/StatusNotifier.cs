using System.Text.Json;
using HelpdeskBot.Bot.Channels.BotFramework;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Changes;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Notifications;

/// <summary>What one round did, for logs and tests.</summary>
internal sealed record NotificationRound(int Queued, int Sent, int Failed, int GaveUp);

/// <summary>
/// Tells users about status changes of their own records. A round reads each system's change feed after the stored cursor
/// and writes one outbox row per change and recipient (a unique key, so reading a change twice — after a crash, or on a
/// second host — makes no second row) together with the new cursor; then it claims due rows one by one, sends each into the
/// owner's personal conversation through <see cref="ChannelDelivery"/>, and marks it sent, or schedules a retry with
/// backoff and gives up after <see cref="NotificationOptions.MaxAttempts"/>. Everything lives in the state database, so a
/// restart resumes where the last host stopped. A crash between a send and its "sent" mark can repeat that one message
/// (at least once); nothing else is sent twice.
/// </summary>
internal sealed partial class StatusNotifier(
    IDbContextFactory<StateDbContext> dbFactory,
    IBackOfficeChanges changes,
    ChannelDelivery delivery,
    IServiceProvider services,
    IOptions<NotificationOptions> options,
    IOptions<BotFrameworkOptions> botFramework,
    TimeProvider time,
    ILogger<StatusNotifier> logger)
{
    /// <summary>The intent the transcript records for a notification, so agents and analytics can tell it from a reply.</summary>
    public const string TranscriptIntent = "notification.status";

    /// <summary>Reads the feeds, then sends what is due.</summary>
    public async Task<NotificationRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var system in IBackOfficeChanges.Systems)
        {
            queued += await ReadFeedAsync(system, cancellationToken);
        }

        var (sent, failed, gaveUp) = await SendDueAsync(cancellationToken);
        return new NotificationRound(queued, sent, failed, gaveUp);
    }

    /// <summary>Moves one system's new changes into the outbox; returns how many rows it added.</summary>
    public async Task<int> ReadFeedAsync(BackOfficeSystem system, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var added = 0;

        // A bounded number of pages per round, so one busy system cannot starve the sending.
        for (var page = 0; page < 10; page++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var source = system.ToString();
            var cursor = await db.Set<NotificationCursor>().FindAsync([source], cancellationToken);
            IReadOnlyList<StatusChange> batch;
            try
            {
                batch = await changes.GetChangesAsync(system, cursor?.Sequence ?? 0, o.BatchSize, cancellationToken);
            }
            catch (BackOfficeUnavailableException ex)
            {
                LogFeedUnavailable(ex, system);
                return added;
            }

            if (batch.Count == 0)
            {
                return added;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var rows = batch.Where(c => c.Owner.Kind != RequesterKind.Anonymous && !string.IsNullOrWhiteSpace(c.Owner.PartyId))
                .Select(c => ToOutbox(system, c, now))
                .DistinctBy(r => r.Key)
                .ToList();
            var keys = rows.Select(r => r.Key).ToList();
            var existing = await db.Set<NotificationOutboxEntry>().Where(n => keys.Contains(n.Key)).Select(n => n.Key).ToListAsync(cancellationToken);
            var fresh = rows.Where(r => !existing.Contains(r.Key)).ToList();
            db.AddRange(fresh);

            var last = batch.Max(c => c.Sequence);
            if (cursor is null)
            {
                db.Add(new NotificationCursor { Source = source, Sequence = last, UpdatedUtc = now });
            }
            else if (last > cursor.Sequence)
            {
                cursor.Sequence = last;
                cursor.UpdatedUtc = now;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                added += fresh.Count;
            }
            catch (DbUpdateException ex)
            {
                // Another host read the same page and saved first: its rows and cursor stand; read again from there.
                LogFeedRace(ex, system);
            }

            if (batch.Count < o.BatchSize)
            {
                return added;
            }
        }

        return added;
    }

    /// <summary>Sends every due notification this host can claim.</summary>
    public async Task<(int Sent, int Failed, int GaveUp)> SendDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Set<NotificationOutboxEntry>()
                .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptUtc <= now && (n.ClaimedUntilUtc == null || n.ClaimedUntilUtc < now))
                .OrderBy(n => n.Id)
                .Select(n => n.Id)
                .Take(o.BatchSize)
                .ToListAsync(cancellationToken);
        }

        int sent = 0, failed = 0, gaveUp = 0;
        foreach (var id in due)
        {
            switch (await SendOneAsync(id, cancellationToken))
            {
                case NotificationStatus.Sent:
                    sent++;
                    break;
                case NotificationStatus.GaveUp:
                    gaveUp++;
                    break;
                case NotificationStatus.Pending:
                    failed++;
                    break;
                default:
                    break;
            }
        }

        return (sent, failed, gaveUp);
    }

    /// <summary>Claims, sends and settles one row; null when another host had it.</summary>
    private async Task<NotificationStatus?> SendOneAsync(long id, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // One UPDATE decides who sends: a second host (or a second round) finds the row claimed and leaves it.
        var claimedUntil = now + o.ClaimTimeout;
        var claimed = await db.Set<NotificationOutboxEntry>()
            .Where(n => n.Id == id && n.Status == NotificationStatus.Pending && n.NextAttemptUtc <= now
                && (n.ClaimedUntilUtc == null || n.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedUntilUtc, claimedUntil), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }

        var entry = await db.Set<NotificationOutboxEntry>().SingleAsync(n => n.Id == id, cancellationToken);
        entry.Attempts++;
        string? failure;
        ConversationAddress? address = null;
        try
        {
            address = await ResolveAsync(db, entry, cancellationToken);
            if (address is null)
            {
                failure = "no personal conversation";
            }
            else
            {
                var text = NotificationPhrases.Text(Enum.Parse<ChangedRecordKind>(entry.Kind), entry.RecordId, entry.NewStatus, address.Language);
                var activity = ChannelDelivery.FromBot(new Reply(text), address.Language, null);
                activity.ChannelData = JsonSerializer.SerializeToElement(new { helpdeskNotification = entry.Kind });
                await delivery.SendAsync(address, activity, cancellationToken);
                db.Add(new TranscriptEntry
                {
                    ChannelId = address.ChannelId, ConversationId = address.ConversationId, Direction = "bot", Text = text,
                    Intent = TranscriptIntent, Language = address.Language, AtUtc = now,
                });
                failure = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = ex is HttpRequestException { StatusCode: { } status } ? $"channel answered {(int)status}" : ex.GetType().Name;
            LogSendFailed(ex, entry.Id, entry.Attempts);
        }

        entry.ClaimedUntilUtc = null;
        if (failure is null)
        {
            entry.Status = NotificationStatus.Sent;
            entry.SentUtc = now;
            entry.SentChannelId = address!.ChannelId;
            entry.SentConversationId = address.ConversationId;
            entry.LastError = null;
            LogSent(entry.Id, entry.Kind, address.ChannelId, entry.Attempts);
        }
        else if (entry.Attempts >= o.MaxAttempts)
        {
            entry.Status = NotificationStatus.GaveUp;
            entry.LastError = failure;
            LogGaveUp(entry.Id, entry.Kind, entry.Attempts, failure);
        }
        else
        {
            entry.LastError = failure;
            entry.NextAttemptUtc = now + Backoff(entry.Attempts);
            LogWillRetry(entry.Id, entry.Attempts, failure, entry.NextAttemptUtc);
        }

        // The mark must land even when the caller is stopping: the message may already be out.
        await db.SaveChangesAsync(CancellationToken.None);
        return entry.Status;
    }

    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(o.RetryDelay.Ticks * factor, o.MaxRetryDelay.Ticks));
        return delay;
    }

    /// <summary>
    /// The owner's most recent personal conversation; for a Teams employee without one, a 1:1 chat the bot opens. Never a
    /// channel or group chat: a status is private. Null when the owner cannot be reached yet (the row is retried).
    /// </summary>
    private async Task<ConversationAddress?> ResolveAsync(StateDbContext db, NotificationOutboxEntry entry, CancellationToken cancellationToken)
    {
        var references = await db.Set<ConversationReferenceRecord>()
            .Where(r => r.RequesterKind == entry.RequesterKind && r.PartyId == entry.PartyId)
            .OrderByDescending(r => r.LastSeenUtc)
            .ToListAsync(cancellationToken);
        if (references.FirstOrDefault(r => r.ConversationType == ConversationReferences.Personal) is { } personal)
        {
            return new ConversationAddress(personal.ChannelId, personal.ConversationId, personal.ServiceUrl, personal.UserId, personal.Language);
        }

        return entry.RequesterKind == ConversationReferences.KindName(RequesterKind.Employee)
            ? await OpenTeamsChatAsync(db, entry, references, cancellationToken)
            : null;
    }

    private async Task<ConversationAddress?> OpenTeamsChatAsync(
        StateDbContext db, NotificationOutboxEntry entry, List<ConversationReferenceRecord> own, CancellationToken cancellationToken)
    {
        var seenInTeams = own.FirstOrDefault(r => r.ChannelId == ConversationReferences.Teams && r.AadObjectId is not null);
        var aadObjectId = seenInTeams?.AadObjectId;
        if (aadObjectId is null)
        {
            var profile = await services.GetRequiredService<IHrService>()
                .GetProfileAsync(Requester.Employee(entry.PartyId), cancellationToken);
            aadObjectId = profile?.AadObjectId?.ToString("D");
        }

        // Where and as whom: the employee's own Teams conversations first, then any Teams conversation the bot has had
        // (same organisation, same bot), then configuration.
        var teams = own.FirstOrDefault(r => r.ChannelId == ConversationReferences.Teams && r.ServiceUrl is not null && r.TenantId is not null)
            ?? await db.Set<ConversationReferenceRecord>()
                .Where(r => r.ChannelId == ConversationReferences.Teams && r.ServiceUrl != null && r.TenantId != null)
                .OrderByDescending(r => r.LastSeenUtc)
                .FirstOrDefaultAsync(cancellationToken);
        var o = options.Value;
        var serviceUrl = teams?.ServiceUrl ?? o.TeamsServiceUrl;
        var tenantId = teams?.TenantId ?? o.TeamsTenantId;
        var botId = teams?.BotId ?? (botFramework.Value.AppId is { Length: > 0 } appId ? "28:" + appId : null);
        if (aadObjectId is null || string.IsNullOrWhiteSpace(serviceUrl) || string.IsNullOrWhiteSpace(tenantId) || botId is null)
        {
            return null;
        }

        var memberId = seenInTeams?.UserId ?? aadObjectId;
        var parameters = new ConversationParameters(
            IsGroup: false,
            Bot: new ChannelAccount { Id = botId, Name = teams?.BotName },
            Members: [new ChannelAccount { Id = memberId, AadObjectId = aadObjectId }],
            TenantId: tenantId,
            ChannelData: JsonSerializer.SerializeToElement(new { tenant = new { id = tenantId } }));
        var created = await services.GetRequiredService<BotConnectorClient>().CreateConversationAsync(serviceUrl, parameters, cancellationToken);
        var reference = new ConversationReferenceRecord
        {
            RequesterKind = entry.RequesterKind, PartyId = entry.PartyId, ChannelId = ConversationReferences.Teams,
            ConversationId = created.Id!, UserId = memberId, AadObjectId = aadObjectId, TenantId = tenantId,
            ServiceUrl = created.ServiceUrl ?? serviceUrl, BotId = botId, BotName = teams?.BotName,
            Language = own.FirstOrDefault()?.Language ?? o.DefaultLanguage,
            ConversationType = ConversationReferences.Personal,
            LastSeenUtc = time.GetUtcNow().UtcDateTime,
        };

        // Saved at once: if the send then fails, the retry uses this chat instead of opening another.
        db.Add(reference);
        await db.SaveChangesAsync(CancellationToken.None);
        LogOpenedChat(entry.Id);
        return new ConversationAddress(reference.ChannelId, reference.ConversationId, reference.ServiceUrl, reference.UserId, reference.Language);
    }

    private static NotificationOutboxEntry ToOutbox(BackOfficeSystem system, StatusChange change, DateTime now)
    {
        var kind = ConversationReferences.KindName(change.Owner.Kind);
        var partyId = change.Owner.PartyId!.Trim();
        return new NotificationOutboxEntry
        {
            Key = $"{system}/{change.Sequence}/{kind}/{partyId}",
            System = system.ToString(),
            Sequence = change.Sequence,
            Kind = change.Kind.ToString(),
            RecordId = change.RecordId,
            RequesterKind = kind,
            PartyId = partyId,
            OldStatus = change.OldStatus,
            NewStatus = change.NewStatus,
            ChangedUtc = change.ChangedAt.UtcDateTime,
            Status = NotificationStatus.Pending,
            NextAttemptUtc = now,
            CreatedUtc = now,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {System} change feed did not answer; it is read again next round")]
    private partial void LogFeedUnavailable(Exception exception, BackOfficeSystem system);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another host queued the same {System} changes first; reading on from its cursor")]
    private partial void LogFeedRace(Exception exception, BackOfficeSystem system);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} ({Kind}) sent on {ChannelId} at attempt {Attempt}")]
    private partial void LogSent(long notificationId, string kind, string channelId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} failed at attempt {Attempt}")]
    private partial void LogSendFailed(Exception exception, long notificationId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} not delivered at attempt {Attempt} ({Failure}); next try at {NextAttemptUtc:o}")]
    private partial void LogWillRetry(long notificationId, int attempt, string failure, DateTime nextAttemptUtc);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up notification {NotificationId} ({Kind}) after {Attempts} attempts: {Failure}")]
    private partial void LogGaveUp(long notificationId, string kind, int attempts, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened a Teams chat for notification {NotificationId}")]
    private partial void LogOpenedChat(long notificationId);
}

/// <summary>Runs <see cref="StatusNotifier"/> every <see cref="NotificationOptions.PollInterval"/> while <see cref="NotificationOptions.Enabled"/>.</summary>
internal sealed partial class StatusNotificationService(StatusNotifier notifier, IOptions<NotificationOptions> options, ILogger<StatusNotificationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }

        // Real time paces the loop; the notifier's own clock (TimeProvider) decides what is due.
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await notifier.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status notifications are off (Notifications:Enabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "A notification round failed; trying again next round")]
    private partial void LogRoundFailed(Exception exception);
}
