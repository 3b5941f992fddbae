using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Benchmarks.Int8;

/// <summary>
/// Embeds every text of a batch on its own, as the bot embeds a message. With dynamic quantisation the texts of one
/// model run share one activation scale (taken over the whole batch, padding included), so an int8 vector depends on
/// its batch mates; fp32 vectors do not (cosine 1.00000 batched vs alone). The two cores still share the work.
/// </summary>
internal sealed class OneAtATimeEmbedder(ISentenceEmbedder inner) : ISentenceEmbedder
{
    public int Dimensions => inner.Dimensions;

    public string ModelId => $"{inner.ModelId}/one-at-a-time";

    public float[] Embed(string text) => inner.Embed(text);

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        Parallel.For(
            0,
            texts.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            i => vectors[i] = inner.Embed(texts[i]));
        return vectors;
    }
}
