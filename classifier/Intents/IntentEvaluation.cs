namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// How well decisions match labels. In-scope accuracy: in-scope utterances given exactly their intent. OOS recall:
/// out-of-scope utterances recognised as such. Ambiguity counts say how often a decision would make the bot ask back.
/// </summary>
internal sealed record IntentEvaluation(int InScopeTotal, int InScopeCorrect, int OosTotal, int OosCorrect, int AmbiguousCorrect, int AmbiguousWrong)
{
    public double InScopeAccuracy => Ratio(InScopeCorrect, InScopeTotal);

    public double OosRecall => Ratio(OosCorrect, OosTotal);

    /// <summary>The mean of the two, so that the larger out-of-scope class does not drown the in-scope intents.</summary>
    public double BalancedAccuracy => (InScopeAccuracy + OosRecall) / 2;

    /// <summary>Right decisions over all utterances, in-scope and out-of-scope alike.</summary>
    public double Accuracy => Ratio(InScopeCorrect + OosCorrect, InScopeTotal + OosTotal);

    /// <summary>Share of right in-scope answers the bot would still question because of the ambiguity margin.</summary>
    public double CorrectAnswersQuestioned => Ratio(AmbiguousCorrect, InScopeCorrect);

    public static IntentEvaluation Of(IEnumerable<(string Expected, IntentPrediction Predicted)> results)
    {
        int inScopeTotal = 0, inScopeCorrect = 0, oosTotal = 0, oosCorrect = 0, ambiguousCorrect = 0, ambiguousWrong = 0;
        foreach (var (expected, predicted) in results)
        {
            var correct = predicted.Intent == expected;
            if (expected == IntentNames.OutOfScope)
            {
                oosTotal++;
                oosCorrect += correct ? 1 : 0;
            }
            else
            {
                inScopeTotal++;
                inScopeCorrect += correct ? 1 : 0;
            }

            if (predicted.IsAmbiguous)
            {
                ambiguousCorrect += correct ? 1 : 0;
                ambiguousWrong += correct ? 0 : 1;
            }
        }

        return new IntentEvaluation(inScopeTotal, inScopeCorrect, oosTotal, oosCorrect, ambiguousCorrect, ambiguousWrong);
    }

    public static IntentEvaluation Of(IEnumerable<ScoredExample> scored, float confidenceThreshold, float ambiguityMargin) =>
        Of(scored.Select(s => (s.Example.Intent, IntentDecision.Decide(s.Ranking, s.Confidence, confidenceThreshold, ambiguityMargin))));

    public override string ToString() =>
        $"in-scope accuracy {InScopeAccuracy:P1} ({InScopeCorrect}/{InScopeTotal}), OOS recall {OosRecall:P1} ({OosCorrect}/{OosTotal}), " +
        $"ambiguous {AmbiguousCorrect + AmbiguousWrong} ({AmbiguousWrong} of them wrong)";

    private static double Ratio(int part, int total) => total == 0 ? 1.0 : (double)part / total;
}

/// <summary>
/// Picks the confidence threshold and ambiguity margin from held-out scores: cross-validation folds of the training data
/// or a validation set (never the test split). Threshold: per <see cref="ThresholdObjective"/> (by default the best
/// balanced accuracy). Margin: the most rescues (questioned answers that were wrong)
/// minus nuisances (questioned answers that were right), never questioning more than
/// <see cref="MaxCorrectAnswersQuestioned"/> of the right answers. Both take the middle of a plateau of equally good
/// values, so the choice does not sit on the edge where it starts to cost.
/// </summary>
internal static class ThresholdCalibration
{
    public const double MaxCorrectAnswersQuestioned = 0.05;

    // The confidence is a calibrated probability, so the whole range is worth looking at.
    public static readonly IReadOnlyList<float> Thresholds = [.. Enumerable.Range(1, 38).Select(i => i * 0.025f)];

    public static readonly IReadOnlyList<float> Margins = [.. Enumerable.Range(0, 11).Select(i => i * 0.05f)];

    /// <summary>The finer grid of <see cref="ThresholdObjective.OosRecallLowerBound"/>, which takes the lowest passing value, not the middle of a plateau.</summary>
    public static readonly IReadOnlyList<float> FineThresholds = [.. Enumerable.Range(1, 190).Select(i => i * 0.005f)];

    /// <summary>z of the one-sided 95 % bound.</summary>
    private const double OneSided95 = 1.6448536269514722;

    public static CalibrationResult Calibrate(
        IReadOnlyList<ScoredExample> scored,
        ThresholdObjective objective = ThresholdObjective.BalancedAccuracy,
        double targetOosRecall = 0.70,
        double targetInScopeAccuracy = 0.95)
    {
        var bounded = objective is ThresholdObjective.OosRecallLowerBound or ThresholdObjective.InScopeAccuracyLowerBound;
        var grid = bounded ? FineThresholds : Thresholds;
        var sweep = grid.Select(t => (Threshold: t, Evaluation: IntentEvaluation.Of(scored, t, ambiguityMargin: 0f))).ToArray();
        var passing = objective switch
        {
            ThresholdObjective.OosRecallLowerBound => sweep.Where(s => WilsonLowerBound(s.Evaluation.OosCorrect, s.Evaluation.OosTotal) >= targetOosRecall).ToArray(),
            ThresholdObjective.InScopeAccuracyLowerBound => sweep.Where(s => WilsonLowerBound(s.Evaluation.InScopeCorrect, s.Evaluation.InScopeTotal) >= targetInScopeAccuracy).ToArray(),
            _ => [],
        };
        var threshold = passing.Length == 0
            ? MiddleOfBest(sweep.Select(s => (s.Threshold, objective == ThresholdObjective.Accuracy ? s.Evaluation.Accuracy : s.Evaluation.BalancedAccuracy)))
            : objective == ThresholdObjective.OosRecallLowerBound
                ? passing.Min(s => s.Threshold)
                : passing.Max(s => s.Threshold);

        var margin = MiddleOfBest(Margins
            .Select(m => (Margin: m, Evaluation: IntentEvaluation.Of(scored, threshold, m)))
            .Where(x => x.Evaluation.CorrectAnswersQuestioned <= MaxCorrectAnswersQuestioned)
            .Select(x => (x.Margin, (double)(x.Evaluation.AmbiguousWrong - x.Evaluation.AmbiguousCorrect))));

        return new CalibrationResult(threshold, margin, IntentEvaluation.Of(scored, threshold, margin), sweep);
    }

    /// <summary>The one-sided 95 % Wilson score lower bound of a proportion of <paramref name="successes"/> in <paramref name="total"/>.</summary>
    public static double WilsonLowerBound(int successes, int total)
    {
        if (total == 0)
        {
            return 0;
        }

        const double z = OneSided95;
        var p = (double)successes / total;
        var n = (double)total;
        return (p + (z * z / (2 * n)) - (z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n))))) / (1 + (z * z / n));
    }

    private static float MiddleOfBest(IEnumerable<(float Value, double Score)> candidates)
    {
        var all = candidates.ToArray();
        var best = all.Max(c => c.Score);
        var plateau = all.Where(c => c.Score >= best - 1e-9).Select(c => c.Value).ToArray();
        return plateau[plateau.Length / 2];
    }
}

internal sealed record CalibrationResult(
    float ConfidenceThreshold,
    float AmbiguityMargin,
    IntentEvaluation Evaluation,
    IReadOnlyList<(float Threshold, IntentEvaluation Evaluation)> ThresholdSweep);
