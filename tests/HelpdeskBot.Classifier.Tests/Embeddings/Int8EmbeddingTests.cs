using System.Numerics.Tensors;
using HelpdeskBot.Classifier.Intents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Onnx;

namespace HelpdeskBot.Classifier.Tests.Embeddings;

/// <summary>The fp32 and int8 MiniLM sessions, loaded once for this class (each takes most of a second).</summary>
public sealed class Int8MiniLmFixture : IDisposable
{
    public MiniLmSentenceEmbedder Fp32 { get; } = new();

    public MiniLmSentenceEmbedder Quantized { get; } = MiniLmSentenceEmbedder.CreateInt8();

    public void Dispose()
    {
        Fp32.Dispose();
        Quantized.Dispose();
    }
}

public sealed class Int8EmbeddingTests(Int8MiniLmFixture fixture) : IClassFixture<Int8MiniLmFixture>
{
    private static readonly string[] Sentences =
    [
        "Where is my order ORD-481920?",
        "I forgot my password and cannot log in to the portal",
        "how many days of annual leave do I have left",
        "halo kak, pesanan saya sudah sampai mana ya?",
        "saya lupa kata sandi laptop kantor",
        "tolong kirim slip gaji bulan maret ke email saya",
        "what is the final score of last night's match",
    ];

    [Fact]
    public void Every_matmul_with_a_weight_matrix_becomes_an_int8_DynamicQuantizeMatMul_and_the_file_shrinks()
    {
        var original = MiniLmModel.PackageModel();

        var (quantized, summary) = MiniLmQuantizer.Quantize(original, WeightScale.PerColumn);

        var model = ModelProto.Parser.ParseFrom(quantized);
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        var quantizedNodes = model.Graph.Node.Where(n => n.OpType == "DynamicQuantizeMatMul").ToArray();
        // 6 layers × (query, key, value, attention output, intermediate, output); attention's own two products stay float.
        Assert.Equal(36, quantizedNodes.Length);
        Assert.Equal(36, summary.MatMulsQuantized);
        Assert.All(quantizedNodes, node =>
        {
            Assert.Equal("com.microsoft", node.Domain);
            Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[node.Input[1]].DataType);
            Assert.Equal(initializers[node.Input[1]].Dims[1], initializers[node.Input[2]].Dims.Single()); // a scale per column
        });
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "MatMul" && n.Input.Any(initializers.ContainsKey));
        Assert.Contains(model.OpsetImport, o => o.Domain == "com.microsoft");
        Assert.True(quantized.Length < original.Length * 0.7, $"{quantized.Length} bytes of {original.Length}");
    }

    [Fact]
    public void Weights_are_rounded_to_the_nearest_step_of_their_columns_scale()
    {
        // 3 × 2, row-major: column 0 is 0.9, -2, 0.5 (largest 2), column 1 is 0.1, 0.3, -0.4 (largest 0.4).
        float[] weights = [0.9f, 0.1f, -2f, 0.3f, 0.5f, -0.4f];

        var (perColumn, scales) = MiniLmQuantizer.QuantizeColumns(weights, 3, 2, WeightScale.PerColumn);
        var (perTensor, scale) = MiniLmQuantizer.QuantizeColumns(weights, 3, 2, WeightScale.PerTensor);

        Assert.Equal([2f / 127, 0.4f / 127], scales);
        Assert.Equal(new sbyte[] { 57, 32, -127, 95, 32, -127 }, perColumn);
        Assert.Equal([2f / 127], scale);
        Assert.Equal(new sbyte[] { 57, 6, -127, 19, 32, -25 }, perTensor);
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.InRange(Math.Abs((perColumn[i] * scales[i % 2]) - weights[i]), 0, (scales[i % 2] / 2) + 1e-6);
        }
    }

    [Fact]
    public void Int8_vectors_are_unit_length_and_close_to_the_fp32_vectors_in_English_and_Indonesian()
    {
        foreach (var sentence in Sentences)
        {
            var fp32 = fixture.Fp32.Embed(sentence);
            var int8 = fixture.Quantized.Embed(sentence);

            Assert.Equal(MiniLmSentenceEmbedder.VectorLength, int8.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(int8), precision: 4);
            // Measured over 1,676 test utterances: mean 0.993, lowest 0.967.
            Assert.InRange(TensorPrimitives.CosineSimilarity(fp32, int8), 0.95f, 1f);
            Assert.NotEqual(fp32, int8);
        }
    }

    [Fact]
    public void Similarities_between_sentences_move_little_under_int8()
    {
        // Intent neighbours, thresholds and knowledge search all read dot products between vectors.
        var fp32 = Sentences.Select(fixture.Fp32.Embed).ToArray();
        var int8 = Sentences.Select(fixture.Quantized.Embed).ToArray();

        for (var i = 0; i < Sentences.Length; i++)
        {
            for (var j = i + 1; j < Sentences.Length; j++)
            {
                Assert.InRange(TensorPrimitives.Dot(int8[i], int8[j]) - TensorPrimitives.Dot(fp32[i], fp32[j]), -0.05f, 0.05f);
            }
        }

        Assert.True(TensorPrimitives.Dot(int8[1], int8[4]) > TensorPrimitives.Dot(int8[1], int8[2]), "password (en) stays nearer password (id) than leave");
    }

    [Fact]
    public void An_int8_batch_gives_every_text_the_vector_it_gets_alone()
    {
        // Texts of different lengths: batched together, they would share one activation scale and padding.
        var batch = fixture.Quantized.EmbedBatch(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.Equal(fixture.Quantized.Embed(Sentences[i]), batch[i]);
        }
    }

    [Fact]
    public async Task The_int8_model_has_its_own_model_id_so_trained_models_and_stored_vectors_are_never_mixed()
    {
        var embedding = (await fixture.Quantized.GenerateAsync(["Where is my order?"]))[0];

        Assert.NotEqual(fixture.Fp32.ModelId, fixture.Quantized.ModelId);
        Assert.Contains("int8", fixture.Quantized.ModelId, StringComparison.Ordinal);
        Assert.Equal(fixture.Quantized.ModelId, embedding.ModelId);
        Assert.Equal(fixture.Quantized.ModelId, fixture.Quantized.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.NotEqual(
            IntentModelStore.Fingerprint(IntentExamples.Training, fixture.Fp32.ModelId, new IntentTrainingOptions()),
            IntentModelStore.Fingerprint(IntentExamples.Training, fixture.Quantized.ModelId, new IntentTrainingOptions()));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void The_host_embeds_with_int8_only_when_Classifier_Int8Embeddings_is_true(string? setting, bool quantized)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (setting is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Classifier:Int8Embeddings"] = setting });
        }

        builder.AddClassifier();
        using var host = builder.Build();

        // Resolving loads no session: the model is read on first use.
        var embedder = host.Services.GetRequiredService<ISentenceEmbedder>();
        Assert.Same(Assert.IsType<CachedSentenceEmbedder>(embedder).Inner, host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal(quantized ? fixture.Quantized.ModelId : fixture.Fp32.ModelId, embedder.ModelId);
    }
}
