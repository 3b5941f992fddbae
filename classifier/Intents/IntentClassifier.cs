using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>Where the model in use came from.</summary>
public enum IntentModelSource
{
    /// <summary>Trained in this process from the embedded training data.</summary>
    Trained,

    /// <summary>Loaded from the model cache in <see cref="ClassifierOptions.ModelDirectory"/>.</summary>
    LoadedFromCache,
}

/// <summary>The model the classifier uses: where it came from, its cache file (null without a model directory), its classes.</summary>
public sealed record IntentModelInfo(IntentModelSource Source, string? ModelPath, IReadOnlyList<string> Intents, TimeSpan LoadTime);

/// <summary>
/// The ML.NET intent classifier. The model is loaded from the cache or trained on first use (or by <see cref="WarmUp"/>,
/// which <c>AddClassifier</c> calls when the host starts), once per instance. <see cref="Classify"/> is thread-safe:
/// prediction engines are not, so each call borrows one from a pool.
/// </summary>
public sealed class IntentClassifier : IIntentClassifier, IDisposable
{
    private readonly ClassifierOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<IntentExample> _training;
    private readonly Lock _gate = new();
    private LoadedModel? _model;
    private bool _disposed;

    public IntentClassifier(IOptions<ClassifierOptions> options, ILogger<IntentClassifier> logger, TimeProvider timeProvider)
        : this(options.Value, logger, timeProvider, IntentExamples.Training)
    {
    }

    internal IntentClassifier(ClassifierOptions options, ILogger logger, TimeProvider timeProvider, IReadOnlyList<IntentExample> training)
    {
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _training = training;
    }

    /// <summary>The model in use, or null before the first <see cref="Classify"/> or <see cref="WarmUp"/>.</summary>
    public IntentModelInfo? Model => Volatile.Read(ref _model)?.Info;

    /// <summary>Loads or trains the model now instead of on the first message. Safe to call more than once.</summary>
    public IntentModelInfo WarmUp() => EnsureModel().Info;

    /// <summary>
    /// Classifies one utterance. Out of scope (confidence = 1 − best in-scope probability) when the model ranks out of
    /// scope first or the best in-scope intent is under <see cref="ClassifierOptions.ConfidenceThreshold"/>; empty text is
    /// out of scope with confidence 0 and an empty ranking. Only in-scope predictions are ever marked ambiguous.
    /// </summary>
    public IntentPrediction Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0)
        {
            return IntentDecision.Nothing;
        }

        var model = EnsureModel();
        var engine = model.Engines.Get();
        try
        {
            var scores = engine.Predict(new IntentRow { Text = normalized }).Score;
            return IntentDecision.Decide(IntentModelTrainer.Rank(model.ClassNames, scores), _options.ConfidenceThreshold, _options.AmbiguityMargin);
        }
        finally
        {
            model.Engines.Return(engine);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _model?.Dispose();
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
                var loaded = Load();
                Volatile.Write(ref _model, loaded);
            }

            return _model;
        }
    }

    private LoadedModel Load()
    {
        var started = _timeProvider.GetTimestamp();
        var ml = IntentModelTrainer.CreateContext();
        var inputSchema = ml.Data.LoadFromEnumerable(Array.Empty<IntentRow>()).Schema;

        IntentModelStore? store = null;
        string? path = null;
        if (!string.IsNullOrWhiteSpace(_options.ModelDirectory))
        {
            store = new IntentModelStore(_options.ModelDirectory, _logger);
            path = store.PathFor(IntentModelStore.Fingerprint(_training));
        }
        else
        {
            IntentClassifierLog.NoModelDirectory(_logger);
        }

        var unreadable = false;
        var model = store?.TryLoad(ml, path!, out unreadable);
        var source = IntentModelSource.LoadedFromCache;
        if (model is null)
        {
            model = IntentModelTrainer.Train(ml, _training);
            source = IntentModelSource.Trained;
            store?.TrySave(ml, model, inputSchema, path!, replaceExisting: unreadable);
        }

        var classNames = IntentModelTrainer.ClassNames(model, inputSchema);
        var info = new IntentModelInfo(source, path, classNames, _timeProvider.GetElapsedTime(started));
        IntentClassifierLog.ModelReady(_logger, source, classNames.Length, info.LoadTime.TotalMilliseconds, path);
        return new LoadedModel(ml, model, classNames, info);
    }

    private sealed class LoadedModel : IDisposable
    {
        public LoadedModel(MLContext ml, ITransformer model, string[] classNames, IntentModelInfo info)
        {
            ClassNames = classNames;
            Info = info;
            // Like PredictionEnginePool: engines are reused across calls, at most a few per core are kept.
            Engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }
                .Create(new EnginePolicy(ml, model));
        }

        public string[] ClassNames { get; }

        public IntentModelInfo Info { get; }

        public ObjectPool<PredictionEngine<IntentRow, IntentScores>> Engines { get; }

        public void Dispose() => (Engines as IDisposable)?.Dispose();
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<IntentRow, IntentScores>>
    {
        public override PredictionEngine<IntentRow, IntentScores> Create() => ml.Model.CreatePredictionEngine<IntentRow, IntentScores>(model);

        public override bool Return(PredictionEngine<IntentRow, IntentScores> engine) => true;
    }
}
