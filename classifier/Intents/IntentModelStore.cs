using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// The on-disk model cache: <c>&lt;directory&gt;/intent-model-&lt;fingerprint&gt;.zip</c>, where the fingerprint covers the
/// pipeline version, the ML.NET version, the sentence embedding model, the training options and the normalised training rows, so new data or a new pipeline never meets an
/// old model. Files are written to a temporary name and moved into place, so a reader never sees half a model and
/// two processes that train at the same time both end up with a complete file.
/// </summary>
internal sealed class IntentModelStore(string directory, ILogger logger)
{
    public static string Fingerprint(IEnumerable<IntentExample> training, string embeddingModelId, IntentTrainingOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string value) => hash.AppendData(Encoding.UTF8.GetBytes(value + "\n"));

        Add(IntentModelTrainer.PipelineVersion);
        Add(typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "");
        Add(embeddingModelId);
        Add(options.ToString());
        foreach (var (label, text) in IntentModelTrainer.NormalizedRows(training))
        {
            Add($"{label}\t{text}");
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    public static string FileName(string fingerprint) => $"intent-model-{fingerprint}.zip";

    public string PathFor(string fingerprint) => Path.Combine(Path.GetFullPath(directory), FileName(fingerprint));

    /// <summary>Loads a cached model; null if there is none or it cannot be read (it is then retrained and replaced).</summary>
    public IntentModel? TryLoad(string path, out bool unreadable)
    {
        unreadable = false;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            return IntentModel.Load(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or InvalidDataException or ArgumentException or System.Text.Json.JsonException)
        {
            IntentClassifierLog.CachedModelUnreadable(logger, path, ex);
            unreadable = true;
            return null;
        }
    }

    /// <summary>
    /// Saves the model under <paramref name="path"/> unless another process got there first (its model is the same:
    /// same data, same seed) or <paramref name="replaceExisting"/> is set. A failure to write is logged, not thrown: the bot still has the model in memory.
    /// </summary>
    public void TrySave(IntentModel model, string path, bool replaceExisting)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                model.Save(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: replaceExisting);
            IntentClassifierLog.ModelSaved(logger, path);
        }
        catch (IOException) when (!replaceExisting && File.Exists(path))
        {
            IntentClassifierLog.ModelSavedByAnotherProcess(logger, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            IntentClassifierLog.ModelNotSaved(logger, path, ex);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless: it never has the cache file's name.
        }
    }
}
