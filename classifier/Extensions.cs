using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HelpdeskBot.Classifier;

public static class Extensions
{
    /// <summary>
    /// Adds the intent classifier, the sentence embedder it uses and the language detector. Binds and validates <see cref="ClassifierOptions"/> from the
    /// "Classifier" section; registers <see cref="IIntentClassifier"/> (and the concrete <see cref="IntentClassifier"/>) as one
    /// singleton whose model is loaded or trained once, by a hosted service while the host starts; and
    /// <see cref="ISentenceEmbedder"/> (MiniLM, shipped in its NuGet package; the knowledge base can reuse it, or the
    /// embedding on <see cref="IntentPrediction.Embedding"/>); and <see cref="ILanguageDetector"/>. The host sets <see cref="ClassifierOptions.ModelDirectory"/> (e.g. with PostConfigure)
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
        builder.Services.TryAddSingleton<ISentenceEmbedder, MiniLmSentenceEmbedder>();
        builder.Services.TryAddSingleton<IntentClassifier>();
        builder.Services.TryAddSingleton<IIntentClassifier>(services => services.GetRequiredService<IntentClassifier>());
        builder.Services.AddHostedService<IntentClassifierWarmUp>();
        builder.Services.TryAddSingleton<ILanguageDetector, LanguageDetector>();
        builder.Services.AddEntityRecognition();

        return builder;
    }
}
