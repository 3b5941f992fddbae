using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace HelpdeskBot.Knowledge.Embeddings;

/// <summary>
/// Passage vectors remembered by model and text (SHA-256), in a SQLite file: a re-upload of a mostly unchanged document,
/// a reindex, or a fresh data directory seeded with the same corpus embeds only what is new. Without a path it only
/// passes through. Safe to share between processes (SQLite's locking; a lost race just embeds twice).
/// </summary>
public sealed class EmbeddingCache
{
    private readonly string? _connectionString;
    private readonly Lazy<Task> _created;

    public EmbeddingCache(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            _created = new Lazy<Task>(Task.CompletedTask);
            return;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _created = new Lazy<Task>(CreateAsync);
    }

    /// <summary>Unit vectors for <paramref name="texts"/>, in order, embedding only those not seen before with this model.</summary>
    public async Task<float[][]> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(texts);
        if (_connectionString is null || texts.Count == 0)
        {
            return await generator.EmbedAsync(texts, cancellationToken).ConfigureAwait(false);
        }

        await _created.Value.ConfigureAwait(false);
        var model = generator.ModelKey();
        var keys = texts.Select(Key).ToArray();
        var vectors = new float[texts.Count][];
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < texts.Count; i++)
        {
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT vector FROM embeddings WHERE model = $model AND hash = $hash";
            read.Parameters.AddWithValue("$model", model);
            read.Parameters.AddWithValue("$hash", keys[i]);
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] blob)
            {
                vectors[i] = MemoryMarshal.Cast<byte, float>(blob).ToArray();
            }
        }

        var missing = Enumerable.Range(0, texts.Count).Where(i => vectors[i] is null).ToArray();
        if (missing.Length == 0)
        {
            return vectors;
        }

        var fresh = await generator.EmbedAsync(missing.Select(i => texts[i]).ToArray(), cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        for (var j = 0; j < missing.Length; j++)
        {
            vectors[missing[j]] = fresh[j];
            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "INSERT OR REPLACE INTO embeddings (model, hash, vector) VALUES ($model, $hash, $vector)";
            write.Parameters.AddWithValue("$model", model);
            write.Parameters.AddWithValue("$hash", keys[missing[j]]);
            write.Parameters.AddWithValue("$vector", MemoryMarshal.AsBytes(fresh[j].AsSpan()).ToArray());
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return vectors;
    }

    private async Task CreateAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, hash BLOB NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash));
            """;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static byte[] Key(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
