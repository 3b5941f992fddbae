namespace HelpdeskBot.Classifier.Intents;

/// <summary>One intent and the classifier's probability for it.</summary>
public sealed record IntentScore(string Intent, float Score);

/// <summary>
/// The classifier's decision for one utterance. <see cref="Intent"/> is <see cref="IntentNames.OutOfScope"/> when the
/// calibrated confidence that the best in-scope intent is right is under the threshold (<see cref="Confidence"/> is then
/// the confidence that it is out of scope); <see cref="IsAmbiguous"/> is set when the top two in-scope intents of
/// <see cref="Ranking"/> (the classifier's class probabilities) are closer than the ambiguity margin, and the bot asks
/// which one was meant.
/// </summary>
public sealed record IntentPrediction(string Intent, float Confidence, bool IsAmbiguous, IReadOnlyList<IntentScore> Ranking)
{
    /// <summary>
    /// The utterance's sentence embedding (unit length, <see cref="ISentenceEmbedder.Dimensions"/> long), empty when none
    /// was computed. Hand it to the knowledge base rather than embedding the same message twice.
    /// </summary>
    public ReadOnlyMemory<float> Embedding { get; init; }
}

/// <summary>Classifies an utterance into one of <see cref="IntentNames"/>. Implementations are thread-safe.</summary>
public interface IIntentClassifier
{
    IntentPrediction Classify(string text);

    /// <summary>
    /// Classifies an utterance whose embedding the caller already has (from the <see cref="ISentenceEmbedder"/> that
    /// <c>AddClassifier</c> registers). Implementations that use no embeddings ignore it.
    /// </summary>
    IntentPrediction Classify(string text, ReadOnlyMemory<float> embedding) => Classify(text);
}
