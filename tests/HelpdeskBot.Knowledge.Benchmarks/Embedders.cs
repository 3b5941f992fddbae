using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// Remembers every text it has embedded, so a query run in three search modes, or a passage indexed again in another
/// experiment, is embedded once. With <c>--embedding-cache &lt;dir&gt;</c> the vectors are also kept on disk between runs
/// (experiments only; it never serves a timed benchmark: latency and ingest use the model directly).
/// </summary>
internal sealed class CachingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner, string? cacheDirectory)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ConcurrentDictionary<string, float[]> _vectors = Load(cacheDirectory);
    private int _added;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var missing = texts.Where(text => !_vectors.ContainsKey(Key(text))).Distinct(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            var fresh = await inner.GenerateAsync(missing, options, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < missing.Length; i++)
            {
                _vectors[Key(missing[i])] = fresh[i].Vector.ToArray();
            }

            Interlocked.Add(ref _added, missing.Length);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        foreach (var text in texts)
        {
            result.Add(new Embedding<float>(_vectors[Key(text)]));
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(CachingEmbedder) ? this : inner.GetService(serviceType, serviceKey);

    /// <summary>Writes the vectors to the cache folder, when there is one and something was added.</summary>
    public void Save()
    {
        if (cacheDirectory is null || _added == 0)
        {
            return;
        }

        Directory.CreateDirectory(cacheDirectory);
        using var writer = new BinaryWriter(File.Create(Path.Combine(cacheDirectory, "knowledge-embeddings.bin")));
        writer.Write(_vectors.Count);
        foreach (var (key, vector) in _vectors)
        {
            writer.Write(key);
            writer.Write(vector.Length);
            foreach (var value in vector)
            {
                writer.Write(value);
            }
        }
    }

    public void Dispose()
    {
        // The inner model belongs to the program, which disposes it once.
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static ConcurrentDictionary<string, float[]> Load(string? directory)
    {
        var vectors = new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal);
        var path = directory is null ? null : Path.Combine(directory, "knowledge-embeddings.bin");
        if (path is null || !File.Exists(path))
        {
            return vectors;
        }

        using var reader = new BinaryReader(File.OpenRead(path));
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var vector = new float[reader.ReadInt32()];
            for (var j = 0; j < vector.Length; j++)
            {
                vector[j] = reader.ReadSingle();
            }

            vectors[key] = vector;
        }

        return vectors;
    }
}

/// <summary>Adds up the time spent inside the model, so ingestion can say how much of it is embedding.</summary>
internal sealed class TimedEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
{
    private long _ticks;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        // The inner model belongs to the program, which disposes it once.
    }
}
