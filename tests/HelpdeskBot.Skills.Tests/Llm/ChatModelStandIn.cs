using System.Collections.Concurrent;
using System.Globalization;
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
/// An OpenAI-compatible chat server on a loopback port (real Kestrel, real HTTP), standing in for OpenAI, Ollama or vLLM
/// so that nothing in the tests calls the internet. <c>POST /v1/chat/completions</c> answers with the next scripted
/// <see cref="StandInReply"/> (or <see cref="Respond"/>'s choice), records every request for the test to inspect, and can
/// fail on demand: HTTP errors with Retry-After, slow answers, bodies that are not a completion, <c>stream: true</c>
/// as server-sent chunks, answers streamed at a model's pace and streams that stall midway. Linked into the bot and
/// end-to-end tests too.
/// </summary>
public sealed class ChatModelStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<StandInReply> script = new();
    private readonly List<RecordedChatRequest> requests = [];

    private ChatModelStandIn(WebApplication app) => this.app = app;

    /// <summary>The API root to configure as <c>Llm:Endpoint</c>, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Set when a client closed the connection of a <see cref="StandInReply.Paced"/> reply that stalls (it gave up waiting).</summary>
    public TaskCompletionSource Abandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Chooses the reply from the request when the script is empty (a reply that depends on what was asked).</summary>
    public Func<RecordedChatRequest, StandInReply>? Respond { get; set; }

    public IReadOnlyList<RecordedChatRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<ChatModelStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new ChatModelStandIn(app);
        app.MapPost("/v1/chat/completions", standIn.CompleteAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.Endpoint = new Uri($"{address.TrimEnd('/')}/v1");
        return standIn;
    }

    /// <summary>Queues replies, answered in order, one per request.</summary>
    public ChatModelStandIn Enqueue(params StandInReply[] replies)
    {
        foreach (var reply in replies)
        {
            script.Enqueue(reply);
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task CompleteAsync(HttpContext context)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
        var request = RecordedChatRequest.From(body, context.Request.Headers.Authorization.ToString());
        lock (requests)
        {
            requests.Add(request);
        }

        var reply = script.TryDequeue(out var next) ? next : Respond?.Invoke(request)
            ?? StandInReply.Error(500, "The stand-in has no scripted reply for this request.");
        await WriteAsync(context, request, reply);
    }

    private async Task WriteAsync(HttpContext context, RecordedChatRequest request, StandInReply reply)
    {
        var response = context.Response;
        switch (reply)
        {
            case SlowReply slow:
                try
                {
                    await Task.Delay(slow.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as a client with a timeout should.
                    return;
                }

                await WriteAsync(context, request, slow.Then);
                return;

            case ErrorReply error:
                response.StatusCode = error.Status;
                if (error.RetryAfter is { } retryAfter)
                {
                    response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                await response.WriteAsJsonAsync(new { error = new { message = error.Message, type = "stand_in_error", code = error.Status.ToString(CultureInfo.InvariantCulture) } });
                return;

            case RawReply raw:
                response.StatusCode = raw.Status;
                response.ContentType = raw.ContentType;
                await response.WriteAsync(raw.Body);
                return;

            case ToolCallReply tools:
                await response.WriteAsJsonAsync(new JsonObject
                {
                    ["id"] = "chatcmpl-standin",
                    ["object"] = "chat.completion",
                    ["created"] = 1_790_000_000,
                    ["model"] = request.Model,
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject
                        {
                            ["role"] = "assistant",
                            ["content"] = null,
                            ["tool_calls"] = new JsonArray([.. tools.Calls.Select((call, i) => (JsonNode)new JsonObject
                            {
                                ["id"] = $"call_{i + 1}",
                                ["type"] = "function",
                                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
                            })]),
                        },
                        ["finish_reason"] = "tool_calls",
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = tools.PromptTokens, ["completion_tokens"] = 20, ["total_tokens"] = tools.PromptTokens + 20 },
                });
                return;

            case CompletionReply completion when request.Stream:
                await StreamWordsAsync(context, request.Model, completion.Content, TimeSpan.Zero, completion.FinishReason);
                return;

            case PacedReply paced:
                try
                {
                    await StreamWordsAsync(context, request.Model, paced.Content, paced.Pause, paced.Stall ? null : "stop");
                    if (paced.Stall)
                    {
                        // A model that hangs midway: no end of stream, not another byte, until the client gives up.
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                }
                catch (OperationCanceledException)
                {
                    Abandoned.TrySetResult();
                }

                return;

            case CompletionReply completion:
                await response.WriteAsJsonAsync(new
                {
                    id = "chatcmpl-standin",
                    @object = "chat.completion",
                    created = 1_790_000_000,
                    model = request.Model,
                    choices = new[]
                    {
                        new { index = 0, message = new { role = "assistant", content = completion.Content }, finish_reason = completion.FinishReason },
                    },
                    usage = new { prompt_tokens = completion.PromptTokens, completion_tokens = completion.CompletionTokens, total_tokens = completion.PromptTokens + completion.CompletionTokens },
                });
                return;
        }
    }

    /// <summary>
    /// Server-sent chunks of <paramref name="content"/> word by word, <paramref name="pause"/> before each; then the end
    /// of stream with <paramref name="finishReason"/>, or nothing more when it is null.
    /// </summary>
    private static async Task StreamWordsAsync(HttpContext context, string model, string content, TimeSpan pause, string? finishReason)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        var words = content.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, context.RequestAborted);
            }

            var piece = i == 0 ? words[i] : " " + words[i];
            await response.WriteAsync($"data: {Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = piece }, null)}\n\n", context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
        }

        if (finishReason is not null)
        {
            await response.WriteAsync($"data: {Chunk(model, new JsonObject(), finishReason)}\n\n", context.RequestAborted);
            await response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        }
    }

    private static string Chunk(string model, JsonObject delta, string? finishReason) => new JsonObject
    {
        ["id"] = "chatcmpl-standin",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_790_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    }.ToJsonString();
}

/// <summary>What the stand-in answers to one request.</summary>
public abstract record StandInReply
{
    /// <summary>A chat completion whose message is <paramref name="content"/>.</summary>
    public static StandInReply Text(string content, string finishReason = "stop") => new CompletionReply(content, finishReason);

    /// <summary>An HTTP error with an OpenAI-style error body (429 with <paramref name="retryAfter"/> for a rate limit).</summary>
    public static StandInReply Error(int status, string message = "stand-in error", TimeSpan? retryAfter = null) => new ErrorReply(status, message, retryAfter);

    /// <summary>Exactly this body: garbage, truncated JSON, JSON that is not a completion.</summary>
    public static StandInReply Raw(string body, int status = 200, string contentType = "application/json") => new RawReply(body, status, contentType);

    /// <summary>
    /// An assistant message that calls tools (<c>finish_reason: tool_calls</c>): each call's name and its arguments,
    /// serialised as the JSON text OpenAI sends.
    /// </summary>
    public static StandInReply ToolCalls(params (string Name, object Arguments)[] calls) =>
        new ToolCallReply([.. calls.Select(call => new StandInToolCall(call.Name, call.Arguments as string ?? JsonSerializer.Serialize(call.Arguments)))]);

    /// <summary>
    /// <paramref name="content"/> streamed word by word at a model's pace (<paramref name="pause"/> before each word),
    /// whether or not the request asked to stream; with <paramref name="stall"/>, the stream then hangs without ending
    /// until the client gives up (<see cref="ChatModelStandIn.Abandoned"/>), a model that stops midway.
    /// </summary>
    public static StandInReply Paced(string content, TimeSpan pause, bool stall = false) => new PacedReply(content, pause, stall);

    /// <summary><paramref name="then"/>, after <paramref name="delay"/> (the connection stays open meanwhile).</summary>
    public static StandInReply Slow(TimeSpan delay, StandInReply then) => new SlowReply(delay, then);
}

public sealed record CompletionReply(string Content, string FinishReason, int PromptTokens = 100, int CompletionTokens = 30) : StandInReply;

public sealed record ToolCallReply(IReadOnlyList<StandInToolCall> Calls, int PromptTokens = 300) : StandInReply;

/// <summary>One tool call: the function's name and its arguments as JSON text (which need not be valid, to test that).</summary>
public sealed record StandInToolCall(string Name, string Arguments);

public sealed record PacedReply(string Content, TimeSpan Pause, bool Stall) : StandInReply;

public sealed record ErrorReply(int Status, string Message, TimeSpan? RetryAfter) : StandInReply;

public sealed record RawReply(string Body, int Status, string ContentType) : StandInReply;

public sealed record SlowReply(TimeSpan Delay, StandInReply Then) : StandInReply;

/// <summary>One chat message as it was sent (content parts joined).</summary>
public sealed record RecordedMessage(string Role, string Content);

/// <summary>A request as the stand-in received it, for tests to assert what the bot sent.</summary>
public sealed record RecordedChatRequest(string Model, IReadOnlyList<RecordedMessage> Messages, int? MaxTokens, bool Stream, string Authorization, JsonElement Body)
{
    /// <summary>The names of the tools offered with the request (<c>tools[].function.name</c>), in order.</summary>
    public IReadOnlyList<string> ToolNames =>
        Body.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            ? [.. tools.EnumerateArray().Select(tool => tool.GetProperty("function").GetProperty("name").GetString() ?? string.Empty)]
            : [];

    public string System => string.Join("\n", Messages.Where(m => m.Role is "system" or "developer").Select(m => m.Content));

    public string User => string.Join("\n", Messages.Where(m => m.Role == "user").Select(m => m.Content));

    internal static RecordedChatRequest From(JsonElement body, string authorization)
    {
        var messages = body.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(m => new RecordedMessage(
                m.TryGetProperty("role", out var role) ? role.GetString() ?? string.Empty : string.Empty,
                m.TryGetProperty("content", out var content) ? ContentText(content) : string.Empty)).ToList()
            : [];
        int? maxTokens = body.TryGetProperty("max_completion_tokens", out var max) || body.TryGetProperty("max_tokens", out max)
            ? max.GetInt32()
            : null;
        return new RecordedChatRequest(
            body.TryGetProperty("model", out var model) ? model.GetString() ?? string.Empty : string.Empty,
            messages,
            maxTokens,
            body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            authorization,
            body.Clone());
    }

    private static string ContentText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? string.Empty,
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(part => part.TryGetProperty("text", out _))
            .Select(part => part.GetProperty("text").GetString())),
        _ => string.Empty,
    };
}
