using System.Security.Cryptography;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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
    public const int PageSize = 100;

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
        return await FindConversation.For(db)(db, conversationId, cancellationToken);
    }

    // Compiled: read on every POST and by every retry's check, so the LINQ is not translated (or looked up) each time.
    private static readonly PerModelQuery<Func<StateDbContext, string, CancellationToken, Task<DirectLineConversation?>>> FindConversation =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string id, CancellationToken _) =>
            db.DirectLineConversations.AsNoTracking().FirstOrDefault(c => c.Id == id)));

    private static readonly PerModelQuery<Func<StateDbContext, string, string, CancellationToken, Task<long?>>> FindClientActivity =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string conversationId, string clientActivityId, CancellationToken _) =>
            db.DirectLineActivities.AsNoTracking()
                .Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId)
                .Select(a => (long?)a.Sequence)
                .FirstOrDefault()));

    /// <summary>The watermark of the activity the client posted with <paramref name="clientActivityId"/>, if it is in the log.</summary>
    public static Task<long?> FindClientActivityAsync(StateDbContext db, string conversationId, string clientActivityId, CancellationToken cancellationToken) =>
        FindClientActivity.For(db)(db, conversationId, clientActivityId, cancellationToken);

    /// <summary>Marks the conversation started; true only for the call that started it (on whichever instance).</summary>
    public async Task<bool> TryStartAsync(string conversationId, string? locale, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync($"dl\n{conversationId}", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One conditional update (one write): of two instances starting the same conversation at once, one changes the
        // row, and only that one gives it the locale, unless it has one.
        var started = await db.DirectLineConversations
            .Where(c => c.Id == conversationId && !c.Started)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Started, true).SetProperty(c => c.Locale, c => c.Locale ?? locale), cancellationToken);
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
    public async Task<(Activity Activity, bool Duplicate)> AppendAsync(
        string conversationId, Activity activity, string? clientActivityId, CancellationToken cancellationToken, DateTimeOffset? timestamp = null)
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
                // A failed save undoes the whole transaction: no savepoint needed (the pool resets the setting).
                db.Database.AutoSavepointsEnabled = false;
                if (await TryTakeSequencesAsync(db, conversationId, 1, clientActivityId, ct) is not { } sequence)
                {
                    var existing = await StoredInsteadAsync(db, conversationId, clientActivityId, ct);
                    await transaction.RollbackAsync(ct);
                    return (existing, true);
                }

                var now = timestamp ?? time.GetUtcNow();
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
    /// Why no watermark was taken: the client's activity is in the log already (returned, as stored), or — an error — the
    /// conversation does not exist.
    /// </summary>
    private static async Task<Activity> StoredInsteadAsync(StateDbContext db, string conversationId, string? clientActivityId, CancellationToken cancellationToken)
    {
        var existing = clientActivityId is null
            ? null
            : await db.DirectLineActivities.AsNoTracking()
                .Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId)
                .Select(a => a.Json)
                .FirstOrDefaultAsync(cancellationToken);
        return existing is not null
            ? JsonSerializer.Deserialize<Activity>(existing, ProtocolJson.Options)!
            : throw new UnknownDirectLineConversationException(conversationId);
    }

    /// <summary>
    /// Adds a turn's replies — and, first, the user's activity the turn answers when it is not in the log yet — to the log
    /// in the turn's own unit of work (<see cref="ITurnReplyLog"/>): ids, timestamps and watermarks are given now, and the
    /// replies answer the user's activity by its new id. The caller has begun the turn's transaction: the watermarks are
    /// taken by incrementing the conversation's counter in it, so the database holds them (as in <see cref="AppendAsync"/>)
    /// until the commit, and the log lock is held until the staging is disposed, so this process publishes them in order.
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">
    /// The user's activity is in the log already: another instance stored the same client activity meanwhile (possible
    /// only without the shared turn lock). The activity then has the stored id, and the turn is dropped as a lost race.
    /// </exception>
    public async Task<IStagedReplies> StageAsync(
        StateDbContext db, string conversationId, IReadOnlyList<Activity> replies, bool inReplyToUser, DirectLineInbound? user,
        CancellationToken cancellationToken)
    {
        var withUser = user is { Pending: true };
        var count = replies.Count + (withUser ? 1 : 0);
        if (count == 0)
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
            var clientActivityId = withUser ? user!.ClientActivityId : null;
            if (await TryTakeSequencesAsync(db, conversationId, count, clientActivityId, cancellationToken) is not { } last)
            {
                var stored = await StoredInsteadAsync(db, conversationId, clientActivityId, cancellationToken);
                user!.Stored(stored.Id!);
                throw new DbUpdateConcurrencyException($"The activity was stored meanwhile under {stored.Id}.");
            }
            var now = time.GetUtcNow();
            var streamed = new StreamedActivity[count];
            var rows = new DirectLineActivity[count];
            var sequence = last - count + 1;
            var i = 0;
            if (withUser)
            {
                var json = Stamp(conversationId, user!.Activity, sequence, user.ReceivedAt);
                rows[0] = new DirectLineActivity
                {
                    ConversationId = conversationId, Sequence = sequence, Json = json, ClientActivityId = user.ClientActivityId,
                    AtUtc = user.ReceivedAt.UtcDateTime,
                };
                streamed[0] = new StreamedActivity(sequence, json);
                user.Stored(user.Activity.Id!);
                db.DirectLineActivities.Add(rows[0]);
                sequence++;
                i++;
            }
            foreach (var activity in replies)
            {
                // The user's activity has its id only now (staged above, or stored earlier on its own).
                activity.ReplyToId = !inReplyToUser ? null : user?.Activity.Id ?? activity.ReplyToId;
                var json = Stamp(conversationId, activity, sequence, now);
                rows[i] = new DirectLineActivity
                {
                    ConversationId = conversationId, Sequence = sequence, Json = json, AtUtc = now.UtcDateTime,
                };
                db.DirectLineActivities.Add(rows[i]);
                streamed[i] = new StreamedActivity(sequence, json);
                sequence++;
                i++;
            }
            return new StagedReplies(streams, conversationId, streamed, held) { Db = db, Rows = rows, User = withUser ? user : null };
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes the next <paramref name="count"/> watermarks of the conversation by incrementing its counter in the caller's
    /// transaction (the database holds the row, or SQLite itself, until the commit); returns the last one taken. One
    /// statement (<c>UPDATE … RETURNING</c>), which with <paramref name="clientActivityId"/> also checks, under that hold,
    /// that the client's activity is not in the log yet. Null: nothing was taken (no such conversation, or it is there).
    /// </summary>
    private static async Task<long?> TryTakeSequencesAsync(
        StateDbContext db, string conversationId, int count, string? clientActivityId, CancellationToken cancellationToken)
    {
        // ADO.NET on the context's connection and transaction: through EF (SqlQueryRaw) the statement was built into a
        // query and looked up in its cache on every call, which cost more CPU than running it.
        var statements = SequenceStatements.Of(db);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Watermarks are taken inside a transaction.");
        command.CommandText = clientActivityId is null ? statements.Take : statements.TakeUnlessStored;
        Parameter(command, "conversation", conversationId);
        Parameter(command, "count", count);
        if (clientActivityId is not null)
        {
            Parameter(command, "client", clientActivityId);
        }
        var taken = await command.ExecuteScalarAsync(cancellationToken);
        return taken is null or DBNull ? null : Convert.ToInt64(taken, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// The watermark statements in the provider's SQL, built once per model from its table and column names (PostgreSQL
    /// keeps them in a schema). EF's <c>ExecuteUpdate</c> cannot return the new value: it took a second query to read it.
    /// </summary>
    private sealed record SequenceStatements(string Take, string TakeUnlessStored)
    {
        private static readonly ConditionalWeakTable<IModel, SequenceStatements> ByModel = new();

        public static SequenceStatements Of(StateDbContext db) => ByModel.GetValue(db.Model, _ => Build(db));

        private static SequenceStatements Build(StateDbContext db)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var conversations = db.Model.FindEntityType(typeof(DirectLineConversation))!;
            var activities = db.Model.FindEntityType(typeof(DirectLineActivity))!;
            string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
            string Column(IEntityType type, string property) => sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName());

            var last = Column(conversations, nameof(DirectLineConversation.LastSequence));
            var update = $"UPDATE {Table(conversations)} SET {last} = {last} + @count WHERE {Column(conversations, nameof(DirectLineConversation.Id))} = @conversation";
            var returning = $" RETURNING {last}";
            var unlessStored = $" AND NOT EXISTS (SELECT 1 FROM {Table(activities)} WHERE {Column(activities, nameof(DirectLineActivity.ConversationId))} = @conversation" +
                               $" AND {Column(activities, nameof(DirectLineActivity.ClientActivityId))} = @client)";
            return new SequenceStatements(update + returning, update + unlessStored + returning);
        }
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
        return await PageAfter.For(db)(db, conversationId, watermark ?? 0).ToListAsync(cancellationToken);
    }

    // Compiled: every stream reads the log when it opens.
    private static readonly PerModelQuery<Func<StateDbContext, string, long, IAsyncEnumerable<StreamedActivity>>> PageAfter =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string conversationId, long after) =>
            db.DirectLineActivities.AsNoTracking()
                .Where(a => a.ConversationId == conversationId && a.Sequence > after)
                .OrderBy(a => a.Sequence)
                .Take(PageSize)
                .Select(a => new StreamedActivity(a.Sequence, a.Json))));

    public static ActivitySet ToActivitySet(IReadOnlyList<StreamedActivity> page, long? watermark) => new(
        page.Select(a => JsonSerializer.Deserialize<Activity>(a.Json!, ProtocolJson.Options)!).ToList(),
        (page.Count > 0 ? page[^1].Sequence : watermark ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The id of the activity at <paramref name="sequence"/> in the conversation's log.</summary>
    public static string ActivityId(string conversationId, long sequence) => $"{conversationId}|{sequence:D7}";

    /// <summary>Gives the activity its place in the log; the JSON stored and streamed.</summary>
    private static string Stamp(string conversationId, Activity activity, long sequence, DateTimeOffset now)
    {
        activity.Id = ActivityId(conversationId, sequence);
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

        /// <summary>The user's activity when it was staged here (pending again if the attempt fails).</summary>
        public DirectLineInbound? User { get; init; }

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
                User?.Unstaged();
            }
            held?.Dispose();
        }
    }

    private static string NewConversationId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'A').Replace('/', 'B') + "-hd";
}

/// <summary>A Direct Line conversation that is not in the store (a token outlived it): the client is answered 404.</summary>
internal sealed class UnknownDirectLineConversationException(string conversationId)
    : InvalidOperationException($"There is no Direct Line conversation '{conversationId}'.");
