using System.Diagnostics;
using System.Globalization;
using HelpdeskBot.Classifier.Intents;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpdeskBot.Classifier.Benchmarks;

internal sealed record BenchmarkSettings(string? DataDirectory, string? EmbeddingCache, IntentTrainingOptions OwnOptions, IntentTrainingOptions ClincOptions, bool OosPlus, bool Diagnose, bool ValidationOnlyCalibration = false, bool SkipTest = false);

/// <summary>The benchmarks. Each prints its part of the results table (markdown) and what it measured on the way.</summary>
internal sealed class Benchmarks(BenchmarkSettings settings, ISentenceEmbedder embedder, TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly Embeddings _embeddings = new(embedder, settings.EmbeddingCache);
    private readonly List<string> _rows = [];
    private IntentModel? _clincModel;
    private IReadOnlyList<IntentExample>? _clincTest;

    public IReadOnlyList<string> Rows => _rows;

    /// <summary>Our own data: train on Data/train.*.tsv (calibrated by cross-validation), measure on Data/test.*.tsv.</summary>
    public void OwnSplit()
    {
        Log($"== own split: train.*.tsv ({settings.OwnOptions.CrossValidationFolds}-fold cross-validation calibrates), test.*.tsv measures; options {settings.OwnOptions} ==");
        var (model, embedTime, fitTime, fromCache) = Train(IntentExamples.Training, null, settings.OwnOptions);
        Log($"calibration: {model.Calibration}");
        var test = IntentExamples.HeldOut;
        var vectors = _embeddings.Embed(test).Vectors;
        var predictions = test.Select((e, i) => (e, model.Classify(e.Text, vectors[i]))).ToList();
        var report = IntentEvaluationReport.Of(predictions);
        Log(report.ToString());
        foreach (var (example, prediction) in predictions.Where(p => p.Item2.Intent != p.e.Intent))
        {
            Log($"miss [{example.Language}] '{example.Text}' {example.Intent} -> {prediction.Intent} ({prediction.Confidence:F2}; best {prediction.Ranking[0].Intent} {prediction.Ranking[0].Score:F2})");
        }
        foreach (var language in report.Languages)
        {
            _rows.Add(Row(
                $"own split, {language.Language} ({language.Total} test utterances)",
                $"{language.InScopeAccuracy:P1} in-scope, {language.Accuracy:P1} overall",
                $"{language.OosRecall:P1}",
                "goal ≥ 95 % accuracy per language, OOS recall ≥ 90 %"));
        }

        _rows.Add(Row("own split, training time", Timing(IntentExamples.Training.Count, embedTime, fitTime, fromCache), "", "trained at first start, then cached"));
    }

    /// <summary>
    /// Model selection for our own data on the training split only: k-fold cross-validation of each candidate setting
    /// (per-language accuracy at the threshold picked on the same held-out scores, with cross-fitted confidences).
    /// Never reads the test split.
    /// </summary>
    public void OwnCrossValidation()
    {
        var training = IntentExamples.Training;
        var vectors = _embeddings.Embed(training).Vectors;
        var baseline = settings.OwnOptions;
        // Every candidate measured for docs/classifier-benchmarks.md (explicit, so the list does not move with the defaults).
        IntentTrainingOptions C(int min, int max, bool formal = false, float l2 = 0.01f, float embeddingWeight = 1f) =>
            baseline with { MinCharacterNGram = min, MaxCharacterNGram = max, FormalIndonesianWords = formal, L2Regularization = l2, EmbeddingWeight = embeddingWeight };
        var candidates = new (string Name, IntentTrainingOptions Options)[]
        {
            ("char 3-5 (before)", C(3, 5)),
            ("char 2-5", C(2, 5)),
            ("char 1-5", C(1, 5)),
            ("char 3-5 + formal ID words", C(3, 5, formal: true)),
            ("char 2-5 + formal ID words", C(2, 5, formal: true)),
            ("char 1-5 + formal ID words", C(1, 5, formal: true)),
            ("char 2-6 + formal ID words", C(2, 6, formal: true)),
            ("char 2-5, L2 0.001", C(2, 5, l2: 0.001f)),
            ("char 2-5, L2 0.003", C(2, 5, l2: 0.003f)),
            ("char 2-5, L2 0.03", C(2, 5, l2: 0.03f)),
            ("char 2-5, embedding weight 0.5", C(2, 5, embeddingWeight: 0.5f)),
            ("char 2-5, embedding weight 1.5", C(2, 5, embeddingWeight: 1.5f)),
            ("char 2-5, embedding weight 2 (chosen)", C(2, 5, embeddingWeight: 2f)),
            ("char 2-5, embedding weight 3", C(2, 5, embeddingWeight: 3f)),
            ("char 2-5 + formal ID words, embedding weight 2", C(2, 5, formal: true, embeddingWeight: 2f)),
            ("char 1-5, embedding weight 2", C(1, 5, embeddingWeight: 2f)),
            ("char 1-5 + formal ID words, embedding weight 2", C(1, 5, formal: true, embeddingWeight: 2f)),
            ("char 2-6, embedding weight 2", C(2, 6, embeddingWeight: 2f)),
            ("char 3-5, embedding weight 2", C(3, 5, embeddingWeight: 2f)),
        };
        if (Environment.GetEnvironmentVariable("OWN_CV_EXTRA") is { Length: > 0 } extra)
        {
            // name=min,max,formal,l2,embeddingWeight;...
            candidates = [.. extra.Split(';').Select(c =>
            {
                var (name, v) = (c.Split('=')[0], c.Split('=')[1].Split(','));
                return (name, baseline with
                {
                    MinCharacterNGram = int.Parse(v[0], Invariant),
                    MaxCharacterNGram = int.Parse(v[1], Invariant),
                    FormalIndonesianWords = v[2] == "1",
                    L2Regularization = float.Parse(v[3], Invariant),
                    EmbeddingWeight = float.Parse(v[4], Invariant),
                });
            })];
        }

        Log($"== own split, model selection by {baseline.CrossValidationFolds}-fold cross-validation on train.*.tsv ({training.Count} rows; test.*.tsv not read) ==");
        foreach (var (name, options) in candidates)
        {
            var started = Stopwatch.GetTimestamp();
            var (scored, thresholds) = new IntentModelTrainer(embedder, options).CrossValidateAndCalibrate(training, vectors);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cells = new List<string> { name };
            foreach (var language in scored.Select(s => s.Example.Language).Distinct().Order(StringComparer.Ordinal))
            {
                var ofLanguage = scored.Where(s => s.Example.Language == language).ToArray();
                var e = IntentEvaluation.Of(ofLanguage, thresholds.ConfidenceThreshold, ambiguityMargin: 0f);
                var top1 = (double)ofLanguage.Count(s => s.Example.Intent != IntentNames.OutOfScope && s.Ranking.First(r => r.Intent != IntentNames.OutOfScope).Intent == s.Example.Intent)
                    / ofLanguage.Count(s => s.Example.Intent != IntentNames.OutOfScope);
                cells.Add(string.Create(Invariant, $"{language}: acc {e.Accuracy:P1}, in-scope {e.InScopeAccuracy:P1}, OOS {e.OosRecall:P1}, bal {e.BalancedAccuracy:P1}, top-1 {top1:P1}"));
            }

            cells.Add(string.Create(Invariant, $"threshold {thresholds.ConfidenceThreshold:F3}, {elapsed.TotalSeconds:F0} s"));
            Log(string.Join(" | ", cells));
            _rows.Add(Row([.. cells]));
        }
    }

    /// <summary>
    /// CLINC150 full (Larson et al. 2019): train on train + oos_train; calibrate the confidence and threshold on val +
    /// oos_val plus the OOS+ file's extra oos_train queries (never trained on; see the doc); measure in-scope accuracy
    /// and OOS recall on test + oos_test.
    /// </summary>
    public void Clinc150()
    {
        var data = SharedData.Locate(settings.DataDirectory);
        var full = SharedData.Clinc150(data);
        var trainSplits = settings.OosPlus ? SharedData.Clinc150(data, "data_oos_plus.json") : full;
        IReadOnlyList<IntentExample> training = [.. trainSplits["train"], .. trainSplits["oos_train"]];
        IReadOnlyList<IntentExample> test = [.. full["test"], .. full["oos_test"]];
        // Extra held-out out-of-scope queries for calibration only: OOS+'s oos_train minus those in the training data
        // (and, as the README says, none of them are in oos_val or oos_test; checked here anyway).
        var seen = training.Concat(test).Concat(full["oos_val"]).Select(e => e.Text).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<IntentExample> extraOos = settings.ValidationOnlyCalibration
            ? []
            : [.. SharedData.Clinc150(data, "data_oos_plus.json")["oos_train"].Where(e => !seen.Contains(e.Text))];
        IReadOnlyList<IntentExample> validation = [.. full["val"], .. full["oos_val"], .. extraOos];
        var variant = settings.OosPlus ? "OOS+ training (250 oos_train)" : "full";
        Log($"== CLINC150 {variant}: {training.Count} train, {validation.Count} calibration (val + oos_val + {extraOos.Count} OOS+ oos_train not trained on), {test.Count} test; options {settings.ClincOptions} ==");

        var (model, embedTime, fitTime, fromCache) = Train(training, validation, settings.ClincOptions);
        Log($"calibration: {model.Calibration}");
        if (settings.SkipTest)
        {
            Log("--skip-test: test not read");
            return;
        }

        var vectors = _embeddings.Embed(test).Vectors;
        var predictions = test.Select((e, i) => (e, model.Classify(e.Text, vectors[i]))).ToList();
        var report = IntentEvaluationReport.Of(predictions);
        Log($"test: in-scope accuracy {report.Overall.InScopeAccuracy:P2}, OOS recall {report.Overall.OosRecall:P2}");

        if (settings.Diagnose)
        {
            // Diagnostics only, never used to choose anything: how the trade-off looks on test around the val-chosen threshold.
            foreach (var threshold in Enumerable.Range(1, 19).Select(i => i * 0.05f))
            {
                var r = IntentEvaluationReport.Of(test.Select((e, i) => (e, model.Classify(e.Text, vectors[i], threshold))));
                Log($"  diagnose: threshold {threshold:F2} -> in-scope {r.Overall.InScopeAccuracy:P2}, OOS recall {r.Overall.OosRecall:P2}");
            }
        }

        _rows.Add(Row(
            $"CLINC150 {variant}, this classifier",
            $"{report.Overall.InScopeAccuracy:P1}",
            $"{report.Overall.OosRecall:P1}",
            $"threshold {model.Calibration.ConfidenceThreshold:F3} from val + oos_val{(extraOos.Count > 0 ? $" + {extraOos.Count} OOS+ oos_train" : "")}; training {Timing(training.Count, embedTime, fitTime, fromCache)}"));
        _clincModel = model;
        _clincTest = test;
    }

    /// <summary>BANKING77 (Casanueva et al. 2020): closed-set accuracy on test (no out-of-scope class, no threshold).</summary>
    public void Banking77()
    {
        var data = SharedData.Locate(settings.DataDirectory);
        var training = SharedData.Banking77(data, "train");
        var test = SharedData.Banking77(data, "test");
        Log($"== BANKING77: {training.Count} train, {test.Count} test; options {settings.ClincOptions} ==");

        // No validation split and no out-of-scope class: the confidence is not used, so calibrating on the training data
        // itself (optimistic, but harmless here) saves a cross-validation.
        var (model, embedTime, fitTime, fromCache) = Train(training, training, settings.ClincOptions);
        var vectors = _embeddings.Embed(test).Vectors;
        var correct = test.Where((e, i) => model.Classify(e.Text, vectors[i], confidenceThreshold: 0f).Intent == e.Intent).Count();
        var accuracy = (double)correct / test.Count;
        Log($"test accuracy {accuracy:P2} ({correct}/{test.Count})");
        _rows.Add(Row("BANKING77, this classifier", $"{accuracy:P2}", "–", $"training {Timing(training.Count, embedTime, fitTime, fromCache)}"));
    }

    /// <summary>
    /// xSID 0.7 (van der Goot et al. 2021), English and Indonesian: train on the valid split (300 utterances, 16 voice-
    /// assistant intents), measure closed-set accuracy on test (500; no out-of-scope class, no threshold), with our own
    /// data's options (character n-grams). Small, off-domain, but parallel in both languages and larger than our own test split.
    /// </summary>
    public void XSid()
    {
        var data = SharedData.Locate(settings.DataDirectory);
        foreach (var language in new[] { "en", "id" })
        {
            var training = SharedData.XSid(data, language, "valid");
            var test = SharedData.XSid(data, language, "test");
            Log($"== xSID {language}: {training.Count} train (valid split), {test.Count} test; options {settings.OwnOptions} ==");
            var (model, embedTime, fitTime, fromCache) = Train(training, training, settings.OwnOptions);
            var vectors = _embeddings.Embed(test).Vectors;
            var correct = test.Where((e, i) => model.Classify(e.Text, vectors[i], confidenceThreshold: 0f).Intent == e.Intent).Count();
            var accuracy = (double)correct / test.Count;
            Log($"test accuracy {accuracy:P2} ({correct}/{test.Count})");
            _rows.Add(Row($"xSID {language} (train on valid, {test.Count} test)", $"{accuracy:P1} ({correct}/{test.Count})", "–", $"closed set; training {Timing(training.Count, embedTime, fitTime, fromCache)}"));
        }
    }

    /// <summary>Warm per-utterance latency of the production path: embed + classify, one utterance at a time.</summary>
    public void Latency()
    {
        Log("== latency: IntentClassifier.Classify(text) on our own model, warm, one call at a time ==");
        using var models = new TemporaryDirectory();
        using var classifier = new IntentClassifier(
            new ClassifierOptions { ModelDirectory = models.Path }, embedder, NullLogger.Instance, TimeProvider.System, IntentExamples.Training);
        var warmUpStarted = Stopwatch.GetTimestamp();
        classifier.WarmUp();
        var firstStart = Stopwatch.GetElapsedTime(warmUpStarted);
        Log($"first start (embed {IntentExamples.Training.Count} training utterances, cross-validate, calibrate, fit, save): {firstStart.TotalSeconds:F1} s");
        _rows.Add(Row("own model, first-start training (IntentClassifier.WarmUp, empty model cache)", string.Create(Invariant, $"{firstStart.TotalSeconds:F0} s"), "", "goal ≤ 45 s"));
        var texts = IntentExamples.HeldOut.Select(e => e.Text).ToArray();
        var (p50, p99) = Measure(texts, text => classifier.Classify(text));
        var (embedP50, embedP99) = Measure(texts, text => embedder.Embed(text));
        _rows.Add(Row("latency, own model (19 classes), embed + classify", $"p50 {p50:F1} ms", $"p99 {p99:F1} ms", $"of which embedding p50 {embedP50:F1} / p99 {embedP99:F1} ms; goal p99 < 15 ms"));

        if (_clincModel is not null && _clincTest is not null)
        {
            var clinc = _clincModel;
            var clincTexts = _clincTest.Take(1000).Select(e => e.Text).ToArray();
            var (cp50, cp99) = Measure(clincTexts, text => clinc.Classify(text, embedder.Embed(text)));
            _rows.Add(Row($"latency, CLINC150 model ({clinc.Intents.Count} classes), embed + classify", $"p50 {cp50:F1} ms", $"p99 {cp99:F1} ms", ""));
        }
    }

    /// <summary>
    /// Warm per-call cost of <see cref="Entities.PersonalDataMasker.Mask(string)"/>, which runs on every stored message,
    /// prompt and log line: on the held-out utterances (mostly without personal data) and on messages full of it.
    /// </summary>
    public void Masking()
    {
        Log("== masking: PersonalDataMasker.Mask(text), warm, one call at a time ==");
        var masker = new Entities.PersonalDataMasker(new Entities.EntityRecognizer(
            TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new Entities.EntityOptions())));
        string[] personal =
        [
            "my email is budi.santoso@example.co.id and my phone 0812-3456-7890, order ORD-100123",
            "NIK saya 3174015508900001 dan NPWP 01.234.567.8-901.000, refund ke rekening BCA 1234567890 ya",
            "card 4111 1111 1111 1111 was charged Rp 1.500.000 twice on 25/11/2026 for INV-2026-00001",
            "my password is Hunter2! and I cannot sign in, call +62 812 3456 7890",
            "kata sandi saya adalah Merdeka45, hubungi (021) 555-1234 atau +1 (415) 555-0100",
        ];
        foreach (var (name, texts) in new[] { ("held-out utterances", IntentExamples.HeldOut.Select(e => e.Text).ToArray()), ("messages with personal data", personal) })
        {
            var samples = new List<double>();
            for (var round = 0; round < 2000; round++)
            {
                foreach (var text in texts)
                {
                    var started = Stopwatch.GetTimestamp();
                    masker.Mask(text);
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
            }

            samples.RemoveRange(0, texts.Length * 200); // warm-up: tiered JIT settles
            samples.Sort();
            var p50 = samples[samples.Count / 2];
            var p99 = samples[(int)(samples.Count * 0.99)];
            Log(string.Create(Invariant, $"{name}: {texts.Length} texts, {samples.Count} calls, p50 {p50:F1} µs, p99 {p99:F1} µs"));
            _rows.Add(Row($"masking, {name} ({texts.Length} texts)", string.Create(Invariant, $"p50 {p50:F0} µs"), string.Create(Invariant, $"p99 {p99:F0} µs"), "PersonalDataMasker.Mask, warm, per call"));
        }
    }

    private (double P50, double P99) Measure(string[] texts, Action<string> call)
    {
        foreach (var text in texts.Take(50))
        {
            call(text);
        }

        var milliseconds = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var text in texts)
            {
                var started = Stopwatch.GetTimestamp();
                call(text);
                milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        milliseconds.Sort();
        double At(double q) => milliseconds[Math.Min(milliseconds.Count - 1, (int)Math.Ceiling(q * milliseconds.Count) - 1)];
        Log($"{milliseconds.Count} calls: p50 {At(0.5):F2} ms, p90 {At(0.9):F2} ms, p99 {At(0.99):F2} ms, max {milliseconds[^1]:F2} ms");
        return (At(0.5), At(0.99));
    }

    private (IntentModel Model, TimeSpan Embed, TimeSpan Fit, bool FromCache) Train(
        IReadOnlyList<IntentExample> training, IReadOnlyList<IntentExample>? calibration, IntentTrainingOptions options)
    {
        var trainVectors = _embeddings.Embed(training);
        var calibrationVectors = calibration is null ? null : ReferenceEquals(calibration, training) ? trainVectors with { Elapsed = TimeSpan.Zero } : _embeddings.Embed(calibration);
        var embedTime = trainVectors.Elapsed + (calibrationVectors?.Elapsed ?? TimeSpan.Zero);
        Log($"embedded {training.Count + (calibration is null || ReferenceEquals(calibration, training) ? 0 : calibration.Count)} utterances in {embedTime.TotalSeconds:F1} s{(trainVectors.FromCache ? " (cache)" : "")}");

        var started = Stopwatch.GetTimestamp();
        var model = new IntentModelTrainer(embedder, options).Train(training, trainVectors.Vectors, calibration, calibrationVectors?.Vectors);
        var fitTime = Stopwatch.GetElapsedTime(started);
        Log($"fitted and calibrated in {fitTime.TotalSeconds:F1} s");
        return (model, embedTime, fitTime, trainVectors.FromCache);
    }

    private static string Timing(int utterances, TimeSpan embed, TimeSpan fit, bool fromCache) =>
        fromCache
            ? string.Create(Invariant, $"{fit.TotalSeconds:F0} s fit + calibrate (embeddings from cache)")
            : string.Create(Invariant, $"{(embed + fit).TotalSeconds:F0} s ({utterances} utterances: embedding {embed.TotalSeconds:F0} s, fit + calibrate {fit.TotalSeconds:F0} s)");

    private static string Row(params string[] cells) => $"| {string.Join(" | ", cells)} |";

    private void Log(string line) => output.WriteLine(line);

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("helpdeskbot-bench-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
