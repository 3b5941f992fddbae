using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Benchmarks;

/// <summary>
/// Embeds a data set once per run, timed. With <c>--embedding-cache &lt;dir&gt;</c> the vectors are kept on disk between
/// runs (for experiments; the reported training times are only meaningful without it, and say when the cache was used).
/// </summary>
internal sealed class Embeddings(ISentenceEmbedder embedder, string? cacheDirectory)
{
    public sealed record Result(IReadOnlyList<float[]> Vectors, TimeSpan Elapsed, bool FromCache);

    public Result Embed(IReadOnlyList<IntentExample> examples)
    {
        var texts = examples.Select(e => e.Text).ToArray();
        var path = cacheDirectory is null ? null : Path.Combine(cacheDirectory, $"{Key(texts)}.bin");
        if (path is not null && File.Exists(path))
        {
            return new Result(Read(path, texts.Length), TimeSpan.Zero, FromCache: true);
        }

        var started = Stopwatch.GetTimestamp();
        var vectors = embedder.EmbedBatch(texts);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (path is not null)
        {
            Directory.CreateDirectory(cacheDirectory!);
            Write(path, vectors);
        }

        return new Result(vectors, elapsed, FromCache: false);
    }

    private string Key(string[] texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(embedder.ModelId + "\n"));
        foreach (var text in texts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..20];
    }

    private static void Write(string path, IReadOnlyList<float[]> vectors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(vectors.Count);
        writer.Write(vectors.Count == 0 ? 0 : vectors[0].Length);
        foreach (var vector in vectors)
        {
            foreach (var value in vector)
            {
                writer.Write(value);
            }
        }
    }

    private static float[][] Read(string path, int expected)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = reader.ReadInt32();
        var dimensions = reader.ReadInt32();
        if (count != expected)
        {
            throw new InvalidDataException($"{path} holds {count} vectors, expected {expected}.");
        }

        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = new float[dimensions];
            for (var j = 0; j < dimensions; j++)
            {
                vectors[i][j] = reader.ReadSingle();
            }
        }

        return vectors;
    }
}
