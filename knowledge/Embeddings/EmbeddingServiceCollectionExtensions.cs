using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Embeddings;

public static class EmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="OpenAiCompatibleEmbeddingGenerator"/> the process's
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, replacing any registered before (the classifier's local
    /// MiniLM), over the named client <see cref="OpenAiCompatibleEmbeddingGenerator.HttpClientName"/> with
    /// <see cref="EmbeddingOptions.TimeoutSeconds"/> as its timeout. Binds <see cref="EmbeddingOptions"/> from
    /// "Knowledge:Embeddings" and validates them at start.
    /// </summary>
    public static IServiceCollection AddOpenAiCompatibleEmbeddings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddEmbeddingOptions();
        services.AddHttpClient(OpenAiCompatibleEmbeddingGenerator.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value.TimeoutSeconds));
        services.TryAddSingleton<OpenAiCompatibleEmbeddingGenerator>();
        services.RemoveAll<IEmbeddingGenerator<string, Embedding<float>>>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
            provider => provider.GetRequiredService<OpenAiCompatibleEmbeddingGenerator>());
        return services;
    }

    /// <summary>
    /// Binds <see cref="EmbeddingOptions"/> and validates them at start. Safe to call more than once (the knowledge
    /// base's registration and <see cref="AddOpenAiCompatibleEmbeddings"/> both do): the validator is added only once, so
    /// a bad setting is reported once.
    /// </summary>
    internal static OptionsBuilder<EmbeddingOptions> AddEmbeddingOptions(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>());
        return services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.SectionName)
            .ValidateOnStart();
    }
}
