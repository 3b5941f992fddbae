using System.Globalization;
using HelpdeskBot.Classifier.Benchmarks;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Knowledge.Benchmarks;

// dotnet run -c Release --project tests/HelpdeskBot.Knowledge.Benchmarks -- [all|stackfaq|seed|latency|ingest ...] [options]
//   lexicon                     not a benchmark: how much of the Indonesian seed text the lexicon knows, and what it does not
//   --data <dir>                shared/data (default: found by walking up, or HELPDESKBOT_SHARED_DATA)
//   --out <dir>                 where the tables and per-query details are written (default TestResults/knowledge-benchmarks)
//   --embedding-cache <dir>     keep embeddings between runs (experiments only: stackfaq and seed texts, and the latency
//                               benchmark's passage pool; never a timed query embedding, never ingest)
//   --limit <n>                 stackfaq: chunks asked for per query before collapsing to threads (default 50)
//   --chunk-characters <n>, --chunk-overlap <n>
//                               stackfaq: chunk size and overlap (default: the KnowledgeOptions defaults)
//   --sizes <n,n,…>             latency: index sizes in chunks (default 1000,10000,100000)
//   --queries <n>               latency: measured queries per size, after a warm-up (default 600)
//   --keep-index <dir>          latency: build the index file in <dir> and leave it there (for looking at it with sqlite3)
//   grounded                    not in all: groundedness of model answers to the seed questions (scripted model by default)
//   --llm-endpoint <url>, --llm-model <name>
//                               grounded: a real OpenAI-compatible model (key from the environment, Llm__ApiKey)
//   --int8                      stackfaq, seed: embed with the int8 MiniLM (Classifier:Int8Embeddings, docs/load.md)
//                               instead of the shipped fp32 model; vectors cached apart from the fp32 ones
//   --diagnose                  seed: also write where the answer's passage ranks on each side (seed-diagnosis.tsv)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var commands = new List<string>();
string? data = null, cache = null;
var output = Path.Combine("TestResults", "knowledge-benchmarks");
var settings = new BenchmarkSettings(string.Empty);
bool int8 = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--data": data = Next(); break;
        case "--out": output = Next(); break;
        case "--embedding-cache": cache = Next(); break;
        case "--limit": settings = settings with { StackFaqLimit = NextInt() }; break;
        case "--chunk-characters": settings = settings with { ChunkCharacters = NextInt() }; break;
        case "--chunk-overlap": settings = settings with { ChunkOverlapCharacters = NextInt() }; break;
        case "--sizes": settings = settings with { LatencySizes = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] }; break;
        case "--diagnose": settings = settings with { Diagnose = true }; break;
        case "--llm-endpoint": settings = settings with { LlmEndpoint = Next() }; break;
        case "--llm-model": settings = settings with { LlmModel = Next() }; break;
        case "--keep-index": settings = settings with { KeepIndexDirectory = Next() }; break;
        case "--queries": settings = settings with { LatencyQueries = NextInt() }; break;
        case "--int8": int8 = true; break;
        case var command when !command.StartsWith('-'): commands.Add(command); break;
        default: throw new ArgumentException($"Unknown option {args[i]}");
    }
}

if (commands.Count == 0 || commands.Contains("all"))
{
    commands = ["stackfaq", "seed", "latency", "ingest"];
}

settings = settings with { DataDirectory = SharedData.Locate(data) };
var report = new Report(Path.GetFullPath(output));
using var model = int8 ? MiniLmSentenceEmbedder.CreateInt8() : new MiniLmSentenceEmbedder();
var cachingEmbedder = new CachingEmbedder(model, !int8 || cache is null ? cache : Path.Combine(cache, "int8"));
report.Log($"# Knowledge benchmarks — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
           $"load average {Machine.LoadAverage()}");
if (int8)
{
    report.Log($"Embedding model: {model.ModelId} (int8 experiment)");
}

report.Save("run");
foreach (var command in commands)
{
    Func<Task> run = command switch
    {
        "stackfaq" => new StackFaqBenchmark(settings, cachingEmbedder, report).RunAsync,
        "seed" => new SeedBenchmark(settings, cachingEmbedder, report).RunAsync,
        "latency" => new LatencyBenchmark(settings, model, cachingEmbedder, report).RunAsync,
        "ingest" => new IngestBenchmark(settings, model, report).RunAsync,
        "lexicon" => new LexiconCoverage(report).RunAsync,
        "grounded" => new GroundedBenchmark(settings, cachingEmbedder, report).RunAsync,
        _ => throw new ArgumentException($"Unknown benchmark '{command}': use all, stackfaq, seed, latency, ingest, lexicon or grounded."),
    };
    var loadBefore = Machine.LoadAverage();
    await run();
    report.Log($"(load average before {command}: {loadBefore}; after: {Machine.LoadAverage()})");
    report.Save(command);
}

cachingEmbedder.Save();
Console.WriteLine($"Results written to {report.Directory}");
