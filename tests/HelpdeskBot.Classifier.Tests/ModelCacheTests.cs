using HelpdeskBot.Classifier.Intents;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpdeskBot.Classifier.Tests;

public sealed class ModelCacheTests : IDisposable
{
    // Every third training row and the cheapest settings: the cache does not care how good the model is, and the tests
    // train several times.
    private static readonly IReadOnlyList<IntentExample> SmallTraining = [.. IntentExamples.Training.Where((_, i) => i % 3 == 0)];
    private static readonly IntentTrainingOptions QuickTraining = new() { CharacterNGrams = false, CrossValidationFolds = 2 };

    private static readonly string[] Probes = ["where is my order ORD-100123", "halo kak", "what can you do", "tell me a joke"];

    private readonly TempDirectory _models = new();

    public void Dispose() => _models.Dispose();

    private IntentClassifier NewClassifier(IReadOnlyList<IntentExample>? training = null, string? modelDirectory = null) =>
        new(new ClassifierOptions { ModelDirectory = modelDirectory ?? _models.Path }, TestEmbedder.Instance, NullLogger.Instance, TimeProvider.System, training ?? SmallTraining, QuickTraining);

    private static string Fingerprint(IReadOnlyList<IntentExample> training) =>
        IntentModelStore.Fingerprint(training, TestEmbedder.Instance.ModelId, QuickTraining);

    private string[] ModelFiles() => Directory.GetFiles(_models.Path, "intent-model-*.zip");

    private string[] TemporaryFiles() => Directory.GetFiles(_models.Path, "*.tmp");

    [Fact]
    public void First_use_trains_and_saves_the_model_under_a_name_that_hashes_the_data_and_pipeline()
    {
        using var classifier = NewClassifier();

        var model = classifier.WarmUp();

        Assert.Equal(IntentModelSource.Trained, model.Source);
        var expectedPath = Path.Combine(_models.Path, $"intent-model-{Fingerprint(SmallTraining)}.zip");
        Assert.Equal(expectedPath, model.ModelPath);
        Assert.Equal([expectedPath], ModelFiles());
        Assert.Empty(TemporaryFiles());
    }

    [Fact]
    public void A_second_instance_loads_the_cached_model_without_training_and_predicts_the_same()
    {
        using var first = NewClassifier();
        var trained = first.WarmUp();
        var writtenAt = File.GetLastWriteTimeUtc(trained.ModelPath!);

        using var second = NewClassifier();
        var loaded = second.WarmUp();

        Assert.Equal(IntentModelSource.LoadedFromCache, loaded.Source);
        Assert.Equal(trained.ModelPath, loaded.ModelPath);
        Assert.Equal(trained.Intents, loaded.Intents);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(loaded.ModelPath!));
        Assert.All(Probes, text => Assert.Equal(first.Classify(text), second.Classify(text), PredictionComparer.Instance));
    }

    [Fact]
    public void Changed_training_data_gets_its_own_model_file_and_is_retrained()
    {
        using var original = NewClassifier();
        var originalModel = original.WarmUp();

        IReadOnlyList<IntentExample> changed = [.. SmallTraining, new IntentExample(IntentNames.OrderStatus, "en", "where on earth is my parcel")];
        using var retrained = NewClassifier(changed);
        var changedModel = retrained.WarmUp();

        Assert.NotEqual(Fingerprint(SmallTraining), Fingerprint(changed));
        Assert.Equal(IntentModelSource.Trained, changedModel.Source);
        Assert.NotEqual(originalModel.ModelPath, changedModel.ModelPath);
        Assert.Equal(2, ModelFiles().Length);
    }

    [Fact]
    public void A_fingerprint_ignores_nothing_that_the_model_sees()
    {
        IReadOnlyList<IntentExample> relabelled = [.. SmallTraining.Select((e, i) => i == 0 ? e with { Intent = IntentNames.OutOfScope } : e)];
        IReadOnlyList<IntentExample> reworded = [.. SmallTraining.Select((e, i) => i == 0 ? e with { Text = e.Text + " please" } : e)];
        IReadOnlyList<IntentExample> recased = [.. SmallTraining.Select((e, i) => i == 0 ? e with { Text = e.Text.ToUpperInvariant() } : e)];

        var fingerprint = Fingerprint(SmallTraining);

        Assert.NotEqual(fingerprint, Fingerprint(relabelled));
        Assert.NotEqual(fingerprint, Fingerprint(reworded));
        // Upper case normalises away, so the model would be identical: no retraining needed.
        Assert.Equal(fingerprint, Fingerprint(recased));
    }

    [Fact]
    public async Task Two_instances_that_start_together_both_get_a_model_and_leave_one_complete_file()
    {
        using var first = NewClassifier();
        using var second = NewClassifier();

        using var start = new Barrier(2);
        var models = await Task.WhenAll(new[] { first, second }
            .Select(classifier => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return classifier.WarmUp();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));

        Assert.All(models, m => Assert.NotNull(m.ModelPath));
        Assert.Single(ModelFiles());
        Assert.Empty(TemporaryFiles());
        Assert.All(Probes, text => Assert.Equal(first.Classify(text), second.Classify(text), PredictionComparer.Instance));
        using var third = NewClassifier();
        Assert.Equal(IntentModelSource.LoadedFromCache, third.WarmUp().Source);
    }

    [Fact]
    public void An_unreadable_cache_file_is_replaced_by_a_retrained_model()
    {
        var path = Path.Combine(_models.Path, IntentModelStore.FileName(Fingerprint(SmallTraining)));
        File.WriteAllText(path, "not a model");

        using var classifier = NewClassifier();
        var model = classifier.WarmUp();

        Assert.Equal(IntentModelSource.Trained, model.Source);
        Assert.Equal(IntentNames.OrderStatus, classifier.Classify("where is my order ORD-100123").Intent);
        using var next = NewClassifier();
        Assert.Equal(IntentModelSource.LoadedFromCache, next.WarmUp().Source);
    }

    [Fact]
    public void Without_a_model_directory_the_model_is_trained_in_memory_only()
    {
        using var classifier = NewClassifier(modelDirectory: "");

        var model = classifier.WarmUp();

        Assert.Equal(IntentModelSource.Trained, model.Source);
        Assert.Null(model.ModelPath);
        Assert.Empty(Directory.GetFileSystemEntries(_models.Path));
    }

    [Fact]
    public void The_model_is_loaded_once_and_only_when_first_needed()
    {
        using var classifier = NewClassifier();
        Assert.Null(classifier.Model);

        classifier.Classify("hi");
        var model = classifier.Model;

        Assert.NotNull(model);
        Assert.Same(model, classifier.WarmUp());
    }

    [Fact]
    public void Other_training_settings_or_another_embedding_model_get_their_own_cache_file()
    {
        var fingerprint = Fingerprint(SmallTraining);

        Assert.NotEqual(fingerprint, IntentModelStore.Fingerprint(SmallTraining, TestEmbedder.Instance.ModelId, QuickTraining with { L2Regularization = 0.1f }));
        Assert.NotEqual(fingerprint, IntentModelStore.Fingerprint(SmallTraining, "another-model", QuickTraining));
    }

    [Fact]
    public void Train_now_retrains_even_with_a_cached_model_and_replaces_the_file()
    {
        using var first = NewClassifier();
        var cached = first.WarmUp();
        var writtenAt = File.GetLastWriteTimeUtc(cached.ModelPath!);

        using var second = NewClassifier();
        var retrained = second.TrainNow();

        Assert.Equal(IntentModelSource.Trained, retrained.Source);
        Assert.Same(retrained, second.Model);
        Assert.Equal(cached.ModelPath, retrained.ModelPath);
        Assert.True(File.GetLastWriteTimeUtc(retrained.ModelPath!) >= writtenAt);
        Assert.Single(ModelFiles());
        Assert.All(Probes, text => Assert.Equal(first.Classify(text), second.Classify(text), PredictionComparer.Instance));
    }

    private sealed class PredictionComparer : IEqualityComparer<IntentPrediction>
    {
        public static readonly PredictionComparer Instance = new();

        public bool Equals(IntentPrediction? x, IntentPrediction? y) =>
            x is not null && y is not null && x.Intent == y.Intent && x.Confidence == y.Confidence && x.IsAmbiguous == y.IsAmbiguous
            && x.Ranking.SequenceEqual(y.Ranking);

        public int GetHashCode(IntentPrediction obj) => obj.Intent.GetHashCode(StringComparison.Ordinal);
    }
}
