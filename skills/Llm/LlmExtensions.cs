using System.ClientModel;
using System.ClientModel.Primitives;
using HelpdeskBot.Skills.Knowledge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenAI;

namespace HelpdeskBot.Skills.Llm;

public static class LlmExtensions
{
    /// <summary>The named <see cref="HttpClient"/> the model is called through.</summary>
    public const string HttpClientName = "Llm";

    /// <summary>
    /// Binds <see cref="LlmOptions"/> ("Llm", validated at start) and, when a model is configured, registers the one
    /// <see cref="Microsoft.Extensions.AI.IChatClient"/> the skills use: Semantic Kernel's OpenAI connector over an
    /// <see cref="OpenAIClient"/> for <see cref="LlmOptions.Endpoint"/>. Without a model nothing else is registered and the
    /// skills answer as they always did.
    /// </summary>
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.TryAddSingleton<ModelTelemetry>();
        services.TryAddSingleton<GroundedPolicyAnswers>();

        // Scoped like the skills: the plugins it builds per turn call connectors, which may be scoped.
        services.TryAddScoped<ModelToolUse>();

        // Whether to register a client is decided here, like the knowledge base's embedder; what it connects to comes
        // from the validated options when it is first used.
        var configured = builder.Configuration.GetSection(LlmOptions.SectionName).Get<LlmOptions>();
        if (configured?.IsEnabled != true)
        {
            return builder;
        }

        // The answer's deadline is enforced per request (LlmOptions.Timeout), not by the client.
        services.AddHttpClient(HttpClientName, http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LlmOptions>>().Value;
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new OpenAIClient(
                // A local server (Ollama, vLLM) takes no key, but the client sends one: any text does.
                new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey),
                new OpenAIClientOptions
                {
                    Endpoint = new Uri(options.Endpoint!),
                    Transport = new HttpClientPipelineTransport(http),
                    // No retries: a rate limit or an error falls back to the extractive answer at once, so a turn is never
                    // more than one timeout slower than without a model.
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                    NetworkTimeout = options.Timeout,
                });
        });
        services.AddOpenAIChatClient(configured.Model!, openAIClient: null);
        return builder;
    }
}
