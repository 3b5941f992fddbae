using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.LoadTest.Measuring;

/// <summary>What the audit found; <see cref="Lost"/> and <see cref="Duplicated"/> must be 0.</summary>
public sealed record AuditResult(
    int Conversations,
    int AcceptedMessages,
    int StoredReplies,
    int SeenReplies,
    int Lost,
    int Duplicated,
    int TranscriptMismatches,
    int UnexpectedAnswers,
    IReadOnlyList<string> Problems)
{
    public bool Clean => Lost == 0 && Duplicated == 0 && TranscriptMismatches == 0 && UnreadableStates == 0;

    /// <summary>Every message the clients sent (each client activity id once, however often it was POSTed).</summary>
    public int SentMessages { get; init; }

    /// <summary>Messages the client was told did not go through (no 200 in the end): Web Chat shows them as not sent.</summary>
    public int VisiblyFailed { get; init; }

    /// <summary>Of <see cref="VisiblyFailed"/>, those the host had taken and answered all the same (seen on the stream).</summary>
    public int FailedButAnswered { get; init; }

    /// <summary>Messages that needed more than one POST (the same client activity id) before the 200.</summary>
    public int Retried { get; init; }

    /// <summary>Conversation states in the database that are not a JSON object (a torn or half-written state).</summary>
    public int UnreadableStates { get; init; }

    /// <summary>Conversation states checked (those of the audited conversations).</summary>
    public int States { get; init; }
}

/// <summary>
/// Checks what the clients saw against what the host stored in its state database (<c>state.db</c>): the Direct Line
/// activity log (<c>DirectLineActivities</c>: every activity with its id, sender and <c>replyToId</c>), the masked
/// transcript (<c>Transcript</c>: one row per user message and per bot reply, in order) and the de-duplication record
/// (<c>ProcessedActivities</c>). Every user message that got 200 must be in the log once, have been processed once, have
/// at least one reply, and the client must have seen exactly the replies the log holds — each once.
/// </summary>
public static class TranscriptAudit
{
    private const int MaxProblems = 30;

    private sealed record Stored(string Id, string Type, string? Role, string? ReplyToId, string? ClientActivityId);

    public static AuditResult Check(string statePath, IReadOnlyCollection<ConversationLog> logs) =>
        Check(new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = statePath, Mode = SqliteOpenMode.ReadOnly }.ToString()), "", logs);

    /// <summary>The same audit over any provider's state database; <paramref name="tablePrefix"/> is its schema (<c>helpdesk.</c>).</summary>
    public static AuditResult Check(System.Data.Common.DbConnection database, string tablePrefix, IReadOnlyCollection<ConversationLog> logs)
    {
        var problems = new List<string>();
        void Problem(string text)
        {
            if (problems.Count < MaxProblems)
            {
                problems.Add(text);
            }
        }

        int accepted = 0, storedReplies = 0, seenReplies = 0, lost = 0, duplicated = 0, mismatches = 0, unexpected = 0;
        int sent = 0, failed = 0, failedButAnswered = 0, retried = 0, states = 0, unreadable = 0;
        using var connection = database;
        connection.Open();

        foreach (var log in logs)
        {
            var conversation = log.ConversationId;
            var stored = ReadLog(connection, tablePrefix, conversation);
            var transcript = ReadTranscript(connection, tablePrefix, conversation);
            var processed = ReadProcessed(connection, tablePrefix, conversation);
            switch (ReadStateShape(connection, tablePrefix, conversation))
            {
                case true:
                    states++;
                    break;
                case false:
                    states++;
                    unreadable++;
                    Problem($"{conversation}: its stored state is not a JSON object");
                    break;
            }

            var storedMessages = stored.Where(s => s.Type == "message").ToList();
            var storedById = new Dictionary<string, Stored>(StringComparer.Ordinal);
            foreach (var activity in stored)
            {
                if (!storedById.TryAdd(activity.Id, activity))
                {
                    duplicated++;
                    Problem($"{conversation}: activity id {activity.Id} is in the log twice");
                }
            }
            foreach (var group in stored.Where(s => s.ClientActivityId is not null).GroupBy(s => s.ClientActivityId).Where(g => g.Count() > 1))
            {
                duplicated += group.Count() - 1;
                Problem($"{conversation}: client activity {group.Key} stored {group.Count()} times");
            }

            var seenMessages = log.Seen.Where(s => s.Type == "message").ToList();
            var seenIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var seen in log.Seen)
            {
                if (!seenIds.Add(seen.Id))
                {
                    duplicated++;
                    Problem($"{conversation}: the stream delivered {seen.Id} twice");
                }
            }

            sent += log.Turns.Count;
            retried += log.Turns.Count(t => t.Attempts > 1);
            foreach (var turn in log.Turns.Where(t => t.VisiblyFailed))
            {
                failed++;
                var storedAs = stored.FirstOrDefault(s => s.ClientActivityId == turn.ClientActivityId);
                if (storedAs is not null && seenMessages.Any(s => s.Role == "bot" && s.ReplyToId == storedAs.Id))
                {
                    failedButAnswered++;
                }
            }
            foreach (var turn in log.Turns.Where(t => t.Accepted))
            {
                accepted++;
                var id = turn.ActivityId!;
                if (!storedById.TryGetValue(id, out var message) || message.Role != "user")
                {
                    lost++;
                    Problem($"{conversation}: message {id} got 200 but is not in the log");
                    continue;
                }
                if (!processed.Contains(id))
                {
                    lost++;
                    Problem($"{conversation}: message {id} got 200 but its turn never completed");
                }
                var replies = storedMessages.Where(s => s.Role == "bot" && s.ReplyToId == id).ToList();
                if (replies.Count == 0)
                {
                    lost++;
                    Problem($"{conversation}: message {id} got 200 but has no reply");
                }

                var shown = string.Join("\n", seenMessages.Where(s => s.Role == "bot" && s.ReplyToId == id).Select(s => s.ShownText));
                var step = log.Dialogue.Steps.FirstOrDefault(s => s.Text == turn.Text);
                var missing = step?.Expect.Where(e => !shown.Contains(e, StringComparison.OrdinalIgnoreCase)).ToList() ?? [];
                if (missing.Count > 0)
                {
                    unexpected++;
                    Problem($"{conversation}: \"{turn.Text}\" was answered without \"{string.Join("\", \"", missing)}\": {Shorten(shown)}");
                }
            }

            // Delivery: every reply in the log reached the client, and the client saw nothing the log does not hold.
            var storedBot = storedMessages.Where(s => s.Role == "bot").ToList();
            storedReplies += storedBot.Count;
            seenReplies += seenMessages.Count(s => s.Role == "bot");
            foreach (var reply in storedBot.Where(r => !seenIds.Contains(r.Id)))
            {
                lost++;
                Problem($"{conversation}: reply {reply.Id} is in the log but never reached the client{(log.CaughtUp ? "" : " (the stream did not catch up)")}");
            }
            foreach (var seen in seenMessages.Where(s => !storedById.ContainsKey(s.Id)))
            {
                mismatches++;
                Problem($"{conversation}: the client saw {seen.Id}, which is not in the log");
            }

            // The transcript holds one row per user message and per reply, in the order the log has them.
            var logOrder = storedMessages.Select(s => s.Role == "bot" ? "bot" : "user").ToList();
            if (!logOrder.SequenceEqual(transcript))
            {
                var extraUser = transcript.Count(d => d == "user") - logOrder.Count(d => d == "user");
                var extraBot = transcript.Count(d => d == "bot") - logOrder.Count(d => d == "bot");
                duplicated += Math.Max(0, extraUser) + Math.Max(0, extraBot);
                lost += Math.Max(0, -extraUser) + Math.Max(0, -extraBot);
                mismatches++;
                Problem($"{conversation}: transcript [{string.Join(' ', transcript)}] differs from the log [{string.Join(' ', logOrder)}]");
            }
        }

        return new AuditResult(logs.Count, accepted, storedReplies, seenReplies, lost, duplicated, mismatches, unexpected, problems)
        {
            SentMessages = sent, VisiblyFailed = failed, FailedButAnswered = failedButAnswered, Retried = retried,
            States = states, UnreadableStates = unreadable,
        };
    }

    /// <summary>
    /// True when the conversation's stored state is a JSON object, false when it is something else, null when there is
    /// none (a table the audit's own tests leave out, or a conversation whose first turn never committed). The host reads
    /// it with its own types on the next turn; the fault run's probe turn is that check, this one finds a torn write.
    /// </summary>
    private static bool? ReadStateShape(System.Data.Common.DbConnection connection, string tablePrefix, string conversationId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"StateJson\" FROM {tablePrefix}\"Conversations\" WHERE \"ChannelId\" = 'directline' AND \"ConversationId\" = @c";
        AddParameter(command, conversationId);
        object? value;
        try
        {
            value = command.ExecuteScalar();
        }
        catch (System.Data.Common.DbException)
        {
            // No Conversations table: a database the audit's own tests build without it.
            return null;
        }
        if (value is not string json)
        {
            return null;
        }
        try
        {
            using var state = JsonDocument.Parse(json);
            return state.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<Stored> ReadLog(System.Data.Common.DbConnection connection, string tablePrefix, string conversationId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Json\", \"ClientActivityId\" FROM {tablePrefix}\"DirectLineActivities\" WHERE \"ConversationId\" = @c ORDER BY \"Sequence\"";
        AddParameter(command, conversationId);
        using var reader = command.ExecuteReader();
        var rows = new List<Stored>();
        while (reader.Read())
        {
            using var json = JsonDocument.Parse(reader.GetString(0));
            var root = json.RootElement;
            rows.Add(new Stored(
                root.GetProperty("id").GetString()!,
                root.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "",
                root.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) ? role.GetString() : null,
                root.TryGetProperty("replyToId", out var replyTo) ? replyTo.GetString() : null,
                reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return rows;
    }

    private static List<string> ReadTranscript(System.Data.Common.DbConnection connection, string tablePrefix, string conversationId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Direction\" FROM {tablePrefix}\"Transcript\" WHERE \"ChannelId\" = 'directline' AND \"ConversationId\" = @c ORDER BY \"Id\"";
        AddParameter(command, conversationId);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private static HashSet<string> ReadProcessed(System.Data.Common.DbConnection connection, string tablePrefix, string conversationId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"ActivityId\" FROM {tablePrefix}\"ProcessedActivities\" WHERE \"ChannelId\" = 'directline' AND \"ConversationId\" = @c";
        AddParameter(command, conversationId);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string conversationId)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@c";
        parameter.Value = conversationId;
        command.Parameters.Add(parameter);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 160 ? line : line[..160] + "…";
    }
}
