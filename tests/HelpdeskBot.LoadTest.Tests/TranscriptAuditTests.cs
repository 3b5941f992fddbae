using System.Net;
using System.Text.Json;
using HelpdeskBot.LoadTest;
using HelpdeskBot.LoadTest.DirectLine;
using HelpdeskBot.LoadTest.Measuring;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.LoadTest.Tests;

/// <summary>
/// The audit must be able to fail: a real SQLite file with the host's three tables (the columns the audit reads), written
/// the way the host writes them, then broken one way at a time — a reply never delivered, a message stored twice, a
/// message without a reply, a turn run twice, a reply delivered twice.
/// </summary>
public sealed class TranscriptAuditTests : IDisposable
{
    private const string Conversation = "conv-1";
    private readonly string _path = Path.Combine(Path.GetTempPath(), "helpdeskbot-loadtest-tests", $"{Guid.NewGuid():N}.db");

    public TranscriptAuditTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        Execute("""
            CREATE TABLE DirectLineActivities (ConversationId TEXT NOT NULL, Sequence INTEGER NOT NULL, Json TEXT NOT NULL, ClientActivityId TEXT, PRIMARY KEY (ConversationId, Sequence));
            CREATE TABLE Transcript (Id INTEGER PRIMARY KEY AUTOINCREMENT, ChannelId TEXT NOT NULL, ConversationId TEXT NOT NULL, Direction TEXT NOT NULL);
            CREATE TABLE ProcessedActivities (ChannelId TEXT NOT NULL, ConversationId TEXT NOT NULL, ActivityId TEXT NOT NULL, PRIMARY KEY (ChannelId, ConversationId, ActivityId));
            """);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public void A_conversation_stored_delivered_and_transcribed_once_is_clean()
    {
        var log = Greeting();
        log = Turn(log, 2, "where is my order ORD-100123", "Order ORD-100123 is on its way.");

        var audit = TranscriptAudit.Check(_path, [log]);

        Assert.True(audit.Clean, string.Join("\n", audit.Problems));
        Assert.Equal((1, 2, 2, 0), (audit.AcceptedMessages, audit.StoredReplies, audit.SeenReplies, audit.UnexpectedAnswers));
    }

    [Fact]
    public void A_reply_in_the_log_the_client_never_saw_counts_as_lost()
    {
        var log = Turn(Greeting(), 2, "where is my order ORD-100123", "Order ORD-100123 is on its way.");
        log = log with { Seen = [.. log.Seen.Where(s => s.Id != Id(3))] };

        var audit = TranscriptAudit.Check(_path, [log]);

        Assert.Equal(1, audit.Lost);
        Assert.Contains(audit.Problems, p => p.Contains("never reached the client", StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_that_got_200_but_has_no_reply_counts_as_lost()
    {
        var log = Greeting();
        StoreUser(2, "client-2");
        Transcribe("user");
        Execute($"INSERT INTO ProcessedActivities VALUES ('directline', '{Conversation}', '{Id(2)}')");
        log = log with { Turns = [Sent("where is my order ORD-100123", 2)] };

        var audit = TranscriptAudit.Check(_path, [log]);

        Assert.Equal(1, audit.Lost);
        Assert.Contains(audit.Problems, p => p.Contains("has no reply", StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_stored_twice_under_one_client_id_counts_as_duplicated()
    {
        var log = Turn(Greeting(), 2, "where is my order ORD-100123", "Order ORD-100123 is on its way.");
        Execute($"INSERT INTO DirectLineActivities VALUES ('{Conversation}', 4, '{UserJson(4)}', 'client-2')");

        var audit = TranscriptAudit.Check(_path, [log]);

        Assert.True(audit.Duplicated >= 1);
        Assert.Contains(audit.Problems, p => p.Contains("stored 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void A_turn_run_twice_shows_as_extra_transcript_rows()
    {
        var log = Turn(Greeting(), 2, "where is my order ORD-100123", "Order ORD-100123 is on its way.");
        Transcribe("user");
        Transcribe("bot");

        var audit = TranscriptAudit.Check(_path, [log]);

        Assert.Equal(2, audit.Duplicated);
        Assert.Equal(1, audit.TranscriptMismatches);
    }

    [Fact]
    public void A_reply_the_stream_delivered_twice_counts_as_duplicated()
    {
        var log = Turn(Greeting(), 2, "where is my order ORD-100123", "Order ORD-100123 is on its way.");
        log = log with { Seen = [.. log.Seen, log.Seen[^1]] };

        var audit = TranscriptAudit.Check(_path, [log]);

        Assert.Equal(1, audit.Duplicated);
    }

    [Fact]
    public void An_answer_without_the_scripted_words_is_counted_but_is_not_a_loss()
    {
        var log = Turn(Greeting(), 2, "where is my order ORD-100123", "Sorry, something went wrong.");

        var audit = TranscriptAudit.Check(_path, [log]);

        Assert.True(audit.Clean);
        Assert.Equal(1, audit.UnexpectedAnswers);
    }

    private static string Id(int sequence) => $"{Conversation}|{sequence:D7}";

    /// <summary>The welcome message the host stores and streams when the conversation starts.</summary>
    private ConversationLog Greeting()
    {
        StoreBot(1, null, "Hi! I'm HelpdeskBot.");
        Transcribe("bot");
        return new ConversationLog(Conversation, Dialogue.All[0], [], [Seen(1, null, "Hi! I'm HelpdeskBot.")], true, null);
    }

    /// <summary>A user message at <paramref name="sequence"/> answered by one reply right after it, all of it as the host does.</summary>
    private ConversationLog Turn(ConversationLog log, int sequence, string text, string reply)
    {
        StoreUser(sequence, $"client-{sequence}");
        StoreBot(sequence + 1, Id(sequence), reply);
        Transcribe("user");
        Transcribe("bot");
        Execute($"INSERT INTO ProcessedActivities VALUES ('directline', '{Conversation}', '{Id(sequence)}')");
        return log with
        {
            Turns = [.. log.Turns, Sent(text, sequence)],
            Seen = [.. log.Seen, Seen(sequence, null, null, "user"), Seen(sequence + 1, Id(sequence), reply)],
        };
    }

    private static SentTurn Sent(string text, int sequence) =>
        new(text, $"client-{sequence}", HttpStatusCode.OK, Id(sequence), 0, 1, 2, null);

    private static SeenActivity Seen(int sequence, string? replyTo, string? text, string role = "bot") =>
        new(Id(sequence), "message", role, replyTo, text, 2);

    private static string UserJson(int sequence) =>
        JsonSerializer.Serialize(new { type = "message", id = Id(sequence), from = new { id = "u", role = "user" }, text = "hello" });

    private void StoreUser(int sequence, string clientActivityId) =>
        Execute($"INSERT INTO DirectLineActivities VALUES ('{Conversation}', {sequence}, '{UserJson(sequence)}', '{clientActivityId}')");

    private void StoreBot(int sequence, string? replyTo, string text)
    {
        var json = JsonSerializer.Serialize(new { type = "message", id = Id(sequence), from = new { id = "helpdeskbot", role = "bot" }, replyToId = replyTo, text });
        Execute($"INSERT INTO DirectLineActivities VALUES ('{Conversation}', {sequence}, '{json.Replace("'", "''", StringComparison.Ordinal)}', NULL)");
    }

    private void Transcribe(string direction) =>
        Execute($"INSERT INTO Transcript (ChannelId, ConversationId, Direction) VALUES ('directline', '{Conversation}', '{direction}')");

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
