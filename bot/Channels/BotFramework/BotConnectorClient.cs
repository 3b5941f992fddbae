using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>
/// Sends the bot's activities to a channel through the Bot Connector REST API at the activity's service URL. Every call
/// goes through one send path that carries the bot's token and retries transient failures: 429 (after its
/// <c>Retry-After</c>), 5xx, timeouts and connection errors; a 401 renews the token once. Other 4xx are not retried.
/// </summary>
internal sealed partial class BotConnectorClient(
    HttpClient http, BotFrameworkCredentials credentials, IOptions<BotFrameworkOptions> options, ILogger<BotConnectorClient> logger)
{
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(30);

    public async Task<ResourceResponse?> ReplyAsync(string serviceUrl, string conversationId, string? replyToId, Activity activity, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, serviceUrl, ActivitiesPath(conversationId, replyToId), activity, retry: true, cancellationToken);
        return await ReadResourceAsync(response, cancellationToken);
    }

    /// <summary>
    /// A <c>typing</c> activity: best effort, one attempt, failures only logged — an indicator must not delay or fail the
    /// turn it decorates.
    /// </summary>
    public async Task SendTypingAsync(string serviceUrl, string conversationId, string? replyToId, Activity typing, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Post, serviceUrl, ActivitiesPath(conversationId, replyToId), typing, retry: false, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            LogTypingFailed(ex, (int?)ex.StatusCode ?? 0);
        }
    }

    /// <summary>
    /// One update of a streamed message (Teams' streaming protocol): a single attempt, since a late update is worthless and
    /// the next one carries all the text anyway. Returns the id the Connector gave it (the first one's is the stream id);
    /// throws <see cref="HttpRequestException"/> when it was refused.
    /// </summary>
    public async Task<ResourceResponse?> SendStreamUpdateAsync(string serviceUrl, string conversationId, string? replyToId, Activity update, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, serviceUrl, ActivitiesPath(conversationId, replyToId), update, retry: false, cancellationToken);
        try
        {
            return await ReadResourceAsync(response, cancellationToken);
        }
        catch (JsonException)
        {
            // Teams answers later updates with 202 and "{}" or nothing: accepted, no id.
            return null;
        }
    }

    private static string ActivitiesPath(string conversationId, string? replyToId)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        return replyToId is { Length: > 0 } ? path + "/" + Uri.EscapeDataString(replyToId) : path;
    }

    private static async Task<ResourceResponse?> ReadResourceAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.Content.Headers.ContentLength is 0
            ? null
            : await response.Content.ReadFromJsonAsync<ResourceResponse>(ProtocolJson.Options, cancellationToken);

    /// <summary>
    /// The one way out to the Connector. Returns a successful response (the caller disposes it) or throws
    /// <see cref="HttpRequestException"/> with the last status once the attempts are used up or the failure is final.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string serviceUrl, string path, object? body, bool retry, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var uri = new Uri(new Uri(serviceUrl.TrimEnd('/') + "/"), path);
        // Serialized once: a request message cannot be sent twice, its bytes can.
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ProtocolJson.Options);
        var attempts = retry ? o.ConnectorMaxAttempts : 1;
        var renewedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            var token = await credentials.GetTokenAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, uri);
            if (payload is not null)
            {
                request.Content = new ByteArrayContent(payload);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage? response = null;
            Exception? failure;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(o.ConnectorTimeout);
                try
                {
                    response = await http.SendAsync(request, timeout.Token);
                    failure = null;
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new HttpRequestException($"The Connector did not answer within {o.ConnectorTimeout.TotalSeconds:0.###} s.", ex);
                }
                catch (HttpRequestException ex)
                {
                    failure = ex;
                }
            }

            if (response is { IsSuccessStatusCode: true })
            {
                return response;
            }

            TimeSpan? retryAfter = null;
            if (response is not null)
            {
                var status = response.StatusCode;
                retryAfter = RetryAfterOf(response);
                response.Dispose();
                failure = new HttpRequestException($"The Connector answered {(int)status}.", null, status);

                if (status == HttpStatusCode.Unauthorized && token is not null && !renewedToken)
                {
                    // Our token may have been revoked or rotated early: renew it and try once more, whatever the budget.
                    renewedToken = true;
                    credentials.Invalidate(token);
                    LogTokenRejected(uri.Host);
                    attempt--;
                    continue;
                }
                if (!IsTransient(status))
                {
                    throw failure;
                }
            }

            if (attempt >= attempts)
            {
                throw failure!;
            }
            var delay = retryAfter is { } after
                ? TimeSpan.FromTicks(Math.Min(after.Ticks, LongestRetryAfter.Ticks))
                : o.ConnectorRetryDelay * Math.Pow(2, attempt - 1);
            LogRetrying(failure!, uri.Host, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>
    /// Opens a conversation at <paramref name="serviceUrl"/> (<c>POST v3/conversations</c>), as proactive messages to a
    /// Teams user who has no chat with the bot yet need; throws <see cref="HttpRequestException"/> when the Connector refuses.
    /// </summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, retry: true, cancellationToken);
        var created = await response.Content.ReadFromJsonAsync<ConversationResourceResponse>(ProtocolJson.Options, cancellationToken);
        return created is { Id.Length: > 0 } ? created : throw new HttpRequestException("The Connector answered without a conversation id.");
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        // An HTTP date is the server's wall clock, so it is compared with ours, not with the host's injected clock.
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector call to {Host} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(Exception exception, string host, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector at {Host} rejected the bot's token; renewing it and retrying once")]
    private partial void LogTokenRejected(string host);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A typing indicator was not delivered (Connector answered {StatusCode})")]
    private partial void LogTypingFailed(Exception exception, int statusCode);
}

/// <summary>
/// Tokens for outgoing Connector calls by the client-credentials grant, cached and renewed five minutes before they
/// expire. Without an app id and password (Emulator, tests) replies go without a token. A singleton, so the cache is
/// shared by every turn (a typed HttpClient would be created anew for each one).
/// </summary>
internal sealed class BotFrameworkCredentials(IHttpClientFactory httpClients, IOptions<BotFrameworkOptions> options, TimeProvider time) : IDisposable
{
    public const string TokenClient = "BotFrameworkToken";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.AppId) || string.IsNullOrWhiteSpace(o.AppPassword))
        {
            return null;
        }
        if (Current() is { } cached)
        {
            return cached;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Current() is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }
            var tenant = string.IsNullOrWhiteSpace(o.TenantId) ? "botframework.com" : o.TenantId;
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.AppId,
                ["client_secret"] = o.AppPassword,
                ["scope"] = o.OAuthScope,
            });
            using var http = httpClients.CreateClient(TokenClient);
            using var response = await http.PostAsync(o.TokenEndpoint.Replace("{tenant}", Uri.EscapeDataString(tenant), StringComparison.Ordinal), content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The token endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
            }
            try
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                var token = json.RootElement.GetProperty("access_token").GetString()
                    ?? throw new HttpRequestException("The token endpoint sent no access_token.");
                var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 3600;
                _renewAt = time.GetUtcNow().AddSeconds(Math.Max(60, lifetime - 300));
                _token = token;
                return token;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new HttpRequestException("The token endpoint's answer is not a token response.", ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> (the Connector refused it) so the next call fetches a new one.</summary>
    public void Invalidate(string token) => Interlocked.CompareExchange(ref _token, null, token);

    private string? Current() => _token is { } token && time.GetUtcNow() < _renewAt ? token : null;

    public void Dispose() => _gate.Dispose();
}
