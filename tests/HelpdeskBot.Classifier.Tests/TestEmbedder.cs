using System.Collections.Concurrent;
using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Tests;

/// <summary>
/// The real MiniLM embedder, one per test process, remembering what it embedded: the tests train several models on the
/// same utterances and would otherwise embed them again each time (~5 ms each).
/// </summary>
internal sealed class TestEmbedder : ISentenceEmbedder, IDisposable
{
    public static readonly TestEmbedder Instance = new();

    private readonly MiniLmSentenceEmbedder _inner = new();
    private readonly ConcurrentDictionary<string, float[]> _seen = new(StringComparer.Ordinal);

    public int Dimensions => _inner.Dimensions;

    public string ModelId => _inner.ModelId;

    public float[] Embed(string text) => _seen.GetOrAdd(text, _inner.Embed);

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var missing = texts.Where(t => !_seen.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var (text, vector) in missing.Zip(_inner.EmbedBatch(missing, cancellationToken)))
        {
            _seen.TryAdd(text, vector);
        }

        return [.. texts.Select(t => _seen[t])];
    }

    // The shared instance lives as long as the test process; ONNX Runtime releases the session at exit.
    public void Dispose() => _inner.Dispose();
}
