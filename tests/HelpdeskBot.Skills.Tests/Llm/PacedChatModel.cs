using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Tests.Llm;

/// <summary>
/// An OpenAI-compatible server (real Kestrel on a loopback port) that streams its answer at a model's pace: word by word
/// as server-sent chunks with <see cref="Pause"/> between them, so a browser can watch it grow, and — with
/// <see cref="StallAfterwards"/> — then keeps the connection open without another byte until the client gives up: a model
/// that hangs midway, which <see cref="ChatModelStandIn"/>'s slow replies (silent from the start) cannot play. Linked
/// into the end-to-end tests too.
/// </summary>
public sealed class PacedChatModel : IAsyncDisposable
{
    private readonly WebApplication app;

    private PacedChatModel(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The answer to a request, from its user message (the numbered passages and the question).</summary>
    public Func<string, string> Answer { get; set; } = _ => string.Empty;

    /// <summary>The wait before each word.</summary>
    public TimeSpan Pause { get; set; } = TimeSpan.Zero;

    /// <summary>After the answer, send nothing more (no end of stream) until the client closes the connection.</summary>
    public bool StallAfterwards { get; set; }

    /// <summary>Set when the client closed a stalled connection (it gave up waiting).</summary>
    public TaskCompletionSource Abandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Requests { get; private set; }

    public static async Task<PacedChatModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var model = new PacedChatModel(app);
        app.MapPost("/v1/chat/completions", model.StreamAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        model.Endpoint = new Uri($"{address.TrimEnd('/')}/v1");
        return model;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task StreamAsync(HttpContext context)
    {
        Requests++;
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
        var user = body.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() == "user")
            .Select(m => m.GetProperty("content") is { ValueKind: JsonValueKind.String } content
                ? content.GetString()
                : string.Concat(m.GetProperty("content").EnumerateArray().Select(part => part.GetProperty("text").GetString())))
            .LastOrDefault() ?? string.Empty;
        var words = Answer(user).Split(' ');

        context.Response.ContentType = "text/event-stream";
        try
        {
            for (var i = 0; i < words.Length; i++)
            {
                await Task.Delay(Pause, context.RequestAborted);
                await WriteAsync(context, new JsonObject { ["content"] = i == 0 ? words[i] : " " + words[i] }, null);
            }

            if (!StallAfterwards)
            {
                await WriteAsync(context, new JsonObject(), "stop");
                await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
                return;
            }

            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Abandoned.TrySetResult();
        }
    }

    private static async Task WriteAsync(HttpContext context, JsonObject delta, string? finishReason)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-paced",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_790_000_000,
            ["model"] = "helpdesk-test-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
