using System.Diagnostics;
using System.Globalization;
using System.Text;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Library;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>
/// Ingestion throughput through <see cref="KnowledgeLibrary.IngestAsync"/> (parse, chunk, embed, store, publish into the
/// embedded index), one document at a time as the CLI and the seed do it: the seed corpus, and the 125 StackFAQ threads
/// written as Markdown files. The model is the real one, warmed up first, with no embedding cache.
/// </summary>
internal sealed class IngestBenchmark(BenchmarkSettings settings, MiniLmSentenceEmbedder model, Report report)
{
    public async Task RunAsync()
    {
        report.Log("## ingest");
        // The first call loads the ONNX model (about 0.7 s); a running bot has done that long before an upload.
        await model.EmbedAsync(["warm up the model", "and its tokenizer"]);

        var table = new MarkdownTable("corpus", "documents", "chunks", "seconds", "documents/s", "chunks/s", "of the time: embedding", "process RSS after / peak");
        // The seed as SeedCorpus.LoadIfEmptyAsync loads it (same files, same uploads), counting the chunks of every
        // version stored: the draft and the retired file are embedded and stored too, only not published.
        var seed = SeedCorpus.Files().Select(f => new DocumentUpload(f.FileName, f.Content, "seed")).ToArray();
        await MeasureAsync(table, $"seed corpus ({seed.Length} files)", seed);

        var threads = BenchmarkData.StackFaqThreads(settings.DataDirectory);
        var files = threads.Select(thread => new DocumentUpload($"stackfaq-{thread.Id:000}.md", Encoding.UTF8.GetBytes(Markdown(thread)), "benchmark")).ToArray();
        await MeasureAsync(table, $"StackFAQ threads as Markdown ({files.Length} files)", files);

        report.Table("Ingestion through KnowledgeLibrary.IngestAsync (one document at a time, real MiniLM)", table);
    }

    private async Task MeasureAsync(MarkdownTable table, string label, DocumentUpload[] uploads)
    {
        var embedder = new TimedEmbedder(model);
        await using var workspace = await KnowledgeWorkspace.CreateAsync(embedder);
        var chunks = 0;
        var started = Stopwatch.GetTimestamp();
        foreach (var upload in uploads)
        {
            chunks += (await workspace.Library.IngestAsync(upload)).Chunks;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        table.Add(
            label,
            uploads.Length.ToString(CultureInfo.InvariantCulture),
            chunks.ToString(CultureInfo.InvariantCulture),
            Report.Number(elapsed, "0.0"),
            Report.Number(uploads.Length / elapsed, "0.0"),
            Report.Number(chunks / elapsed, "0.0"),
            Report.Percent(embedder.Elapsed.TotalSeconds / elapsed),
            $"{ProcessMemory("VmRSS")} / {ProcessMemory("VmHWM")} MB");
    }

    /// <summary>
    /// This process's resident memory now (VmRSS) or at its peak so far (VmHWM), in MB: ONNX Runtime's arena used to keep
    /// the peak of the largest batch of passages for good (about 1.5 GB more after an upload).
    /// </summary>
    private static string ProcessMemory(string field) =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            ? (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture)
            : "?";

    /// <summary>A thread as an author would upload it: front matter, then the question and each answer as paragraphs.</summary>
    private static string Markdown(StackFaqThread thread)
    {
        var text = new StringBuilder()
            .Append("---\n")
            .Append("title: \"").Append(thread.Question).Append("\"\n")
            .Append("audience: everyone\nlanguage: en\nstatus: published\n")
            .Append("---\n\n")
            .Append(thread.Question).Append("\n\n");
        foreach (var answer in thread.Answers)
        {
            text.Append(answer).Append("\n\n");
        }

        return text.ToString();
    }
}
