using System.Reflection;
using System.Text.Json.Nodes;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Privacy;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;
using static HelpdeskBot.Bot.Tests.Privacy.PrivacyTestData;

namespace HelpdeskBot.Bot.Tests.Privacy;

/// <summary>
/// "delete my data" / "hapus data saya" through the real host: Direct Line in, the turn pipeline, the real SQLite state
/// database. Each test has its own host, so every row it finds is one it caused.
/// </summary>
public sealed class ErasureConversationTests
{
    [Fact]
    public async Task Delete_my_data_asks_first_and_yes_erases_every_conversation_of_that_user_but_no_one_elses()
    {
        using var host = new BotHost();
        var earlier = await StartAsAsync(host, "dl_budi");
        await earlier.AskAsync("where is my order ORD-100125");
        var other = await StartAsAsync(host, "dl_sari");
        await other.AskAsync("how do I reset my password");
        var current = await StartAsAsync(host, "dl_budi");
        await current.AskAsync("what is your refund policy");
        var otherBefore = await TranscriptTextsAsync(host, other.ConversationId);
        var otherLogBefore = await ActivityLogAsync(host, other.ConversationId);

        var askId = await current.SayAsync("Delete my data, please");
        var question = await ReplyToAsync(current, askId);

        Assert.Equal(ErasurePhrases.Ask.En, question.Text);
        Assert.Equal(["Yes, delete", "No, keep it"], DirectLineSession.ButtonTitles(question));
        Assert.NotEqual(0, await TranscriptCountAsync(host, earlier.ConversationId));

        var yesId = await current.SubmitAsync(JsonNode.Parse(ButtonData(question, "Yes, delete").GetRawText())!);
        var done = await ReplyToAsync(current, yesId);

        Assert.StartsWith("Done: I deleted your conversation data", done.Text, StringComparison.Ordinal);
        Assert.Contains("conversations: 2,", done.Text, StringComparison.Ordinal);
        Assert.Equal(0, await TranscriptCountAsync(host, earlier.ConversationId));
        Assert.Equal(0, await TranscriptCountAsync(host, current.ConversationId));
        Assert.Empty(await ActivityLogAsync(host, earlier.ConversationId));
        await using (var db = await DbAsync(host))
        {
            Assert.False(await db.Conversations.AnyAsync(c => c.ConversationId == earlier.ConversationId || c.ConversationId == current.ConversationId));
            Assert.False(await db.SentMessages.AnyAsync(m => m.ConversationId == earlier.ConversationId || m.ConversationId == current.ConversationId));
            Assert.False(await db.Set<HelpdeskBot.Bot.Analytics.AnalyticsEvent>().AnyAsync(a => a.ConversationId == earlier.ConversationId || a.ConversationId == current.ConversationId));
            Assert.Null((await db.DirectLineConversations.SingleAsync(c => c.Id == current.ConversationId)).UserName);
        }

        // The current conversation's log keeps only the Yes press and the confirmation: nothing said before it.
        var log = await ActivityLogAsync(host, current.ConversationId);
        Assert.Equal(2, log.Count);
        Assert.DoesNotContain(log, json => json.Contains("refund", StringComparison.OrdinalIgnoreCase) || json.Contains("Delete my data", StringComparison.Ordinal));

        Assert.Equal(otherBefore, await TranscriptTextsAsync(host, other.ConversationId));
        Assert.Equal(otherLogBefore, await ActivityLogAsync(host, other.ConversationId));

        var entry = Assert.Single(await AuditAsync(host, ConversationDataEraser.AuditAction));
        Assert.Equal(("user", "user", AuditOutcome.Succeeded), (entry.Actor, entry.ActorKind, entry.Outcome));
        Assert.Equal(ConversationDataEraser.AuditTarget, entry.TargetType);
        Assert.Matches("^[0-9a-f]{64}$", entry.TargetId!);
        Assert.Contains("\"conversations\":2", entry.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("dl_budi", entry.AfterJson + entry.BeforeJson + entry.TargetId, StringComparison.Ordinal);
        Assert.DoesNotContain("Budi", entry.AfterJson + entry.BeforeJson, StringComparison.Ordinal);

        // The conversation goes on, from a fresh state, and is recorded again from here.
        var after = await current.AskAsync("hello");
        Assert.False(string.IsNullOrWhiteSpace(after));
        Assert.Contains("hello", await TranscriptTextsAsync(host, current.ConversationId));
    }

    [Fact]
    public async Task Hapus_data_saya_asks_in_Indonesian_and_tidak_keeps_everything()
    {
        using var host = new BotHost();
        var session = await StartAsAsync(host, "dl_ayu", "id-ID");
        await session.AskAsync("kebijakan pengembalian barang");

        var question = await session.AskAsync("tolong hapus data saya dong");
        Assert.Equal(ErasurePhrases.Ask.Id, question);
        var before = await TranscriptTextsAsync(host, session.ConversationId);

        var kept = await session.AskAsync("tidak");

        Assert.Equal("Baik, tidak ada yang saya hapus.", kept);
        var after = await TranscriptTextsAsync(host, session.ConversationId);
        Assert.Equal(before, after.Take(before.Count));
        Assert.Contains("kebijakan pengembalian barang", after);
        Assert.Empty(await AuditAsync(host, ConversationDataEraser.AuditAction));
    }

    [Fact]
    public async Task A_typed_ya_right_after_the_question_erases_and_confirms_in_Indonesian()
    {
        using var host = new BotHost();
        var session = await StartAsAsync(host, "dl_ayu", "id-ID");
        await session.AskAsync("kebijakan pengembalian barang");
        await session.AskAsync("hapus data saya");

        var done = await session.AskAsync("ya");

        Assert.StartsWith("Selesai: data percakapan Anda sudah saya hapus", done, StringComparison.Ordinal);
        Assert.Equal(0, await TranscriptCountAsync(host, session.ConversationId));
        Assert.Single(await AuditAsync(host, ConversationDataEraser.AuditAction));
    }

    [Fact]
    public async Task No_on_the_card_keeps_the_data_and_a_yes_pressed_after_the_window_erases_nothing()
    {
        using var host = new BotHost();
        var session = await StartAsAsync(host, "dl_budi");
        await session.AskAsync("what is your refund policy");
        var question = await ReplyToAsync(session, await session.SayAsync("I want my data deleted"));

        var noId = await session.SubmitAsync(JsonNode.Parse(ButtonData(question, "No, keep it").GetRawText())!);
        Assert.Equal("OK, I did not delete anything.", (await ReplyToAsync(session, noId)).Text);
        Assert.Contains("what is your refund policy", await TranscriptTextsAsync(host, session.ConversationId));

        host.Time.Advance(TimeSpan.FromMinutes(11));
        var lateId = await session.SubmitAsync(JsonNode.Parse(ButtonData(question, "Yes, delete").GetRawText())!);

        Assert.Equal(ErasurePhrases.Expired.En, (await ReplyToAsync(session, lateId)).Text);
        Assert.Contains("what is your refund policy", await TranscriptTextsAsync(host, session.ConversationId));
        Assert.Empty(await AuditAsync(host, ConversationDataEraser.AuditAction));
    }

    [Fact]
    public async Task Yes_is_refused_while_another_conversation_of_the_user_waits_for_an_agent_and_the_refusal_is_audited()
    {
        using var host = new BotHost();
        var waiting = await StartAsAsync(host, "dl_budi");
        await waiting.AskAsync("what is your refund policy");
        await using (var db = await DbAsync(host))
        {
            // The queued case a "talk to a person" leaves when no agent is free.
            db.HandoffCases.Add(new HandoffCase
            {
                ChannelId = "directline", ConversationId = waiting.ConversationId, UserId = "dl_budi", RequesterKind = "Anonymous",
                Language = "en", Queue = "General", Reason = "requested", Status = HandoffStatus.Queued,
                CreatedUtc = host.Time.GetUtcNow().UtcDateTime, QueuedUtc = host.Time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        var session = await StartAsAsync(host, "dl_budi");
        await session.AskAsync("delete my data");
        var refused = await session.AskAsync("yes");

        Assert.Equal(ErasurePhrases.WithPerson.En, refused);
        Assert.NotEqual(0, await TranscriptCountAsync(host, waiting.ConversationId));
        var entry = Assert.Single(await AuditAsync(host, ConversationDataEraser.AuditAction));
        Assert.Equal(AuditOutcome.Refused, entry.Outcome);
    }

    public static TheoryData<string> PhraseKeys() => [.. AllPhrases().Select(p => p.Key)];

    [Theory]
    [MemberData(nameof(PhraseKeys))]
    public void Every_erasure_phrase_is_translated_with_the_same_placeholders(string key)
    {
        var phrase = AllPhrases().Single(p => p.Key == key);

        Assert.False(string.IsNullOrWhiteSpace(phrase.En));
        Assert.False(string.IsNullOrWhiteSpace(phrase.Id));
        Assert.NotEqual(phrase.En, phrase.Id);
        Assert.Equal(Phrase.PlaceholdersOf(phrase.En).Order(StringComparer.Ordinal), Phrase.PlaceholdersOf(phrase.Id).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<Phrase> AllPhrases() => typeof(ErasurePhrases)
        .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => f.FieldType == typeof(Phrase))
        .Select(f => (Phrase)f.GetValue(null)!);

    [Theory]
    [InlineData("delete my data", "en")]
    [InlineData("Please erase all my data!", "en")]
    [InlineData("forget me", "en")]
    [InlineData("can you delete my data", "en")]
    [InlineData("hapus data saya", "id")]
    [InlineData("Tolong hapus data saya dong", "id")]
    [InlineData("hapus riwayat chat saya", "id")]
    [InlineData("lupakan saya", "id")]
    [InlineData("delete my order", null)]
    [InlineData("hapus tiket saya", null)]
    [InlineData("my data is wrong", null)]
    [InlineData("please", null)]
    [InlineData("cancel my order and delete my data", null)]
    public void Recognises_the_request_in_both_languages_and_nothing_that_only_looks_like_it(string text, string? language) =>
        Assert.Equal(language, ErasurePhrases.Recognise(text));
}
