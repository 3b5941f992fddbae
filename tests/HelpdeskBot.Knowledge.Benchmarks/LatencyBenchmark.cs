using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// Query latency of the embedded index at growing sizes: real queries (StackFAQ rephrasings and seed questions) through
/// <see cref="KnowledgeSearch.SearchAsync"/> (translation, analysis, MiniLM on the query text, hybrid index search) as a
/// member of the public, 8 results. Embedding 100k real passages would take hours on two cores, so the chunks are made
/// from a pool of real passages (StackFAQ answers and seed chunks, embedded once): each chunk takes a passage's vector
/// with Gaussian noise (then unit length again) and its text plus a sentence of another passage, and gets a mix of
/// audiences, statuses, languages and effective dates so the filter has work to do.
/// </summary>
internal sealed class LatencyBenchmark(BenchmarkSettings settings, MiniLmSentenceEmbedder model, CachingEmbedder poolEmbedder, Report report)
{
    // Per dimension; with 384 dimensions a jittered vector keeps a cosine of about 0.93 with its passage.
    private const float Noise = 0.02f;
    // Enough for tiered compilation to settle: with 100 the first size measured still showed it in its p99.
    private const int WarmUpQueries = 200;
    private const int BatchSize = 2_000;
    private static readonly DateOnly Today = DateOnly.FromDateTime(KnowledgeWorkspace.FixedNow.UtcDateTime);

    public async Task RunAsync()
    {
        report.Log("## latency");
        var pool = await PoolAsync();
        var queries = Queries();
        report.Log($"pool: {pool.Count} real passages ({pool.Count(p => p.Language == "id")} Indonesian); {queries.Length} real queries " +
                   $"({WarmUpQueries} to warm up, {settings.LatencyQueries} measured per size)");

        await using var workspace = await KnowledgeWorkspace.CreateAsync(model);
        var path = Path.Combine(settings.KeepIndexDirectory ?? workspace.Directory, "latency-index.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        var random = new Random(20261120);
        var filter = new IndexFilter(Audiences.ReadableBy(ReaderKind.Public), Today);
        var latency = new MarkdownTable("chunks", "public-readable", "end to end p50", "p95", "p99", "mean", "index (after the vector) p50", "p95", "p99", "mean", "filter violations");
        var profile = new MarkdownTable("chunks", "part", "p50", "p95", "p99", "mean");
        var exactness = new MarkdownTable("chunks", "vector top 50 = exact cosine top 50", "lexical top 50 = FTS5 bm25 top 50", "lexical first = FTS5 first");
        var memory = new MarkdownTable("chunks", "EnsureCreatedAsync (load from disk)", "managed heap after load", "working set after load", "working set growth", "index file");
        var built = 0;
        var readable = 0;
        foreach (var size in settings.LatencySizes.Order())
        {
            using (var builder = new EmbeddedKnowledgeIndex(path))
            {
                await builder.EnsureCreatedAsync(MiniLmSentenceEmbedder.VectorLength);
                var started = Stopwatch.GetTimestamp();
                while (built < size)
                {
                    var batch = Enumerable.Range(built, Math.Min(BatchSize, size - built)).Select(i => Synthesize(i, pool, random)).ToArray();
                    readable += batch.Count(filter.Matches);
                    await builder.UpsertAsync(batch);
                    built += batch.Length;
                }

                report.Log($"{size:N0} chunks: built in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
            }

            SqliteConnection.ClearAllPools();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetBefore = Environment.WorkingSet;
            using var index = new EmbeddedKnowledgeIndex(path);
            var loadStarted = Stopwatch.GetTimestamp();
            await index.EnsureCreatedAsync(MiniLmSentenceEmbedder.VectorLength);
            var load = Stopwatch.GetElapsedTime(loadStarted);
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetAfter = Environment.WorkingSet;
            var fileBytes = new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
            memory.Add(
                size.ToString("N0", CultureInfo.InvariantCulture),
                $"{load.TotalMilliseconds:F0} ms",
                $"{heapAfter / 1048576.0:F0} MB (+{(heapAfter - heapBefore) / 1048576.0:F0} MB)",
                $"{workingSetAfter / 1048576.0:F0} MB",
                $"{(workingSetAfter - workingSetBefore) / 1048576.0:+0;-0} MB",
                $"{fileBytes / 1048576.0:F0} MB");

            var timed = new TimedIndex(index);
            var search = new KnowledgeSearch(timed, workspace.Library, model, workspace.Clock, workspace.Options);
            foreach (var (text, language) in queries.Take(WarmUpQueries))
            {
                await search.SearchAsync(text, language, filter, 8, SearchMode.Hybrid);
            }

            var endToEnd = new List<double>();
            var indexOnly = new List<double>();
            var sent = new List<IndexQuery>();
            var violations = 0;
            var byLanguage = new Dictionary<string, List<double>>();
            foreach (var (text, language) in Measured(queries))
            {
                timed.Reset();
                var started = Stopwatch.GetTimestamp();
                var hits = await search.SearchAsync(text, language, filter, 8, SearchMode.Hybrid);
                endToEnd.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                (byLanguage.TryGetValue(language, out var times) ? times : byLanguage[language] = []).Add(endToEnd[^1]);
                indexOnly.Add(timed.LastElapsed.TotalMilliseconds);
                sent.Add(timed.LastQuery!);
                violations += hits.Count(hit => !filter.Matches(hit.Chunk));
            }

            var e = Percentiles.Of(endToEnd);
            var x = Percentiles.Of(indexOnly);
            latency.Add(
                size.ToString("N0", CultureInfo.InvariantCulture), Report.Percent((double)readable / built),
                Ms(e.P50), Ms(e.P95), Ms(e.P99), Ms(e.Mean), Ms(x.P50), Ms(x.P95), Ms(x.P99), Ms(x.Mean),
                violations.ToString(CultureInfo.InvariantCulture));

            // Where the time goes: the query embedding alone, and each side of the index alone (each mode still reads the
            // texts of the chunks it returns; hybrid asks each side for max(4 × limit, 50) = 50 candidates).
            var embedding = await TimeAsync(Measured(queries), q => model.EmbedAsync([q.Text]));
            var vectorSide = await TimeAsync(sent, q => index.SearchAsync(q with { Mode = SearchMode.Vector, Limit = 50 }));
            var lexicalSide = await TimeAsync(sent, q => index.SearchAsync(q with { Mode = SearchMode.Lexical, Limit = 50 }));
            var vectorOnly8 = await TimeAsync(sent, q => index.SearchAsync(q with { Mode = SearchMode.Vector }));
            var lexicalOnly8 = await TimeAsync(sent, q => index.SearchAsync(q with { Mode = SearchMode.Lexical }));
            foreach (var (part, stats) in new[]
            {
                ($"end to end, {byLanguage.GetValueOrDefault("en")?.Count ?? 0} English questions (one embedding, one index search)", Percentiles.Of(byLanguage.GetValueOrDefault("en", [0]))),
                ($"end to end, {byLanguage.GetValueOrDefault("id")?.Count ?? 0} Indonesian questions (one embedding of their English gloss, one index search)", Percentiles.Of(byLanguage.GetValueOrDefault("id", [0]))),
                ("query embedding (MiniLM, 1 query)", embedding),
                ("index after the query vector is ready, hybrid (limit 8)", x),
                ("index, vector side only (50 candidates + their texts)", vectorSide),
                ("index, lexical side only (50 candidates + their texts)", lexicalSide),
                ("index, vector mode, limit 8", vectorOnly8),
                ("index, lexical mode, limit 8", lexicalOnly8),
            })
            {
                profile.Add(size.ToString("N0", CultureInfo.InvariantCulture), part, Ms(stats.P50), Ms(stats.P95), Ms(stats.P99), Ms(stats.Mean));
            }

            var (vectorAgreement, lexicalAgreement, lexicalTopAgreement) = await VerifyAsync(path, index, sent.Take(100).ToArray());
            exactness.Add(size.ToString("N0", CultureInfo.InvariantCulture), Report.Percent(vectorAgreement), Report.Percent(lexicalAgreement), Report.Percent(lexicalTopAgreement));
            report.Log($"{size:N0} chunks: end-to-end p99 {e.P99:F1} ms, index after the vector p99 {x.P99:F1} ms (load average {Machine.LoadAverage()})");
        }

        report.Table("Query latency, hybrid, public reader, limit 8, query embedding included (goal: p99 < 20 ms at 100k)", latency);
        report.Table("Where the time goes", profile);
        report.Table("Loading and memory", memory);
        report.Table("Exactness on 100 of the queries (set overlap of the top 50, public filter)", exactness);
    }

    /// <summary>
    /// Checks the in-memory index against the slow exact answers: the vector side against a brute-force cosine over every
    /// vector in the file, the lexical side against FTS5's bm25 over the same terms and filter (what the index used to ask
    /// SQLite for). Returns the mean overlap of the top-50 sets, and how often the first lexical result is the same.
    /// </summary>
    private static async Task<(double Vector, double Lexical, double LexicalFirst)> VerifyAsync(string path, EmbeddedKnowledgeIndex index, IndexQuery[] queries)
    {
        const int top = 50;
        var ids = new List<Guid>();
        var vectors = new List<float[]>();
        var readable = new List<bool>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, audience, status, effective_from, effective_to, vector FROM chunks";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(Guid.Parse(reader.GetString(0)));
                var audience = (Audience)reader.GetInt32(1);
                var from = reader.IsDBNull(3) ? int.MinValue : reader.GetInt32(3);
                var to = reader.IsDBNull(4) ? int.MaxValue : reader.GetInt32(4);
                readable.Add((DocumentStatus)reader.GetInt32(2) == DocumentStatus.Published && audience != Audience.Employee
                    && from <= Today.DayNumber && to >= Today.DayNumber);
                vectors.Add(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>((byte[])reader.GetValue(5)).ToArray());
            }
        }

        double vectorOverlap = 0, lexicalOverlap = 0, lexicalFirst = 0;
        foreach (var query in queries)
        {
            var exact = Enumerable.Range(0, ids.Count).Where(i => readable[i])
                .OrderByDescending(i => TensorPrimitives.Dot(vectors[i], query.Vector)).Take(top).Select(i => ids[i]).ToHashSet();
            var fromIndex = await index.SearchAsync(query with { Mode = SearchMode.Vector, Limit = top });
            vectorOverlap += (double)fromIndex.Count(hit => exact.Contains(hit.Chunk.Id)) / Math.Max(1, exact.Count);

            var terms = TextAnalyzer.DistinctTerms(query.LexicalText).Take(32).ToArray();
            var fts = new List<Guid>();
            if (terms.Length > 0)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    SELECT c.id FROM chunks_fts f JOIN chunks c ON c.row = f.rowid
                    WHERE chunks_fts MATCH $match AND c.status = 1 AND c.audience IN (0, 1)
                      AND (c.effective_from IS NULL OR c.effective_from <= $today) AND (c.effective_to IS NULL OR c.effective_to >= $today)
                    ORDER BY bm25(chunks_fts) LIMIT 50
                    """;
                command.Parameters.AddWithValue("$match", string.Join(" OR ", terms.Select(t => "\"" + t + "\"")));
                command.Parameters.AddWithValue("$today", Today.DayNumber);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    fts.Add(Guid.Parse(reader.GetString(0)));
                }
            }

            var lexical = (await index.SearchAsync(query with { Mode = SearchMode.Lexical, Limit = top })).Select(hit => hit.Chunk.Id).ToArray();
            lexicalOverlap += fts.Count == 0 ? (lexical.Length == 0 ? 1 : 0) : (double)lexical.Count(fts.Contains) / fts.Count;
            lexicalFirst += (fts.Count == 0 && lexical.Length == 0) || (fts.Count > 0 && lexical.Length > 0 && fts[0] == lexical[0]) ? 1 : 0;
        }

        return (vectorOverlap / queries.Length, lexicalOverlap / queries.Length, lexicalFirst / queries.Length);
    }

    private IEnumerable<(string Text, string Language)> Measured((string Text, string Language)[] queries) =>
        Enumerable.Range(0, settings.LatencyQueries).Select(i => queries[WarmUpQueries + (i % (queries.Length - WarmUpQueries))]);

    private static string Ms(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    private static async Task<Percentiles> TimeAsync<T>(IEnumerable<T> items, Func<T, Task> call)
    {
        var times = new List<double>();
        foreach (var item in items)
        {
            var started = Stopwatch.GetTimestamp();
            await call(item);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Percentiles.Of(times);
    }

    /// <summary>StackFAQ answers (titled by their question) and the seed's chunks, embedded once as the library embeds them.</summary>
    private async Task<IReadOnlyList<Passage>> PoolAsync()
    {
        var passages = new List<(string Title, string Heading, string Text, string Language)>();
        foreach (var thread in BenchmarkData.StackFaqThreads(settings.DataDirectory))
        {
            passages.AddRange(thread.Answers.Select(answer => (thread.Question, string.Empty, answer, "en")));
        }

        var chunker = new TextChunker();
        foreach (var (fileName, content) in SeedCorpus.Files())
        {
            var parsed = DocumentParser.Parse(fileName, content);
            var title = parsed.Fields.Title ?? fileName;
            var language = parsed.Fields.Language ?? LanguageGuess.Of(parsed);
            passages.AddRange(chunker.Split(parsed).Select(c => (title, TextChunker.HeadingPathText(c.HeadingPath), c.Text, language)));
        }

        var started = Stopwatch.GetTimestamp();
        // The pool is index content, not part of any timing, so it may come from the embedding cache.
        var vectors = await poolEmbedder.EmbedAsync(passages.Select(p => KnowledgeLibrary.EmbeddingText(p.Title, p.Heading, p.Text, p.Language)).ToArray());
        report.Log($"pool embedded in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return passages.Select((p, i) => new Passage(p.Title, p.Heading, p.Text, p.Language, vectors[i], FirstSentence(p.Text))).ToArray();
    }

    private (string Text, string Language)[] Queries()
    {
        var queries = BenchmarkData.StackFaqQueries(settings.DataDirectory).Select(q => (q.Text, "en"))
            .Concat(BenchmarkData.SeedQuestions().Select(q => (q.Text, q.Language)))
            .ToArray();
        new Random(7).Shuffle(queries);
        return queries;
    }

    private static IndexedChunk Synthesize(int i, IReadOnlyList<Passage> pool, Random random)
    {
        var passage = pool[random.Next(pool.Count)];
        var other = pool[random.Next(pool.Count)];
        var vector = new float[passage.Vector.Length];
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = passage.Vector[d] + Noise * Gaussian(random);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        var text = passage.Text + " " + other.FirstSentence;
        var documentId = new Guid(i / 10, 0, 0, new byte[8]);
        var roll = random.NextDouble();
        var audience = roll < 0.35 ? Audience.Everyone : roll < 0.65 ? Audience.Customer : Audience.Employee;
        roll = random.NextDouble();
        var status = roll < 0.80 ? DocumentStatus.Published : roll < 0.92 ? DocumentStatus.Draft : DocumentStatus.Retired;
        roll = random.NextDouble();
        DateOnly? from = roll < 0.10 ? new DateOnly(2027, 1, 1) : new DateOnly(2026, 1, 1);
        DateOnly? to = roll is >= 0.10 and < 0.15 ? new DateOnly(2025, 12, 31) : null;
        if (to is not null)
        {
            from = new DateOnly(2024, 1, 1);
        }

        return new IndexedChunk(
            KnowledgeLibrary.ChunkId(documentId, 1, i % 10),
            documentId,
            1,
            i % 10,
            passage.Title,
            passage.Heading,
            text,
            TextAnalyzer.Analyze(passage.Title + "\n" + passage.Heading + "\n" + text, passage.Language),
            audience,
            passage.Language,
            status,
            from,
            to,
            vector);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '?', '!']);
        return end > 0 && end < 300 ? text[..(end + 1)] : text[..Math.Min(text.Length, 200)];
    }

    private sealed record Passage(string Title, string Heading, string Text, string Language, float[] Vector, string FirstSentence);

    /// <summary>
    /// Times the index inside a search and keeps the first query it was sent (the hybrid one), so the same query can be
    /// replayed per part. A search that hands the index its vector still being computed is timed from when the vector is
    /// ready: the index's own share of the wait, the lexical side it did meanwhile excluded. Times add up over the index
    /// calls of one search (an Indonesian question makes two) until <see cref="Reset"/>.
    /// </summary>
    private sealed class TimedIndex(IKnowledgeIndex inner) : IKnowledgeIndex
    {
        public TimeSpan LastElapsed { get; private set; }

        public IndexQuery? LastQuery { get; private set; }

        public void Reset()
        {
            LastElapsed = TimeSpan.Zero;
            LastQuery = null;
        }

        public string Name => inner.Name;

        public Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default) => inner.EnsureCreatedAsync(dimensions, cancellationToken);

        public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default) => inner.UpsertAsync(chunks, cancellationToken);

        public Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(documentId, version, cancellationToken);

        public async Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default)
        {
            LastQuery ??= query;
            var started = Stopwatch.GetTimestamp();
            var hits = await inner.SearchAsync(query, cancellationToken).ConfigureAwait(false);
            LastElapsed += Stopwatch.GetElapsedTime(started);
            return hits;
        }

        public async Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, Task<float[]> vector, CancellationToken cancellationToken = default)
        {
            var ready = 0L;
            async Task<float[]> Marked()
            {
                var finished = await vector.ConfigureAwait(false);
                ready = Stopwatch.GetTimestamp();
                return finished;
            }

            var hits = await inner.SearchAsync(query, Marked(), cancellationToken).ConfigureAwait(false);
            LastElapsed += Stopwatch.GetElapsedTime(ready);
            LastQuery ??= query with { Vector = await vector.ConfigureAwait(false) };
            return hits;
        }

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default) => inner.ListVersionsAsync(cancellationToken);
    }
}

/// <summary>Nearest-rank percentiles and the mean of a list of times in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P95, double P99, double Mean, int Count)
{
    public static Percentiles Of(IReadOnlyList<double> times)
    {
        var sorted = times.Order().ToArray();
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(At(0.50), At(0.95), At(0.99), sorted.Average(), sorted.Length);
    }
}
