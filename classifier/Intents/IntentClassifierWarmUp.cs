using Microsoft.Extensions.Hosting;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// Loads or trains the intent model while the host starts, so the first user does not wait for it and a broken model
/// fails the start rather than a conversation. Start waits for it: seconds on the first run, a fraction of one from cache.
/// A host (or test) that registers another <see cref="IIntentClassifier"/> skips it.
/// </summary>
internal sealed class IntentClassifierWarmUp(IIntentClassifier classifier) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        classifier is IntentClassifier model ? Task.Run(model.WarmUp, cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
