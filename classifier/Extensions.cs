using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier;

public static class Extensions
{
    /// <summary>
    /// Adds the intent classifier, the sentence embedder it uses and the language detector. Binds and validates <see cref="ClassifierOptions"/> from the
    /// "Classifier" section; registers <see cref="IIntentClassifier"/> (and the concrete <see cref="IntentClassifier"/>) as one
    /// singleton whose model is loaded or trained once, by a hosted service while the host starts; and
    /// <see cref="ISentenceEmbedder"/> (MiniLM, shipped in its NuGet package; the knowledge base can reuse it, or the
    /// embedding on <see cref="IntentPrediction.Embedding"/>), which is also the
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> unless the host registered one first; and <see cref="ILanguageDetector"/>. The host sets <see cref="ClassifierOptions.ModelDirectory"/> (e.g. with PostConfigure)
    /// to its data directory's <c>models</c> folder when configuration leaves it empty. Entity recognition (section
    /// "Entities") comes with it.
    /// </summary>
    public static IHostApplicationBuilder AddClassifier(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<ClassifierOptions>()
            .BindConfiguration(ClassifierOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        // One MiniLM instance, so one ONNX session, serves the classifier and the knowledge base. A host that replaces the
        // sentence embedder with one that is no generator still gets MiniLM for passages, created only when first used.
        builder.Services.TryAddSingleton(services =>
            services.GetRequiredService<IOptions<ClassifierOptions>>().Value.Int8Embeddings ? MiniLmSentenceEmbedder.CreateInt8() : new MiniLmSentenceEmbedder());
        // Messages through a cache of recent sentences' vectors (Classifier:EmbeddingCacheEntries); passages straight to MiniLM.
        builder.Services.TryAddSingleton<ISentenceEmbedder>(services =>
            services.GetRequiredService<IOptions<ClassifierOptions>>().Value.EmbeddingCacheEntries is > 0 and var entries
                ? new CachedSentenceEmbedder(services.GetRequiredService<MiniLmSentenceEmbedder>(), entries)
                : services.GetRequiredService<MiniLmSentenceEmbedder>());
        builder.Services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(services =>
            (services.GetRequiredService<ISentenceEmbedder>() is CachedSentenceEmbedder cached ? cached.Inner : services.GetRequiredService<ISentenceEmbedder>())
                as IEmbeddingGenerator<string, Embedding<float>>
            ?? services.GetRequiredService<MiniLmSentenceEmbedder>());
        builder.Services.TryAddSingleton<IntentClassifier>();
        builder.Services.TryAddSingleton<IIntentClassifier>(services => services.GetRequiredService<IntentClassifier>());
        builder.Services.AddHostedService<IntentClassifierWarmUp>();
        builder.Services.TryAddSingleton<ILanguageDetector, LanguageDetector>();
        builder.Services.AddEntityRecognition();

        return builder;
    }
}
