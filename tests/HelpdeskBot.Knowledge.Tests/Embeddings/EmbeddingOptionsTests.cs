using HelpdeskBot.Knowledge.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Tests.Embeddings;

public sealed class EmbeddingOptionsTests
{
    private static readonly Dictionary<string, string?> OpenAi = new()
    {
        ["Knowledge:Embeddings:Provider"] = "OpenAI",
        ["Knowledge:Embeddings:BaseUrl"] = "http://127.0.0.1:11434/v1",
        ["Knowledge:Embeddings:Model"] = "nomic-embed-text",
    };

    private static IHost BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection>? register = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        (register ?? (services => services.AddOpenAiCompatibleEmbeddings()))(builder.Services);
        return builder.Build();
    }

    private static Exception? Validate(Dictionary<string, string?> settings)
    {
        using var host = BuildHost(settings);
        return Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
    }

    private static Dictionary<string, string?> With(string key, string? value) => new(OpenAi) { [key] = value };

    [Theory]
    [InlineData("Knowledge:Embeddings:BaseUrl", null, "Knowledge:Embeddings:BaseUrl must be an absolute http or https URL")]
    [InlineData("Knowledge:Embeddings:BaseUrl", "localhost:11434/v1", "Knowledge:Embeddings:BaseUrl must be an absolute http or https URL")]
    [InlineData("Knowledge:Embeddings:BaseUrl", "ftp://models.example/v1", "Knowledge:Embeddings:BaseUrl must be an absolute http or https URL")]
    [InlineData("Knowledge:Embeddings:BaseUrl", "https://api.openai.com/v1?key=1", "Knowledge:Embeddings:BaseUrl must be an absolute http or https URL")]
    [InlineData("Knowledge:Embeddings:Model", " ", "Knowledge:Embeddings:Model is required when Knowledge:Embeddings:Provider is OpenAI")]
    [InlineData("Knowledge:Embeddings:BatchSize", "0", "BatchSize must be between 1 and 2048")]
    [InlineData("Knowledge:Embeddings:BatchSize", "4096", "BatchSize must be between 1 and 2048")]
    [InlineData("Knowledge:Embeddings:TimeoutSeconds", "0", "TimeoutSeconds must be between 1 and 600")]
    [InlineData("Knowledge:Embeddings:Dimensions", "0", "Dimensions must be between 1 and 16384")]
    [InlineData("Knowledge:Embeddings:Provider", "Azure", "Knowledge:Embeddings:Provider")]
    public void A_bad_embedding_setting_fails_validation_with_a_message_naming_it(string key, string? value, string message)
    {
        var failure = Validate(With(key, value));

        Assert.NotNull(failure);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_fails_the_start()
    {
        using var host = BuildHost(With("Knowledge:Embeddings:Model", null));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Knowledge:Embeddings:Model is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_local_provider_needs_no_url_or_model_and_the_defaults_hold()
    {
        using var host = BuildHost([], services => services.AddEmbeddingOptions());

        var validation = Record.Exception(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        var options = host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;

        Assert.Null(validation);
        Assert.Equal((EmbeddingProvider.Local, 64, 30, (int?)null), (options.Provider, options.BatchSize, options.TimeoutSeconds, options.Dimensions));
    }

    [Fact]
    public void Valid_openai_settings_pass_and_keep_the_configured_values()
    {
        var settings = new Dictionary<string, string?>(OpenAi)
        {
            ["Knowledge:Embeddings:Provider"] = "openai",
            ["Knowledge:Embeddings:Dimensions"] = "768",
            ["Knowledge:Embeddings:BatchSize"] = "16",
            ["Knowledge:Embeddings:TimeoutSeconds"] = "5",
        };

        Assert.Null(Validate(settings));
        using var host = BuildHost(settings);
        var options = host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        Assert.Equal((EmbeddingProvider.OpenAI, 768, 16, 5), (options.Provider, options.Dimensions, options.BatchSize, options.TimeoutSeconds));
    }

    [Fact]
    public void Options_added_twice_report_a_bad_setting_once()
    {
        using var host = BuildHost(With("Knowledge:Embeddings:Model", null), services =>
        {
            services.AddEmbeddingOptions();
            services.AddOpenAiCompatibleEmbeddings();
        });

        var failure = Assert.IsType<OptionsValidationException>(
            Record.Exception(() => host.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value));

        Assert.Single(failure.Failures, message => message.Contains("Model is required", StringComparison.Ordinal));
    }
}
