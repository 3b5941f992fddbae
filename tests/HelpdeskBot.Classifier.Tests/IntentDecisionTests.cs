using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Tests;

public sealed class IntentDecisionTests
{
    private const float Threshold = 0.5f;
    private const float Margin = 0.2f;

    private static IntentScore[] Ranking(params (string Intent, float Score)[] scores) =>
        [.. scores.Select(s => new IntentScore(s.Intent, s.Score))];

    [Fact]
    public void A_confident_in_scope_intent_is_chosen_and_not_ambiguous()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OrderStatus, 0.8f), (IntentNames.BotHelp, 0.1f), (IntentNames.OutOfScope, 0.1f)), Threshold, Margin);

        Assert.Equal(IntentNames.OrderStatus, prediction.Intent);
        Assert.Equal(0.8f, prediction.Confidence);
        Assert.False(prediction.IsAmbiguous);
        Assert.Equal(3, prediction.Ranking.Count);
    }

    [Fact]
    public void Out_of_scope_ranked_first_wins_even_over_a_confident_looking_runner_up()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OutOfScope, 0.45f), (IntentNames.OrderStatus, 0.44f), (IntentNames.BotHelp, 0.11f)), 0.3f, Margin);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(1f - 0.44f, prediction.Confidence, 5);
        Assert.False(prediction.IsAmbiguous);
    }

    [Fact]
    public void An_in_scope_intent_under_the_threshold_falls_back_to_out_of_scope()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.BotHelp, 0.45f), (IntentNames.OutOfScope, 0.35f), (IntentNames.SmalltalkGreeting, 0.2f)), Threshold, Margin);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(0.55f, prediction.Confidence, 5);
    }

    [Fact]
    public void Two_in_scope_intents_closer_than_the_margin_are_ambiguous()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OrderStatus, 0.55f), (IntentNames.BotHelp, 0.40f), (IntentNames.OutOfScope, 0.05f)), Threshold, Margin);

        Assert.Equal(IntentNames.OrderStatus, prediction.Intent);
        Assert.True(prediction.IsAmbiguous);
    }

    [Fact]
    public void The_margin_is_measured_between_in_scope_intents_only()
    {
        var prediction = IntentDecision.Decide(
            Ranking((IntentNames.OrderStatus, 0.6f), (IntentNames.OutOfScope, 0.5f), (IntentNames.BotHelp, 0.05f)), Threshold, Margin);

        Assert.Equal(IntentNames.OrderStatus, prediction.Intent);
        Assert.False(prediction.IsAmbiguous);
    }

    [Fact]
    public void An_empty_ranking_is_out_of_scope_with_no_confidence()
    {
        var prediction = IntentDecision.Decide([], Threshold, Margin);

        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(0f, prediction.Confidence);
    }
}
