using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Scaling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>
/// The real redis-server killed under two running instances and started again: each instance keeps answering (its own
/// sockets get their replies, nothing fails), logs one warning for the outage rather than one per message, reports Redis
/// as degraded — not unready — and delivers across instances again once Redis is back, catching up what it missed.
/// </summary>
public sealed class RedisOutageTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string Unreachable = "Redis is unreachable";

    [Fact]
    public async Task Without_Redis_each_instance_serves_alone_with_one_warning_and_delivery_across_instances_resumes_when_it_is_back()
    {
        // No keep-alive catch-up within the test: what crosses instances here crosses by Redis.
        await using var instances = TwoInstances.Start(redis.Server, host => host.With("DirectLine:KeepAliveSeconds", "600"));
        var onA = await TwoInstances.DirectLine(instances.A).StartAsync("en-US");
        var onB = TwoInstances.On(instances.B, onA);
        await using var stream = await StreamWatcher.OpenAsync(onA.StreamUrl);
        var before = await onB.SayAsync("hello");
        await stream.ReadUntilAsync(seen => seen.Any(a => a.ReplyToId == before));

        await redis.Server.StopAsync();

        var onOwnInstance = new List<string>();
        var onOtherInstance = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await onA.SayAsync($"thanks {i}");
            onOwnInstance.Add(id);
            // Per-instance delivery: the socket on A gets A's replies at once.
            await stream.ReadUntilAsync(seen => seen.Any(a => a.ReplyToId == id), seconds: 10);
            onOtherInstance.Add(await onB.SayAsync($"hello again {i}"));
        }
        foreach (var id in onOtherInstance)
        {
            // Answered and stored by B all the same.
            Assert.NotEmpty(await onA.RepliesToAsync(id));
        }

        foreach (var host in (BotHost[])[instances.A, instances.B])
        {
            var health = await ReadinessAsync(host);
            Assert.Equal("Degraded", health.GetProperty("status").GetString());
            Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
            Assert.Single(TwoInstances.Warnings(host, Unreachable));
        }

        await redis.Server.StartAgainAsync();
        await WaitUntilAsync(() => Connected(instances.A) && Connected(instances.B), seconds: 60);
        // The subscription comes back with the connection; a notice from B now reaches the socket on A, and the socket
        // catches up on what B stored during the outage, each activity once and in order.
        var after = await RepeatUntilDeliveredAsync(onB, stream);
        await stream.ReadUntilAsync(seen => onOtherInstance.All(id => seen.Any(a => a.ReplyToId == id)) && seen.Any(a => a.ReplyToId == after));

        var stored = (await onA.GetActivitiesAsync()).Activities.Select(a => a.Id).ToList();
        var streamed = stream.Received.Select(r => r.Activity.Id).ToList();
        Assert.Equal(stored, streamed);
        foreach (var host in (BotHost[])[instances.A, instances.B])
        {
            Assert.Single(TwoInstances.Warnings(host, Unreachable));
            Assert.Equal("Healthy", (await ReadinessAsync(host)).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
            Assert.Contains(host.Services.GetFakeLogCollector().GetSnapshot(),
                r => r.Level == LogLevel.Information && r.Message.StartsWith("Redis is reachable again", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Says something on B until its reply reaches the socket on A within a few seconds: the subscription is restored a
    /// moment after the connection, and a notice published before that is lost (the next one carries the catch-up).
    /// </summary>
    private static async Task<string> RepeatUntilDeliveredAsync(DirectLineSession onB, StreamWatcher stream)
    {
        for (var attempt = 0; ; attempt++)
        {
            var id = await onB.SayAsync($"back again {attempt}");
            try
            {
                await stream.ReadUntilAsync(seen => seen.Any(a => a.ReplyToId == id), seconds: 3);
                return id;
            }
            catch (TimeoutException) when (attempt < 10)
            {
            }
        }
    }

    private static bool Connected(BotHost host) => host.Services.GetRequiredService<RedisConnection>().IsConnected;

    private static async Task<JsonElement> ReadinessAsync(BotHost host)
    {
        using var http = host.CreateClient();
        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        // Degraded is still ready: an instance without Redis serves every conversation.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reconnected to Redis within {seconds} s.");
            }
            await Task.Delay(100);
        }
    }
}
