using System.Net;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Inbox;
using Microsoft.Extensions.DependencyInjection;
using static HelpdeskBot.Bot.Tests.Admin.Inbox.InboxTestClient;

namespace HelpdeskBot.Bot.Tests.Admin.Inbox;

/// <summary>
/// What lands in the inbox, through the real pipeline: Direct Line conversations with the real classifier, skills and
/// knowledge base, then <c>GET /api/admin/inbox</c> as the console reads it. Each test has its own host and database.
/// </summary>
public sealed class InboxCollectionTests : IDisposable
{
    private readonly BotHost _host = NewHost();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task An_answer_given_from_an_intent_the_classifier_was_unsure_of_lands_in_the_inbox_as_low_confidence()
    {
        // Every answer counts as unsure under a bar of 0.999; an out-of-scope question answered from the knowledge base
        // and a form's steps do not, since their answer did not come from the classifier's guess about that message.
        using var host = NewHost().With("Inbox:UnsureAnswerBelow", "0.999");
        var dl = new DirectLineClient(host.CreateClient());
        var order = await dl.StartAsync("en-US");
        await order.AskAsync("hello");

        var items = await ItemsAsync(host);

        var unsure = Assert.Single(items);
        Assert.Equal((InboxReasons.LowConfidence, "hello", order.ConversationId), (unsure.Reason, unsure.Text, unsure.ConversationId));
        Assert.InRange(unsure.Confidence!.Value, 0.0001f, 0.999f);
        Assert.False(string.IsNullOrEmpty(unsure.Intent));
    }

    [Fact]
    public async Task Each_kind_of_unserved_message_lands_in_the_inbox_masked_with_its_reason_and_an_answered_one_does_not()
    {
        var dl = new DirectLineClient(_host.CreateClient());

        var outOfScope = await dl.StartAsync("en-US");
        await outOfScope.AskAsync("who won the football match yesterday? tell me at jane.doe@example.com or +62 812 3456 7890");

        var unsure = await dl.StartAsync("en-US");
        var asked = await unsure.AskAsync("where is my invoice order");
        Assert.StartsWith("Sorry, I'm not sure what you meant", asked, StringComparison.Ordinal);

        var disliked = await dl.StartAsync("en-US");
        var answer = (await disliked.RepliesToAsync(await disliked.SayAsync("how many days do I have to return an item")))[0];
        Assert.StartsWith("Thanks", Assert.Single(await disliked.RepliesToAsync(await PressAsync(disliked, Button(answer, "Not helpful")))).Text, StringComparison.Ordinal);

        var liked = await dl.StartAsync("en-US");
        var good = (await liked.RepliesToAsync(await liked.SayAsync("what is the return policy for items")))[0];
        await liked.RepliesToAsync(await PressAsync(liked, Button(good, "Helpful")));

        var handedOff = await dl.StartAsync("id-ID");
        await handedOff.AskAsync("siapa pemenang piala dunia tahun 2022?", "id-ID");
        await handedOff.AskAsync("Bicara dengan petugas", "id-ID");

        var answered = await dl.StartAsync("en-US");
        await answered.AskAsync("hello");

        var items = await ItemsAsync(_host);
        var byConversation = items.ToLookup(i => i.ConversationId);

        var oos = Assert.Single(byConversation[outOfScope.ConversationId]);
        Assert.Equal((InboxReasons.OutOfScope, "en", "directline", "oos"), (oos.Reason, oos.Language, oos.ChannelId, oos.Intent));
        Assert.Equal("who won the football match yesterday? tell me at [email] or [phone]", oos.Text);
        // Embedded when the inbox is first viewed, not on the user's turn.
        Assert.Empty(oos.Embedding);

        var low = Assert.Single(byConversation[unsure.ConversationId]);
        Assert.Equal((InboxReasons.LowConfidence, "where is my invoice order"), (low.Reason, low.Text));
        Assert.StartsWith("invoice.", low.Intent, StringComparison.Ordinal);
        Assert.InRange(low.Confidence!.Value, 0.01f, 0.99f);

        var negative = Assert.Single(byConversation[disliked.ConversationId]);
        Assert.Equal((InboxReasons.NegativeFeedback, "how many days do I have to return an item"), (negative.Reason, negative.Text));
        Assert.Empty(byConversation[liked.ConversationId]);

        // The question before "talk to a person" is what the bot could not answer: in for both reasons, in Indonesian.
        var handoff = byConversation[handedOff.ConversationId].OrderBy(i => i.Reason, StringComparer.Ordinal).ToList();
        Assert.Equal([InboxReasons.Handoff, InboxReasons.OutOfScope], handoff.Select(i => i.Reason));
        Assert.All(handoff, i => Assert.Equal(("siapa pemenang piala dunia tahun 2022?", "id"), (i.Text, i.Language)));

        Assert.Empty(byConversation[answered.ConversationId]);
        Assert.Equal(5, items.Count);

        // The console's view: every item in a group, the masked text only.
        using var admin = AdminClient(_host);
        var view = await GetAsync(admin, InboxEndpoints.Prefix);
        Assert.Equal(5, view.GetProperty("items").GetInt32());
        Assert.Equal(5, Groups(view).Sum(g => g.GetProperty("count").GetInt32()));
        Assert.DoesNotContain("jane.doe", view.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("3456", view.GetRawText(), StringComparison.Ordinal);
        var group = GroupWith(view, oos.Id);
        Assert.Contains(group.GetProperty("examples").EnumerateArray(), e => e.GetProperty("text").GetString() == oos.Text);
        Assert.Equal(["directline"], group.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        // The view stored the embeddings it computed: each item is embedded once.
        var ids = items.Select(i => i.Id).ToHashSet();
        Assert.All((await ItemsAsync(_host)).Where(i => ids.Contains(i.Id)), i => Assert.Equal(384 * sizeof(float), i.Embedding.Length));
        // The same-question pair of the handed-off conversation groups together, as embeddings of the same text must.
        Assert.Single(Groups(view), g => g.GetProperty("itemIds").EnumerateArray().Select(id => id.GetInt64()).Order().SequenceEqual(handoff.Select(i => i.Id).Order()));
    }

    [Fact]
    public async Task A_thumbs_down_reaction_in_Teams_puts_the_question_in_the_inbox_and_a_like_does_not()
    {
        using var host = NewHost().With("BotFramework:TrustIdentityWithoutAuthentication", "true");
        await using var connector = await Channels.ConnectorStandIn.StartAsync();
        using var http = host.CreateClient();
        var disliked = "conv-" + Guid.NewGuid().ToString("N");
        var liked = "conv-" + Guid.NewGuid().ToString("N");
        await PostTeamsAsync(http, Teams(connector, disliked, "m-1", new { text = "how many days do I have to return an item", locale = "en-US" }));
        await PostTeamsAsync(http, Teams(connector, liked, "m-2", new { text = "what is the return policy for items", locale = "en-US" }));

        await PostTeamsAsync(http, Teams(connector, disliked, "r-1", new { replyToId = await DeliveredIdAsync(host, disliked), reactionsAdded = new[] { new { type = "dislike" } } }, "messageReaction"));
        await PostTeamsAsync(http, Teams(connector, liked, "r-2", new { replyToId = await DeliveredIdAsync(host, liked), reactionsAdded = new[] { new { type = "like" } } }, "messageReaction"));

        var items = await ItemsAsync(host);
        var item = Assert.Single(items);
        Assert.Equal((disliked, "msteams", InboxReasons.NegativeFeedback, "how many days do I have to return an item"), (item.ConversationId, item.ChannelId, item.Reason, item.Text));
    }

    [Fact]
    public async Task A_state_database_from_before_the_inbox_gets_its_tables_on_start_and_collects()
    {
        var directory = BotHost.NewDataDirectory();
        try
        {
            using (var first = NewHost(directory))
            {
                first.CreateClient().Dispose();
            }

            // What an older version left: the same database without the inbox tables, and without migrations history
            // (versions before migrations made the file with EnsureCreated).
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "state.db")}"))
            {
                await connection.OpenAsync();
                await using var drop = connection.CreateCommand();
                drop.CommandText = "DROP TABLE \"InboxItems\"; DROP TABLE \"InboxTrainingExamples\"; DROP TABLE \"__EFMigrationsHistory\";";
                await drop.ExecuteNonQueryAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var upgraded = NewHost(directory);
            var session = await new DirectLineClient(upgraded.CreateClient()).StartAsync("en-US");
            await session.AskAsync("who won the football match yesterday?");

            Assert.Equal("who won the football match yesterday?", Assert.Single(await ItemsAsync(upgraded)).Text);
            Assert.Equal(HelpdeskBot.Classifier.Intents.IntentModelSource.LoadedFromCache,
                upgraded.Services.GetRequiredService<HelpdeskBot.Classifier.Intents.IntentClassifier>().Model!.Source);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            BotHost.TryDelete(directory);
        }
    }

    private static string Teams(Channels.ConnectorStandIn connector, string conversation, string id, object fields, string type = "message")
    {
        var activity = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(fields, Web))!.AsObject();
        activity["type"] = type;
        activity["id"] = id;
        activity["channelId"] = "msteams";
        activity["serviceUrl"] = connector.ServiceUrl;
        activity["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "29:user-1", ["aadObjectId"] = "00000000-0000-4000-8000-000000000007" };
        activity["recipient"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "28:bot-1" };
        activity["conversation"] = new System.Text.Json.Nodes.JsonObject { ["id"] = conversation, ["conversationType"] = "personal" };
        return activity.ToJsonString();
    }

    private static async Task PostTeamsAsync(HttpClient http, string json)
    {
        using var response = await http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The id the Bot Connector gave the bot's (first cited) answer in the conversation.</summary>
    private static async Task<string> DeliveredIdAsync(BotHost host, string conversation)
    {
        await using var db = await host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<HelpdeskBot.Bot.Conversations.StateDbContext>>().CreateDbContextAsync();
        return (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.SentMessages.Where(m => m.ConversationId == conversation && m.Citation != null)))[0].ActivityId!;
    }
}
