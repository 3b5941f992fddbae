using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Bot.Tests.Hosting;

/// <summary>
/// The host as a person starts it: a process in a working directory, with <c>--urls</c>, printing where it listens and
/// keeping its state in <c>.helpdesk/</c> across restarts.
/// </summary>
public sealed partial class CommandLineHostTests : IDisposable
{
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), "helpdeskbot-cli", Guid.NewGuid().ToString("N"));

    public CommandLineHostTests() => Directory.CreateDirectory(_workingDirectory);

    [Fact]
    public async Task The_host_prints_its_urls_honours_urls_and_keeps_state_across_restarts()
    {
        string firstSecret;
        string conversationId;
        await using (var first = await HostProcess.StartAsync(_workingDirectory))
        {
            Assert.Matches(@"^http://127\.0\.0\.1:\d+$", first.Url);
            using var http = new HttpClient { BaseAddress = new Uri(first.Url) };
            var token = await (await http.PostAsync("/demo/token", null)).Content.ReadFromJsonAsync<JsonElement>();
            conversationId = token.GetProperty("conversationId").GetString()!;
            firstSecret = await File.ReadAllTextAsync(Path.Combine(_workingDirectory, ".helpdesk", "directline.secret"));
            Assert.Contains("/api/messages", first.Output);
        }

        await using var second = await HostProcess.StartAsync(_workingDirectory);
        var secret = await File.ReadAllTextAsync(Path.Combine(_workingDirectory, ".helpdesk", "directline.secret"));
        using var client = new HttpClient { BaseAddress = new Uri(second.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities");
        request.Headers.Authorization = new("Bearer", secret);
        using var response = await client.SendAsync(request);

        Assert.Equal(firstSecret, secret);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(_workingDirectory, ".helpdesk", "state.db")));
        Assert.True(File.Exists(Path.Combine(_workingDirectory, ".helpdesk", "backoffice.db")));
    }

    public void Dispose() => BotHost.TryDelete(_workingDirectory);

    private sealed partial class HostProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private HostProcess(Process process) => _process = process;

        public string Url { get; private set; } = "";

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<HostProcess> StartAsync(string workingDirectory)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "HelpdeskBot.Bot.dll");
            var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["Classifier__ModelDirectory"] = BotHost.SharedModelDirectory;
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            var host = new HostProcess(Process.Start(start)!);
            var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(object _, DataReceivedEventArgs e)
            {
                if (e.Data is null)
                {
                    return;
                }
                lock (host._output)
                {
                    host._output.AppendLine(e.Data);
                }
                if (ServesLine().Match(e.Data) is { Success: true } match)
                {
                    ready.TrySetResult(match.Groups["url"].Value);
                }
            }
            host._process.OutputDataReceived += OnLine;
            host._process.ErrorDataReceived += OnLine;
            host._process.BeginOutputReadLine();
            host._process.BeginErrorReadLine();

            var finished = await Task.WhenAny(ready.Task, host._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
            if (finished != ready.Task)
            {
                await host.DisposeAsync();
                Assert.Fail("The host did not announce its URL. Output:\n" + host.Output);
            }
            host.Url = await ready.Task;
            return host;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }

        [GeneratedRegex(@"HelpdeskBot serves (?<url>http://[^\s/]+)/ ")]
        private static partial Regex ServesLine();
    }
}
