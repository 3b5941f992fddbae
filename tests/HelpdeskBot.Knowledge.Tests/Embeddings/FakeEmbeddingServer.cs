using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Knowledge.Tests.Embeddings;

/// <summary>One <c>POST /v1/embeddings</c> as the fake server received it.</summary>
internal sealed record EmbeddingCall(string? Authorization, string? ContentType, JsonObject Body)
{
    public string? Model => (string?)Body["model"];

    public IReadOnlyList<string> Input => Body["input"]?.AsArray().Select(item => (string)item!).ToArray() ?? [];

    public int? Dimensions => (int?)Body["dimensions"];
}

/// <summary>
/// An OpenAI-compatible embedding server on a real Kestrel at <c>http://127.0.0.1:{port}/v1</c>. By default it answers
/// every input with <see cref="VectorFor"/> (deliberately not unit length) in input order, with token usage; a test
/// scripts anything else with <see cref="Respond"/>. Every request is recorded.
/// </summary>
internal sealed class FakeEmbeddingServer : IAsyncDisposable
{
    public const int DefaultDimensions = 8;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<EmbeddingCall> _calls = new();

    private FakeEmbeddingServer(WebApplication app) => _app = app;

    /// <summary>The API root, as configured in <c>Knowledge:Embeddings:BaseUrl</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<EmbeddingCall> Calls => [.. _calls];

    /// <summary>Writes the answer to a call instead of the default one.</summary>
    public Func<EmbeddingCall, HttpContext, Task>? Respond { get; set; }

    public static async Task<FakeEmbeddingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeEmbeddingServer(app);

        app.MapPost("/v1/embeddings", async context =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var call = new EmbeddingCall(
                context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
                context.Request.ContentType,
                body!.AsObject());
            server._calls.Enqueue(call);

            if (server.Respond is { } respond)
            {
                await respond(call, context);
                return;
            }

            var dimensions = call.Dimensions ?? DefaultDimensions;
            await context.Response.WriteAsJsonAsync(Answer(call.Input.Select((text, index) => (index, VectorFor(text, dimensions)))));
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>A vector that depends only on the text, with a norm well away from 1.</summary>
    public static float[] VectorFor(string text, int dimensions = DefaultDimensions)
    {
        // FNV-1a then a small linear congruential sequence: stable across runs and processes, unlike string.GetHashCode.
        var state = 2166136261u;
        foreach (var c in text)
        {
            state = (state ^ c) * 16777619u;
        }

        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            state = (state * 1664525u) + 1013904223u;
            vector[i] = ((state >> 8) / (float)(1 << 24) * 6f) - 3f;
        }

        return vector;
    }

    public static float[] UnitVectorFor(string text, int dimensions = DefaultDimensions)
    {
        var vector = VectorFor(text, dimensions);
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }

    /// <summary>An OpenAI-shaped success body with the items in the order given and one prompt token per item.</summary>
    public static JsonObject Answer(IEnumerable<(int Index, float[] Vector)> items)
    {
        var data = new JsonArray();
        foreach (var (index, vector) in items)
        {
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = index,
                ["embedding"] = new JsonArray([.. vector.Select(x => (JsonNode)x)]),
            });
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = "test-embedding",
            ["usage"] = new JsonObject { ["prompt_tokens"] = data.Count, ["total_tokens"] = data.Count },
        };
    }

    public static Func<EmbeddingCall, HttpContext, Task> Status(int status, string body, string contentType = "application/json") =>
        async (_, context) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
