using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Classifier.Intents;

internal static partial class IntentClassifierLog
{
    [LoggerMessage(LogLevel.Information, "Intent model ready ({Source}, {ClassCount} classes) in {ElapsedMs:F0} ms; cache file {ModelPath}")]
    public static partial void ModelReady(ILogger logger, IntentModelSource source, int classCount, double elapsedMs, string? modelPath);

    [LoggerMessage(LogLevel.Warning, "Classifier:ModelDirectory is not set: the intent model is trained in memory and not cached")]
    public static partial void NoModelDirectory(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Cached intent model {ModelPath} cannot be read; retraining and replacing it")]
    public static partial void CachedModelUnreadable(ILogger logger, string modelPath, Exception exception);

    [LoggerMessage(LogLevel.Warning, "The shared intent model store did not answer for model {Fingerprint}; this instance trains the model itself")]
    public static partial void SharedModelUnavailable(ILogger logger, string fingerprint, Exception exception);

    [LoggerMessage(LogLevel.Information, "Intent model saved to {ModelPath}")]
    public static partial void ModelSaved(ILogger logger, string modelPath);

    [LoggerMessage(LogLevel.Information, "Intent model {ModelPath} was saved by another process first; keeping that file")]
    public static partial void ModelSavedByAnotherProcess(ILogger logger, string modelPath);

    [LoggerMessage(LogLevel.Warning, "Intent model could not be saved to {ModelPath}; it stays in memory only")]
    public static partial void ModelNotSaved(ILogger logger, string modelPath, Exception exception);

    [LoggerMessage(LogLevel.Information, "Intent model calibrated: threshold {Threshold:F3}, ambiguity margin {Margin:F2} ({InScopeAccuracy:P1} in-scope, {OosRecall:P1} OOS recall by {Method})")]
    public static partial void Calibrated(ILogger logger, float threshold, float margin, double inScopeAccuracy, double oosRecall, string method);
}
