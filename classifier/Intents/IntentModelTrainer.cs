using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using FittedPipeline = Microsoft.ML.Data.TransformerChain<Microsoft.ML.Data.MulticlassPredictionTransformer<Microsoft.ML.Trainers.MaximumEntropyModelParameters>>;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>The model's input row: the label (only read while training), the normalised utterance and its embedding.</summary>
internal sealed class IntentRow
{
    public string Label { get; set; } = "";

    public string Text { get; set; } = "";

    public float[] Embedding { get; set; } = [];

    /// <summary>The text the word n-grams read: <see cref="Text"/>, or its formal-Indonesian form (see <see cref="IndonesianSpelling"/>).</summary>
    public string WordText { get; set; } = "";

    /// <summary>The row schema for embeddings of <paramref name="dimensions"/> (an attribute would fix the length).</summary>
    public static SchemaDefinition Schema(int dimensions)
    {
        var schema = SchemaDefinition.Create(typeof(IntentRow));
        schema[nameof(Embedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        return schema;
    }

    public static float[] Weigh(ReadOnlySpan<float> embedding, float weight)
    {
        var weighted = embedding.ToArray();
        if (weight != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(weighted, weight, weighted);
        }

        return weighted;
    }
}

/// <summary>The model's output: one probability per class, in the order of the Score column's slot names.</summary>
internal sealed class IntentScores
{
    public float[] Score { get; set; } = [];
}

/// <summary>An utterance scored by a model that did not see it in training, with its calibrated confidence once known.</summary>
internal sealed record ScoredExample(IntentExample Example, IReadOnlyList<IntentScore> Ranking, double[] Features, float Confidence = 0f);

/// <summary>Training settings. The defaults are the ones the shipped model uses.</summary>
public sealed record IntentTrainingOptions
{
    /// <summary>Folds of the cross-validation that calibrates the confidence when no calibration set is given.</summary>
    public int CrossValidationFolds { get; init; } = 3;

    /// <summary>
    /// Character n-grams (<see cref="MinCharacterNGram"/>–<see cref="MaxCharacterNGram"/>, one block per length) next to
    /// the word 1–2-grams. They carry typos and informal Indonesian spellings the English-trained embedding does not know;
    /// on large English data they cost far more time than they add.
    /// </summary>
    public bool CharacterNGrams { get; init; } = true;

    /// <summary>2 (with <see cref="EmbeddingWeight"/> 2) was chosen by 3-fold cross-validation on the training data: see docs/classifier-benchmarks.md.</summary>
    public int MinCharacterNGram { get; init; } = 2;

    public int MaxCharacterNGram { get; init; } = 5;

    /// <summary>
    /// The word n-grams read the text with informal Indonesian spellings mapped to the formal word ("gak" → "tidak",
    /// "udah" → "sudah"; see <see cref="IndonesianSpelling"/>); the character n-grams and the embedding still see the text as written.
    /// </summary>
    public bool FormalIndonesianWords { get; init; }

    /// <summary>
    /// Folds over the calibration scores for the confidence model: the threshold is picked on confidences from a
    /// calibrator that did not see the utterance (the shipped calibrator is then fitted on all of them).
    /// </summary>
    public int CalibratorFolds { get; init; } = 5;

    /// <summary>For <see cref="ThresholdObjective.OosRecallLowerBound"/>: the out-of-scope recall to guarantee.</summary>
    public double TargetOosRecall { get; init; } = 0.70;

    /// <summary>For <see cref="ThresholdObjective.InScopeAccuracyLowerBound"/>: the in-scope accuracy to guarantee.</summary>
    public double TargetInScopeAccuracy { get; init; } = 0.95;

    public float L2Regularization { get; init; } = 0.01f;

    /// <summary>
    /// Scales the (unit-length) embedding against the (unit-length) n-gram vectors in the classifier's input. 2: with four
    /// character n-gram blocks and the word block the embedding was otherwise outweighed (cross-validation: English +2
    /// points, Indonesian unchanged).
    /// </summary>
    public float EmbeddingWeight { get; init; } = 2f;

    /// <summary>Threads for the max-entropy optimiser; 1 gives the same model on every machine.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>L-BFGS stops when the loss improves less than this (relative); looser trains large data sets much faster.</summary>
    public float OptimizationTolerance { get; init; } = 1e-4f;

    /// <summary>What the out-of-scope threshold maximises on the calibration predictions.</summary>
    public ThresholdObjective ThresholdObjective { get; init; } = ThresholdObjective.BalancedAccuracy;
}

/// <summary>How <see cref="IntentModelTrainer"/> picks the out-of-scope threshold.</summary>
public enum ThresholdObjective
{
    /// <summary>The mean of in-scope accuracy and out-of-scope recall: both matter equally, however rare out-of-scope is.</summary>
    BalancedAccuracy,

    /// <summary>Accuracy over all calibration utterances: out-of-scope counts as often as it occurs there.</summary>
    Accuracy,

    /// <summary>
    /// The lowest threshold (so the most in-scope answers) at which the one-sided 95 % Wilson lower bound of the
    /// out-of-scope recall on the calibration utterances reaches <see cref="IntentTrainingOptions.TargetOosRecall"/>;
    /// the best balanced accuracy if no threshold does. For a fixed recall target estimated from few out-of-scope examples.
    /// </summary>
    OosRecallLowerBound,

    /// <summary>
    /// The highest threshold (so the most out-of-scope caught) at which the one-sided 95 % Wilson lower bound of the
    /// in-scope accuracy on the calibration utterances still reaches <see cref="IntentTrainingOptions.TargetInScopeAccuracy"/>;
    /// the best balanced accuracy if none does. The Neyman–Pearson form of the choice: hold the error on the large,
    /// well-estimated in-scope side to its target and catch as much out-of-scope as that allows, instead of estimating
    /// recall from a few out-of-scope examples.
    /// </summary>
    InScopeAccuracyLowerBound,
}

/// <summary>
/// Trains an <see cref="IntentModel"/>: embeds every utterance, fits the max-entropy classifier over every class in the
/// data (<see cref="IntentNames.OutOfScope"/> included, so out-of-scope is also learned from examples), then calibrates
/// the confidence and picks the threshold and ambiguity margin on predictions for utterances the classifier did not
/// train on: the folds of a cross-validation, or a separate calibration set (e.g. a benchmark's validation split).
/// Deterministic: the same data gives the same model.
/// </summary>
public sealed class IntentModelTrainer(ISentenceEmbedder embedder, IntentTrainingOptions? options = null)
{
    /// <summary>
    /// Part of the model cache key. Bump it when the pipeline or its settings change; changes to the data or to
    /// <see cref="TextNormalizer"/> change the key by themselves because the key hashes the normalised training rows.
    /// </summary>
    public const string PipelineVersion = "intent-pipeline-4";

    // Fixed so that the same data always gives the same model (and two racing processes write identical files).
    private const int Seed = 20260101;

    private readonly IntentTrainingOptions _options = options ?? new IntentTrainingOptions();

    public IntentTrainingOptions Options => _options;

    internal static MLContext CreateContext() => new(Seed);

    /// <summary>
    /// Trains on <paramref name="training"/>. With <paramref name="calibration"/> the confidence is calibrated on it
    /// (the model never trains on it); without, by cross-validation on the training data.
    /// </summary>
    public IntentModel Train(IReadOnlyList<IntentExample> training, IReadOnlyList<IntentExample>? calibration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var embeddings = embedder.EmbedBatch([.. training.Select(e => e.Text)], cancellationToken);
        var calibrationEmbeddings = calibration is null ? null : embedder.EmbedBatch([.. calibration.Select(e => e.Text)], cancellationToken);
        return Train(training, embeddings, calibration, calibrationEmbeddings, cancellationToken);
    }

    /// <summary>Like <see cref="Train(IReadOnlyList{IntentExample}, IReadOnlyList{IntentExample}?, CancellationToken)"/> with embeddings computed beforehand.</summary>
    internal IntentModel Train(
        IReadOnlyList<IntentExample> training,
        IReadOnlyList<float[]> embeddings,
        IReadOnlyList<IntentExample>? calibration,
        IReadOnlyList<float[]>? calibrationEmbeddings,
        CancellationToken cancellationToken = default)
    {
        if (training.Count == 0 || training.Select(e => e.Intent).Where(i => i != IntentNames.OutOfScope).Distinct().Count() < 2)
        {
            throw new ArgumentException("Training needs utterances of at least two in-scope intents.", nameof(training));
        }

        var dimensions = embeddings[0].Length;
        var ml = CreateContext();
        FittedPipeline? pipeline = null;
        string method;
        IReadOnlyList<ScoredExample> scored;
        if (calibration is not null && calibrationEmbeddings is not null)
        {
            pipeline = Fit(ml, training, embeddings, dimensions);
            var classNames = ClassNames(pipeline, dimensions);
            method = $"validation set ({calibration.Count} utterances)";
            scored = ScoreHeldOut(ml, pipeline, classNames, Neighbours(training, embeddings, classNames), OutOfScopeFeatures.Vocabulary(training), calibration, calibrationEmbeddings, dimensions);
        }
        else
        {
            method = $"{_options.CrossValidationFolds}-fold cross-validation on the training data";
            // The final model trains alongside the folds: each fit is single-threaded and independent, so the result
            // does not depend on how many cores run them.
            scored = CrossValidate(training, embeddings, () => pipeline = Fit(ml, training, embeddings, dimensions), cancellationToken);
        }

        var names = ClassNames(pipeline!, dimensions);
        var (calibrator, _) = Calibrate(scored);
        var thresholds = ThresholdCalibration.Calibrate(CrossFitConfidences(scored, _options.CalibratorFolds), _options.ThresholdObjective, _options.TargetOosRecall, _options.TargetInScopeAccuracy);
        var settings = new ModelSettings(
            names,
            dimensions,
            _options.EmbeddingWeight,
            calibrator,
            new IntentCalibration(thresholds.ConfidenceThreshold, thresholds.AmbiguityMargin, method, thresholds.Evaluation.InScopeAccuracy, thresholds.Evaluation.OosRecall),
            OutOfScopeFeatures.Vocabulary(training),
            _options.FormalIndonesianWords);
        return new IntentModel(ml, pipeline!, Neighbours(training, embeddings, names), settings);
    }

    /// <summary>
    /// k-fold cross-validation: every example is scored by a classifier (and neighbour index) built from the other folds,
    /// and its confidence comes from a calibrator fitted on the same held-out scores. Folds are stratified by intent and
    /// language and assigned by position, so the result is reproducible.
    /// </summary>
    internal IReadOnlyList<ScoredExample> CrossValidate(IReadOnlyList<IntentExample> examples, CancellationToken cancellationToken = default)
    {
        var embeddings = embedder.EmbedBatch([.. examples.Select(e => e.Text)], cancellationToken);
        return Calibrate(CrossValidate(examples, embeddings, alongside: null, cancellationToken)).Scored;
    }

    /// <summary>
    /// Cross-validation as when training without a calibration set, without the final fit: the held-out scores with
    /// cross-fitted confidences and the threshold and margin they give. For choosing training options on training data only.
    /// </summary>
    internal (IReadOnlyList<ScoredExample> Scored, CalibrationResult Thresholds) CrossValidateAndCalibrate(
        IReadOnlyList<IntentExample> examples, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken = default)
    {
        var scored = CrossFitConfidences(CrossValidate(examples, embeddings, alongside: null, cancellationToken), _options.CalibratorFolds);
        return (scored, ThresholdCalibration.Calibrate(scored, _options.ThresholdObjective, _options.TargetOosRecall, _options.TargetInScopeAccuracy));
    }

    /// <summary>Each example's confidence from a calibrator fitted on the other folds (stratified like the cross-validation).</summary>
    private static ScoredExample[] CrossFitConfidences(IReadOnlyList<ScoredExample> scored, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var foldOf = FoldsOf([.. scored.Select(s => s.Example)], folds);
        var result = new ScoredExample[scored.Count];
        for (var fold = 0; fold < folds; fold++)
        {
            var (calibrator, _) = Calibrate([.. scored.Where((_, i) => foldOf[i] != fold)]);
            for (var i = 0; i < scored.Count; i++)
            {
                if (foldOf[i] == fold)
                {
                    result[i] = scored[i] with { Confidence = calibrator.Confidence(scored[i].Features) };
                }
            }
        }

        return result;
    }

    /// <summary>Folds stratified by intent and language, assigned by position so that the result is reproducible.</summary>
    private static int[] FoldsOf(IReadOnlyList<IntentExample> examples, int folds)
    {
        var foldOf = new int[examples.Count];
        foreach (var group in examples.Select((example, index) => (example, index)).GroupBy(x => (x.example.Intent, x.example.Language)))
        {
            var position = 0;
            foreach (var (_, index) in group)
            {
                foldOf[index] = position++ % folds;
            }
        }

        return foldOf;
    }

    private ScoredExample[] CrossValidate(IReadOnlyList<IntentExample> examples, IReadOnlyList<float[]> embeddings, Action? alongside, CancellationToken cancellationToken)
    {
        var folds = _options.CrossValidationFolds;
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var foldOf = FoldsOf(examples, folds);

        var dimensions = embeddings[0].Length;
        var scored = new ScoredExample[examples.Count];
        void RunFold(int fold)
        {
            var trainIndexes = Enumerable.Range(0, examples.Count).Where(i => foldOf[i] != fold).ToArray();
            var heldOut = Enumerable.Range(0, examples.Count).Where(i => foldOf[i] == fold).ToArray();
            var trainExamples = trainIndexes.Select(i => examples[i]).ToArray();
            var trainEmbeddings = trainIndexes.Select(i => embeddings[i]).ToArray();

            var ml = CreateContext();
            var model = Fit(ml, trainExamples, trainEmbeddings, dimensions);
            var classNames = ClassNames(model, dimensions);
            var results = ScoreHeldOut(ml, model, classNames, Neighbours(trainExamples, trainEmbeddings, classNames), OutOfScopeFeatures.Vocabulary(trainExamples), [.. heldOut.Select(i => examples[i])], [.. heldOut.Select(i => embeddings[i])], dimensions);
            foreach (var (index, result) in heldOut.Zip(results))
            {
                scored[index] = result;
            }
        }

        // The biggest job first, so the last core is not left with it at the end.
        var jobs = (alongside is null ? [] : new[] { alongside }).Concat(Enumerable.Range(0, folds).Select(fold => (Action)(() => RunFold(fold)))).ToArray();
        Parallel.ForEach(
            jobs,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            job => job());
        return scored;
    }

    private static (ConfidenceCalibrator Calibrator, IReadOnlyList<ScoredExample> Scored) Calibrate(IReadOnlyList<ScoredExample> scored)
    {
        // Right = an in-scope utterance whose best in-scope intent is its label; everything else should fall under the threshold.
        var right = scored.Select(s => s.Example.Intent != IntentNames.OutOfScope && BestInScope(s.Ranking) == s.Example.Intent).ToArray();
        var calibrator = ConfidenceCalibrator.Fit([.. scored.Select(s => s.Features)], right);
        return (calibrator, [.. scored.Select(s => s with { Confidence = calibrator.Confidence(s.Features) })]);
    }

    private static string? BestInScope(IReadOnlyList<IntentScore> ranking) =>
        ranking.FirstOrDefault(s => s.Intent != IntentNames.OutOfScope)?.Intent;

    private List<ScoredExample> ScoreHeldOut(
        MLContext ml,
        FittedPipeline model,
        string[] classNames,
        NeighbourIndex neighbours,
        string[] vocabulary,
        IReadOnlyList<IntentExample> examples,
        IReadOnlyList<float[]> embeddings,
        int dimensions)
    {
        var data = ml.Data.LoadFromEnumerable(ToRows(examples, embeddings), IntentRow.Schema(dimensions));
        var outOfScope = Array.IndexOf(classNames, IntentNames.OutOfScope);
        var known = new HashSet<string>(vocabulary, StringComparer.Ordinal);
        var scores = ml.Data.CreateEnumerable<IntentScores>(model.Transform(data), reuseRowObject: false);
        return
        [
            .. scores.Select((row, i) => new ScoredExample(
                examples[i],
                IntentModel.Rank(classNames, row.Score),
                OutOfScopeFeatures.Of(row.Score, outOfScope, neighbours.MaxSimilarityPerClass(embeddings[i]), OutOfScopeFeatures.KnownWords(TextNormalizer.Normalize(examples[i].Text), known)))),
        ];
    }

    private static NeighbourIndex Neighbours(IReadOnlyList<IntentExample> examples, IReadOnlyList<float[]> embeddings, string[] classNames)
    {
        var classIndex = classNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        return NeighbourIndex.Build(embeddings, [.. examples.Select(e => classIndex[e.Intent])], classNames.Length);
    }

    private IEnumerable<IntentRow> ToRows(IReadOnlyList<IntentExample> examples, IReadOnlyList<float[]> embeddings) =>
        examples.Select((e, i) =>
        {
            var text = TextNormalizer.Normalize(e.Text);
            return new IntentRow
            {
                Label = e.Intent,
                Text = text,
                WordText = _options.FormalIndonesianWords ? IndonesianSpelling.Formalize(text) : text,
                Embedding = IntentRow.Weigh(embeddings[i], _options.EmbeddingWeight),
            };
        });

    /// <summary>The normalised rows the model trains on; the cache key hashes them.</summary>
    internal static IEnumerable<(string Label, string Text)> NormalizedRows(IEnumerable<IntentExample> examples) =>
        examples.Select(e => (e.Intent, TextNormalizer.Normalize(e.Text)));

    private FittedPipeline Fit(MLContext ml, IReadOnlyList<IntentExample> examples, IReadOnlyList<float[]> embeddings, int dimensions) =>
        BuildPipeline(ml).Fit(ml.Data.LoadFromEnumerable(ToRows(examples, embeddings), IntentRow.Schema(dimensions)));

    /// <summary>The class names, in the order of the model's Score vector.</summary>
    private static string[] ClassNames(FittedPipeline model, int dimensions)
    {
        var inputSchema = CreateContext().Data.LoadFromEnumerable(Array.Empty<IntentRow>(), IntentRow.Schema(dimensions)).Schema;
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(inputSchema)["Score"].GetSlotNames(ref slotNames);
        return [.. slotNames.DenseValues().Select(name => name.ToString())];
    }

    private EstimatorChain<MulticlassPredictionTransformer<MaximumEntropyModelParameters>> BuildPipeline(MLContext ml)
    {
        // Words carry meaning ("status", "pesanan"); character n-grams carry typos, stretched and glued words
        // ("pesnan", "haloo", "paketku") and the shared stems of informal spellings ("udah"/"sudah", "blm"/"belum");
        // the embedding carries paraphrases that share no words ("where's my parcel" / "has it shipped").
        IEstimator<ITransformer> pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(FeaturizeText(ml, "WordGrams", nameof(IntentRow.WordText), new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true }, characters: null));
        string[] columns = [nameof(IntentRow.Embedding), "WordGrams"];
        if (_options.CharacterNGrams)
        {
            for (var length = _options.MinCharacterNGram; length <= _options.MaxCharacterNGram; length++)
            {
                pipeline = pipeline.Append(FeaturizeText(ml, $"CharGrams{length}", nameof(IntentRow.Text), words: null, new WordBagEstimator.Options { NgramLength = length, UseAllLengths = false }));
                columns = [.. columns, $"CharGrams{length}"];
            }
        }

        var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = _options.L2Regularization,
            L1Regularization = 0f,
            // Converged enough at 1e-4: the log-loss differs from the default tolerance's in the third decimal, at a quarter of the time.
            OptimizationTolerance = _options.OptimizationTolerance,
            NumberOfThreads = _options.Threads,
        });

        return pipeline
            .Append(ml.Transforms.Concatenate("Features", columns))
            .Append(trainer);
    }

    private static TextFeaturizingEstimator FeaturizeText(MLContext ml, string outputColumn, string inputColumn, WordBagEstimator.Options? words, WordBagEstimator.Options? characters) =>
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
        }, inputColumn);
}
