using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Bot.Tests.Operations;

/// <summary>
/// The documented setting for log collectors, tried as an operator would: the host process started with
/// <c>Logging__Console__FormatterName=json</c> and <c>IncludeScopes</c> writes one JSON object per line, and a turn's line
/// carries the trace id the caller sent (W3C <c>traceparent</c>), so logs and traces join up.
/// </summary>
public sealed partial class JsonConsoleLogTests : IDisposable
{
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), "helpdeskbot-jsonlogs", Guid.NewGuid().ToString("N"));

    public JsonConsoleLogTests() => Directory.CreateDirectory(_workingDirectory);

    [Fact]
    public async Task With_the_json_formatter_every_line_is_json_and_a_turns_line_carries_the_callers_trace_id()
    {
        var lines = new ConcurrentQueue<string>();
        var dll = Path.Combine(AppContext.BaseDirectory, "HelpdeskBot.Bot.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Classifier__ModelDirectory"] = BotHost.SharedModelDirectory;
        start.Environment["Knowledge__SeedOnFirstRun"] = "false";
        start.Environment["Logging__Console__FormatterName"] = "json";
        start.Environment["Logging__Console__FormatterOptions__IncludeScopes"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lines.Enqueue(e.Data);
            if (ServesLine().Match(e.Data) is { Success: true } match)
            {
                url.TrySetResult(match.Groups["url"].Value);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.Same(url.Task, await Task.WhenAny(url.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90))));
            var traceId = ActivityTraceId.CreateRandom().ToString();
            using var http = new HttpClient { BaseAddress = new Uri(await url.Task) };
            http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            using var issued = await http.PostAsync("/demo/token", null);
            var token = await issued.Content.ReadFromJsonAsync<JsonElement>();
            var session = new DirectLineSession(
                new DirectLineClient(http), token.GetProperty("conversationId").GetString()!, token.GetProperty("token").GetString()!, "");

            await session.AskAsync("where is my order ORD-100123");

            JsonElement? turn = null;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (turn is null && DateTime.UtcNow < deadline)
            {
                turn = lines.Select(Parse).FirstOrDefault(l =>
                    l.GetProperty("Category").GetString() == "HelpdeskBot.Bot.Conversations.TurnPipeline"
                    && l.GetProperty("Message").GetString()!.StartsWith("Turn on directline: intent order.status", StringComparison.Ordinal));
                await Task.Delay(turn is null ? 100 : 0);
            }

            Assert.NotNull(turn);
            Assert.Equal("Information", turn.Value.GetProperty("LogLevel").GetString());
            Assert.Equal("order.status", turn.Value.GetProperty("State").GetProperty("Intent").GetString());
            Assert.Contains(turn.Value.GetProperty("Scopes").EnumerateArray(),
                scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) && id.GetString() == traceId);
            Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, Parse(line).ValueKind));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    public void Dispose() => BotHost.TryDelete(_workingDirectory);

    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement;

    [GeneratedRegex(@"HelpdeskBot serves (?<url>http://[^\s/]+)/ ")]
    private static partial Regex ServesLine();
}
