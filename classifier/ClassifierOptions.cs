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
    /// The calibrated confidence that the best in-scope intent is right must reach this, otherwise the message is out of
    /// scope. Unset (the default): the threshold calibrated when the model was trained, by cross-validation on the
    /// training data (see <c>IntentModel.Calibration</c>); set it only to trade in-scope answers for out-of-scope recall.
    /// </summary>
    [Range(0.0, 1.0)]
    public float? ConfidenceThreshold { get; set; }

    /// <summary>
    /// When the top two in-scope intents' probabilities are closer than this, the prediction is marked ambiguous so the
    /// bot can ask which one was meant. Unset (the default): the margin picked when the model was trained, the one that
    /// in cross-validation questioned wrong answers more often than right ones, questioning at most 5% of the right ones.
    /// </summary>
    [Range(0.0, 1.0)]
    public float? AmbiguityMargin { get; set; }

    /// <summary>
    /// Embed with an int8 copy of MiniLM (weights quantised at start; activations per call) instead of the shipped fp32
    /// model: measured 2.2–2.5× less CPU per message (about 4.0 → 1.9 ms on the 2-core machine), vectors at a mean cosine of
    /// 0.993 to fp32's, intent accuracy within measurement noise (docs/load.md, "An int8 embedding model"). Off by default.
    /// Switching it retrains the intent model at the next start (its cache key names the embedding model); run
    /// <c>kb reindex</c> then, which re-embeds the knowledge passages whose stored vectors carry the other model's key.
    /// </summary>
    public bool Int8Embeddings { get; set; }

    /// <summary>
    /// How many distinct messages' vectors to remember (<see cref="Intents.CachedSentenceEmbedder"/>), so a sentence many
    /// users send is embedded once; about 1.7 KB each. 0 turns the cache off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int EmbeddingCacheEntries { get; set; } = 4096;
}
