using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Cards;

/// <summary>
/// Web Chat's side over Direct Line: cards arrive as attachments with Action.Submit, and a pressed button is a message
/// with a value and no text — a turn like any other, recorded in the transcript as a masked summary.
/// </summary>
public sealed class DirectLineCardTests : IDisposable
{
    private readonly BotHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_leave_card_submitted_over_Direct_Line_is_confirmed_with_a_yes_card_and_the_request_is_created()
    {
        var session = await new DirectLineClient(_host.CreateClient()).StartAsync("en-US", Requester.Employee("EMP-0007"));
        var asked = await session.RepliesToAsync(await session.SayAsync("Request leave"));
        var form = CardOf(asked[^1]);
        var submit = form["actions"]![0]!;

        var confirmId = await PressAsync(session, submit, ("leaveType", "annual"), ("start", "2026-12-07"), ("end", "2026-12-09"));
        var confirm = await session.RepliesToAsync(confirmId);
        var yes = CardOf(confirm[^1])["body"]!.AsArray().Single(e => (string?)e!["type"] == "ActionSet")!["actions"]![0]!;
        var done = await session.RepliesToAsync(await PressAsync(session, yes));

        Assert.Equal("Action.Submit", (string?)submit["type"]);
        Assert.Equal(["leaveType", "start", "end"], form["body"]!.AsArray().Where(e => ((string?)e!["type"])!.StartsWith("Input.", StringComparison.Ordinal)).Select(e => (string?)e!["id"]));
        Assert.Contains("3 working days", confirm[^1].Text, StringComparison.Ordinal);
        Assert.Equal("Yes", (string?)yes["title"]);
        // Yes / No are offered once, on the card, not again as suggested actions.
        Assert.Null(confirm[^1].SuggestedActions);
        Assert.Equal(["Yes", "No"], DirectLineSession.ButtonTitles(confirm[^1]));
        Assert.Contains("submitted", done[^1].Text, StringComparison.Ordinal);
        Assert.Contains("LR-", done[^1].Text, StringComparison.Ordinal);

        var factory = _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var said = await db.Transcript.Where(t => t.ConversationId == session.ConversationId && t.Direction == "user").Select(t => t.Text).ToListAsync();
        Assert.Contains(said, t => t.StartsWith("[card] form.submit hr.leave_request; end: 2026-12-09; leaveType: annual; start: 2026-12-07", StringComparison.Ordinal));
        Assert.Contains(said, t => t == "[card] confirm.yes");
    }

    [Fact]
    public async Task The_answer_cards_thumbs_up_is_recorded_on_the_answer_and_its_article_and_a_forged_key_changes_nothing()
    {
        var session = await new DirectLineClient(_host.CreateClient()).StartAsync("en-US");
        var answer = (await session.RepliesToAsync(await session.SayAsync("how many days do I have to return an item")))[0];
        // The card is the answer (passage and citation), so the message carries no text of its own, only a summary.
        Assert.Null(answer.Text);
        Assert.False(string.IsNullOrWhiteSpace(answer.Summary));
        Assert.Contains("Source: Returns and refunds", DirectLineSession.ShownText(answer), StringComparison.Ordinal);
        var buttons = CardOf(answer)["body"]!.AsArray().Single(e => (string?)e!["type"] == "ActionSet")!["actions"]!.AsArray();
        var helpful = buttons.First(b => ((string?)b!["title"])!.Contains("Helpful", StringComparison.Ordinal))!;

        var thanks = await session.RepliesToAsync(await PressAsync(session, helpful));
        var forged = helpful["data"]!.DeepClone().AsObject();
        forged["hdMsg"] = "0123456789abcdef0123456789abcdef";
        var stale = await session.RepliesToAsync(await session.SubmitAsync(forged));

        Assert.Equal("Thanks for the feedback!", Assert.Single(thanks).Text);
        Assert.StartsWith("That card is no longer current", Assert.Single(stale).Text, StringComparison.Ordinal);
        var factory = _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var feedback = await db.MessageFeedback.SingleAsync(f => f.ConversationId == session.ConversationId);
        Assert.True(feedback.Helpful);
        Assert.Equal("card", feedback.Source);
        Assert.StartsWith("Returns and refunds", feedback.Citation, StringComparison.Ordinal);
        var message = await db.SentMessages.SingleAsync(m => m.Key == feedback.MessageKey);
        Assert.Equal(answer.Id, message.ActivityId);
    }

    [Fact]
    public async Task A_value_that_is_no_card_of_ours_gets_a_polite_reply_in_the_conversations_language()
    {
        var session = await new DirectLineClient(_host.CreateClient()).StartAsync("id-ID");
        await session.AskAsync("halo, apa kabar?");

        var replies = await session.RepliesToAsync(await session.SubmitAsync(new JsonObject { ["color"] = "blue" }));

        Assert.StartsWith("Maaf, saya tidak bisa membacanya.", Assert.Single(replies).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_before_feedback_gets_the_new_tables_and_keeps_working()
    {
        var directory = BotHost.NewDataDirectory();
        using (var first = new BotHost(directory))
        {
            _ = first.CreateClient();
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("DROP TABLE MessageFeedback; DROP TABLE SentMessages; DROP TABLE __EFMigrationsHistory;");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var second = new BotHost(directory))
        {
            var session = await new DirectLineClient(second.CreateClient()).StartAsync("en-US");
            await session.AskAsync("hello");
            await using var db = await second.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            Assert.True(await db.SentMessages.AnyAsync(m => m.ConversationId == session.ConversationId && m.ActivityId != null));
            Assert.Equal(0, await db.MessageFeedback.CountAsync());
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        BotHost.TryDelete(directory);
    }

    private static JsonObject CardOf(Activity activity)
    {
        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        return JsonNode.Parse(attachment.Content!.Value.GetRawText())!.AsObject();
    }

    /// <summary>What Web Chat sends for an Action.Submit: a message whose value is the button's data plus the inputs, no text.</summary>
    private static Task<string> PressAsync(DirectLineSession session, JsonNode button, params (string Id, string Value)[] inputs)
    {
        var value = button["data"]!.DeepClone().AsObject();
        foreach (var (id, text) in inputs)
        {
            value[id] = text;
        }

        return session.SubmitAsync(value);
    }
}
