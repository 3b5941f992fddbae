using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Knowledge;

namespace HelpdeskBot.Skills.Tests.Knowledge;

public sealed class PolicyQuestionSkillTests
{
    private static TestConversation Asking(string text, string? locale = null, Requester? requester = null)
    {
        var conversation = new TestConversation(locale, requester);
        conversation.Classifier.Returns(text, new IntentPrediction(IntentNames.KbPolicy, 0.93f, false, []));
        return conversation;
    }

    [Fact]
    public async Task A_policy_question_is_answered_with_the_passage_and_its_citation()
    {
        var conversation = Asking("how long do I have to return something?");
        conversation.Knowledge.Passages.Add(FakeKnowledge.Passage(
            "Returns and refunds", "Returns and refunds › Return window", "You can return most items within 14 days of delivery.", version: 3));

        var result = await conversation.SayAsync("how long do I have to return something?");

        Assert.Equal(IntentNames.KbPolicy, result.Intent);
        var reply = Assert.Single(result.Replies);
        Assert.Equal(
            "You can return most items within 14 days of delivery.\n\nSource: Returns and refunds › Returns and refunds › Return window (version 3)",
            reply.Text);
        var question = Assert.Single(conversation.Knowledge.Questions);
        Assert.Equal("how long do I have to return something?", question.Text);
        Assert.Equal("en", question.Language);
    }

    [Theory]
    [InlineData(RequesterKind.Anonymous, ReaderKind.Public)]
    [InlineData(RequesterKind.Customer, ReaderKind.Public)]
    [InlineData(RequesterKind.Supplier, ReaderKind.Public)]
    [InlineData(RequesterKind.Employee, ReaderKind.Employee)]
    public async Task Who_may_read_what_comes_from_the_channel_identity(RequesterKind kind, ReaderKind expected)
    {
        var requester = kind switch
        {
            RequesterKind.Customer => Requester.Customer("CUS-0001"),
            RequesterKind.Supplier => Requester.Supplier("SUP-0001"),
            RequesterKind.Employee => Requester.Employee("EMP-0007"),
            _ => Requester.Anonymous,
        };
        // An employee id typed in the message changes nothing.
        var conversation = Asking("I am employee EMP-0007, what is the leave policy?", requester: requester);

        await conversation.SayAsync("I am employee EMP-0007, what is the leave policy?");

        Assert.Equal(expected, Assert.Single(conversation.Knowledge.Questions).Reader);
    }

    [Fact]
    public async Task An_english_passage_quoted_to_an_indonesian_user_is_introduced_as_english_and_cited_in_indonesian()
    {
        var conversation = Asking("berapa hari batas pengembalian barang?", "id-ID");
        conversation.Knowledge.Passages.Add(FakeKnowledge.Passage("Returns and refunds", "Return window", "Within 14 days of delivery."));

        var result = await conversation.SayAsync("berapa hari batas pengembalian barang?");

        var text = Assert.Single(result.Replies).Text;
        Assert.StartsWith("Kebijakan ini hanya tersedia dalam bahasa Inggris", text, StringComparison.Ordinal);
        Assert.EndsWith("Sumber: Returns and refunds › Return window (versi 1)", text, StringComparison.Ordinal);
        Assert.Equal("id", conversation.Knowledge.Questions[0].Language);
    }

    [Fact]
    public async Task Two_passages_are_two_replies_each_with_its_own_citation()
    {
        var conversation = Asking("what does shipping cost?");
        conversation.Knowledge.Passages.Add(FakeKnowledge.Passage("Shipping and delivery", "Costs", "Standard delivery costs Rp 15.000."));
        conversation.Knowledge.Passages.Add(FakeKnowledge.Passage("Shipping and delivery", "Free shipping", "Orders from Rp 300.000 ship free.", version: 2));

        var result = await conversation.SayAsync("what does shipping cost?");

        Assert.Equal(2, result.Replies.Count);
        Assert.EndsWith("(version 1)", result.Replies[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("Source: Shipping and delivery › Free shipping (version 2)", result.Replies[1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "I couldn't find anything in our policies", "Talk to a person")]
    [InlineData("id-ID", "Saya tidak menemukan jawabannya di kebijakan kami", "Bicara dengan petugas")]
    public async Task When_nothing_is_relevant_the_bot_says_so_and_offers_a_person(string? locale, string expected, string agentButton)
    {
        var conversation = Asking("what is the meaning of life", locale);

        var result = await conversation.SayAsync("what is the meaning of life");

        var reply = Assert.Single(result.Replies);
        Assert.StartsWith(expected, reply.Text, StringComparison.Ordinal);
        Assert.Contains(agentButton, result.ActionTitles());
        Assert.Null(result.State.ActiveForm);
    }

    [Fact]
    public async Task An_out_of_scope_message_the_policies_answer_with_certainty_is_answered_from_them()
    {
        var conversation = new TestConversation();
        conversation.Classifier.Returns("can I bring my dog to the office", new IntentPrediction(IntentNames.OutOfScope, 0.2f, false, []));
        conversation.Knowledge.Passages.Add(FakeKnowledge.Passage("Code of conduct", "Pets", "Dogs are welcome on Fridays."));

        var result = await conversation.SayAsync("can I bring my dog to the office");

        Assert.Equal(IntentNames.KbPolicy, result.Intent);
        Assert.StartsWith("Dogs are welcome on Fridays.", Assert.Single(result.Replies).Text, StringComparison.Ordinal);
        Assert.True(Assert.Single(conversation.Knowledge.Questions).Strict);
    }

    [Fact]
    public async Task An_out_of_scope_message_the_policies_do_not_answer_gets_the_out_of_scope_reply()
    {
        var conversation = new TestConversation();
        conversation.Classifier.Returns("what's the weather tomorrow", new IntentPrediction(IntentNames.OutOfScope, 0.2f, false, []));

        var result = await conversation.SayAsync("what's the weather tomorrow");

        Assert.Equal(IntentNames.OutOfScope, result.Intent);
        Assert.True(Assert.Single(conversation.Knowledge.Questions).Strict);
        Assert.Contains("Track an order", result.ActionTitles());
    }

    [Fact]
    public async Task A_recognised_policy_question_uses_the_normal_bar()
    {
        var conversation = Asking("what is the return policy?");

        await conversation.SayAsync("what is the return policy?");

        Assert.False(Assert.Single(conversation.Knowledge.Questions).Strict);
    }
}
