using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Classifier;

/// <summary>Settings of the intent classifier, bound from the "Classifier" configuration section.</summary>
public sealed class ClassifierOptions
{
    public const string SectionName = "Classifier";

    /// <summary>
    /// Where trained models are cached (<c>intent-model-&lt;hash&gt;.zip</c>). The host sets it to <c>&lt;data dir&gt;/models</c>
    /// when it is empty; left empty, the model is trained in memory in every process and never cached.
    /// </summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>
    /// The best in-scope intent needs at least this probability, otherwise the message is out of scope. The default is
    /// the best balanced accuracy in 5-fold cross-validation on the training data (see ThresholdCalibration).
    /// </summary>
    [Range(0.0, 1.0)]
    public float ConfidenceThreshold { get; set; } = 0.5f;

    /// <summary>
    /// When the top two in-scope intents are closer than this, the prediction is marked ambiguous so the bot can ask
    /// which one was meant. The default is the middle of the margins that, in 5-fold cross-validation on the training data,
    /// questioned wrong answers at least as often as right ones (0–0.35 questioned none at all; see ThresholdCalibration).
    /// </summary>
    [Range(0.0, 1.0)]
    public float AmbiguityMargin { get; set; } = 0.2f;
}
