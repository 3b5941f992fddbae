using HelpdeskBot.Classifier.Intents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Tests;

/// <summary>
/// One classifier trained on the shipped data with the default options, shared by the tests that only read it (training
/// with the cross-validated calibration takes most of this project's test time).
/// </summary>
public sealed class TrainedClassifierFixture : IDisposable
{
    private readonly TempDirectory _models = new();

    public TrainedClassifierFixture()
    {
        Options = new ClassifierOptions { ModelDirectory = _models.Path };
        Classifier = new IntentClassifier(Microsoft.Extensions.Options.Options.Create(Options), TestEmbedder.Instance, NullLogger<IntentClassifier>.Instance, TimeProvider.System);
        Model = Classifier.WarmUp();
    }

    public ClassifierOptions Options { get; }

    public IntentClassifier Classifier { get; }

    public IntentModelInfo Model { get; }

    public string ModelDirectory => _models.Path;

    public void Dispose()
    {
        Classifier.Dispose();
        _models.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedClassifierGroup : ICollectionFixture<TrainedClassifierFixture>
{
    public const string Name = "Trained classifier";
}
