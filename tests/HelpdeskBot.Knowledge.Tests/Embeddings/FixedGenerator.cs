using Microsoft.Extensions.AI;

namespace HelpdeskBot.Knowledge.Tests.Embeddings;

/// <summary>
/// A generator that answers each text with <see cref="FakeEmbeddingServer.VectorFor"/> (not unit length) and records the
/// size of every call; <see cref="Drop"/> makes it return fewer embeddings than asked for.
/// </summary>
internal sealed class FixedGenerator(EmbeddingGeneratorMetadata? metadata = null) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly List<int> _calls = [];

    public IReadOnlyList<int> Calls => _calls;

    public int Drop { get; set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        _calls.Add(texts.Length);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(
            texts.Skip(Drop).Select(text => new Embedding<float>(FakeEmbeddingServer.VectorFor(text)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata : null;

    public void Dispose()
    {
    }
}
