using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Tests;

public sealed class IntentDecisionTests
{
    private const float Threshold = 0.5f;
    private const float Margin = 0.2f;

    private static IntentScore[] Ranking(params (string Intent, float Score)[] scores) =>
        [.. scores.Select(s => new IntentScore(s.Intent, s.Score))];

    [Fact]
    public void A_confident_in_scope_intent_is_chosen_with_the_calibrated_confidence_and_not_ambiguous()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OrderStatus, 0.8f), (IntentNames.BotHelp, 0.1f), (IntentNames.OutOfScope, 0.1f)), 0.9f, Threshold, Margin);

        Assert.Equal(IntentNames.OrderStatus, prediction.Intent);
        Assert.Equal(0.9f, prediction.Confidence);
        Assert.False(prediction.IsAmbiguous);
        Assert.Equal(3, prediction.Ranking.Count);
    }

    [Fact]
    public void A_confidence_under_the_threshold_is_out_of_scope_with_the_complementary_confidence()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.BotHelp, 0.7f), (IntentNames.OutOfScope, 0.2f), (IntentNames.SmalltalkGreeting, 0.1f)), 0.3f, Threshold, Margin);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(0.7f, prediction.Confidence, 5);
        Assert.False(prediction.IsAmbiguous);
    }

    [Fact]
    public void Out_of_scope_ranked_first_by_the_classifier_still_answers_in_scope_when_the_calibrated_confidence_says_so()
    {
        // The calibrated confidence already weighs the out-of-scope probability with the neighbours' similarity.
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OutOfScope, 0.45f), (IntentNames.OrderStatus, 0.44f), (IntentNames.BotHelp, 0.11f)), 0.6f, Threshold, Margin);

        Assert.Equal(IntentNames.OrderStatus, prediction.Intent);
    }

    [Fact]
    public void Two_in_scope_intents_closer_than_the_margin_are_ambiguous()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OrderStatus, 0.55f), (IntentNames.BotHelp, 0.40f), (IntentNames.OutOfScope, 0.05f)), 0.8f, Threshold, Margin);

        Assert.Equal(IntentNames.OrderStatus, prediction.Intent);
        Assert.True(prediction.IsAmbiguous);
    }

    [Fact]
    public void The_margin_is_measured_between_in_scope_intents_only()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OrderStatus, 0.6f), (IntentNames.OutOfScope, 0.5f), (IntentNames.BotHelp, 0.05f)), 0.8f, Threshold, Margin);

        Assert.Equal(IntentNames.OrderStatus, prediction.Intent);
        Assert.False(prediction.IsAmbiguous);
    }

    [Fact]
    public void An_empty_ranking_is_out_of_scope_with_no_confidence()
    {
        var prediction = IntentDecision.Decide([], 0.9f, Threshold, Margin);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(0f, prediction.Confidence);
    }
}
