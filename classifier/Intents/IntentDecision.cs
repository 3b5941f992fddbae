namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// Turns the model's ranking and calibrated confidence into a decision, in the way of Rasa's fallback classifier: out
/// of scope when the confidence that the best in-scope intent is right is under the threshold; ambiguous when an
/// in-scope decision has a runner-up within the ambiguity margin.
/// </summary>
internal static class IntentDecision
{
    /// <summary>What a message with nothing to classify gets (empty, whitespace, only symbols or emoji): no confidence.</summary>
    public static readonly IntentPrediction Nothing = new(IntentNames.OutOfScope, 0f, IsAmbiguous: false, Ranking: []);

    /// <param name="ranking">All classes with their probabilities, best first.</param>
    /// <param name="confidence">The calibrated probability that the best in-scope intent of the ranking is right.</param>
    public static IntentPrediction Decide(IReadOnlyList<IntentScore> ranking, float confidence, float confidenceThreshold, float ambiguityMargin)
    {
        if (ranking.Count == 0)
        {
            return Nothing;
        }

        var inScope = ranking.Where(s => s.Intent != IntentNames.OutOfScope).Take(2).ToArray();
        var best = inScope.FirstOrDefault();
        if (best is null || confidence < confidenceThreshold)
        {
            // The chance that the best in-scope guess is not what the user meant.
            return new IntentPrediction(IntentNames.OutOfScope, 1f - (best is null ? 0f : confidence), IsAmbiguous: false, ranking);
        }

        // Only in-scope decisions can be ambiguous: two small scores under a clear out-of-scope are always "close".
        var isAmbiguous = inScope.Length > 1 && best.Score - inScope[1].Score < ambiguityMargin;
        return new IntentPrediction(best.Intent, confidence, isAmbiguous, ranking);
    }
}
