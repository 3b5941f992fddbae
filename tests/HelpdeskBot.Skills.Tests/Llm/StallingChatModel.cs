using System.Net;
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
/// An OpenAI-compatible server (real Kestrel on a loopback port) whose streamed answer starts and then stalls: it sends
/// <see cref="Pieces"/> as server-sent chunks and keeps the connection open without another byte until the client gives
/// up — a model that hangs midway, which <see cref="ChatModelStandIn"/>'s slow replies (silent from the start) cannot play.
/// </summary>
public sealed class StallingChatModel : IAsyncDisposable
{
    private readonly WebApplication app;

    private StallingChatModel(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What is sent before the stall, one chunk each.</summary>
    public IReadOnlyList<string> Pieces { get; set; } = [];

    /// <summary>Set when the client closed the connection (it gave up waiting).</summary>
    public TaskCompletionSource Abandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Requests { get; private set; }

    public static async Task<StallingChatModel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var model = new StallingChatModel(app);
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
        context.Response.ContentType = "text/event-stream";
        foreach (var piece in Pieces)
        {
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-stalling",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_790_000_000,
                ["model"] = "helpdesk-test-model",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece }, ["finish_reason"] = null }),
            };
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }

        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            Abandoned.TrySetResult();
        }
    }
}
