using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework.Outbox;

/// <summary>What became of a conversation's owed replies when a delivery ended.</summary>
internal enum OutboxDelivery
{
    /// <summary>Nothing is owed any more: every row was sent (or there was none).</summary>
    Delivered,

    /// <summary>Rows are still owed: the Connector failed transiently (they are retried with back-off) or another delivery has them.</summary>
    Pending,

    /// <summary>At least one row was refused for good (a 4xx other than 408/429, or too old) and dropped, with a log entry.</summary>
    GaveUp,
}

/// <summary>
/// The transactional outbox of the Bot Connector channels. A turn stores its replies as rows in its own transaction
/// (<see cref="ConnectorTurnLog"/>); afterwards they are sent, in row order per conversation, by whoever holds the
/// conversation's lease — the request that ran the turn, a redelivery of the same activity, the next turn, or any
/// instance's sweep after a failure or a crash. A row is deleted in the transaction that records the Connector's id for
/// it, so it is sent once unless an instance dies (or loses its lease) between the Connector's answer and that commit:
/// then the next holder sends it again (the at-least-once window, one Connector round trip plus one small write long).
/// </summary>
internal sealed partial class ConnectorOutbox(
    IDbContextFactory<StateDbContext> dbFactory,
    BotConnectorClient connector,
    IOptions<ConnectorOutboxOptions> options,
    TimeProvider time,
    ILogger<ConnectorOutbox> logger)
{
    public const string ReplyOrigin = "reply";
    public const string AgentOrigin = "agent";
    public const string BotOrigin = "bot";

    /// <summary>How often a delivery looks again while earlier rows of its conversation are another delivery's.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Conversations one sweep takes on; the rest wait for the next.</summary>
    private const int SweepBatch = 100;

    /// <summary>Conversations one sweep delivers at once.</summary>
    private const int SweepParallelism = 4;

    /// <summary>A stand-in for the Connector's id in the bot's record of a message, until it is delivered.</summary>
    public static string NewPendingId() => "outbox:" + Guid.NewGuid().ToString("N");

    /// <summary>A row for <paramref name="activity"/>, due now (not added to any context).</summary>
    public ConnectorOutboxEntry NewEntry(
        string channelId, string conversationId, string serviceUrl, string? replyToId, Activity activity, string origin, string? pendingId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new ConnectorOutboxEntry
        {
            ChannelId = channelId, ConversationId = conversationId, ServiceUrl = serviceUrl, ReplyToId = replyToId,
            ActivityJson = JsonSerializer.Serialize(activity, ProtocolJson.Options), PendingId = pendingId, Origin = origin,
            CreatedUtc = now, NextAttemptUtc = now,
        };
    }

    /// <summary>
    /// Says something outside a turn (an agent's message, the bot in a handoff): stored as a row behind the conversation's
    /// earlier ones, then delivered as <see cref="DeliverAsync"/> does.
    /// </summary>
    public async Task<OutboxDelivery> SendAsync(
        string channelId, string conversationId, string serviceUrl, Activity activity, string origin, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Add(NewEntry(channelId, conversationId, serviceUrl, null, activity, origin, null));
            await db.SaveChangesAsync(cancellationToken);
        }
        return await DeliverAsync(channelId, conversationId, dueOnly: false, cancellationToken);
    }

    /// <summary>
    /// Sends what the conversation is owed, oldest first, under a lease: the rows nobody holds are claimed, and sent while
    /// they come before any row another delivery holds. A transient failure stops the conversation (later rows must not
    /// overtake) and schedules the row again with back-off; a final refusal drops that row and goes on.
    /// </summary>
    /// <param name="dueOnly">
    /// The sweep's view: a row waiting for its back-off stops the conversation. False for a request of the conversation
    /// (a new turn or a redelivery), whose arrival says the channel is reachable: everything owed is tried now.
    /// </param>
    public async Task<OutboxDelivery> DeliverAsync(string channelId, string conversationId, bool dueOnly, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var owner = Guid.NewGuid().ToString("N");
        await using var lease = new LeaseKeeper(this, owner, o.LeaseDuration / 3, time, cancellationToken);
        var gaveUp = false;
        var holds = false;
        long? waitingSince = null;
        try
        {
            while (true)
            {
                var claimedAt = time.GetUtcNow().UtcDateTime;
                var rows = await ClaimAsync(channelId, conversationId, owner, cancellationToken);
                holds = rows.Any(r => r.LeaseOwner == owner);
                if (rows.Count == 0)
                {
                    return gaveUp ? OutboxDelivery.GaveUp : OutboxDelivery.Delivered;
                }
                var mine = rows.TakeWhile(r => r.LeaseOwner == owner).ToList();
                if (mine.Count == 0)
                {
                    if (!rows.Any(r => r.LeaseOwner == owner))
                    {
                        // Everything owed is another delivery's: it sends them.
                        return gaveUp ? OutboxDelivery.GaveUp : OutboxDelivery.Pending;
                    }
                    // Ours come after rows another delivery is sending; they must not overtake them. The wait is the
                    // request's, in real time (not the host's clock): released after it, they go with that delivery's
                    // next round or the sweep.
                    waitingSince ??= Stopwatch.GetTimestamp();
                    if (Stopwatch.GetElapsedTime(waitingSince.Value) >= o.WaitForEarlierReplies)
                    {
                        return gaveUp ? OutboxDelivery.GaveUp : OutboxDelivery.Pending;
                    }
                    await Task.Delay(PollInterval, cancellationToken);
                    continue;
                }

                waitingSince = null;
                foreach (var row in mine)
                {
                    if (dueOnly && row.NextAttemptUtc > time.GetUtcNow().UtcDateTime)
                    {
                        return gaveUp ? OutboxDelivery.GaveUp : OutboxDelivery.Pending;
                    }
                    // Just claimed, the lease is ours for most of its length; later in a long round it is renewed first.
                    var renew = time.GetUtcNow().UtcDateTime - claimedAt > o.LeaseDuration / 3;
                    switch (await SendRowAsync(row, owner, renew, lease.Token))
                    {
                        case RowOutcome.Sent:
                            break;
                        case RowOutcome.Refused:
                            gaveUp = true;
                            break;
                        case RowOutcome.Failed or RowOutcome.LeaseLost:
                            return gaveUp ? OutboxDelivery.GaveUp : OutboxDelivery.Pending;
                    }
                }
                // Rows added meanwhile (the next turn's, an agent's) are claimed in the next round.
            }
        }
        finally
        {
            if (holds)
            {
                await ReleaseAsync(owner);
            }
        }
    }

    /// <summary>
    /// Delivers what is due in conversations nobody holds: rows whose back-off is over and rows left by an instance that
    /// stopped before sending them (or died holding them, once its lease ran out). Returns the conversations it took on.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<(string ChannelId, string ConversationId)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.Set<ConnectorOutboxEntry>().AsNoTracking()
                .Where(e => e.NextAttemptUtc <= now && (e.LeaseUntilUtc == null || e.LeaseUntilUtc < now))
                .Select(e => new { e.ChannelId, e.ConversationId })
                .Distinct()
                .OrderBy(e => e.ChannelId).ThenBy(e => e.ConversationId)
                .Take(SweepBatch)
                .ToListAsync(cancellationToken);
            due = found.Select(f => (f.ChannelId, f.ConversationId)).ToList();
        }
        // A few at a time: one conversation whose Connector hangs must not hold up the others for its timeouts.
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = SweepParallelism, CancellationToken = cancellationToken },
            async (conversation, ct) => await DeliverAsync(conversation.ChannelId, conversation.ConversationId, dueOnly: true, ct));
        return due.Count;
    }

    /// <summary>How many rows are owed in all (for health and tests).</summary>
    public async Task<int> CountOwedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<ConnectorOutboxEntry>().CountAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the conversation's rows nobody holds (one UPDATE: with instances racing, each row goes to one of them) and
    /// returns every row the conversation owes, oldest first.
    /// </summary>
    private async Task<List<ConnectorOutboxEntry>> ClaimAsync(string channelId, string conversationId, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + options.Value.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Set<ConnectorOutboxEntry>()
            .Where(e => e.ChannelId == channelId && e.ConversationId == conversationId && (e.LeaseUntilUtc == null || e.LeaseUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseOwner, owner).SetProperty(e => e.LeaseUntilUtc, until), cancellationToken);
        return await db.Set<ConnectorOutboxEntry>().AsNoTracking()
            .Where(e => e.ChannelId == channelId && e.ConversationId == conversationId)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    private enum RowOutcome { Sent, Refused, Failed, LeaseLost }

    private async Task<RowOutcome> SendRowAsync(ConnectorOutboxEntry row, string owner, bool renew, CancellationToken leaseToken)
    {
        // Still ours, for a full lease from now: a delivery that lost it (paused past its lease) must not send.
        if (renew && !await RenewAsync(row.Id, owner, leaseToken))
        {
            LogLeaseLost(row.Id, row.ChannelId);
            return RowOutcome.LeaseLost;
        }

        var activity = JsonSerializer.Deserialize<Activity>(row.ActivityJson, ProtocolJson.Options)!;
        string? sentId;
        try
        {
            sentId = await ReplyAsync(row, activity, leaseToken);
        }
        catch (OperationCanceledException) when (leaseToken.IsCancellationRequested)
        {
            // Stopping, or the lease could not be kept: the row stays owed. The call may have reached the Connector.
            return RowOutcome.LeaseLost;
        }
        catch (HttpRequestException ex)
        {
            return await FailedAsync(row, owner, ex);
        }

        await SettleAsync(row, owner, sent: true, sentId);
        LogSent(row.Id, row.Origin, row.ChannelId, row.Attempts + 1);
        return RowOutcome.Sent;
    }

    /// <summary>
    /// One Connector call (with the client's own retries). A final message that ends a Teams stream and is refused outright
    /// (the stream ended meanwhile: too long, too late after a restart) goes again as a plain message, so the answer arrives.
    /// </summary>
    private async Task<string?> ReplyAsync(ConnectorOutboxEntry row, Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            return (await connector.ReplyAsync(row.ServiceUrl, row.ConversationId, row.ReplyToId, activity, cancellationToken))?.Id;
        }
        catch (HttpRequestException ex) when (TeamsReplyStreams.EndsStream(activity) && ex.StatusCode is { } status && (int)status is >= 400 and < 500)
        {
            LogStreamEndRefused(ex, (int)status);
            TeamsReplyStreams.Unmark(activity);
            return (await connector.ReplyAsync(row.ServiceUrl, row.ConversationId, row.ReplyToId, activity, cancellationToken))?.Id;
        }
    }

    private async Task<RowOutcome> FailedAsync(ConnectorOutboxEntry row, string owner, HttpRequestException ex)
    {
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var status = (int?)ex.StatusCode ?? 0;
        var error = status == 0 ? "Connector unreachable" : $"Connector answered {status}";
        if (IsFinal(ex.StatusCode))
        {
            LogRefused(ex, row.Id, row.Origin, row.ChannelId, status);
            await SettleAsync(row, owner, sent: false, null);
            return RowOutcome.Refused;
        }
        if (now - row.CreatedUtc >= o.GiveUpAfter)
        {
            LogTooOld(ex, row.Id, row.Origin, row.ChannelId, row.Attempts + 1, error);
            await SettleAsync(row, owner, sent: false, null);
            return RowOutcome.Refused;
        }

        var attempts = row.Attempts + 1;
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var next = now + TimeSpan.FromTicks((long)Math.Min(o.RetryDelay.Ticks * factor, o.MaxRetryDelay.Ticks));
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Set<ConnectorOutboxEntry>()
            .Where(e => e.Id == row.Id && e.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Attempts, attempts)
                .SetProperty(e => e.NextAttemptUtc, next)
                .SetProperty(e => e.LastError, error)
                .SetProperty(e => e.LeaseOwner, (string?)null)
                .SetProperty(e => e.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
        LogWillRetry(ex, row.Id, row.Origin, row.ChannelId, attempts, error, next);
        return RowOutcome.Failed;
    }

    /// <summary>A refusal the Connector will repeat: a 4xx other than 408 and 429 (401 only after the token was renewed).</summary>
    private static bool IsFinal(HttpStatusCode? status) =>
        status is { } s && (int)s is >= 400 and < 500 && s is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout);

    /// <summary>
    /// The row is no longer owed: deleted, and (when it was sent) the bot's record of the message gets the Connector's id,
    /// in one transaction. Written even while the host stops: the message is already out.
    /// </summary>
    private async Task SettleAsync(ConnectorOutboxEntry row, string owner, bool sent, string? sentId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var deleted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var count = await db.Set<ConnectorOutboxEntry>().Where(e => e.Id == row.Id && e.LeaseOwner == owner).ExecuteDeleteAsync(ct);
            if (count > 0 && sent && row.PendingId is { } pendingId)
            {
                await db.SentMessages
                    .Where(m => m.ChannelId == row.ChannelId && m.ConversationId == row.ConversationId && m.ActivityId == pendingId)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.ActivityId, sentId), ct);
            }
            await transaction.CommitAsync(ct);
            return count;
        }, CancellationToken.None);
        if (deleted == 0 && sent)
        {
            // Our lease ran out during the call and another delivery took the row: it may send it too.
            LogSentAfterLeaseLost(row.Id, row.ChannelId);
        }
    }

    private async Task<bool> RenewAsync(long id, string owner, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow().UtcDateTime + options.Value.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<ConnectorOutboxEntry>()
            .Where(e => e.Id == id && e.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseUntilUtc, until), cancellationToken) > 0;
    }

    /// <summary>Extends every row <paramref name="owner"/> holds by a full lease.</summary>
    private async Task RenewAllAsync(string owner, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow().UtcDateTime + options.Value.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Set<ConnectorOutboxEntry>()
            .Where(e => e.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseUntilUtc, until), cancellationToken);
    }

    /// <summary>Gives back the rows a delivery still holds (the ones after a failure, or behind another delivery's).</summary>
    private async Task ReleaseAsync(string owner)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.Set<ConnectorOutboxEntry>()
                .Where(e => e.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            // The lease runs out by itself.
            LogReleaseFailed(ex);
        }
    }

    /// <summary>
    /// Keeps a delivery's lease alive while it runs (renewed every third of <see cref="ConnectorOutboxOptions.LeaseDuration"/>,
    /// on the host's clock, like the lease itself); its token is cancelled when the delivery's caller gives up.
    /// </summary>
    private sealed class LeaseKeeper : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task _loop;

        public LeaseKeeper(ConnectorOutbox outbox, string owner, TimeSpan every, TimeProvider time, CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Token = cancellationToken;
            _loop = RunAsync(outbox, owner, every, time, _stop.Token);
        }

        public CancellationToken Token { get; }

        private static async Task RunAsync(ConnectorOutbox outbox, string owner, TimeSpan every, TimeProvider time, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, time, cancellationToken);
                    await outbox.RenewAllAsync(owner, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or TimeoutException)
                {
                    // The database is away: the next beat tries again; if the lease runs out meanwhile, another
                    // instance may take the rows over (and a call in flight may then be sent twice).
                    outbox.LogRenewFailed(ex);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox row {RowId} ({Origin}) delivered on {ChannelId} at attempt {Attempt}")]
    private partial void LogSent(long rowId, string origin, string channelId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {RowId} ({Origin}) on {ChannelId} not delivered (attempt {Attempt}: {Error}); retrying at {NextAttemptUtc:o}")]
    private partial void LogWillRetry(Exception exception, long rowId, string origin, string channelId, int attempt, string error, DateTime nextAttemptUtc);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {RowId} ({Origin}) on {ChannelId} refused by the Connector ({StatusCode}); given up, the user does not get it")]
    private partial void LogRefused(Exception exception, long rowId, string origin, string channelId, int statusCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {RowId} ({Origin}) on {ChannelId} still not delivered after {Attempts} attempts ({Error}) and too old; given up")]
    private partial void LogTooOld(Exception exception, long rowId, string origin, string channelId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The final message of a stream was refused (Connector answered {StatusCode}); sending it as a plain message")]
    private partial void LogStreamEndRefused(Exception exception, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {RowId} on {ChannelId}: the lease was taken over before sending; left to its new holder")]
    private partial void LogLeaseLost(long rowId, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {RowId} on {ChannelId} was delivered after its lease was taken over; it may be delivered twice")]
    private partial void LogSentAfterLeaseLost(long rowId, string channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew an outbox lease; retrying at the next beat")]
    private partial void LogRenewFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release an outbox lease; it runs out by itself")]
    private partial void LogReleaseFailed(Exception exception);
}
