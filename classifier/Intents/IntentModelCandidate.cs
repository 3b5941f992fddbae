namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// Utterances added to the classifier's shipped training data, read when the model is first loaded. The host supplies
/// them (e.g. the examples admins promoted from the bot's unanswered questions); they are part of the model cache's key.
/// Implementations must not throw: return nothing when the store cannot be read.
/// </summary>
public interface IAdditionalIntentExamples
{
    IReadOnlyList<IntentExample> Load();
}

/// <summary>
/// Trained intent models kept where every instance of the bot reads them (the host keeps them in its database), by the
/// fingerprint of the data they were trained on: an instance loads a model another trained or promoted instead of
/// training it again. Implementations may throw when the store cannot be reached; the classifier then trains.
/// </summary>
public interface ISharedIntentModels
{
    /// <summary>The model trained on the data with <paramref name="fingerprint"/>, or null when none is kept.</summary>
    IntentModel? TryLoad(string fingerprint);

    /// <summary>Keeps <paramref name="model"/> under <paramref name="fingerprint"/> (a second save of the same one is harmless).</summary>
    void Save(string fingerprint, IntentModel model);
}

/// <summary>
/// A model trained by <see cref="IntentClassifier.TrainCandidate"/> next to the one in use: evaluated, then promoted
/// (<see cref="IntentClassifier.Promote"/>) or disposed. It holds native ML.NET resources until one of the two.
/// </summary>
public sealed class IntentModelCandidate : IDisposable
{
    private IntentModel? _model;

    internal IntentModelCandidate(IntentModel model, IReadOnlyList<IntentExample> added, IntentModelInfo info)
    {
        _model = model;
        Added = added;
        Info = info;
    }

    /// <summary>The examples it was trained on besides the shipped data.</summary>
    public IReadOnlyList<IntentExample> Added { get; }

    /// <summary>Its classes, how long training took and its calibration.</summary>
    public IntentModelInfo Info { get; }

    internal IntentModel Model => _model ?? throw new ObjectDisposedException(nameof(IntentModelCandidate), "The candidate was promoted or disposed.");

    /// <summary>Hands the model over (to the classifier that promotes it): disposing the candidate no longer disposes it.</summary>
    internal IntentModel Take() => Interlocked.Exchange(ref _model, null) ?? throw new ObjectDisposedException(nameof(IntentModelCandidate), "The candidate was promoted or disposed.");

    public void Dispose() => Interlocked.Exchange(ref _model, null)?.Dispose();
}
