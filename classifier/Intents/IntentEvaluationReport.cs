using System.Globalization;
using System.Text;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>Accuracy on the utterances of one language.</summary>
public sealed record LanguageEvaluation(string Language, int Total, int Correct, int InScopeTotal, int InScopeCorrect, int OosTotal, int OosCorrect)
{
    public double Accuracy => Ratio(Correct, Total);

    /// <summary>In-scope utterances given exactly their intent (out of scope counts as wrong).</summary>
    public double InScopeAccuracy => Ratio(InScopeCorrect, InScopeTotal);

    /// <summary>Out-of-scope utterances recognised as such.</summary>
    public double OosRecall => Ratio(OosCorrect, OosTotal);

    internal static double Ratio(int part, int total) => total == 0 ? 1.0 : (double)part / total;
}

/// <summary>Precision and recall of one intent (<see cref="IntentNames.OutOfScope"/> included).</summary>
public sealed record IntentMetrics(string Intent, int Support, int Predicted, int Correct)
{
    public double Precision => LanguageEvaluation.Ratio(Correct, Predicted);

    public double Recall => LanguageEvaluation.Ratio(Correct, Support);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>How often utterances of <see cref="Expected"/> were classified as <see cref="Predicted"/>.</summary>
public sealed record IntentConfusion(string Expected, string Predicted, int Count);

/// <summary>
/// The result of classifying labelled utterances (see <see cref="IntentClassifier.Evaluate"/>): overall, per language and
/// per intent, out-of-scope recall and the most frequent confusions.
/// </summary>
public sealed record IntentEvaluationReport(
    LanguageEvaluation Overall,
    IReadOnlyList<LanguageEvaluation> Languages,
    IReadOnlyList<IntentMetrics> Intents,
    IReadOnlyList<IntentConfusion> TopConfusions,
    int Ambiguous)
{
    public const int ConfusionsShown = 10;

    public static IntentEvaluationReport Of(IEnumerable<(IntentExample Example, IntentPrediction Prediction)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var all = results.ToList();

        LanguageEvaluation Evaluate(string language, IReadOnlyCollection<(IntentExample Example, IntentPrediction Prediction)> rows)
        {
            var inScope = rows.Where(r => r.Example.Intent != IntentNames.OutOfScope).ToList();
            var oos = rows.Where(r => r.Example.Intent == IntentNames.OutOfScope).ToList();
            return new LanguageEvaluation(
                language,
                rows.Count,
                rows.Count(r => r.Prediction.Intent == r.Example.Intent),
                inScope.Count,
                inScope.Count(r => r.Prediction.Intent == r.Example.Intent),
                oos.Count,
                oos.Count(r => r.Prediction.Intent == IntentNames.OutOfScope));
        }

        var languages = all.GroupBy(r => r.Example.Language).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Evaluate(g.Key, [.. g])).ToList();
        var intents = all.Select(r => r.Example.Intent).Concat(all.Select(r => r.Prediction.Intent)).Distinct().Order(StringComparer.Ordinal)
            .Select(intent => new IntentMetrics(
                intent,
                all.Count(r => r.Example.Intent == intent),
                all.Count(r => r.Prediction.Intent == intent),
                all.Count(r => r.Example.Intent == intent && r.Prediction.Intent == intent)))
            .ToList();
        var confusions = all.Where(r => r.Prediction.Intent != r.Example.Intent)
            .GroupBy(r => (r.Example.Intent, r.Prediction.Intent))
            .Select(g => new IntentConfusion(g.Key.Item1, g.Key.Item2, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Expected, StringComparer.Ordinal).ThenBy(c => c.Predicted, StringComparer.Ordinal)
            .Take(ConfusionsShown)
            .ToList();

        return new IntentEvaluationReport(Evaluate("all", all), languages, intents, confusions, all.Count(r => r.Prediction.IsAmbiguous));
    }

    /// <summary>A plain-text report for a console.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{"language",-10} {"n",6} {"accuracy",9} {"in-scope",9} {"OOS recall",11}");
        foreach (var l in Languages.Append(Overall))
        {
            text.AppendLine(c, $"{l.Language,-10} {l.Total,6} {l.Accuracy,9:P1} {l.InScopeAccuracy,9:P1} {l.OosRecall,11:P1}");
        }

        text.AppendLine(c, $"ambiguous (the bot would ask back): {Ambiguous}");
        text.AppendLine();
        text.AppendLine(c, $"{"intent",-24} {"support",8} {"precision",10} {"recall",8} {"F1",7}");
        foreach (var i in Intents)
        {
            text.AppendLine(c, $"{i.Intent,-24} {i.Support,8} {i.Precision,10:P1} {i.Recall,8:P1} {i.F1,7:F3}");
        }

        text.AppendLine();
        text.AppendLine("top confusions (expected -> predicted):");
        foreach (var confusion in TopConfusions)
        {
            text.AppendLine(c, $"  {confusion.Count,4}  {confusion.Expected} -> {confusion.Predicted}");
        }

        return text.ToString();
    }
}
