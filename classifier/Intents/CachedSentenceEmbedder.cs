using System.Security.Cryptography;
using System.Text;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// Remembers the vectors of the last <c>capacity</c> distinct sentences given to <see cref="Embed"/>, so a sentence many
/// users send — a suggested action's text ("Yes", "Talk to a person", "Check my order"), a greeting, a common question —
/// is run through the model once and not at every turn (a model run is about a third of a turn's CPU). A hit returns a
/// copy of exactly the vector the model gave for that text alone, so answers do not change. Keys are SHA-256 hashes of
/// the text: the cache keeps no message in memory. <see cref="EmbedBatch"/> (training, evaluation, the inbox) passes
/// through. Least recently used first out; thread-safe.
/// </summary>
public sealed class CachedSentenceEmbedder : ISentenceEmbedder
{
    private readonly ISentenceEmbedder _inner;
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, LinkedListNode<(UInt128 Key, float[] Vector)>> _entries;
    private readonly LinkedList<(UInt128 Key, float[] Vector)> _recency = new();
    private long _hits;
    private long _misses;

    public CachedSentenceEmbedder(ISentenceEmbedder inner, int capacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _inner = inner;
        _capacity = capacity;
        _entries = new Dictionary<UInt128, LinkedListNode<(UInt128, float[])>>(capacity);
    }

    public int Dimensions => _inner.Dimensions;

    public string ModelId => _inner.ModelId;

    /// <summary>The embedder the vectors come from.</summary>
    public ISentenceEmbedder Inner => _inner;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = Key(text);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                Interlocked.Increment(ref _hits);
                return (float[])node.Value.Vector.Clone();
            }
        }

        // Outside the lock: a model run takes milliseconds, and two turns with the same new text may both run it.
        var vector = _inner.Embed(text);
        Interlocked.Increment(ref _misses);
        lock (_gate)
        {
            if (!_entries.ContainsKey(key))
            {
                _entries[key] = _recency.AddFirst((key, (float[])vector.Clone()));
                if (_entries.Count > _capacity)
                {
                    _entries.Remove(_recency.Last!.Value.Key);
                    _recency.RemoveLast();
                }
            }
        }
        return vector;
    }

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        _inner.EmbedBatch(texts, cancellationToken);

    /// <summary>The first 128 bits of the text's SHA-256: collisions are out of reach, and no text is kept.</summary>
    private static UInt128 Key(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = length <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> bytes = rented is null ? stackalloc byte[4096] : rented;
            var written = Encoding.UTF8.GetBytes(text, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
