using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Tests;

[Collection(TrainedClassifierGroup.Name)]
public sealed class AddClassifierTests(TrainedClassifierFixture fixture)
{
    private static IHost BuildHost(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddClassifier();
        return builder.Build();
    }

    [Fact]
    public async Task The_host_warms_the_classifier_at_start_and_serves_one_instance_for_both_registrations()
    {
        // The fixture's model directory already holds the model, so this host loads it instead of training.
        using var host = BuildHost(new Dictionary<string, string?> { ["Classifier:ModelDirectory"] = fixture.ModelDirectory });

        await host.StartAsync();
        try
        {
            var classifier = host.Services.GetRequiredService<IntentClassifier>();
            Assert.Same(classifier, host.Services.GetRequiredService<IIntentClassifier>());
            Assert.Equal(IntentModelSource.LoadedFromCache, classifier.Model?.Source);
            Assert.Equal(IntentNames.OrderStatus, host.Services.GetRequiredService<IIntentClassifier>().Classify("pesanan saya ORD-100123 sudah sampai mana?").Intent);
            Assert.Equal(LanguageCodes.Indonesian, host.Services.GetRequiredService<ILanguageDetector>().Detect("makasih"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_host_that_registers_its_own_classifier_does_not_train_the_real_one()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IIntentClassifier, FixedClassifier>();
        builder.AddClassifier();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.IsType<FixedClassifier>(host.Services.GetRequiredService<IIntentClassifier>());
        Assert.Null(host.Services.GetRequiredService<IntentClassifier>().Model);
    }

    [Fact]
    public void Options_are_bound_from_the_classifier_section()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Classifier:ModelDirectory"] = "/var/lib/helpdesk/models",
            ["Classifier:ConfidenceThreshold"] = "0.7",
            ["Classifier:AmbiguityMargin"] = "0.05",
        });

        var options = host.Services.GetRequiredService<IOptions<ClassifierOptions>>().Value;

        Assert.Equal("/var/lib/helpdesk/models", options.ModelDirectory);
        Assert.Equal(0.7f, options.ConfidenceThreshold);
        Assert.Equal(0.05f, options.AmbiguityMargin);
    }

    [Theory]
    [InlineData("Classifier:ConfidenceThreshold", "1.5")]
    [InlineData("Classifier:AmbiguityMargin", "-0.1")]
    public async Task Out_of_range_options_fail_the_host_start(string key, string value)
    {
        using var host = BuildHost(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(key.Split(':')[1], error.Message);
    }

    private sealed class FixedClassifier : IIntentClassifier
    {
        public IntentPrediction Classify(string text) => new(IntentNames.BotHelp, 1f, IsAmbiguous: false, []);
    }
}
