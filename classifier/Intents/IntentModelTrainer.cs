using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>The model's input row: the label (only read while training) and the normalised utterance.</summary>
internal sealed class IntentRow
{
    public string Label { get; set; } = "";

    public string Text { get; set; } = "";
}

/// <summary>The model's output: one probability per class, in the order of the Score column's slot names.</summary>
internal sealed class IntentScores
{
    public float[] Score { get; set; } = [];
}

/// <summary>An utterance scored by a model that did not see it in training.</summary>
internal sealed record ScoredExample(IntentExample Example, IReadOnlyList<IntentScore> Ranking);

/// <summary>
/// Builds and trains the intent model: normalised text → word 1–2-grams + character 3-, 4- and 5-grams → L-BFGS maximum
/// entropy over every intent in the data, <see cref="IntentNames.OutOfScope"/> included, so out-of-scope is learned from
/// examples rather than guessed from low scores alone.
/// </summary>
internal static class IntentModelTrainer
{
    /// <summary>
    /// Part of the model cache key. Bump it when the pipeline or its settings change; changes to the data or to
    /// <see cref="TextNormalizer"/> change the key by themselves because the key hashes the normalised training rows.
    /// </summary>
    public const string PipelineVersion = "intent-pipeline-1";

    // Fixed so that the same data always gives the same model (and two racing processes write identical files).
    private const int Seed = 20260101;

    public static MLContext CreateContext() => new(Seed);

    public static ITransformer Train(MLContext ml, IEnumerable<IntentExample> examples) =>
        BuildPipeline(ml).Fit(ml.Data.LoadFromEnumerable(ToRows(examples)));

    public static IEnumerable<IntentRow> ToRows(IEnumerable<IntentExample> examples) =>
        examples.Select(e => new IntentRow { Label = e.Intent, Text = TextNormalizer.Normalize(e.Text) });

    /// <summary>The class names, in the order of the model's Score vector.</summary>
    public static string[] ClassNames(ITransformer model, DataViewSchema inputSchema)
    {
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(inputSchema)["Score"].GetSlotNames(ref slotNames);
        return [.. slotNames.DenseValues().Select(name => name.ToString())];
    }

    public static IReadOnlyList<IntentScore> Rank(string[] classNames, float[] scores) =>
        [.. classNames.Zip(scores, (name, score) => new IntentScore(name, score)).OrderByDescending(s => s.Score).ThenBy(s => s.Intent, StringComparer.Ordinal)];

    /// <summary>
    /// k-fold cross-validation on <paramref name="examples"/>: every example is scored by a model trained on the other
    /// folds. Folds are stratified by intent and language and assigned by position, so the result is reproducible.
    /// </summary>
    public static IReadOnlyList<ScoredExample> CrossValidate(IReadOnlyList<IntentExample> examples, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var foldOf = examples
            .Select((example, index) => (example, index))
            .GroupBy(x => (x.example.Intent, x.example.Language))
            .SelectMany(group => group.Select((x, position) => (x.index, fold: position % folds)))
            .ToDictionary(x => x.index, x => x.fold);

        var scored = new ScoredExample[examples.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var ml = CreateContext();
            var training = examples.Where((_, i) => foldOf[i] != fold);
            var heldOut = Enumerable.Range(0, examples.Count).Where(i => foldOf[i] == fold).ToArray();
            var model = Train(ml, training);

            var heldOutData = ml.Data.LoadFromEnumerable(ToRows(heldOut.Select(i => examples[i])));
            var classNames = ClassNames(model, heldOutData.Schema);
            var scores = ml.Data.CreateEnumerable<IntentScores>(model.Transform(heldOutData), reuseRowObject: false);
            foreach (var (index, row) in heldOut.Zip(scores))
            {
                scored[index] = new ScoredExample(examples[index], Rank(classNames, row.Score));
            }
        }

        return scored;
    }

    // Settings chosen by 5-fold cross-validation on the training data, comparing L2 0.003–0.1, class weighting and
    // SDCA vs L-BFGS (SDCA needed far more epochs than L-BFGS to converge on so few examples).
    private static EstimatorChain<MulticlassPredictionTransformer<MaximumEntropyModelParameters>> BuildPipeline(MLContext ml)
    {
        // Words carry meaning ("status", "pesanan"); character n-grams carry typos, stretched and glued words
        // ("pesnan", "haloo", "paketku") and the shared stems of informal spellings ("udah"/"sudah", "blm"/"belum").
        var words = FeaturizeText(ml, "WordGrams", new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true }, characters: null);
        var chars3 = FeaturizeText(ml, "CharGrams3", words: null, new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false });
        var chars4 = FeaturizeText(ml, "CharGrams4", words: null, new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false });
        var chars5 = FeaturizeText(ml, "CharGrams5", words: null, new WordBagEstimator.Options { NgramLength = 5, UseAllLengths = false });

        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = 0.01f,
            L1Regularization = 0f,
            // Converged enough: the log-loss differs from the default tolerance's in the third decimal, at a quarter of the time.
            OptimizationTolerance = 1e-4f,
            // One thread: the same model on every machine, and the host's other start-up work keeps the second core.
            NumberOfThreads = 1,
        });

        return ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(words)
            .Append(chars3)
            .Append(chars4)
            .Append(chars5)
            .Append(ml.Transforms.Concatenate("Features", "WordGrams", "CharGrams3", "CharGrams4", "CharGrams5"))
            .Append(trainer);
    }

    private static TextFeaturizingEstimator FeaturizeText(MLContext ml, string outputColumn, WordBagEstimator.Options? words, WordBagEstimator.Options? characters) =>
        ml.Transforms.Text.FeaturizeText(outputColumn, new TextFeaturizingEstimator.Options
        {
            // TextNormalizer has already lower-cased and stripped diacritics and punctuation; these keep ML.NET in line.
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = words,
            CharFeatureExtractor = characters,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(IntentRow.Text));
}
