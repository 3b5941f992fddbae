using HelpdeskBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Tests.Hosting;

public sealed class ThreadPoolMinimumTests
{
    [Theory]
    [InlineData(8, 2, 2, 16)]
    [InlineData(8, 4, 4, 32)]
    [InlineData(3, 2, 1, 6)]
    public void The_minimum_is_the_setting_times_the_cores(int perCore, int cores, int current, int expected) =>
        Assert.Equal(expected, ThreadPoolMinimum.Target(perCore, cores, current));

    [Theory]
    [InlineData(8, 2, 16)] // already there
    [InlineData(8, 2, 64)] // higher already (another host, or the runtime's own setting): never lowered
    [InlineData(0, 2, 2)] // 0: the runtime's own minimum
    [InlineData(ThreadPoolMinimum.MaxPerCore + 1, 2, 2)] // out of range: the options' validation stops the host instead
    public void The_minimum_is_left_alone_when_it_is_high_enough_or_the_setting_says_so(int perCore, int cores, int current) =>
        Assert.Null(ThreadPoolMinimum.Target(perCore, cores, current));

    [Fact]
    public void A_host_raises_the_pools_minimum_to_its_setting_per_core()
    {
        // Just above the 64 this test process starts with (TestProcess), so only the host's setting can have raised it.
        var perCore = 64 / Environment.ProcessorCount + 1;
        using var host = new BotHost().With("Helpdesk:MinWorkerThreadsPerCore", perCore.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _ = host.CreateClient();

        ThreadPool.GetMinThreads(out var workers, out _);

        Assert.True(workers >= perCore * Environment.ProcessorCount, $"min worker threads {workers}, cores {Environment.ProcessorCount}");
    }

    [Fact]
    public void A_minimum_out_of_range_stops_the_host_at_start()
    {
        using var host = new BotHost().With("Helpdesk:MinWorkerThreadsPerCore", "-1");

        var failure = Assert.Throws<OptionsValidationException>(() => host.CreateClient());

        Assert.Contains(nameof(HelpdeskOptions.MinWorkerThreadsPerCore), failure.Message, StringComparison.Ordinal);
    }
}
