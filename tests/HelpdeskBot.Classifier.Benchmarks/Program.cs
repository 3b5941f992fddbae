using System.Globalization;
using HelpdeskBot.Classifier.Benchmarks;
using HelpdeskBot.Classifier.Benchmarks.Int8;
using HelpdeskBot.Classifier.Intents;

// dotnet run -c Release --project tests/HelpdeskBot.Classifier.Benchmarks -- [all|own|clinc150|banking77|latency|masking|xsid|int8 ...] [options]
//   --data <dir>              shared/data (default: found by walking up, or HELPDESKBOT_SHARED_DATA)
//   --embedding-cache <dir>   keep embeddings between runs (experiments only: training times then exclude embedding)
//   --char-ngrams             add character 3–5-grams on CLINC150/BANKING77 (our own data always uses them)
//   --l2 <x>, --embedding-weight <x>, --threads <n>, --tolerance <x>, --objective accuracy|balancedaccuracy
//                             CLINC150/BANKING77 classifier settings (defaults below)
//   --own-l2 <x>, --own-embedding-weight <x>, --own-folds <n>   the same for our own data (defaults: the shipped model's)
//   --oos-plus                CLINC150 with data_oos_plus.json's larger oos_train
//   --val-only-calibration    CLINC150: calibrate on val + oos_val only (default adds OOS+'s extra oos_train queries)
//   --skip-test               CLINC150: train and calibrate, do not read test
//   own-cv                    model selection for our own data: cross-validation of candidate settings on train.*.tsv only
//   --diagnose                also print CLINC150 test results at fixed thresholds (never used to choose anything)
//   int8                      not in all: an int8-quantised MiniLM against the shipped fp32 one (docs/load.md): latency
//                             one sentence at a time, vector agreement, and the own split trained and tested on each
//   xsid                      not in all: xSID en and id, train on valid, closed-set accuracy on test
//   --int8-embedder           run the other commands (own, clinc150, xsid, …) with the int8 model, each text embedded alone
//   --int8-scale per-column|per-tensor, --int8-rounds <n>, --int8-save <file.onnx>, --int8-skip-accuracy
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var commands = new List<string>();
string? data = null, cache = null;
// Large English data: the embedding and word n-grams carry it; character n-grams cost far more time than they add. Two
// optimiser threads and a looser tolerance cut the 15,000-utterance fit from ~310 s to ~125 s. The threshold rule was
// fixed before the run it reports (docs/classifier-benchmarks.md): the highest threshold whose one-sided 95 % lower
// bound of in-scope accuracy on the held-out calibration queries still reaches the goal's 95 % (the in-scope side has
// 3,000 calibration queries, the out-of-scope side 251, so the constraint sits on the side that is well estimated).
var clincOptions = new IntentTrainingOptions
{
    CharacterNGrams = false,
    EmbeddingWeight = 1f,
    Threads = 2,
    OptimizationTolerance = 1e-3f,
    ThresholdObjective = ThresholdObjective.InScopeAccuracyLowerBound,
    TargetInScopeAccuracy = 0.95,
};
var ownOptions = new IntentTrainingOptions();
var int8Settings = new Int8Settings();
bool oosPlus = false, diagnose = false, validationOnly = false, skipTest = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    float NextFloat() => float.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--data": data = Next(); break;
        case "--embedding-cache": cache = Next(); break;
        case "--char-ngrams": clincOptions = clincOptions with { CharacterNGrams = true }; break;
        case "--l2": clincOptions = clincOptions with { L2Regularization = NextFloat() }; break;
        case "--embedding-weight": clincOptions = clincOptions with { EmbeddingWeight = NextFloat() }; break;
        case "--threads": clincOptions = clincOptions with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--own-l2": ownOptions = ownOptions with { L2Regularization = NextFloat() }; break;
        case "--own-embedding-weight": ownOptions = ownOptions with { EmbeddingWeight = NextFloat() }; break;
        case "--own-folds": ownOptions = ownOptions with { CrossValidationFolds = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--tolerance": clincOptions = clincOptions with { OptimizationTolerance = NextFloat() }; break;
        case "--objective": clincOptions = clincOptions with { ThresholdObjective = Enum.Parse<ThresholdObjective>(Next(), ignoreCase: true) }; break;
        case "--oos-plus": oosPlus = true; break;
        case "--diagnose": diagnose = true; break;
        case "--val-only-calibration": validationOnly = true; break;
        case "--skip-test": skipTest = true; break;
        case "--own-char-ngrams": ownOptions = ownOptions with { MinCharacterNGram = int.Parse(Next(), CultureInfo.InvariantCulture), MaxCharacterNGram = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--own-formal-words": ownOptions = ownOptions with { FormalIndonesianWords = true }; break;
        case "--int8-scale": int8Settings = int8Settings with { Scale = Next() == "per-tensor" ? WeightScale.PerTensor : WeightScale.PerColumn }; break;
        case "--int8-rounds": int8Settings = int8Settings with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--int8-save": int8Settings = int8Settings with { SavePath = Next() }; break;
        case "--int8-embedder": int8Settings = int8Settings with { UseForAll = true }; break;
        case "--int8-skip-accuracy": int8Settings = int8Settings with { SkipAccuracy = true }; break;
        case var command when !command.StartsWith('-'): commands.Add(command); break;
        default: throw new ArgumentException($"Unknown option {args[i]}");
    }
}

if (commands.Count == 0 || commands.Contains("all"))
{
    commands = ["own", "clinc150", "banking77", "latency"];
}

using var shipped = new MiniLmSentenceEmbedder();
using var quantized = int8Settings.UseForAll ? Int8Benchmark.CreateEmbedder(int8Settings.Scale, Console.Out) : null;
ISentenceEmbedder embedder = quantized is null ? shipped : new OneAtATimeEmbedder(quantized);
var settings = new BenchmarkSettings(data, cache, ownOptions, clincOptions, oosPlus, diagnose, validationOnly, skipTest);
var benchmarks = new Benchmarks(settings, embedder, Console.Out);
var int8 = new Int8Benchmark(settings, int8Settings, Console.Out);
foreach (var command in commands)
{
    Action run = command switch
    {
        "own" => benchmarks.OwnSplit,
        "own-cv" => benchmarks.OwnCrossValidation,
        "clinc150" => benchmarks.Clinc150,
        "banking77" => benchmarks.Banking77,
        "latency" => benchmarks.Latency,
        "masking" => benchmarks.Masking,
        "xsid" => benchmarks.XSid,
        "int8" => int8.Run,
        _ => throw new ArgumentException($"Unknown benchmark '{command}': use all, own, clinc150, banking77, latency, masking, xsid or int8."),
    };
    run();
}

Console.WriteLine();
Console.WriteLine($"Results ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}):");
Console.WriteLine();
Console.WriteLine("| benchmark | in-scope accuracy | OOS recall | notes |");
Console.WriteLine("|---|---|---|---|");
foreach (var row in benchmarks.Rows.Concat(int8.Rows))
{
    Console.WriteLine(row);
}
