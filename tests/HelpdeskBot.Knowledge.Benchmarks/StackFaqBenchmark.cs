using System.Diagnostics;
using System.Globalization;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// FAQ retrieval on StackFAQ (Karan and Šnajder 2018): each of the 125 threads is one document (title = the FAQ question,
/// body = the question and its answers as paragraphs), chunked, embedded and indexed as the library would; each of the
/// 1,250 user rephrasings is searched in the three modes through <see cref="Retrieval.KnowledgeSearch.SearchAsync"/>,
/// chunks are collapsed to threads by first occurrence, and the query's own thread is the one relevant answer.
/// </summary>
internal sealed class StackFaqBenchmark(BenchmarkSettings settings, CachingEmbedder embedder, Report report)
{
    private static readonly SearchMode[] Modes = [SearchMode.Lexical, SearchMode.Vector, SearchMode.Hybrid];

    public async Task RunAsync()
    {
        report.Log("## stackfaq");
        var threads = BenchmarkData.StackFaqThreads(settings.DataDirectory);
        var queries = BenchmarkData.StackFaqQueries(settings.DataDirectory);
        await using var workspace = await KnowledgeWorkspace.CreateAsync(embedder);
        var options = workspace.Options.Value;
        var chunker = new TextChunker(new ChunkingOptions
        {
            MaxCharacters = settings.ChunkCharacters ?? options.ChunkCharacters,
            OverlapCharacters = settings.ChunkOverlapCharacters ?? options.ChunkOverlapCharacters,
        });

        var threadOf = new Dictionary<Guid, int>();
        var pending = new List<(StackFaqThread Thread, Guid DocumentId, DocumentChunk Piece)>();
        foreach (var thread in threads)
        {
            var documentId = new Guid(thread.Id, 0, 0, new byte[8]);
            threadOf[documentId] = thread.Id;
            var parsed = new ParsedDocument(
                new DocumentFields(Title: thread.Question),
                [new DocumentSection([], [thread.Question, .. thread.Answers])]);
            pending.AddRange(chunker.Split(parsed).Select(piece => (thread, documentId, piece)));
        }

        var started = Stopwatch.GetTimestamp();
        var vectors = await embedder.EmbedAsync(
            pending.Select(p => KnowledgeLibrary.EmbeddingText(p.Thread.Question, TextChunker.HeadingPathText(p.Piece.HeadingPath), p.Piece.Text, "en")).ToArray());
        report.Log($"{threads.Count} threads → {pending.Count} chunks ({chunker.GetType().Name} {settings.ChunkCharacters ?? options.ChunkCharacters}/" +
                   $"{settings.ChunkOverlapCharacters ?? options.ChunkOverlapCharacters} characters), embedded in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");

        var chunks = pending.Select((p, i) =>
        {
            var heading = TextChunker.HeadingPathText(p.Piece.HeadingPath);
            return new IndexedChunk(
                KnowledgeLibrary.ChunkId(p.DocumentId, 1, p.Piece.Ordinal),
                p.DocumentId,
                1,
                p.Piece.Ordinal,
                p.Thread.Question,
                heading,
                p.Piece.Text,
                // As KnowledgeLibrary analyses a chunk for the lexical side: title, heading path and text.
                TextAnalyzer.Analyze(p.Thread.Question + "\n" + heading + "\n" + p.Piece.Text, "en"),
                Audience.Everyone,
                "en",
                DocumentStatus.Published,
                null,
                null,
                vectors[i]);
        }).ToArray();
        await workspace.Index.UpsertAsync(chunks);

        var filter = new IndexFilter(Audiences.ReadableBy(ReaderKind.Public), workspace.Clock.Today);
        var ranks = new Dictionary<SearchMode, int?[]>();
        started = Stopwatch.GetTimestamp();
        var answerOrder = new int?[queries.Count];
        foreach (var mode in Modes)
        {
            var modeRanks = new int?[queries.Count];
            for (var q = 0; q < queries.Count; q++)
            {
                var hits = await workspace.Search.SearchAsync(queries[q].Text, "en", filter, settings.StackFaqLimit, mode);
                modeRanks[q] = RankOf(hits, queries[q].ThreadId);
                if (mode == SearchMode.Hybrid)
                {
                    // The order AskAsync quotes in: the same hybrid hits, re-ranked for an English question.
                    answerOrder[q] = RankOf(KnowledgeSearch.RankForAnswer(hits, "en"), queries[q].ThreadId);
                }
            }

            ranks[mode] = modeRanks;
        }

        int? RankOf(IReadOnlyList<IndexHit> hits, int threadId)
        {
            var position = hits.Select(hit => threadOf[hit.Chunk.DocumentId]).Distinct().ToList().IndexOf(threadId);
            return position < 0 ? null : position + 1;
        }

        report.Log($"{queries.Count} queries × {Modes.Length} modes searched in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s (limit {settings.StackFaqLimit} chunks)");

        var table = new MarkdownTable("queries", "mode", "MRR (= MAP)", "recall@1", "recall@5", "NDCG@10", "not in top chunks");
        foreach (var (label, selected) in new[] { ("all 1250", (Func<StackFaqQuery, bool>)(_ => true)), ("group b (625)", q => q.Group == "b"), ("group a (625)", q => q.Group == "a") })
        {
            foreach (var mode in Modes)
            {
                var metrics = new RankingMetrics();
                for (var q = 0; q < queries.Count; q++)
                {
                    if (selected(queries[q]))
                    {
                        metrics.Add(ranks[mode][q]);
                    }
                }

                AddRow(label, mode.ToString(), metrics, Enumerable.Range(0, queries.Count).Count(q => selected(queries[q]) && ranks[mode][q] is null));
            }

            var answer = new RankingMetrics();
            for (var q = 0; q < queries.Count; q++)
            {
                if (selected(queries[q]))
                {
                    answer.Add(answerOrder[q]);
                }
            }

            AddRow(label, "Hybrid, answer order (AskAsync)", answer, Enumerable.Range(0, queries.Count).Count(q => selected(queries[q]) && answerOrder[q] is null));
        }

        void AddRow(string label, string mode, RankingMetrics metrics, int missing) =>
            table.Add(label, mode, Report.Number(metrics.MeanReciprocalRank), Report.Number(metrics.RecallAt(1)),
                Report.Number(metrics.RecallAt(5)), Report.Number(metrics.NdcgAt(10)), missing.ToString(CultureInfo.InvariantCulture));

        table.Add("reference", "Elasticsearch BM25, question+answer (QA pairs, BERT-FAQ README)", "MAP 0.637", "", "", "0.783", "");
        report.Table("StackFAQ thread retrieval (goal: hybrid NDCG@10 ≥ 0.85)", table);
        report.Detail(
            "stackfaq-ranks.tsv",
            ["query_id", "group", "thread_id", "lexical_rank", "vector_rank", "hybrid_rank", "answer_order_rank", "query", "thread_question"],
            queries.Select((query, q) => new[]
            {
                query.Id, query.Group, query.ThreadId.ToString(CultureInfo.InvariantCulture),
                Rank(ranks[SearchMode.Lexical][q]), Rank(ranks[SearchMode.Vector][q]), Rank(ranks[SearchMode.Hybrid][q]), Rank(answerOrder[q]),
                query.Text, threads.First(t => t.Id == query.ThreadId).Question,
            }));
    }

    private static string Rank(int? rank) => rank?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
