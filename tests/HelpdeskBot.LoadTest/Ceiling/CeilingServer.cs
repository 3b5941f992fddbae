using System.Diagnostics;
using System.Text;
using System.Text.Json;
using HelpdeskBot.LoadTest.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.LoadTest.Ceiling;

/// <summary>
/// The ceiling: bare Kestrel on this machine answering the Direct Line "post activity" route with a canned bot Activity —
/// no auth, no storage, no classifier, no pipeline — in its own process like the bot. What the same client reaches here
/// is the most any bot could reach through HTTP on this machine; the bot's turns/s divided by it is the ratio reported.
/// </summary>
public static class CeilingServer
{
    public const string Command = "serve-ceiling";

    private static readonly byte[] CannedActivity = JsonSerializer.SerializeToUtf8Bytes(new
    {
        type = "message",
        id = "ceiling|0000002",
        replyToId = "ceiling|0000001",
        from = new { id = "helpdeskbot", name = "HelpdeskBot", role = "bot" },
        recipient = new { id = "web-chat-user", role = "user" },
        conversation = new { id = "ceiling" },
        channelId = "directline",
        locale = "en-US",
        text = "Order ORD-100123 is on its way with the carrier. Tracking number: JX0123456789.",
        timestamp = "2026-11-27T08:00:00Z",
    });

    /// <summary>Runs the endpoint until the process is stopped (<c>serve-ceiling &lt;port&gt;</c>).</summary>
    public static async Task<int> ServeAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/v3/directline/conversations/{conversationId}/activities", async (string conversationId, HttpRequest request, HttpResponse response) =>
        {
            // Read the activity as the bot does, so the request costs the same to receive.
            using var activity = await JsonDocument.ParseAsync(request.Body);
            response.ContentType = "application/json";
            await response.Body.WriteAsync(CannedActivity);
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>Starts this program again as the ceiling server and waits until it answers.</summary>
    public static async Task<Process> StartAsync(int port, CancellationToken ct)
    {
        var self = typeof(CeilingServer).Assembly.Location;
        var start = new ProcessStartInfo(BotProcess.DotnetHost(), [self, Command, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the ceiling server.");
        _ = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The ceiling server exited with {process.ExitCode}: {await errors}");
            }
            try
            {
                using var probe = await http.PostAsync("v3/directline/conversations/probe/activities", new StringContent("{}", Encoding.UTF8, "application/json"), ct);
                if (probe.IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The ceiling server did not start within 30 s.");
    }
}
