using HelpdeskBot.Classifier.Intents;
using Xunit.Abstractions;

namespace HelpdeskBot.Classifier.Tests;

[Collection(TrainedClassifierGroup.Name)]
public sealed class CalibrationTests(TrainedClassifierFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void The_threshold_and_margin_come_from_cross_validation_on_the_training_data()
    {
        var calibration = fixture.Model.Calibration!;
        output.WriteLine(calibration.ToString());

        Assert.Contains("cross-validation on the training data", calibration.Method, StringComparison.Ordinal);
        // A threshold at either end would mean the confidence separates nothing.
        Assert.InRange(calibration.ConfidenceThreshold, 0.1f, 0.9f);
        Assert.InRange(calibration.AmbiguityMargin, 0f, 0.5f);
    }

    [Fact]
    public void Cross_validated_accuracy_on_the_training_data_stays_above_the_measured_floor()
    {
        var calibration = fixture.Model.Calibration!;
        output.WriteLine(calibration.ToString());

        // Measured 86% in-scope and 92% OOS recall with 3 folds on the ~2,400 training rows: lower than on the held-out
        // split because each fold trains on two thirds of the data and the short, odd utterances have no twin elsewhere.
        Assert.True(calibration.InScopeAccuracy >= 0.80, calibration.ToString());
        Assert.True(calibration.OosRecall >= 0.88, calibration.ToString());
    }

    [Fact]
    public void Configured_thresholds_override_the_calibrated_ones()
    {
        using var strict = new IntentClassifier(
            new ClassifierOptions { ModelDirectory = fixture.ModelDirectory, ConfidenceThreshold = 1f, AmbiguityMargin = 0f },
            TestEmbedder.Instance,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            TimeProvider.System,
            IntentExamples.Training);

        var prediction = strict.Classify("where is my order ORD-100123?");

        Assert.Equal(IntentModelSource.LoadedFromCache, strict.Model?.Source);
        Assert.Equal(IntentNames.OutOfScope, prediction.Intent);
        Assert.Equal(IntentNames.OrderStatus, prediction.Ranking[0].Intent);
    }

    [Fact]
    public void The_confidence_calibrator_separates_right_from_wrong_and_copes_with_one_sided_data()
    {
        double[] Features(double p) => [p, 1 - p, p / 2, p, p, 0, 1, 1];
        var features = Enumerable.Range(0, 40).Select(i => Features(i / 40.0)).ToList();
        var right = features.Select(f => f[0] > 0.5).ToList();

        var calibrator = ConfidenceCalibrator.Fit(features, right);
        var oneSided = ConfidenceCalibrator.Fit(features, [.. right.Select(_ => true)]);

        Assert.True(calibrator.Confidence(Features(0.9)) > 0.8);
        Assert.True(calibrator.Confidence(Features(0.1)) < 0.2);
        Assert.True(oneSided.Confidence(Features(0.1)) > 0.9);
    }
}
