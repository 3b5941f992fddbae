namespace HelpdeskBot.Classifier.Intents;

/// <summary>One intent and the classifier's probability for it.</summary>
public sealed record IntentScore(string Intent, float Score);

/// <summary>
/// The classifier's decision for one utterance. <see cref="Intent"/> is <see cref="IntentNames.OutOfScope"/> when the best
/// in-scope score is under the confidence threshold; <see cref="IsAmbiguous"/> is set when the top two in-scope intents are
/// closer than the ambiguity margin (the bot then asks which one was meant).
/// </summary>
public sealed record IntentPrediction(string Intent, float Confidence, bool IsAmbiguous, IReadOnlyList<IntentScore> Ranking);

/// <summary>Classifies an utterance into one of <see cref="IntentNames"/>. Implementations are thread-safe.</summary>
public interface IIntentClassifier
{
    IntentPrediction Classify(string text);
}
