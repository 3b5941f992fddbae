using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge;

public static class Extensions
{
    /// <summary>
    /// Registers the knowledge base: options (section <see cref="KnowledgeOptions.SectionName"/>, validated at start), the
    /// document database, the index chosen by <see cref="KnowledgeOptions.VectorStore"/>, the library (lifecycle), the
    /// search, a hosted service that creates the stores and loads the seed corpus on a first run, and one that follows
    /// changes other instances make to the shared knowledge database (<see cref="KnowledgeSync"/>). The embedding
    /// model is the host's <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> (the local MiniLM model the
    /// classifier registers) unless <c>Knowledge:Embeddings:Provider</c> is <c>OpenAI</c>.
    /// </summary>
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<KnowledgeOptions>()
            .BindConfiguration(KnowledgeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var provider = builder.Configuration.GetSection(EmbeddingOptions.SectionName).Get<EmbeddingOptions>()?.Provider;
        if (provider == EmbeddingProvider.OpenAI)
        {
            services.AddOpenAiCompatibleEmbeddings();
        }

        services.AddKnowledgeDatabases();
        services.AddSingleton(sp => new KnowledgeSchema(
            sp.GetRequiredService<IDbContextFactory<KnowledgeDbContext>>(), sp.GetRequiredService<IOptions<KnowledgeOptions>>()));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KnowledgeClock>();
        services.AddSingleton<IKnowledgeIndex>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            return options.VectorStore == VectorStoreKind.Qdrant
                ? new QdrantKnowledgeIndex(options.Qdrant, sp.GetRequiredService<ILogger<QdrantKnowledgeIndex>>())
                : new EmbeddedKnowledgeIndex(options.IndexPath);
        });
        services.AddSingleton(sp => new KnowledgeLibrary(
            sp.GetRequiredService<IDbContextFactory<KnowledgeDbContext>>(),
            sp.GetRequiredService<IKnowledgeIndex>(),
            sp.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>(),
            sp.GetRequiredService<KnowledgeClock>(),
            sp.GetRequiredService<IOptions<KnowledgeOptions>>(),
            sp.GetRequiredService<ILogger<KnowledgeLibrary>>()));
        services.AddSingleton<KnowledgeSearch>(sp => new KnowledgeSearch(
            sp.GetRequiredService<IKnowledgeIndex>(),
            sp.GetRequiredService<KnowledgeLibrary>(),
            sp.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>(),
            sp.GetRequiredService<KnowledgeClock>(),
            sp.GetRequiredService<IOptions<KnowledgeOptions>>(),
            // Only a remote index can be unreachable while the bot runs.
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.VectorStore == VectorStoreKind.Qdrant ? sp.GetRequiredService<LexicalFallback>() : null));
        services.AddSingleton<LexicalFallback>();
        services.AddSingleton<IKnowledgeAnswers>(sp => sp.GetRequiredService<KnowledgeSearch>());
        services.AddSingleton<SeedCorpus>();
        services.AddHostedService<KnowledgeStartup>();
        // After the startup: its first sync runs once the host has started, and an instance follows the others from then on.
        services.AddSingleton<KnowledgeSync>();
        services.AddHostedService(sp => sp.GetRequiredService<KnowledgeSync>());
        return builder;
    }
}
