using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using HelpdeskBot.Knowledge.Embeddings;
using Microsoft.Extensions.AI;

namespace HelpdeskBot.Knowledge.Retrieval;

/// <summary>
/// The vectors of recent questions, so a question many readers ask ("how many days do I have to return an item") is
/// embedded once rather than at every search — a MiniLM run, or a call to the embedding endpoint when one is configured.
/// Keyed by the SHA-256 of the embedded text (no question is kept in memory); a hit returns a copy of the vector the
/// generator gave. When <c>capacity</c> distinct questions have been seen the cache starts again empty: simpler than
/// least-recently-used order, and questions asked often are back after one search. <c>capacity</c> 0: every question is
/// embedded. Thread-safe.
/// </summary>
public sealed class QueryVectors(IEmbeddingGenerator<string, Embedding<float>> generator, int capacity)
{
    private readonly ConcurrentDictionary<UInt128, float[]> _vectors = new();
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (capacity <= 0)
        {
            return (await generator.EmbedAsync([text], cancellationToken).ConfigureAwait(false))[0];
        }

        var key = Key(text);
        if (_vectors.TryGetValue(key, out var known))
        {
            Interlocked.Increment(ref _hits);
            return (float[])known.Clone();
        }

        var vector = (await generator.EmbedAsync([text], cancellationToken).ConfigureAwait(false))[0];
        Interlocked.Increment(ref _misses);
        if (_vectors.Count >= capacity)
        {
            _vectors.Clear();
        }
        _vectors.TryAdd(key, (float[])vector.Clone());
        return vector;
    }

    private static UInt128 Key(string text) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
