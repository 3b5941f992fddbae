using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Indexing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>
/// Several instances on one knowledge database: each keeps its own published set and (unless the index is shared) its own
/// index, and follows what the database says. Every change to what is published raises a generation counter in the same
/// transaction (<see cref="KnowledgeDbContext.SaveChangesAsync(bool, CancellationToken)"/>); <see cref="SyncAsync"/> reads it
/// and, when it moved, refreshes the published set and brings the index in line from the versions' stored chunks and
/// vectors — nothing is embedded again. Every index call it makes is idempotent (upserts by stable chunk id, deletes by
/// version), so an index shared by all instances (one Qdrant collection) is simply written again by each, and an instance
/// that dies half way is put right by its next sync or the next start.
/// </summary>
public sealed partial class KnowledgeLibrary
{
    // What this instance knows its index holds, per version: what the index listed on the first sync, then what this
    // sync put in or took out. A version this instance changed itself (publish, retire) is written again by the next sync:
    // a few idempotent upserts, and no need to reason about which of the two ran first.
    private readonly Dictionary<(Guid DocumentId, int Version), IndexStamp> _indexed = [];

    // The generation the index was last brought in line with; null before the first successful sync.
    private long? _syncedGeneration;

    // False while the index could not be created at start (a remote index that was down): the first sync creates it.
    private bool _indexReady;

    /// <summary>
    /// Raised after each write this instance made (publish, retire, delete, upload, reindex), once the database has it: the
    /// host may tell the other instances (a Redis notice) so they sync at once instead of at their next interval.
    /// </summary>
    public event EventHandler? Written;

    private async Task AfterWriteAsync()
    {
        await RefreshPublishedAsync(CancellationToken.None).ConfigureAwait(false);
        Written?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Brings this instance in line with the knowledge database: when the change generation moved since the last sync (or
    /// on the first), refreshes the published set (<see cref="IsPublished"/>), upserts the chunks of the versions the
    /// database publishes and the index lacks or holds with other dates, and removes the versions no longer published.
    /// Otherwise one cheap query. An index failure leaves the published set refreshed, throws, and is retried by the next
    /// call.
    /// </summary>
    public async Task<KnowledgeSyncResult> SyncAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var generation = await db.Changes.AsNoTracking().Where(c => c.Id == KnowledgeChangeRow.SingleId)
                .Select(c => c.Generation).SingleAsync(cancellationToken).ConfigureAwait(false);
            if (generation == _syncedGeneration)
            {
                return KnowledgeSyncResult.Unchanged;
            }

            // Read after the generation: a change committed in between is in what is read, and makes the next call look again.
            var published = await db.Versions.AsNoTracking()
                .Where(v => v.Status == DocumentStatus.Published)
                .Select(v => new
                {
                    v.DocumentId,
                    v.Version,
                    v.EffectiveFrom,
                    v.EffectiveTo,
                    v.EmbeddingModel,
                    Chunks = db.Chunks.Count(c => c.DocumentId == v.DocumentId && c.Version == v.Version),
                })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var wanted = published.ToDictionary(
                v => (v.DocumentId, v.Version), v => new IndexStamp(v.Chunks, v.EffectiveFrom, v.EffectiveTo, v.EmbeddingModel));

            // Searches check every hit against this set, so it is refreshed before the index is touched (which may fail).
            // A new set only when it differs: the lexical fallback rebuilds itself whenever the set is replaced.
            if (!_published.SetEquals(wanted.Keys))
            {
                _published = [.. wanted.Keys];
            }

            if (!_indexReady)
            {
                await index.EnsureCreatedAsync(await embedder.GetDimensionsAsync(cancellationToken).ConfigureAwait(false), cancellationToken)
                    .ConfigureAwait(false);
                _indexReady = true;
            }

            if (_syncedGeneration is null)
            {
                _indexed.Clear();
                foreach (var held in await index.ListVersionsAsync(cancellationToken).ConfigureAwait(false))
                {
                    _indexed[(held.DocumentId, held.Version)] = new IndexStamp(held.Chunks, held.EffectiveFrom, held.EffectiveTo, EmbeddingModel: null);
                }
            }

            var removed = 0;
            foreach (var key in _indexed.Keys.Where(key => !wanted.ContainsKey(key)).ToArray())
            {
                await index.DeleteAsync(key.DocumentId, key.Version, cancellationToken).ConfigureAwait(false);
                _indexed.Remove(key);
                removed++;
            }

            var upserted = 0;
            foreach (var (key, stamp) in wanted)
            {
                if (_indexed.TryGetValue(key, out var held) && held.Covers(stamp))
                {
                    continue;
                }

                var chunks = await StoredChunksAsync(db, key.DocumentId, key.Version, cancellationToken).ConfigureAwait(false);
                await index.UpsertAsync(chunks, cancellationToken).ConfigureAwait(false);
                _indexed[key] = stamp;
                upserted++;
            }

            _syncedGeneration = generation;
            if (upserted + removed > 0)
            {
                LogSynced(logger, generation, upserted, removed);
            }

            return new KnowledgeSyncResult(true, upserted, removed);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>A version's chunks as stored, vectors included, ready for the index.</summary>
    private static async Task<IReadOnlyList<IndexedChunk>> StoredChunksAsync(
        KnowledgeDbContext db, Guid documentId, int version, CancellationToken cancellationToken)
    {
        // Everything but the Markdown, which the index never needs.
        var row = await db.Versions.AsNoTracking()
            .Where(v => v.DocumentId == documentId && v.Version == version)
            .Select(v => new VersionRow
            {
                DocumentId = v.DocumentId, Version = v.Version, Title = v.Title, Audience = v.Audience, Language = v.Language,
                Status = v.Status, EffectiveFrom = v.EffectiveFrom, EffectiveTo = v.EffectiveTo,
            })
            .SingleAsync(cancellationToken).ConfigureAwait(false);
        var chunks = await db.Chunks.AsNoTracking()
            .Where(c => c.DocumentId == documentId && c.Version == version)
            .OrderBy(c => c.Ordinal)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. chunks.Select(c => ToIndexed(row, c, row.Status))];
    }

    /// <summary>
    /// What decides whether the index holds a version as the database has it: its chunks, its effective dates (a newer
    /// version's handover shortens them) and the model its vectors come from (kb reindex may embed it again). A version
    /// listed by the index at start has no model (<see langword="null"/>): the index is taken to hold the stored vectors.
    /// </summary>
    private sealed record IndexStamp(int Chunks, DateOnly? EffectiveFrom, DateOnly? EffectiveTo, string? EmbeddingModel)
    {
        public bool Covers(IndexStamp wanted) =>
            Chunks == wanted.Chunks && EffectiveFrom == wanted.EffectiveFrom && EffectiveTo == wanted.EffectiveTo
            && (EmbeddingModel is null || EmbeddingModel == wanted.EmbeddingModel);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge base changed (generation {Generation}): put {Upserted} published versions in the index and took {Removed} out")]
    private static partial void LogSynced(ILogger logger, long generation, int upserted, int removed);
}

/// <summary>
/// What one <see cref="KnowledgeLibrary.SyncAsync"/> did: whether the database had changed since the last one, and how many
/// versions it put in the index and took out of it.
/// </summary>
public sealed record KnowledgeSyncResult(bool Changed, int Upserted, int Removed)
{
    public static KnowledgeSyncResult Unchanged { get; } = new(false, 0, 0);
}
