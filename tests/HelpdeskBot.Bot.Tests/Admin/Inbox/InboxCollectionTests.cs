using System.Net;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Inbox;
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
        Assert.Equal(384 * sizeof(float), oos.Embedding.Length);

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
    }
}
