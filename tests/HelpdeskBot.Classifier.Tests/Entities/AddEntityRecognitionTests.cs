using HelpdeskBot.Classifier.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Tests.Entities;

public sealed class AddEntityRecognitionTests
{
    private static IHost BuildHost(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddEntityRecognition();
        return builder.Build();
    }

    [Fact]
    public void The_recogniser_is_one_singleton_in_jakarta_time_by_default()
    {
        using var host = BuildHost(new Dictionary<string, string?>(), new FixedTimeProvider(Recognizers.SaturdayNightInJakartaFridayInUtc));

        var recognizer = host.Services.GetRequiredService<IEntityRecognizer>();

        Assert.Same(recognizer, host.Services.GetRequiredService<IEntityRecognizer>());
        Assert.Equal("Asia/Jakarta", host.Services.GetRequiredService<IOptions<EntityOptions>>().Value.TimeZone);
        Assert.Equal("2026-11-28", Assert.Single(recognizer.Recognize("today")).Value);
    }

    [Fact]
    public void The_time_zone_is_bound_from_the_entities_section()
    {
        using var host = BuildHost(
            new Dictionary<string, string?> { ["Entities:TimeZone"] = "America/New_York" },
            new FixedTimeProvider(Recognizers.FridayMorningInJakarta));

        var recognizer = host.Services.GetRequiredService<IEntityRecognizer>();

        // 03:00 UTC on 27 November is still 26 November in New York.
        Assert.Equal("2026-11-26", Assert.Single(recognizer.Recognize("hari ini")).Value);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public async Task An_unknown_time_zone_stops_the_host_at_start_with_a_clear_message(string zone)
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Entities:TimeZone"] = zone });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Entities:TimeZone", error.Message, StringComparison.Ordinal);
        Assert.Contains("Asia/Jakarta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recogniser_built_by_hand_with_an_unknown_time_zone_names_it()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => new EntityRecognizer(TimeProvider.System, Options.Create(new EntityOptions { TimeZone = "Mars/Olympus_Mons" })));

        Assert.Contains("Mars/Olympus_Mons", error.Message, StringComparison.Ordinal);
    }
}
