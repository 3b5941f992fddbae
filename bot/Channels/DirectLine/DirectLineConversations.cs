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
    private readonly DirectLineStreams streams = streams;
    private readonly ConversationLocks locks = locks;

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

    /// <summary>Marks the conversation started; true only for the call that started it.</summary>
    public async Task<bool> TryStartAsync(string conversationId, string? locale, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync($"dl\n{conversationId}", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.DirectLineConversations.FirstAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation.Started)
        {
            return false;
        }
        conversation.Started = true;
        conversation.Locale ??= locale;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Appends an activity: gives it its id, timestamp and watermark, stores it, and pushes it to open streams.
    /// With a client activity id already in the log, returns the stored id instead (a client retry).
    /// </summary>
    public async Task<(Activity Activity, bool Duplicate)> AppendAsync(string conversationId, Activity activity, string? clientActivityId, CancellationToken cancellationToken)
    {
        StreamedActivity streamed;
        using (await locks.AcquireAsync($"dl\n{conversationId}", cancellationToken))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (clientActivityId is not null)
            {
                var existing = await db.DirectLineActivities.AsNoTracking()
                    .Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId)
                    .Select(a => a.Json)
                    .FirstOrDefaultAsync(cancellationToken);
                if (existing is not null)
                {
                    return (JsonSerializer.Deserialize<Activity>(existing, ProtocolJson.Options)!, true);
                }
            }

            var conversation = await db.DirectLineConversations.FirstAsync(c => c.Id == conversationId, cancellationToken);
            streamed = Add(db, conversation, activity, clientActivityId);
            await db.SaveChangesAsync(cancellationToken);
        }
        streams.Publish(conversationId, streamed);
        return (activity, false);
    }

    /// <summary>
    /// The bot's replies to a turn, written to this conversation's log in the turn's own transaction and streamed once it
    /// commits (<see cref="ITurnReplyLog"/>). <paramref name="unthreaded"/>: the replies answer no user message (the
    /// welcome answers the join), so they carry no <c>replyToId</c>.
    /// </summary>
    public ITurnReplyLog ReplyLog(string conversationId, bool unthreaded = false) => new TurnReplies(this, conversationId, unthreaded);

    /// <summary>Gives <paramref name="activity"/> the next watermark, its id and timestamp, and adds it to <paramref name="db"/> (not saved).</summary>
    private StreamedActivity Add(StateDbContext db, DirectLineConversation conversation, Activity activity, string? clientActivityId)
    {
        var sequence = ++conversation.LastSequence;
        var now = time.GetUtcNow();
        activity.Id = $"{conversation.Id}|{sequence:D7}";
        activity.Timestamp = now;
        activity.ChannelId = ChannelId;
        activity.Conversation ??= new ConversationAccount { Id = conversation.Id };
        var json = JsonSerializer.Serialize(activity, ProtocolJson.Options);
        db.DirectLineActivities.Add(new DirectLineActivity
        {
            ConversationId = conversation.Id,
            Sequence = sequence,
            Json = json,
            ClientActivityId = clientActivityId,
            AtUtc = now.UtcDateTime,
        });
        return new StreamedActivity(sequence, json);
    }

    private sealed class TurnReplies(DirectLineConversations owner, string conversationId, bool unthreaded) : ITurnReplyLog
    {
        public async Task<IStagedReplies> StageAsync(StateDbContext db, IReadOnlyList<Activity> replies, CancellationToken cancellationToken)
        {
            if (replies.Count == 0)
            {
                return new Staged(owner.streams, conversationId, [], NoLock.Instance);
            }

            // Held until the turn commits: the watermarks given here must not be given to anything else meanwhile.
            var held = await owner.locks.AcquireAsync($"dl\n{conversationId}", cancellationToken);
            try
            {
                var conversation = await db.DirectLineConversations.FirstAsync(c => c.Id == conversationId, cancellationToken);
                var staged = new List<StreamedActivity>(replies.Count);
                foreach (var reply in replies)
                {
                    if (unthreaded)
                    {
                        reply.ReplyToId = null;
                    }
                    staged.Add(owner.Add(db, conversation, reply, null));
                }
                return new Staged(owner.streams, conversationId, staged, held);
            }
            catch
            {
                held.Dispose();
                throw;
            }
        }
    }

    private sealed class NoLock : IDisposable
    {
        public static NoLock Instance { get; } = new();

        public void Dispose()
        {
        }
    }

    private sealed class Staged(DirectLineStreams streams, string conversationId, IReadOnlyList<StreamedActivity> activities, IDisposable held) : IStagedReplies
    {
        public void Committed()
        {
            foreach (var activity in activities)
            {
                streams.Publish(conversationId, activity);
            }
        }

        public void Dispose() => held.Dispose();
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
        page.Select(a => JsonSerializer.Deserialize<Activity>(a.Json, ProtocolJson.Options)!).ToList(),
        (page.Count > 0 ? page[^1].Sequence : watermark ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string NewConversationId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'A').Replace('/', 'B') + "-hd";
}
