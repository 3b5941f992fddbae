using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>Where the model in use came from.</summary>
public enum IntentModelSource
{
    /// <summary>Trained in this process from the embedded training data.</summary>
    Trained,

    /// <summary>Loaded from the model cache in <see cref="ClassifierOptions.ModelDirectory"/>.</summary>
    LoadedFromCache,

    /// <summary>Loaded from the models shared by every instance (<see cref="ISharedIntentModels"/>), trained by another.</summary>
    LoadedFromShared,
}

/// <summary>
/// The model the classifier uses: where it came from, its cache file (null without a model directory), its classes, how
/// long loading or training took and how its out-of-scope threshold was calibrated.
/// </summary>
public sealed record IntentModelInfo(IntentModelSource Source, string? ModelPath, IReadOnlyList<string> Intents, TimeSpan LoadTime)
{
    public IntentCalibration? Calibration { get; init; }
}

/// <summary>
/// The intent classifier. The model is loaded from the cache or trained on first use (or by <see cref="WarmUp"/>, which
/// <c>AddClassifier</c> calls when the host starts), once per instance; <see cref="TrainNow"/> retrains on demand.
/// <see cref="Classify(string)"/> is thread-safe.
/// </summary>
public sealed class IntentClassifier : IIntentClassifier, IDisposable
{
    private readonly ClassifierOptions _options;
    private readonly ISentenceEmbedder _embedder;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<IntentExample> _builtIn;
    private readonly IAdditionalIntentExamples? _additional;
    private readonly ISharedIntentModels? _shared;
    private readonly IntentTrainingOptions _trainingOptions;
    private readonly Lock _gate = new();
    private LoadedModel? _model;
    private HashSet<string>? _intents;
    private bool _disposed;

    /// <param name="additional">
    /// Utterances added to the shipped training data (e.g. by admins, from the bot's unanswered questions), read when the
    /// model is first loaded: they are part of the cache key, so a promoted candidate is the model loaded after a restart.
    /// </param>
    /// <param name="shared">
    /// Trained models kept for every instance of the bot (the host's database): a model is looked for there before it is
    /// trained, and a trained or promoted one is saved there, so one instance's retraining is loaded, not repeated, by the
    /// others (<see cref="Refresh"/>).
    /// </param>
    public IntentClassifier(
        IOptions<ClassifierOptions> options, ISentenceEmbedder embedder, ILogger<IntentClassifier> logger, TimeProvider timeProvider,
        IAdditionalIntentExamples? additional = null, ISharedIntentModels? shared = null)
        : this(options.Value, embedder, logger, timeProvider, IntentExamples.Training, additional: additional, shared: shared)
    {
    }

    internal IntentClassifier(
        ClassifierOptions options,
        ISentenceEmbedder embedder,
        ILogger logger,
        TimeProvider timeProvider,
        IReadOnlyList<IntentExample> training,
        IntentTrainingOptions? trainingOptions = null,
        IAdditionalIntentExamples? additional = null,
        ISharedIntentModels? shared = null)
    {
        _options = options;
        _embedder = embedder;
        _logger = logger;
        _timeProvider = timeProvider;
        _builtIn = training;
        _additional = additional;
        _shared = shared;
        _trainingOptions = trainingOptions ?? new IntentTrainingOptions();
    }

    /// <summary>The model in use, or null before the first <see cref="Classify(string)"/> or <see cref="WarmUp"/>.</summary>
    public IntentModelInfo? Model => Volatile.Read(ref _model)?.Info;

    /// <summary>Loads or trains the model now instead of on the first message, and loads the embedder. Safe to call more than once.</summary>
    public IntentModelInfo WarmUp()
    {
        var info = EnsureModel().Info;
        // The first inference pays for loading the ONNX model and JIT; a user should not.
        Classify("warm up");
        return info;
    }

    /// <summary>
    /// Trains a model on the embedded training data now, whether or not one is cached, saves it to the cache (replacing
    /// the file) and uses it from the next call on.
    /// </summary>
    public IntentModelInfo TrainNow(CancellationToken cancellationToken = default)
    {
        var trained = Train(forceTraining: true, cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // The old model is not disposed: calls in flight may still be using it; the GC collects it after them.
            Volatile.Write(ref _model, trained);
        }

        return trained.Info;
    }

    /// <summary>
    /// Classifies one utterance. Out of scope when the calibrated confidence that the best in-scope intent is right is
    /// under the threshold (<see cref="ClassifierOptions.ConfidenceThreshold"/>, or the model's calibrated one). Text with
    /// nothing to classify (empty, whitespace, only symbols or emoji) or longer than <see cref="IntentModel.MaxMessageLength"/>
    /// is out of scope with confidence 0, an empty ranking and no embedding. Otherwise the prediction carries the
    /// utterance's embedding.
    /// </summary>
    public IntentPrediction Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > IntentModel.MaxMessageLength || TextNormalizer.Normalize(text).Length == 0)
        {
            return IntentDecision.Nothing;
        }

        return Classify(text, _embedder.Embed(text));
    }

    /// <summary>Like <see cref="Classify(string)"/>, with the embedding from the registered <see cref="ISentenceEmbedder"/> computed by the caller.</summary>
    public IntentPrediction Classify(string text, ReadOnlyMemory<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EnsureModel().Model.Classify(text, embedding, _options.ConfidenceThreshold, _options.AmbiguityMargin);
    }

    /// <summary>
    /// Classifies every example with the model in use and compares with its label: per-language accuracy, per-intent
    /// precision and recall, out-of-scope recall, the most frequent confusions. E.g. with
    /// <see cref="IntentExamples.ReadTsv"/> or <see cref="IntentExamples.HeldOut"/>.
    /// </summary>
    public IntentEvaluationReport Evaluate(IEnumerable<IntentExample> examples, CancellationToken cancellationToken = default) =>
        Evaluate(EnsureModel().Model, examples, cancellationToken);

    /// <summary>
    /// Trains a candidate model on the shipped training data plus <paramref name="additional"/> without touching the model
    /// in use: evaluate it (<see cref="Evaluate(IntentModelCandidate, IEnumerable{IntentExample}, CancellationToken)"/>)
    /// next to the current one, then <see cref="Promote"/> it or dispose it. Slow (the full training, about a minute).
    /// </summary>
    /// <exception cref="ArgumentException">An added example names an intent the training data does not have, or has no text.</exception>
    public IntentModelCandidate TrainCandidate(IReadOnlyList<IntentExample> additional, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(additional);
        var started = _timeProvider.GetTimestamp();
        var training = WithAdditional(additional);
        var model = new IntentModelTrainer(_embedder, _trainingOptions).Train(training, calibration: null, cancellationToken);
        var (_, path) = CacheFor(Fingerprint(training));
        var info = new IntentModelInfo(IntentModelSource.Trained, path, model.Intents, _timeProvider.GetElapsedTime(started)) { Calibration = model.Calibration };
        return new IntentModelCandidate(model, [.. additional], info);
    }

    /// <summary>Like <see cref="Evaluate(IEnumerable{IntentExample}, CancellationToken)"/>, with the candidate instead of the model in use.</summary>
    public IntentEvaluationReport Evaluate(IntentModelCandidate candidate, IEnumerable<IntentExample> examples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Evaluate(candidate.Model, examples, cancellationToken);
    }

    /// <summary>
    /// Makes the candidate the model in use from the next call on and saves it to the cache under its training data's
    /// fingerprint (replacing a file of the same data), so that a classifier whose <see cref="IAdditionalIntentExamples"/>
    /// then returns the candidate's added examples loads it at start instead of training.
    /// </summary>
    public IntentModelInfo Promote(IntentModelCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var model = candidate.Take();
        var training = WithAdditional(candidate.Added);
        var fingerprint = Fingerprint(training);
        var (store, path) = CacheFor(fingerprint);
        store?.TrySave(model, path!, replaceExisting: true);
        SaveShared(fingerprint, model);
        var loaded = new LoadedModel(model, candidate.Info, fingerprint);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // The old model is not disposed: calls in flight may still be using it.
            Volatile.Write(ref _model, loaded);
        }

        IntentClassifierLog.ModelReady(_logger, IntentModelSource.Trained, model.Intents.Count, candidate.Info.LoadTime.TotalMilliseconds, path);
        return candidate.Info;
    }

    private IntentEvaluationReport Evaluate(IntentModel model, IEnumerable<IntentExample> examples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var list = examples.ToList();
        var embeddings = _embedder.EmbedBatch([.. list.Select(e => e.Text)], cancellationToken);
        return IntentEvaluationReport.Of(list.Select((e, i) => (e, model.Classify(e.Text, embeddings[i], _options.ConfidenceThreshold, _options.AmbiguityMargin))));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _model?.Model.Dispose();
        }
    }

    private LoadedModel EnsureModel()
    {
        if (Volatile.Read(ref _model) is { } model)
        {
            return model;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_model is null)
            {
                var loaded = Train(forceTraining: false, CancellationToken.None);
                Volatile.Write(ref _model, loaded);
            }

            return _model;
        }
    }

    /// <summary>
    /// Follows another instance's retraining: when the added examples (<see cref="IAdditionalIntentExamples"/>) are no
    /// longer those of the model in use, the model for the new ones is loaded (from the cache, then the shared store;
    /// trained only when neither has it) and used from the next call on. False when the model in use is still the one.
    /// Slow only when it has to train; meanwhile the model in use keeps answering.
    /// </summary>
    public bool Refresh(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _model) is not { } current)
        {
            return false; // not loaded yet: the first use loads the latest anyway
        }

        var training = CurrentTraining();
        if (Fingerprint(training) == current.Fingerprint)
        {
            return false;
        }

        var loaded = Train(forceTraining: false, cancellationToken, training);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // The old model is not disposed: calls in flight may still be using it.
            Volatile.Write(ref _model, loaded);
        }
        return true;
    }

    private LoadedModel Train(bool forceTraining, CancellationToken cancellationToken, List<IntentExample>? training = null)
    {
        var started = _timeProvider.GetTimestamp();
        training ??= CurrentTraining();
        var fingerprint = Fingerprint(training);
        var (store, path) = CacheFor(fingerprint);

        var unreadable = false;
        var model = forceTraining ? null : store?.TryLoad(path!, out unreadable);
        var source = IntentModelSource.LoadedFromCache;
        if (model is null && !forceTraining && LoadShared(fingerprint) is { } shared)
        {
            model = shared;
            source = IntentModelSource.LoadedFromShared;
            store?.TrySave(model, path!, replaceExisting: unreadable);
        }
        if (model is null)
        {
            model = new IntentModelTrainer(_embedder, _trainingOptions).Train(training, calibration: null, cancellationToken);
            source = IntentModelSource.Trained;
            store?.TrySave(model, path!, replaceExisting: unreadable || forceTraining);
            SaveShared(fingerprint, model);
        }

        var info = new IntentModelInfo(source, path, model.Intents, _timeProvider.GetElapsedTime(started)) { Calibration = model.Calibration };
        IntentClassifierLog.ModelReady(_logger, source, model.Intents.Count, info.LoadTime.TotalMilliseconds, path);
        IntentClassifierLog.Calibrated(_logger, model.Calibration.ConfidenceThreshold, model.Calibration.AmbiguityMargin, model.Calibration.InScopeAccuracy, model.Calibration.OosRecall, model.Calibration.Method);
        return new LoadedModel(model, info, fingerprint);
    }

    // An added example the data cannot take (an intent since removed) is left out rather than stopping the bot.
    private List<IntentExample> CurrentTraining() => WithAdditional([.. (_additional?.Load() ?? []).Where(IsValidAddition)]);

    private string Fingerprint(IReadOnlyList<IntentExample> training) => IntentModelStore.Fingerprint(training, _embedder.ModelId, _trainingOptions);

    /// <summary>The shared store's model, or null when it has none or cannot be reached (then the model is trained here).</summary>
    private IntentModel? LoadShared(string fingerprint)
    {
        if (_shared is null)
        {
            return null;
        }
        try
        {
            return _shared.TryLoad(fingerprint);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IntentClassifierLog.SharedModelUnavailable(_logger, fingerprint, ex);
            return null;
        }
    }

    /// <summary>Saves to the shared store; a failure is logged, and the other instances then train the model themselves.</summary>
    private void SaveShared(string fingerprint, IntentModel model)
    {
        if (_shared is null)
        {
            return;
        }
        try
        {
            _shared.Save(fingerprint, model);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IntentClassifierLog.SharedModelUnavailable(_logger, fingerprint, ex);
        }
    }

    private (IntentModelStore? Store, string? Path) CacheFor(string fingerprint)
    {
        if (string.IsNullOrWhiteSpace(_options.ModelDirectory))
        {
            IntentClassifierLog.NoModelDirectory(_logger);
            return (null, null);
        }

        var store = new IntentModelStore(_options.ModelDirectory, _logger);
        return (store, store.PathFor(fingerprint));
    }

    /// <summary>The shipped training data followed by <paramref name="additional"/>, each of which must name a class the data already has.</summary>
    private List<IntentExample> WithAdditional(IReadOnlyList<IntentExample> additional)
    {
        foreach (var example in additional)
        {
            if (!IsValidAddition(example))
            {
                throw new ArgumentException($"An added example must have text, a language and one of the model's intents; '{example.Intent}' is not one.", nameof(additional));
            }
        }

        return [.. _builtIn, .. additional];
    }

    private bool IsValidAddition(IntentExample example) =>
        !string.IsNullOrWhiteSpace(example.Text) && !string.IsNullOrWhiteSpace(example.Language) && Intents.Contains(example.Intent);

    /// <summary>The classes of the shipped training data (out-of-scope included): what an added example may be labelled.</summary>
    public IReadOnlySet<string> Intents => _intents ??= _builtIn.Select(e => e.Intent).ToHashSet(StringComparer.Ordinal);

    private sealed record LoadedModel(IntentModel Model, IntentModelInfo Info, string Fingerprint);
}
