using System.Collections.Concurrent;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Bot.Tests.Notifications;

/// <summary>
/// A Bot Connector on real Kestrel (loopback) for proactive messages: it records the activities posted into conversations
/// and the conversations the bot opens (<c>POST /v3/conversations</c>), and answers sends with <see cref="FailSendsWith"/>
/// while it is set, to play a failing Connector.
/// </summary>
public sealed class NotificationConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _created;

    public sealed record Posted(string ConversationId, Activity Activity);

    public ConcurrentQueue<Posted> Messages { get; } = new();

    /// <summary>Bodies of <c>POST /v3/conversations</c>, with the id the Connector gave the new conversation.</summary>
    public ConcurrentQueue<(JsonElement Body, string ConversationId)> Created { get; } = new();

    /// <summary>While set, every send is answered with this status (however often the bot's client retries within one call).</summary>
    public int? FailSendsWith { get; set; }

    private int _failedSends;

    /// <summary>Sends that were answered with a failure status.</summary>
    public int FailedSends => _failedSends;

    public string ServiceUrl { get; private set; } = "";

    private NotificationConnector(WebApplication app) => _app = app;

    public static async Task<NotificationConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var self = new NotificationConnector(app);
        app.MapPost("/v3/conversations", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            var id = $"a:created-{Interlocked.Increment(ref self._created)}";
            self.Created.Enqueue((body, id));
            return Results.Json(new { id });
        });
        app.MapPost("/v3/conversations/{conversationId}/activities/{**replyTo}", async (string conversationId, HttpRequest request) =>
        {
            if (self.FailSendsWith is { } status)
            {
                Interlocked.Increment(ref self._failedSends);
                return Results.StatusCode(status);
            }
            var activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ProtocolJson.Options);
            self.Messages.Enqueue(new Posted(conversationId, activity!));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        self.ServiceUrl = app.Urls.First();
        return self;
    }

    public IReadOnlyList<Posted> NotificationsIn(string conversationId) =>
        [.. Messages.Where(m => m.ConversationId == conversationId && m.Activity.ChannelData?.TryGetProperty("helpdeskNotification", out _) == true)];

    public IReadOnlyList<Posted> Notifications =>
        [.. Messages.Where(m => m.Activity.ChannelData?.TryGetProperty("helpdeskNotification", out _) == true)];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
