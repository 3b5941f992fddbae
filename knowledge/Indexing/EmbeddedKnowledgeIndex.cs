using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// The default index: chunks persisted in one SQLite file (rows, vectors as blobs, and the analysed terms in an FTS5
/// table), and served from memory: the vectors, the fields filters need, and BM25 postings of the terms
/// (<see cref="LexicalPostings"/>). A vector query scans every row with SIMD dot products
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>; the vectors are unit length, so the dot
/// product is the cosine), in parallel over the cores once the index is large. Texts stay on disk and are read for the
/// few hits returned. Memory and query times at 1k–100k chunks are in docs/knowledge-benchmarks.md.
/// Writes go to SQLite in one transaction first and only then to memory, so a failed write changes nothing.
/// </summary>
public sealed class EmbeddedKnowledgeIndex : IKnowledgeIndex, IDisposable
{
    // Below this many rows one core scans faster than two can be started.
    private const int ParallelScanThreshold = 16_384;

    // The 8-bit scan keeps this many candidates per wanted result (at least MinimumShortlist) for the exact cosine to
    // order: at 100k chunks the exact top 50 came out of a shortlist of 200 every time (docs/knowledge-benchmarks.md).
    private const int ShortlistPerResult = 4;
    private const int MinimumShortlist = 64;

    // Each side of a hybrid query offers this many candidates per wanted result (at least MinimumCandidates).
    private const int CandidatesPerResult = 4;
    private const int MinimumCandidates = 50;

    // The lexical side takes at most this many distinct terms; a pasted essay should not become a thousand-way OR.
    private const int MaxQueryTerms = 32;

    private readonly string _connectionString;
    private readonly ReaderWriterLockSlim _memoryLock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _dimensions;
    private float[] _vectors = [];
    private sbyte[] _quantized = [];
    private float[] _scales = [];
    private Slot[] _slots = [];
    private int _slotCount;
    private readonly Stack<int> _freeSlots = new();

    // Loading lays the slots out grouped by (status, audience), so a vector scan reads only the groups its filter can
    // accept (a public reader skips employee-only and unpublished chunks) plus the slots added since. A grouped slot only
    // ever holds a row of its group: a row whose status or audience changes moves to a new slot, and a freed grouped
    // slot stays empty until the next load.
    private SlotGroup[] _groups = [];
    private int _groupedEnd;
    private readonly Dictionary<long, int> _slotByRow = [];
    private LexicalPostings _lexical = new();

    public EmbeddedKnowledgeIndex(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string Name => "embedded";

    public async Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_dimensions == dimensions)
            {
                return;
            }

            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS chunks (
                    row INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    document_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    heading_path TEXT NOT NULL,
                    text TEXT NOT NULL,
                    audience INTEGER NOT NULL,
                    language TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    effective_from INTEGER NULL,
                    effective_to INTEGER NULL,
                    vector BLOB NOT NULL);
                CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document_id, version);
                CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (lexical_text, tokenize = 'unicode61');
                """, cancellationToken).ConfigureAwait(false);

            var stored = await ScalarAsync(connection, "SELECT value FROM index_meta WHERE key = 'dimensions'", cancellationToken)
                .ConfigureAwait(false);
            if (stored is string text && int.Parse(text, CultureInfo.InvariantCulture) is var existing && existing != dimensions)
            {
                throw new InvalidOperationException(
                    $"The knowledge index holds vectors of {existing} dimensions but the embedding model makes {dimensions}: " +
                    "the model changed. Reindex (kb reindex) to rebuild the index with the new model.");
            }

            if (stored is null)
            {
                await ExecuteAsync(
                    connection,
                    $"INSERT INTO index_meta (key, value) VALUES ('dimensions', '{dimensions.ToString(CultureInfo.InvariantCulture)}')",
                    cancellationToken).ConfigureAwait(false);
            }

            await LoadAsync(connection, dimensions, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dimensions = RequireCreated();
            foreach (var chunk in chunks)
            {
                if (chunk.Vector.Length != dimensions)
                {
                    throw new ArgumentException(
                        $"Chunk {chunk.Id} has a vector of {chunk.Vector.Length} dimensions; the index holds {dimensions}.",
                        nameof(chunks));
                }
            }

            var rows = new long[chunks.Count];
            await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < chunks.Count; i++)
                {
                    rows[i] = await WriteRowAsync(connection, transaction, chunks[i], cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _memoryLock.EnterWriteLock();
            try
            {
                for (var i = 0; i < chunks.Count; i++)
                {
                    Place(rows[i], chunks[i]);
                }
            }
            finally
            {
                _memoryLock.ExitWriteLock();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RequireCreated();
            var removed = new List<long>();
            await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction;
                    select.CommandText = "SELECT row FROM chunks WHERE document_id = $document AND ($version IS NULL OR version = $version)";
                    select.Parameters.AddWithValue("$document", documentId.ToString());
                    select.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
                    await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        removed.Add(reader.GetInt64(0));
                    }
                }

                foreach (var row in removed)
                {
                    await using var delete = connection.CreateCommand();
                    delete.Transaction = transaction;
                    delete.CommandText = "DELETE FROM chunks WHERE row = $row; DELETE FROM chunks_fts WHERE rowid = $row;";
                    delete.Parameters.AddWithValue("$row", row);
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _memoryLock.EnterWriteLock();
            try
            {
                foreach (var row in removed)
                {
                    Free(row);
                }

                // Rows another instance sharing this file already deleted are gone from the file but not from this
                // instance's memory: they go by what memory says they are.
                foreach (var (row, index) in _slotByRow.ToArray())
                {
                    if (_slots[index].DocumentId == documentId && (version is null || _slots[index].Version == version))
                    {
                        Free(row);
                    }
                }
            }
            finally
            {
                _memoryLock.ExitWriteLock();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SearchAsync(query, Task.FromResult(query.Vector), cancellationToken);
    }

    public async Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, Task<float[]> vector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(vector);
        var dimensions = RequireCreated();
        if (query.Limit <= 0)
        {
            return [];
        }

        var wantVector = query.Mode != SearchMode.Lexical;
        var wantLexical = query.Mode != SearchMode.Vector;
        var candidates = query.Mode == SearchMode.Hybrid ? Math.Max(query.Limit * CandidatesPerResult, MinimumCandidates) : query.Limit;
        var filter = CompiledFilter.From(query.Filter);

        // Both sides are in memory and bound by the CPU. With the vector at hand, the lexical side runs on another core
        // while the vector scan runs here; while the vector is still being computed (on another core), the lexical side
        // runs here first, so that its time is hidden behind the embedding's.
        float[] queryVector = [];
        long[] lexicalRanking = [];
        (long Row, float Similarity)[] vectorRanking = [];
        if (!wantVector)
        {
            lexicalRanking = LexicalSearch(query.LexicalText, filter, candidates);

            // Not needed to rank, only to report each hit's similarity, as with any mode.
            queryVector = await vector.ConfigureAwait(false);
        }
        else if (vector.IsCompleted)
        {
            queryVector = CheckDimensions(await vector.ConfigureAwait(false), dimensions);
            var lexicalTask = wantLexical
                ? Task.Run(() => LexicalSearch(query.LexicalText, filter, candidates), cancellationToken)
                : Task.FromResult<long[]>([]);
            vectorRanking = VectorSearch(queryVector, filter, candidates);
            lexicalRanking = await lexicalTask.ConfigureAwait(false);
        }
        else
        {
            if (wantLexical)
            {
                lexicalRanking = LexicalSearch(query.LexicalText, filter, candidates);
            }

            queryVector = CheckDimensions(await vector.ConfigureAwait(false), dimensions);
            cancellationToken.ThrowIfCancellationRequested();
            vectorRanking = VectorSearch(queryVector, filter, candidates);
        }

        IReadOnlyList<(long Row, double Score)> ranked = query.Mode switch
        {
            SearchMode.Vector => vectorRanking.Select(hit => (hit.Row, (double)hit.Similarity)).ToArray(),
            SearchMode.Lexical => lexicalRanking.Select((row, i) => (row, 1.0 / (i + 1))).ToArray(),
            _ => ReciprocalRankFusion.Fuse(vectorRanking.Select(hit => hit.Row).ToArray(), lexicalRanking),
        };

        var top = ranked.Take(query.Limit).ToArray();
        if (top.Length == 0)
        {
            return [];
        }

        var lexicalRanks = new Dictionary<long, int>();
        for (var i = 0; i < lexicalRanking.Length; i++)
        {
            lexicalRanks[lexicalRanking[i]] = i + 1;
        }

        var stored = await ReadChunksAsync(top.Select(hit => hit.Row).ToArray(), cancellationToken).ConfigureAwait(false);
        var hits = new List<IndexHit>(top.Length);
        _memoryLock.EnterReadLock();
        try
        {
            foreach (var (row, score) in top)
            {
                // A row deleted between the scan and the read is simply gone.
                if (!stored.TryGetValue(row, out var chunk) || !_slotByRow.TryGetValue(row, out var slot))
                {
                    continue;
                }

                var chunkVector = _vectors.AsSpan(slot * dimensions, dimensions);
                var similarity = queryVector.Length == dimensions ? TensorPrimitives.Dot(chunkVector, queryVector) : 0f;
                hits.Add(new IndexHit(
                    chunk with { Vector = chunkVector.ToArray() },
                    score,
                    similarity,
                    lexicalRanks.TryGetValue(row, out var rank) ? rank : null));
            }
        }
        finally
        {
            _memoryLock.ExitReadLock();
        }

        return hits;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        RequireCreated();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await ScalarAsync(connection, "SELECT COUNT(*) FROM chunks", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>From memory, which is what searches read: the file may be shared with another instance that changed it since.</summary>
    public Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        RequireCreated();
        var versions = new Dictionary<(Guid, int), IndexedVersion>();
        _memoryLock.EnterReadLock();
        try
        {
            foreach (var index in _slotByRow.Values)
            {
                var slot = _slots[index];
                var key = (slot.DocumentId, slot.Version);
                versions[key] = versions.TryGetValue(key, out var seen)
                    ? seen with { Chunks = seen.Chunks + 1 }
                    : new IndexedVersion(
                        slot.DocumentId,
                        slot.Version,
                        1,
                        slot.From == int.MinValue ? null : DateOnly.FromDayNumber(slot.From),
                        slot.To == int.MaxValue ? null : DateOnly.FromDayNumber(slot.To));
            }
        }
        finally
        {
            _memoryLock.ExitReadLock();
        }

        return Task.FromResult<IReadOnlyList<IndexedVersion>>([.. versions.Values]);
    }

    public void Dispose()
    {
        _memoryLock.Dispose();
        _writeGate.Dispose();
    }

    private int RequireCreated() =>
        _dimensions > 0
            ? _dimensions
            : throw new InvalidOperationException("The knowledge index is not open: call EnsureCreatedAsync first.");

    private static float[] CheckDimensions(float[] vector, int dimensions) =>
        vector.Length == dimensions
            ? vector
            : throw new ArgumentException($"The query vector has {vector.Length} dimensions; the index holds {dimensions}.", nameof(vector));

    private (long Row, float Similarity)[] VectorSearch(float[] query, CompiledFilter filter, int limit)
    {
        var shortlist = Math.Max(limit * ShortlistPerResult, MinimumShortlist);
        var quantizedQuery = new sbyte[query.Length];
        var queryScale = Quantize(query, quantizedQuery);
        _memoryLock.EnterReadLock();
        try
        {
            var dimensions = _dimensions;
            var ranges = ScanRanges(filter);
            var count = ranges.Sum(range => range.End - range.Start);
            PriorityQueue<int, float> nearest;
            if (count < ParallelScanThreshold)
            {
                nearest = Scan(quantizedQuery, queryScale, filter, ranges, 0, count, shortlist, dimensions);
            }
            else
            {
                var partitions = Environment.ProcessorCount;
                var size = (count + partitions - 1) / partitions;
                var partial = new PriorityQueue<int, float>[partitions];
                Parallel.For(0, partitions, p => partial[p] = Scan(quantizedQuery, queryScale, filter, ranges, p * size, Math.Min(count, (p + 1) * size), shortlist, dimensions));
                nearest = new PriorityQueue<int, float>(shortlist + 1);
                foreach (var queue in partial)
                {
                    while (queue.TryDequeue(out var slot, out var score))
                    {
                        Offer(nearest, slot, score, shortlist);
                    }
                }
            }

            // The shortlist in full precision: the order and similarities returned are the exact cosines.
            var vectors = _vectors.AsSpan();
            var best = new PriorityQueue<int, float>(limit + 1);
            while (nearest.TryDequeue(out var slot, out _))
            {
                Offer(best, slot, TensorPrimitives.Dot(vectors.Slice(slot * dimensions, dimensions), query), limit);
            }

            return ToRanking(best);
        }
        finally
        {
            _memoryLock.ExitReadLock();
        }
    }

    // Approximate cosines from the 8-bit copies: a quarter of the memory to read, which is what a scan waits on. Every row
    // is scored and the filter asked only of a row good enough to keep: in a micro-benchmark on the 2-core build machine,
    // 100k rows read as one sequential stream took 2.4 ms, and skipping the 56 % a public reader may not see took 6.7 ms
    // (the prefetcher loses the stream).
    // The slot ranges a filter can match, in slot order: the groups laid out at load whose status and audience it
    // accepts, then every slot added since.
    private (int Start, int End)[] ScanRanges(CompiledFilter filter)
    {
        var ranges = new List<(int Start, int End)>(_groups.Length + 1);
        foreach (var group in _groups)
        {
            if (filter.MayMatch(group.Status, group.Audience))
            {
                ranges.Add((group.Start, group.End));
            }
        }

        if (_slotCount > _groupedEnd)
        {
            ranges.Add((_groupedEnd, _slotCount));
        }

        return [.. ranges];
    }

    // Scans the slots from position `from` to `to` of the ranges laid end to end, so that partitions of equal size can
    // split the ranges between the cores.
    private PriorityQueue<int, float> Scan(
        sbyte[] query, float queryScale, CompiledFilter filter, (int Start, int End)[] ranges, int from, int to, int limit, int dimensions)
    {
        var best = new PriorityQueue<int, float>(limit + 1);
        var quantized = _quantized.AsSpan();
        var scales = _scales;
        var slots = _slots;
        var worst = float.NegativeInfinity;
        var offset = 0;
        foreach (var range in ranges)
        {
            var length = range.End - range.Start;
            var start = range.Start + Math.Clamp(from - offset, 0, length);
            var end = range.Start + Math.Clamp(to - offset, 0, length);
            offset += length;
            for (var i = start; i < end; i++)
            {
                var score = DotInt8(quantized.Slice(i * dimensions, dimensions), query) * queryScale * scales[i];
                if ((best.Count == limit && score <= worst) || !filter.Matches(in slots[i]))
                {
                    continue;
                }

                if (best.Count < limit)
                {
                    best.Enqueue(i, score);
                }
                else
                {
                    best.DequeueEnqueue(i, score);
                }

                if (best.Count == limit)
                {
                    best.TryPeek(out _, out worst);
                }
            }
        }

        return best;
    }

    /// <summary>Writes <paramref name="vector"/> as 8-bit integers scaled to ±127 and returns the scale that undoes it.</summary>
    private static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> quantized)
    {
        var largest = vector.Length == 0 ? 0 : MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (largest == 0 || !float.IsFinite(largest))
        {
            quantized.Clear();
            return 0;
        }

        var scale = largest / 127f;
        for (var i = 0; i < vector.Length; i++)
        {
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        }

        return scale;
    }

    // Products of two values within ±127 fit a short; each is widened to int before it is added.
    private static int DotInt8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        if (Avx2.IsSupported)
        {
            // vpmaddwd multiplies and adds neighbouring pairs in one step: half the instructions of the portable loop.
            var total = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref left, (nuint)i));
                var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref right, (nuint)i));
                total += Avx2.MultiplyAddAdjacent(aLow, bLow) + Avx2.MultiplyAddAdjacent(aHigh, bHigh);
            }

            sum = Vector256.Sum(total);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var total = Vector256<int>.Zero;
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref left, (nuint)i));
                var (bLow, bHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref right, (nuint)i));
                var (p0, p1) = Vector256.Widen(aLow * bLow);
                var (p2, p3) = Vector256.Widen(aHigh * bHigh);
                total += p0 + p1 + p2 + p3;
            }

            sum = Vector256.Sum(total);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var total = Vector128<int>.Zero;
            for (; i <= a.Length - Vector128<sbyte>.Count; i += Vector128<sbyte>.Count)
            {
                var (aLow, aHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref left, (nuint)i));
                var (bLow, bHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref right, (nuint)i));
                var (p0, p1) = Vector128.Widen(aLow * bLow);
                var (p2, p3) = Vector128.Widen(aHigh * bHigh);
                total += p0 + p1 + p2 + p3;
            }

            sum = Vector128.Sum(total);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Offer(PriorityQueue<int, float> best, int slot, float score, int limit)
    {
        if (best.Count < limit)
        {
            best.Enqueue(slot, score);
        }
        else if (best.TryPeek(out _, out var worst) && score > worst)
        {
            best.DequeueEnqueue(slot, score);
        }
    }

    // Called under the read lock: slot numbers are turned into rows before the lock is let go.
    private (long Row, float Similarity)[] ToRanking(PriorityQueue<int, float> best)
    {
        var ranking = new (long Row, float Similarity)[best.Count];
        for (var i = ranking.Length - 1; i >= 0; i--)
        {
            best.TryDequeue(out var slot, out var score);
            ranking[i] = (_slots[slot].Row, score);
        }

        return ranking;
    }

    private long[] LexicalSearch(string? lexicalText, CompiledFilter filter, int limit)
    {
        var terms = TextAnalyzer.DistinctTerms(lexicalText ?? string.Empty).Take(MaxQueryTerms).ToArray();
        if (terms.Length == 0)
        {
            return [];
        }

        _memoryLock.EnterReadLock();
        try
        {
            var slots = _slots;
            return _lexical.Search(terms, slot => filter.Matches(in slots[slot]), slot => slots[slot].Row, limit)
                .Select(slot => slots[slot].Row).ToArray();
        }
        finally
        {
            _memoryLock.ExitReadLock();
        }
    }

    private async Task<Dictionary<long, IndexedChunk>> ReadChunksAsync(long[] rows, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var names = new string[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            names[i] = $"$r{i}";
            command.Parameters.AddWithValue(names[i], rows[i]);
        }

        command.CommandText = $"""
            SELECT c.row, c.id, c.document_id, c.version, c.ordinal, c.title, c.heading_path, c.text, f.lexical_text,
                   c.audience, c.language, c.status, c.effective_from, c.effective_to
            FROM chunks c JOIN chunks_fts f ON f.rowid = c.row
            WHERE c.row IN ({string.Join(", ", names)})
            """;
        var chunks = new Dictionary<long, IndexedChunk>(rows.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks[reader.GetInt64(0)] = new IndexedChunk(
                Guid.Parse(reader.GetString(1)),
                Guid.Parse(reader.GetString(2)),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                (Audience)reader.GetInt32(9),
                reader.GetString(10),
                (DocumentStatus)reader.GetInt32(11),
                reader.IsDBNull(12) ? null : DateOnly.FromDayNumber(reader.GetInt32(12)),
                reader.IsDBNull(13) ? null : DateOnly.FromDayNumber(reader.GetInt32(13)),
                []);
        }

        return chunks;
    }

    private static async Task<long> WriteRowAsync(
        SqliteConnection connection, SqliteTransaction transaction, IndexedChunk chunk, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO chunks (id, document_id, version, ordinal, title, heading_path, text, audience, language, status,
                                effective_from, effective_to, vector)
            VALUES ($id, $document, $version, $ordinal, $title, $heading, $text, $audience, $language, $status, $from, $to, $vector)
            ON CONFLICT (id) DO UPDATE SET
                document_id = excluded.document_id, version = excluded.version, ordinal = excluded.ordinal,
                title = excluded.title, heading_path = excluded.heading_path, text = excluded.text,
                audience = excluded.audience, language = excluded.language, status = excluded.status,
                effective_from = excluded.effective_from, effective_to = excluded.effective_to, vector = excluded.vector
            RETURNING row;
            """;
        command.Parameters.AddWithValue("$id", chunk.Id.ToString());
        command.Parameters.AddWithValue("$document", chunk.DocumentId.ToString());
        command.Parameters.AddWithValue("$version", chunk.Version);
        command.Parameters.AddWithValue("$ordinal", chunk.Ordinal);
        command.Parameters.AddWithValue("$title", chunk.Title);
        command.Parameters.AddWithValue("$heading", chunk.HeadingPath);
        command.Parameters.AddWithValue("$text", chunk.Text);
        command.Parameters.AddWithValue("$audience", (int)chunk.Audience);
        command.Parameters.AddWithValue("$language", chunk.Language);
        command.Parameters.AddWithValue("$status", (int)chunk.Status);
        command.Parameters.AddWithValue("$from", (object?)chunk.EffectiveFrom?.DayNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", (object?)chunk.EffectiveTo?.DayNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$vector", MemoryMarshal.AsBytes(chunk.Vector.AsSpan()).ToArray());
        var row = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

        await using var fts = connection.CreateCommand();
        fts.Transaction = transaction;
        fts.CommandText = "DELETE FROM chunks_fts WHERE rowid = $row; INSERT INTO chunks_fts (rowid, lexical_text) VALUES ($row, $lexical);";
        fts.Parameters.AddWithValue("$row", row);
        fts.Parameters.AddWithValue("$lexical", chunk.LexicalText);
        await fts.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return row;
    }

    private async Task LoadAsync(SqliteConnection connection, int dimensions, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.row, c.document_id, c.version, c.audience, c.language, c.status, c.effective_from, c.effective_to, c.vector,
                   f.lexical_text
            FROM chunks c LEFT JOIN chunks_fts f ON f.rowid = c.row
            """;
        // First where each row goes: grouped by status and audience (a small read, no vectors), so the second pass places
        // every row straight into its slot.
        var groups = new List<SlotGroup>();
        var assigned = new Dictionary<long, int>();
        await using (var layout = connection.CreateCommand())
        {
            layout.CommandText = "SELECT row, status, audience FROM chunks ORDER BY status, audience, row";
            await using var rows = await layout.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (status, audience) = ((DocumentStatus)rows.GetInt32(1), (Audience)rows.GetInt32(2));
                if (groups.Count == 0 || groups[^1].Status != status || groups[^1].Audience != audience)
                {
                    groups.Add(new SlotGroup(status, audience, assigned.Count, assigned.Count));
                }

                assigned[rows.GetInt64(0)] = assigned.Count;
                groups[^1] = groups[^1] with { End = assigned.Count };
            }
        }

        _memoryLock.EnterWriteLock();
        try
        {
            var capacity = Math.Max(1024, assigned.Count);
            _dimensions = dimensions;
            _vectors = new float[capacity * dimensions];
            _quantized = new sbyte[capacity * dimensions];
            _scales = new float[capacity];

            // Until its row is read, a slot matches no filter.
            _slots = new Slot[capacity];
            _slots.AsSpan(0, assigned.Count).Fill(Slot.Empty);
            _slotCount = assigned.Count;
            _groups = [.. groups];
            _groupedEnd = assigned.Count;
            _freeSlots.Clear();
            _slotByRow.Clear();
            foreach (var (row, slot) in assigned)
            {
                _slotByRow[row] = slot;
            }

            _lexical = new LexicalPostings();
        }
        finally
        {
            _memoryLock.ExitWriteLock();
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var vector = new float[dimensions];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var blob = (byte[])reader.GetValue(8);
            MemoryMarshal.Cast<byte, float>(blob).CopyTo(vector);
            var slot = new Slot(
                reader.GetInt64(0),
                Guid.Parse(reader.GetString(1)),
                reader.GetInt32(2),
                (Audience)reader.GetInt32(3),
                string.Intern(reader.GetString(4)),
                (DocumentStatus)reader.GetInt32(5),
                reader.IsDBNull(6) ? int.MinValue : reader.GetInt32(6),
                reader.IsDBNull(7) ? int.MaxValue : reader.GetInt32(7));
            _memoryLock.EnterWriteLock();
            try
            {
                PlaceSlot(slot, vector, reader.IsDBNull(9) ? string.Empty : reader.GetString(9));
            }
            finally
            {
                _memoryLock.ExitWriteLock();
            }
        }
    }

    // Under the write lock.
    private void Place(long row, IndexedChunk chunk)
    {
        PlaceSlot(
            new Slot(
                row,
                chunk.DocumentId,
                chunk.Version,
                chunk.Audience,
                string.Intern(chunk.Language),
                chunk.Status,
                chunk.EffectiveFrom?.DayNumber ?? int.MinValue,
                chunk.EffectiveTo?.DayNumber ?? int.MaxValue),
            chunk.Vector,
            chunk.LexicalText);
    }

    private void PlaceSlot(Slot slot, float[] vector, string lexicalText)
    {
        if (_slotByRow.TryGetValue(slot.Row, out var index) && !Fits(index, slot))
        {
            // Its status or audience changed: it leaves its group for a new slot.
            Free(slot.Row);
        }

        if (!_slotByRow.TryGetValue(slot.Row, out index))
        {
            if (_freeSlots.Count > 0)
            {
                index = _freeSlots.Pop();
            }
            else
            {
                index = _slotCount++;
                if (index >= _slots.Length)
                {
                    var capacity = Math.Max(1024, _slots.Length * 2);
                    Array.Resize(ref _slots, capacity);
                    Array.Resize(ref _vectors, capacity * _dimensions);
                    Array.Resize(ref _quantized, capacity * _dimensions);
                    Array.Resize(ref _scales, capacity);
                }
            }

            _slotByRow[slot.Row] = index;
        }

        _slots[index] = slot;
        vector.AsSpan().CopyTo(_vectors.AsSpan(index * _dimensions, _dimensions));
        _scales[index] = Quantize(vector, _quantized.AsSpan(index * _dimensions, _dimensions));
        _lexical.Set(index, lexicalText);
    }

    private void Free(long row)
    {
        if (_slotByRow.Remove(row, out var index))
        {
            _slots[index] = Slot.Empty;
            _lexical.Remove(index);
            if (index >= _groupedEnd)
            {
                _freeSlots.Push(index);
            }
        }
    }

    private bool Fits(int index, in Slot slot)
    {
        if (index >= _groupedEnd)
        {
            return true;
        }

        foreach (var group in _groups)
        {
            if (index >= group.Start && index < group.End)
            {
                return group.Status == slot.Status && group.Audience == slot.Audience;
            }
        }

        return false;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a vector scan needs of a row to filter it; texts stay in SQLite.</summary>
    private readonly record struct Slot(
        long Row, Guid DocumentId, int Version, Audience Audience, string? Language, DocumentStatus Status, int From, int To)
    {
        // A freed slot matches no filter: its status is not one a filter can ask for.
        public static readonly Slot Empty = new(-1, Guid.Empty, 0, Audience.Everyone, null, (DocumentStatus)(-1), 0, 0);
    }

    /// <summary>Slots [Start, End) hold the rows of one status and audience, as laid out when the index was loaded.</summary>
    private readonly record struct SlotGroup(DocumentStatus Status, Audience Audience, int Start, int End);

    /// <summary>The filter as plain values, checked per row in the scan's inner loop.</summary>
    private readonly struct CompiledFilter
    {
        private readonly DocumentStatus _status;
        private readonly int _audienceMask;
        private readonly int _today;
        private readonly string? _language;
        private readonly Guid? _documentId;

        private CompiledFilter(IndexFilter filter)
        {
            _status = filter.Status;
            foreach (var audience in filter.Audiences)
            {
                _audienceMask |= 1 << (int)audience;
            }

            _today = filter.Today.DayNumber;
            _language = filter.Language;
            _documentId = filter.DocumentId;
        }

        public static CompiledFilter From(IndexFilter filter) => new(filter);

        /// <summary>Whether any row of this status and audience can pass.</summary>
        public bool MayMatch(DocumentStatus status, Audience audience) =>
            status == _status && (_audienceMask & (1 << (int)audience)) != 0;

        public bool Matches(in Slot slot) =>
            slot.Status == _status
            && (_audienceMask & (1 << (int)slot.Audience)) != 0
            && slot.From <= _today
            && slot.To >= _today
            && (_language is null || string.Equals(slot.Language, _language, StringComparison.OrdinalIgnoreCase))
            && (_documentId is null || slot.DocumentId == _documentId);
    }
}
