using HelpdeskBot.Skills.Hr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Skills.Tests.Hr;

public sealed class HolidayConfigurationTests
{
    [Fact]
    public void AddSkills_binds_the_public_holidays_from_Skills_Leave()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Skills:Leave:PublicHolidays:0"] = "2026-12-25",
            ["Skills:Leave:PublicHolidays:1"] = "2027-01-01",
        });

        builder.AddSkills();

        using var provider = builder.Services.BuildServiceProvider();
        Assert.Equal([new DateOnly(2026, 12, 25), new DateOnly(2027, 1, 1)], provider.GetRequiredService<IOptions<LeaveOptions>>().Value.PublicHolidays);
    }

    [Fact]
    public void The_bots_defaults_hold_the_2026_SKB_list_and_2027_dates_sorted_and_without_duplicates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(BotAppSettings(), optional: false).Build();
        var options = configuration.GetSection(LeaveOptions.SectionName).Get<LeaveOptions>()!;
        var holidays = options.PublicHolidays;

        // SKB 3 Menteri for 2026: 17 national holidays and 8 days of cuti bersama.
        Assert.Equal(25, holidays.Count(d => d.Year == 2026));
        Assert.Contains(new DateOnly(2026, 3, 21), holidays); // Idul Fitri 1447 H
        Assert.Contains(new DateOnly(2026, 12, 24), holidays); // cuti bersama Natal
        Assert.Contains(holidays, d => d.Year == 2027);
        Assert.Equal(holidays.Order(), holidays);
        Assert.Equal(holidays.Count, holidays.Distinct().Count());
    }

    private static string BotAppSettings()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HelpdeskBot.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "bot", "appsettings.json");
    }
}
