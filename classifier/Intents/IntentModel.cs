using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// How the model tells in-scope from out-of-scope, as chosen when it was trained. <see cref="ConfidenceThreshold"/> and
/// <see cref="AmbiguityMargin"/> apply unless <see cref="ClassifierOptions"/> overrides them. <see cref="InScopeAccuracy"/>
/// and <see cref="OosRecall"/> are what the calibration data (cross-validation folds or a validation set, see
/// <see cref="Method"/>) scored at those settings.
/// </summary>
public sealed record IntentCalibration(float ConfidenceThreshold, float AmbiguityMargin, string Method, double InScopeAccuracy, double OosRecall);

/// <summary>
/// A trained intent model: text features (word and character n-grams) and the sentence embedding feed a maximum-entropy
/// classifier; a second, small logistic model turns the classifier's probabilities and the cosine similarity to the
/// nearest training utterances into a calibrated confidence that the best in-scope intent is right. Under the
/// threshold the message is out of scope. Thread-safe; dispose when no longer used.
/// </summary>
public sealed class IntentModel : IDisposable
{
    /// <summary>
    /// Longer messages are out of scope without a look: a chat turn is a few sentences, and a pasted page (a log, an
    /// e-mail thread) is better answered by asking what the user needs than by guessing from its first lines.
    /// </summary>
    public const int MaxMessageLength = 2_000;

    private const string PipelineEntry = "pipeline.zip";
    private const string NeighboursEntry = "neighbours.bin";
    private const string SettingsEntry = "settings.json";

    private readonly MLContext _ml;
    private readonly ITransformer _pipeline;
    private readonly ModelSettings _settings;
    private readonly NeighbourIndex _neighbours;
    private readonly ObjectPool<PredictionEngine<IntentRow, IntentScores>> _engines;
    private readonly string[] _classNames;
    private readonly int _outOfScopeIndex;
    private readonly HashSet<string> _vocabulary;

    internal IntentModel(MLContext ml, ITransformer pipeline, NeighbourIndex neighbours, ModelSettings settings)
    {
        _ml = ml;
        _pipeline = pipeline;
        _neighbours = neighbours;
        _settings = settings;
        _classNames = [.. settings.ClassNames];
        _outOfScopeIndex = Array.IndexOf(_classNames, IntentNames.OutOfScope);
        _vocabulary = new HashSet<string>(settings.Vocabulary, StringComparer.Ordinal);
        var schema = IntentRow.Schema(settings.EmbeddingDimensions);
        // Like PredictionEnginePool: engines are not thread-safe, so each call borrows one; a few per core are kept.
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }
            .Create(new EnginePolicy(() => ml.Model.CreatePredictionEngine<IntentRow, IntentScores>(pipeline, inputSchemaDefinition: schema)));
    }

    /// <summary>The classes, <see cref="IntentNames.OutOfScope"/> included when the training data had it.</summary>
    public IReadOnlyList<string> Intents => _classNames;

    public IntentCalibration Calibration => _settings.Calibration;

    /// <summary>The embedding length the model was trained with.</summary>
    public int EmbeddingDimensions => _settings.EmbeddingDimensions;

    /// <summary>
    /// Classifies <paramref name="text"/> given its sentence embedding (from the embedder the model was trained with).
    /// Thresholds default to <see cref="Calibration"/>. Text with no letters or digits, mostly in a non-Latin script (the
    /// bot speaks English and Indonesian), or longer than <see cref="MaxMessageLength"/>, is out of scope with confidence 0.
    /// </summary>
    public IntentPrediction Classify(string text, ReadOnlyMemory<float> embedding, float? confidenceThreshold = null, float? ambiguityMargin = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Length > MaxMessageLength ? "" : TextNormalizer.Normalize(text);
        if (normalized.Length == 0 || !MostlyLatin(normalized))
        {
            return IntentDecision.Nothing with { Embedding = embedding };
        }

        if (embedding.Length != EmbeddingDimensions)
        {
            throw new ArgumentException($"The model expects {EmbeddingDimensions}-dimensional embeddings, not {embedding.Length}.", nameof(embedding));
        }

        var (ranking, confidence) = Score(normalized, embedding.Span);
        return IntentDecision.Decide(
            ranking,
            confidence,
            confidenceThreshold ?? Calibration.ConfidenceThreshold,
            ambiguityMargin ?? Calibration.AmbiguityMargin) with { Embedding = embedding };
    }

    /// <summary>
    /// At least half the letters are Latin. The supported languages are written in Latin script; the character n-grams
    /// and the embedding can still find a near neighbour for, say, Chinese "你好" (hello), which the bot cannot answer.
    /// </summary>
    internal static bool MostlyLatin(string normalized)
    {
        int letters = 0, latin = 0;
        foreach (var c in normalized)
        {
            if (char.IsLetter(c))
            {
                letters++;
                latin += c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '\u00C0' and <= '\u024F') or (>= '\u1E00' and <= '\u1EFF') ? 1 : 0;
            }
        }

        return letters == 0 || latin * 2 >= letters;
    }

    /// <summary>Writes the model as one zip file: the ML.NET pipeline, the neighbour vectors and the calibration.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var pipeline = new MemoryStream())
        {
            _ml.Model.Save(_pipeline, _ml.Data.LoadFromEnumerable(Array.Empty<IntentRow>(), IntentRow.Schema(EmbeddingDimensions)).Schema, pipeline);
            using var entry = archive.CreateEntry(PipelineEntry, CompressionLevel.NoCompression).Open();
            pipeline.Position = 0;
            pipeline.CopyTo(entry);
        }

        using (var entry = archive.CreateEntry(NeighboursEntry, CompressionLevel.Fastest).Open())
        {
            _neighbours.Write(entry);
        }

        using (var entry = archive.CreateEntry(SettingsEntry, CompressionLevel.Fastest).Open())
        {
            JsonSerializer.Serialize(entry, _settings);
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not such a model.</exception>
    public static IntentModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        ZipArchiveEntry Entry(string name) => archive.GetEntry(name) ?? throw new InvalidDataException($"The model file has no '{name}'.");

        ModelSettings settings;
        using (var entry = Entry(SettingsEntry).Open())
        {
            settings = JsonSerializer.Deserialize<ModelSettings>(entry) ?? throw new InvalidDataException("The model settings are empty.");
        }

        NeighbourIndex neighbours;
        using (var entry = Entry(NeighboursEntry).Open())
        {
            neighbours = NeighbourIndex.Read(entry);
        }

        var ml = IntentModelTrainer.CreateContext();
        using var pipeline = new MemoryStream();
        using (var entry = Entry(PipelineEntry).Open())
        {
            entry.CopyTo(pipeline);
        }

        pipeline.Position = 0;
        return new IntentModel(ml, ml.Model.Load(pipeline, out _), neighbours, settings);
    }

    public void Dispose() => (_engines as IDisposable)?.Dispose();

    internal (IReadOnlyList<IntentScore> Ranking, float Confidence) Score(string normalized, ReadOnlySpan<float> embedding)
    {
        var row = new IntentRow
        {
            Text = normalized,
            WordText = _settings.FormalIndonesianWords ? IndonesianSpelling.Formalize(normalized) : normalized,
            Embedding = IntentRow.Weigh(embedding, _settings.EmbeddingWeight),
        };
        var engine = _engines.Get();
        float[] probabilities;
        try
        {
            probabilities = engine.Predict(row).Score;
        }
        finally
        {
            _engines.Return(engine);
        }

        var features = OutOfScopeFeatures.Of(probabilities, _outOfScopeIndex, _neighbours.MaxSimilarityPerClass(embedding), OutOfScopeFeatures.KnownWords(normalized, _vocabulary));
        return (Rank(_classNames, probabilities), _settings.Calibrator.Confidence(features));
    }

    internal static IReadOnlyList<IntentScore> Rank(string[] classNames, float[] scores) =>
        [.. classNames.Zip(scores, (name, score) => new IntentScore(name, score)).OrderByDescending(s => s.Score).ThenBy(s => s.Intent, StringComparer.Ordinal)];

    private sealed class EnginePolicy(Func<PredictionEngine<IntentRow, IntentScores>> create) : PooledObjectPolicy<PredictionEngine<IntentRow, IntentScores>>
    {
        public override PredictionEngine<IntentRow, IntentScores> Create() => create();

        public override bool Return(PredictionEngine<IntentRow, IntentScores> obj) => true;
    }
}

/// <summary>What the model stores besides the ML.NET pipeline and the neighbour vectors.</summary>
internal sealed record ModelSettings(
    string[] ClassNames,
    int EmbeddingDimensions,
    float EmbeddingWeight,
    ConfidenceCalibrator Calibrator,
    IntentCalibration Calibration,
    string[] Vocabulary,
    bool FormalIndonesianWords = false);

/// <summary>
/// The training utterances' embeddings with their class: for a new utterance, the cosine similarity to the closest
/// utterance of each class. Far from every in-scope example is the strongest out-of-scope signal the probabilities lack
/// (max-entropy spreads its mass over the known classes even for text unlike any of them).
/// </summary>
internal sealed class NeighbourIndex(float[] vectors, int[] classOf, int classCount, int dimensions)
{
    public int ClassCount => classCount;

    public static NeighbourIndex Build(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> classOf, int classCount)
    {
        var dimensions = embeddings.Count == 0 ? 0 : embeddings[0].Length;
        var vectors = new float[embeddings.Count * dimensions];
        for (var i = 0; i < embeddings.Count; i++)
        {
            embeddings[i].CopyTo(vectors, i * dimensions);
        }

        return new NeighbourIndex(vectors, [.. classOf], classCount, dimensions);
    }

    public float[] MaxSimilarityPerClass(ReadOnlySpan<float> query)
    {
        var best = new float[classCount];
        Array.Fill(best, -1f);
        var all = vectors.AsSpan();
        for (var i = 0; i < classOf.Length; i++)
        {
            var similarity = TensorPrimitives.Dot(all.Slice(i * dimensions, dimensions), query);
            ref var slot = ref best[classOf[i]];
            if (similarity > slot)
            {
                slot = similarity;
            }
        }

        return best;
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(classCount);
        writer.Write(dimensions);
        writer.Write(classOf.Length);
        foreach (var c in classOf)
        {
            writer.Write(c);
        }

        foreach (var v in vectors)
        {
            writer.Write(v);
        }
    }

    public static NeighbourIndex Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var classCount = reader.ReadInt32();
        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (classCount <= 0 || dimensions <= 0 || count < 0 || (long)count * dimensions > 100_000_000)
        {
            throw new InvalidDataException("The neighbour index header is not valid.");
        }

        var classOf = new int[count];
        for (var i = 0; i < count; i++)
        {
            classOf[i] = reader.ReadInt32();
        }

        var vectors = new float[count * dimensions];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = reader.ReadSingle();
        }

        return new NeighbourIndex(vectors, classOf, classCount, dimensions);
    }
}

/// <summary>What the confidence model sees of one prediction.</summary>
internal static class OutOfScopeFeatures
{
    public const int Count = 8;

    /// <summary>
    /// The share of the words of <paramref name="normalized"/> seen in training: near 0 for gibberish, other scripts and
    /// topics the bot never heard of, which the embedding (English-trained) and the probabilities may still place near an intent.
    /// </summary>
    public static double KnownWords(string normalized, IReadOnlySet<string> vocabulary)
    {
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? 0 : (double)words.Count(vocabulary.Contains) / words.Length;
    }

    public static string[] Vocabulary(IEnumerable<IntentExample> examples) =>
        [.. examples.SelectMany(e => TextNormalizer.Normalize(e.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <param name="probabilities">The max-entropy probabilities, one per class.</param>
    /// <param name="outOfScopeIndex">The out-of-scope class, or -1 when the data had none.</param>
    /// <param name="similarities">The similarity to the closest training utterance of each class.</param>
    /// <param name="knownWords">See <see cref="KnownWords"/>.</param>
    public static double[] Of(float[] probabilities, int outOfScopeIndex, float[] similarities, double knownWords)
    {
        int best = -1, second = -1, nearest = -1;
        for (var c = 0; c < probabilities.Length; c++)
        {
            if (c == outOfScopeIndex)
            {
                continue;
            }

            if (best < 0 || probabilities[c] > probabilities[best])
            {
                second = best;
                best = c;
            }
            else if (second < 0 || probabilities[c] > probabilities[second])
            {
                second = c;
            }

            if (nearest < 0 || similarities[c] > similarities[nearest])
            {
                nearest = c;
            }
        }

        if (best < 0)
        {
            return new double[Count];
        }

        return
        [
            probabilities[best],
            outOfScopeIndex >= 0 ? probabilities[outOfScopeIndex] : 0,
            probabilities[best] - (second >= 0 ? probabilities[second] : 0),
            similarities[best],
            similarities[nearest],
            outOfScopeIndex >= 0 ? similarities[outOfScopeIndex] : 0,
            nearest == best ? 1 : 0,
            knownWords,
        ];
    }
}

/// <summary>
/// Logistic regression from <see cref="OutOfScopeFeatures"/> to the probability that the best in-scope intent is the
/// right answer. Fitted by Newton's method on held-out predictions, both outcomes weighted equally so that the rarer
/// one is not ignored; standardised inputs and a small L2 penalty keep it stable when a feature is constant.
/// </summary>
internal sealed record ConfidenceCalibrator(double[] Means, double[] Scales, double[] Weights, double Bias)
{
    public float Confidence(double[] features)
    {
        var z = Bias;
        for (var i = 0; i < Weights.Length; i++)
        {
            z += Weights[i] * (features[i] - Means[i]) / Scales[i];
        }

        return (float)(1 / (1 + Math.Exp(-z)));
    }

    public static ConfidenceCalibrator Fit(IReadOnlyList<double[]> features, IReadOnlyList<bool> right, double l2 = 0.01)
    {
        var n = features.Count;
        var d = OutOfScopeFeatures.Count;
        var means = new double[d];
        var scales = new double[d];
        for (var j = 0; j < d; j++)
        {
            means[j] = n == 0 ? 0 : features.Average(x => x[j]);
            var variance = n == 0 ? 0 : features.Average(x => (x[j] - means[j]) * (x[j] - means[j]));
            scales[j] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        var positives = right.Count(r => r);
        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            // Nothing to separate: a constant confidence equal to the observed rate.
            return new ConfidenceCalibrator(means, scales, new double[d], positives == 0 ? -4 : 4);
        }

        var positiveWeight = n / (2.0 * positives);
        var negativeWeight = n / (2.0 * negatives);
        var x = features.Select(f => Enumerable.Range(0, d).Select(j => (f[j] - means[j]) / scales[j]).Append(1.0).ToArray()).ToArray();
        var theta = new double[d + 1];
        for (var iteration = 0; iteration < 30; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < n; i++)
            {
                var z = 0.0;
                for (var j = 0; j <= d; j++)
                {
                    z += theta[j] * x[i][j];
                }

                var p = 1 / (1 + Math.Exp(-z));
                var w = right[i] ? positiveWeight : negativeWeight;
                var residual = w * (p - (right[i] ? 1 : 0));
                var curvature = w * Math.Max(p * (1 - p), 1e-9);
                for (var j = 0; j <= d; j++)
                {
                    gradient[j] += residual * x[i][j];
                    for (var k = 0; k <= d; k++)
                    {
                        hessian[j, k] += curvature * x[i][j] * x[i][k];
                    }
                }
            }

            for (var j = 0; j < d; j++)
            {
                gradient[j] += l2 * n * theta[j];
                hessian[j, j] += l2 * n;
            }

            var step = Solve(hessian, gradient);
            var largest = 0.0;
            for (var j = 0; j <= d; j++)
            {
                theta[j] -= step[j];
                largest = Math.Max(largest, Math.Abs(step[j]));
            }

            if (largest < 1e-8)
            {
                break;
            }
        }

        return new ConfidenceCalibrator(means, scales, theta[..d], theta[d]);
    }

    // Gaussian elimination with partial pivoting; the system is tiny (8 × 8) and positive definite.
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var y = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
            {
                if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = row;
                }
            }

            if (Math.Abs(m[pivot, col]) < 1e-12)
            {
                continue;
            }

            if (pivot != col)
            {
                for (var k = 0; k < n; k++)
                {
                    (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                }

                (y[col], y[pivot]) = (y[pivot], y[col]);
            }

            for (var row = col + 1; row < n; row++)
            {
                var factor = m[row, col] / m[col, col];
                for (var k = col; k < n; k++)
                {
                    m[row, k] -= factor * m[col, k];
                }

                y[row] -= factor * y[col];
            }
        }

        var solution = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            if (Math.Abs(m[row, row]) < 1e-12)
            {
                continue;
            }

            var sum = y[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= m[row, k] * solution[k];
            }

            solution[row] = sum / m[row, row];
        }

        return solution;
    }
}
