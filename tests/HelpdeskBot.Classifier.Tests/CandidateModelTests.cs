using HelpdeskBot.Classifier.Intents;
using Microsoft.Extensions.Logging.Abstractions;

namespace HelpdeskBot.Classifier.Tests;

/// <summary>
/// Training a candidate with added examples next to the model in use, promoting it, and loading it again at start
/// through <see cref="IAdditionalIntentExamples"/>: on a third of the training data with the cheapest settings (the
/// mechanics do not depend on how good the model is).
/// </summary>
public sealed class CandidateModelTests : IDisposable
{
    private static readonly IReadOnlyList<IntentExample> SmallTraining = [.. IntentExamples.Training.Where((_, i) => i % 3 == 0)];
    private static readonly IntentTrainingOptions QuickTraining = new() { CharacterNGrams = false, CrossValidationFolds = 2 };
    private static readonly IntentExample[] Added =
    [
        new(IntentNames.OrderStatus, "en", "has the courier collected my parcel"),
        new(IntentNames.OrderStatus, "en", "is my parcel with the courier yet"),
    ];

    private readonly TempDirectory _models = new();

    public void Dispose() => _models.Dispose();

    private IntentClassifier NewClassifier(IReadOnlyList<IntentExample>? additional = null) =>
        new(new ClassifierOptions { ModelDirectory = _models.Path }, TestEmbedder.Instance, NullLogger.Instance, TimeProvider.System, SmallTraining, QuickTraining,
            additional is null ? null : new FixedExamples(additional));

    [Fact]
    public void A_candidate_leaves_the_model_in_use_alone_until_promoted_and_a_restart_with_its_examples_loads_it()
    {
        using var classifier = NewClassifier();
        var inUse = classifier.WarmUp();

        using var candidate = classifier.TrainCandidate(Added);

        Assert.Same(inUse, classifier.Model);
        Assert.Equal(Added, candidate.Added);
        Assert.Equal(IntentModelStore.Fingerprint([.. SmallTraining, .. Added], TestEmbedder.Instance.ModelId, QuickTraining),
            Path.GetFileNameWithoutExtension(candidate.Info.ModelPath)!["intent-model-".Length..]);
        Assert.False(File.Exists(candidate.Info.ModelPath));
        var heldOut = IntentExamples.HeldOut.Where((_, i) => i % 5 == 0).ToList();
        var current = classifier.Evaluate(heldOut);
        var evaluated = classifier.Evaluate(candidate, heldOut);
        Assert.Equal(heldOut.Count, evaluated.Overall.Total);
        Assert.Equal(current.Overall.Total, evaluated.Overall.Total);

        var promoted = classifier.Promote(candidate);

        Assert.Same(promoted, classifier.Model);
        Assert.True(File.Exists(promoted.ModelPath));
        Assert.Throws<ObjectDisposedException>(() => classifier.Evaluate(candidate, heldOut));
        using var restarted = NewClassifier(Added);
        var loaded = restarted.WarmUp();
        Assert.Equal(IntentModelSource.LoadedFromCache, loaded.Source);
        Assert.Equal(promoted.ModelPath, loaded.ModelPath);
        using var withoutExamples = NewClassifier([]);
        Assert.Equal(inUse.ModelPath, withoutExamples.WarmUp().ModelPath);
    }

    [Fact]
    public void An_added_example_must_name_an_intent_of_the_data_and_a_stored_one_that_does_not_is_left_out_at_start()
    {
        using var classifier = NewClassifier([new IntentExample("order.teleport", "en", "beam my parcel over"), Added[0]]);

        Assert.Throws<ArgumentException>(() => classifier.TrainCandidate([new IntentExample("order.teleport", "en", "beam my parcel over")]));
        Assert.Throws<ArgumentException>(() => classifier.TrainCandidate([new IntentExample(IntentNames.OrderStatus, "en", " ")]));
        var model = classifier.WarmUp();
        Assert.Equal(IntentModelStore.Fingerprint([.. SmallTraining, Added[0]], TestEmbedder.Instance.ModelId, QuickTraining),
            Path.GetFileNameWithoutExtension(model.ModelPath)!["intent-model-".Length..]);
        Assert.Contains(IntentNames.OrderStatus, classifier.Intents);
        Assert.DoesNotContain("order.teleport", classifier.Intents);
    }

    private sealed class FixedExamples(IReadOnlyList<IntentExample> examples) : IAdditionalIntentExamples
    {
        public IReadOnlyList<IntentExample> Load() => examples;
    }
}
