using System.Security.Cryptography;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>
/// The Direct Line side of a conversation: who it belongs to, its activity log with watermarks, and delivery of new
/// activities to open WebSockets. Activities are persisted, so a client that reconnects (or a restarted host) loses nothing.
/// </summary>
internal sealed class DirectLineConversations(
    IDbContextFactory<StateDbContext> dbFactory,
    DirectLineStreams streams,
    ConversationLocks locks,
    TimeProvider time)
{
    public const string ChannelId = "directline";
    public const string BotId = "helpdeskbot";
    public const string BotName = "HelpdeskBot";
    private const int PageSize = 100;

    public async Task<DirectLineConversation> ReserveAsync(string userId, string? userName, string? locale, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = new DirectLineConversation
        {
            Id = NewConversationId(),
            UserId = userId,
            UserName = userName,
            Locale = locale,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.DirectLineConversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return conversation;
    }

    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DirectLineConversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
    }

    /// <summary>Marks the conversation started; true only for the call that started it (on whichever instance).</summary>
    public async Task<bool> TryStartAsync(string conversationId, string? locale, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync($"dl\n{conversationId}", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One conditional update: of two instances starting the same conversation at once, one changes the row.
        var started = await db.DirectLineConversations
            .Where(c => c.Id == conversationId && !c.Started)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Started, true), cancellationToken);
        if (started == 1 && locale is not null)
        {
            await db.DirectLineConversations
                .Where(c => c.Id == conversationId && c.Locale == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Locale, locale), cancellationToken);
        }
        return started == 1;
    }

    /// <summary>
    /// Appends an activity: gives it its id, timestamp and watermark, stores it, and pushes it to open streams.
    /// With a client activity id already in the log, returns the stored id instead (a client retry).
    /// </summary>
    /// <remarks>
    /// The watermark is taken by incrementing the conversation's counter in the same transaction as the insert: the
    /// database holds the row (PostgreSQL) or itself (SQLite) until the commit, so instances sharing it hand out
    /// watermarks one at a time and commit them in order — a reader never sees watermark n+1 before n. The client
    /// activity id is checked under that hold too, so the same activity posted to two instances at once is stored once.
    /// </remarks>
    public async Task<(Activity Activity, bool Duplicate)> AppendAsync(string conversationId, Activity activity, string? clientActivityId, CancellationToken cancellationToken)
    {
        StreamedActivity? streamed = null;
        (Activity Activity, bool Duplicate) result;
        using (await locks.AcquireAsync($"dl\n{conversationId}", cancellationToken))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            // In the database's execution strategy: PostgreSQL's retries a dropped connection by running all of it again.
            result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var sequence = await TakeSequencesAsync(db, conversationId, 1, ct);
                if (clientActivityId is not null)
                {
                    var existing = await db.DirectLineActivities.AsNoTracking()
                        .Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId)
                        .Select(a => a.Json)
                        .FirstOrDefaultAsync(ct);
                    if (existing is not null)
                    {
                        await transaction.RollbackAsync(ct);
                        return (JsonSerializer.Deserialize<Activity>(existing, ProtocolJson.Options)!, true);
                    }
                }

                var now = time.GetUtcNow();
                var json = Stamp(conversationId, activity, sequence, now);
                db.DirectLineActivities.Add(new DirectLineActivity
                {
                    ConversationId = conversationId,
                    Sequence = sequence,
                    Json = json,
                    ClientActivityId = clientActivityId,
                    AtUtc = now.UtcDateTime,
                });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                streamed = new StreamedActivity(sequence, json);
                return (activity, false);
            }, cancellationToken);
        }
        if (streamed is not null)
        {
            streams.Publish(conversationId, streamed);
        }
        return result;
    }

    /// <summary>
    /// Adds a turn's replies to the log in the turn's own unit of work (<see cref="ITurnReplyLog"/>): ids, timestamps and
    /// watermarks are given now. The caller has begun the turn's transaction: the watermarks are taken by incrementing the
    /// conversation's counter in it, so the database holds them (as in <see cref="AppendAsync"/>) until the commit, and
    /// the log lock is held until the staging is disposed, so this process publishes them in order.
    /// </summary>
    public async Task<IStagedReplies> StageAsync(
        StateDbContext db, string conversationId, IReadOnlyList<Activity> replies, bool inReplyToUser, CancellationToken cancellationToken)
    {
        if (replies.Count == 0)
        {
            return StagedReplies.None;
        }
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A turn's replies are staged inside the turn's transaction.");
        }

        var held = await locks.AcquireAsync($"dl\n{conversationId}", cancellationToken);
        try
        {
            var last = await TakeSequencesAsync(db, conversationId, replies.Count, cancellationToken);
            var now = time.GetUtcNow();
            var streamed = new StreamedActivity[replies.Count];
            var rows = new DirectLineActivity[replies.Count];
            for (var i = 0; i < replies.Count; i++)
            {
                var activity = replies[i];
                if (!inReplyToUser)
                {
                    activity.ReplyToId = null;
                }
                var sequence = last - replies.Count + 1 + i;
                var json = Stamp(conversationId, activity, sequence, now);
                rows[i] = new DirectLineActivity
                {
                    ConversationId = conversationId, Sequence = sequence, Json = json, AtUtc = now.UtcDateTime,
                };
                db.DirectLineActivities.Add(rows[i]);
                streamed[i] = new StreamedActivity(sequence, json);
            }
            return new StagedReplies(streams, conversationId, streamed, held) { Db = db, Rows = rows };
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes the next <paramref name="count"/> watermarks of the conversation by incrementing its counter in the caller's
    /// transaction (the database holds the row, or SQLite itself, until the commit); returns the last one taken.
    /// </summary>
    private static async Task<long> TakeSequencesAsync(StateDbContext db, string conversationId, int count, CancellationToken cancellationToken)
    {
        var taken = await db.DirectLineConversations
            .Where(c => c.Id == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, c => c.LastSequence + count), cancellationToken);
        if (taken == 0)
        {
            throw new InvalidOperationException($"There is no Direct Line conversation '{conversationId}'.");
        }
        return await db.DirectLineConversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => c.LastSequence)
            .FirstAsync(cancellationToken);
    }

    /// <summary>
    /// Removes activities of this conversation from the log by their ids (a livestream's interim updates once its final
    /// message is in). Watermarks of the rest do not change; readers skip the gaps.
    /// </summary>
    public async Task RemoveAsync(string conversationId, IReadOnlyCollection<string> activityIds, CancellationToken cancellationToken)
    {
        var prefix = conversationId + "|";
        var sequences = activityIds
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
            .Select(id => long.TryParse(id.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n > 0)
            .ToList();
        if (sequences.Count == 0)
        {
            return;
        }
        using (await locks.AcquireAsync($"dl\n{conversationId}", cancellationToken))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.DirectLineActivities
                .Where(a => a.ConversationId == conversationId && sequences.Contains(a.Sequence))
                .ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Activities after <paramref name="watermark"/> (all when null), oldest first, one page at most.</summary>
    public async Task<IReadOnlyList<StreamedActivity>> ReadAfterAsync(string conversationId, long? watermark, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var after = watermark ?? 0;
        return await db.DirectLineActivities.AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Sequence > after)
            .OrderBy(a => a.Sequence)
            .Take(PageSize)
            .Select(a => new StreamedActivity(a.Sequence, a.Json))
            .ToListAsync(cancellationToken);
    }

    public static ActivitySet ToActivitySet(IReadOnlyList<StreamedActivity> page, long? watermark) => new(
        page.Select(a => JsonSerializer.Deserialize<Activity>(a.Json!, ProtocolJson.Options)!).ToList(),
        (page.Count > 0 ? page[^1].Sequence : watermark ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Gives the activity its place in the log; the JSON stored and streamed.</summary>
    private static string Stamp(string conversationId, Activity activity, long sequence, DateTimeOffset now)
    {
        activity.Id = $"{conversationId}|{sequence:D7}";
        activity.Timestamp = now;
        activity.ChannelId = ChannelId;
        activity.Conversation ??= new ConversationAccount { Id = conversationId };
        return JsonSerializer.Serialize(activity, ProtocolJson.Options);
    }

    /// <summary>
    /// A turn's replies in the log, published once the turn is saved; holds the log lock until disposed. Disposed without
    /// <see cref="Saved"/>, its rows leave the turn's unit of work (the attempt failed; a retry stages anew).
    /// </summary>
    private sealed class StagedReplies(DirectLineStreams? streams, string conversationId, StreamedActivity[] staged, IDisposable? held) : IStagedReplies
    {
        public static StagedReplies None { get; } = new(null, string.Empty, [], null);

        private int _published;
        private int _disposed;

        public StateDbContext? Db { get; init; }

        public IReadOnlyList<DirectLineActivity> Rows { get; init; } = [];

        public void Saved()
        {
            // Still under the log lock, so streams get them in watermark order with anything appended next.
            if (streams is not null && Interlocked.Exchange(ref _published, 1) == 0)
            {
                foreach (var activity in staged)
                {
                    streams.Publish(conversationId, activity);
                }
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            if (Volatile.Read(ref _published) == 0 && Db is not null)
            {
                foreach (var row in Rows)
                {
                    Db.Entry(row).State = EntityState.Detached;
                }
            }
            held?.Dispose();
        }
    }

    private static string NewConversationId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'A').Replace('/', 'B') + "-hd";
}
