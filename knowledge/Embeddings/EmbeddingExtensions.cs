using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace HelpdeskBot.Knowledge.Embeddings;

/// <summary>What the knowledge base needs of any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, local or remote.</summary>
public static class EmbeddingExtensions
{
    /// <summary>Texts per <see cref="IEmbeddingGenerator{TInput, TEmbedding}.GenerateAsync"/> call.</summary>
    public const int BatchSize = 64;

    // A float32 vector scaled to unit length is within about 1e-6 of it; anything further was not scaled.
    private const float UnitTolerance = 1e-4f;

    /// <summary>
    /// Embeds <paramref name="texts"/> in calls of <see cref="BatchSize"/>, returning one unit-length vector per text in
    /// input order (a generator that does not scale its vectors gets them scaled here).
    /// </summary>
    /// <exception cref="EmbeddingServiceException">The generator returned another number of embeddings than texts, or a zero vector.</exception>
    public static async Task<float[][]> EmbedAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<string> texts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(texts);

        var vectors = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += BatchSize)
        {
            var batch = texts.Skip(start).Take(BatchSize).ToArray();
            var embeddings = await generator.GenerateAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != batch.Length)
            {
                throw new EmbeddingServiceException($"The embedding generator returned {embeddings.Count} embeddings for {batch.Length} texts.");
            }

            for (var i = 0; i < batch.Length; i++)
            {
                vectors[start + i] = UnitLength(embeddings[i].Vector.ToArray());
            }
        }

        return vectors;
    }

    /// <summary>
    /// "{provider}/{model}/{dimensions}" from the generator's metadata, e.g.
    /// <c>openai-compatible/text-embedding-3-small/1536</c>: stored vectors carry it, and vectors with another key are
    /// re-embedded rather than compared with the current model's.
    /// </summary>
    /// <exception cref="InvalidOperationException">The length is not known yet: configure it, or call <see cref="GetDimensionsAsync"/> first.</exception>
    public static string ModelKey(this IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var provider = metadata?.ProviderName ?? generator.GetType().Name;
        var model = metadata?.DefaultModelId ?? "default";
        var dimensions = metadata?.DefaultModelDimensions
            ?? throw new InvalidOperationException(
                $"The vector length of {provider}/{model} is not known yet; set {EmbeddingOptions.SectionName}:Dimensions or embed something first.");
        return $"{provider}/{model}/{dimensions}";
    }

    /// <summary>
    /// The generator's vector length from its metadata or, when it only learns it from an answer (a remote model whose
    /// length is not configured), by embedding one short text.
    /// </summary>
    public static async Task<int> GetDimensionsAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions is { } known)
        {
            return known;
        }

        var probe = await generator.GenerateAsync(["dimensions"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return probe.Count == 1
            ? probe[0].Dimensions
            : throw new EmbeddingServiceException($"The embedding generator returned {probe.Count} embeddings for 1 text.");
    }

    private static float[] UnitLength(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm == 0)
        {
            throw new EmbeddingServiceException("The embedding generator returned a vector that cannot be scaled to unit length.");
        }

        if (Math.Abs(norm - 1) > UnitTolerance)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
