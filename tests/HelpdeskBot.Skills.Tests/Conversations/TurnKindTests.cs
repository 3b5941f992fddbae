using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Conversations;

/// <summary>How each turn went, as the engine reports it for analytics (fallback and escalation rates).</summary>
public sealed class TurnKindTests
{
    [Fact]
    public async Task A_form_question_is_a_form_step_and_its_answer_is_answered()
    {
        var conversation = new TestConversation();

        var asked = await conversation.SayAsync("where is my order");
        var answered = await conversation.SayAsync("ORD-100123");

        Assert.Equal((TurnKind.FormStep, TurnKind.Answered), (asked.Kind, answered.Kind));
    }

    [Fact]
    public async Task Not_understood_is_a_fallback_and_the_second_one_that_fetches_a_person_is_handed_off()
    {
        var conversation = new TestConversation();

        var first = await conversation.SayAsync("what's the weather tomorrow");
        var second = await conversation.SayAsync("can you book me a flight to Bali");

        Assert.Equal((TurnKind.Fallback, TurnKind.HandedOff), (first.Kind, second.Kind));
        Assert.Equal(IntentNames.OutOfScope, first.Intent);
    }

    [Fact]
    public async Task An_unsure_guess_is_low_confidence()
    {
        var conversation = new TestConversation();
        conversation.Classifier.Returns(
            "check it", new IntentPrediction(IntentNames.OrderStatus, 0.45f, true, [new(IntentNames.OutOfScope, 0.05f), new(IntentNames.InvoiceStatus, 0.43f), new(IntentNames.OrderStatus, 0.45f)]));

        var unsure = await conversation.SayAsync("check it");

        Assert.Equal(TurnKind.LowConfidence, unsure.Kind);
    }

    [Fact]
    public async Task Frustration_is_handed_off_and_a_system_that_is_down_is_failed()
    {
        var frustrated = await new TestConversation().SayAsync("this is useless, you are not helping at all");
        var conversation = new TestConversation();
        await conversation.SayAsync("where is my order");
        conversation.Orders.Down = true;

        var down = await conversation.SayAsync("ORD-100123");

        Assert.Equal((TurnKind.HandedOff, TurnKind.Failed), (frustrated.Kind, down.Kind));
    }
}
