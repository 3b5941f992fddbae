using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.LoadTest.Measuring;

namespace HelpdeskBot.LoadTest.Ceiling;

/// <summary>
/// The same simulated users against the ceiling: the same HTTP client, concurrency, messages and think time; a turn is the
/// POST and the canned Activity read from its response (there is nothing else to wait for).
/// </summary>
public sealed class CeilingLoad(HttpClient http, LoadTestOptions options)
{
    public async Task<PhaseResult> RunAsync(CancellationToken ct)
    {
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + BotLoad.Ticks(options.WarmUp);
        var measureUntil = measureFrom + BotLoad.Ticks(options.Duration);
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        await Task.WhenAll(Enumerable.Range(0, options.Conversations).Select(i => Task.Run(async () =>
        {
            var dialogue = Dialogue.All[i % Dialogue.All.Count];
            var conversation = $"ceiling-{i}";
            // The same arrivals and think times as the bot's users (BotLoad).
            var random = new Random(i);
            await Task.Delay(options.WarmUp * i / options.Conversations / 2, ct);
            for (var step = 0; Stopwatch.GetTimestamp() < measureUntil && !ct.IsCancellationRequested; step++)
            {
                var text = dialogue.Steps[step % dialogue.Steps.Count].Text;
                var body = new JsonObject
                {
                    ["type"] = "message",
                    ["from"] = new JsonObject { ["id"] = "web-chat-user" },
                    ["text"] = text,
                    ["locale"] = dialogue.Locale,
                    ["channelData"] = new JsonObject { ["clientActivityID"] = Guid.NewGuid().ToString("N") },
                };
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync(
                        $"v3/directline/conversations/{conversation}/activities", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
                    response.EnsureSuccessStatusCode();
                    using var reply = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
                    _ = reply.RootElement.GetProperty("text").GetString();
                    var done = Stopwatch.GetTimestamp();
                    if (sent >= measureFrom && sent < measureUntil)
                    {
                        latencies.Add(BotLoad.Milliseconds(done - sent));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    errors.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
                }
                if (options.ThinkTime > TimeSpan.Zero)
                {
                    await Task.Delay(options.ThinkTime * (0.5 + random.NextDouble()), ct);
                }
            }
        }, ct)));

        var measured = Latencies.Of(latencies);
        return new PhaseResult("ceiling", options.Duration, measured.Count, measured, measured, errors.Values.Sum(),
            new SortedDictionary<string, int>(errors, StringComparer.Ordinal), options.Conversations);
    }
}
