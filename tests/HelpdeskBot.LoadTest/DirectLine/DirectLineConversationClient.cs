using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HelpdeskBot.LoadTest.DirectLine;

/// <summary>An activity as the client saw it on the stream, stamped with when it arrived.</summary>
public sealed record SeenActivity(string Id, string Type, string? Role, string? ReplyToId, string? ShownText, long ArrivedTimestamp);

/// <summary>One message the client sent and what became of it.</summary>
/// <param name="Attempts">How many times it was POSTed (the same client activity id each time); more than 1 only when retrying.</param>
public sealed record SentTurn(string Text, string ClientActivityId, HttpStatusCode? Status, string? ActivityId, long SentTimestamp, long PostedTimestamp, long? FirstReplyTimestamp, string? Error, int Attempts = 1)
{
    public bool Accepted => Status == HttpStatusCode.OK && ActivityId is not null;

    /// <summary>The client was told the message did not go through (no 200): Web Chat shows it as failed to send.</summary>
    public bool VisiblyFailed => !Accepted;
}

/// <summary>
/// One Direct Line conversation as Web Chat holds it, written against the protocol: a token from the website's back end
/// (the secret holder, vouching for a signed-in user when there is one), the conversation started with it, the bot's
/// activities read from the WebSocket stream, messages POSTed. Every activity the stream delivers is kept for the audit.
/// With <c>retryFor</c> set it also rides out a host that goes away, as Web Chat and the Direct Line clients do: a stream
/// that breaks is reopened from the last watermark received (<c>GET conversations/{id}?watermark=</c>, then the new
/// stream URL), and a POST that fails or times out is sent again with the same client activity id until it gets an answer
/// or <c>retryFor</c> has passed.
/// </summary>
public sealed class DirectLineConversationClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http;
    private ClientWebSocket _socket;
    private readonly string _token;
    private readonly TimeSpan _retryFor;
    private int _reconnects;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _firstReplies = new(StringComparer.Ordinal);
    private readonly List<SeenActivity> _seen = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private long _watermark;
    private volatile string? _streamError;

    private DirectLineConversationClient(HttpClient http, ClientWebSocket socket, string conversationId, string token, TimeSpan retryFor)
    {
        _http = http;
        _socket = socket;
        ConversationId = conversationId;
        _token = token;
        _retryFor = retryFor;
        _receiving = ReceiveAsync();
    }

    public string ConversationId { get; }

    /// <summary>How many times the stream was reopened after it broke.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    public IReadOnlyList<SeenActivity> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>Why the stream ended early, or null while it is (or was, until closed) healthy.</summary>
    public string? StreamError => _streamError;

    /// <param name="retryFor">How long to keep retrying a failed POST or a broken stream; zero: fail at once (the load run).</param>
    public static async Task<DirectLineConversationClient> StartAsync(
        HttpClient http, string secret, string userId, string? signedInUser, string locale, CancellationToken ct, TimeSpan retryFor = default)
    {
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate")
        {
            Content = JsonContent.Create(new { user = new { id = userId }, locale, signedInUser }),
        };
        tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var tokenResponse = await http.SendAsync(tokenRequest, ct);
        await EnsureAsync(tokenResponse, HttpStatusCode.OK, "tokens/generate", ct);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;

        using var startRequest = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations")
        {
            Content = JsonContent.Create(new { locale }),
        };
        startRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var startResponse = await http.SendAsync(startRequest, ct);
        await EnsureAsync(startResponse, HttpStatusCode.Created, "conversations", ct);
        var started = await startResponse.Content.ReadFromJsonAsync<JsonElement>(ct);
        var conversationId = started.GetProperty("conversationId").GetString()!;
        var streamUrl = new Uri(started.GetProperty("streamUrl").GetString()!);

        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(streamUrl, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new DirectLineConversationClient(http, socket, conversationId, token, retryFor);
    }

    /// <summary>
    /// Sends a message as Web Chat does and waits for the bot's first reply to it on the stream. Failures are returned in
    /// the turn, not thrown, so the run counts them.
    /// </summary>
    public async Task<SentTurn> SayAsync(string text, string locale, TimeSpan replyTimeout, CancellationToken ct)
    {
        var clientActivityId = Guid.NewGuid().ToString("N");
        var body = new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = "web-chat-user" },
            ["text"] = text,
            ["locale"] = locale,
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId },
        };
        var sent = Stopwatch.GetTimestamp();
        HttpStatusCode? status = null;
        string? activityId = null;
        var attempts = 0;
        while (true)
        {
            attempts++;
            string? failed;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{Uri.EscapeDataString(ConversationId)}/activities")
                {
                    Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await _http.SendAsync(request, ct);
                status = response.StatusCode;
                if (status == HttpStatusCode.OK)
                {
                    activityId = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("id").GetString();
                    break;
                }
                failed = $"POST activities: {(int)status.Value}";
                if ((int)status.Value < 500)
                {
                    // The host answered and refused: sending it again would be refused again.
                    return new SentTurn(text, clientActivityId, status, null, sent, Stopwatch.GetTimestamp(), null, failed, attempts);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
            {
                status = null;
                failed = $"POST activities: {ex.GetType().Name}";
            }
            if (!await PauseBeforeRetryAsync(sent, ct))
            {
                return new SentTurn(text, clientActivityId, status, null, sent, Stopwatch.GetTimestamp(), null, failed, attempts);
            }
        }
        var posted = Stopwatch.GetTimestamp();
        if (activityId is null)
        {
            return new SentTurn(text, clientActivityId, status, null, sent, posted, null, "POST activities: no id", attempts);
        }

        // The bot publishes its replies before it answers the POST, so the first one may already be here.
        var first = _firstReplies.GetOrAdd(activityId, static _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            var arrived = await first.Task.WaitAsync(replyTimeout, ct);
            return new SentTurn(text, clientActivityId, status, activityId, sent, posted, arrived, null, attempts);
        }
        catch (TimeoutException)
        {
            return new SentTurn(text, clientActivityId, status, activityId, sent, posted, null,
                _streamError is null ? "no reply on the stream" : $"stream: {_streamError}", attempts);
        }
    }

    /// <summary>Waits before another attempt; false when retrying is off or its time since <paramref name="since"/> is up.</summary>
    private async Task<bool> PauseBeforeRetryAsync(long since, CancellationToken ct)
    {
        if (_retryFor <= TimeSpan.Zero || Stopwatch.GetElapsedTime(since) + RetryPause > _retryFor)
        {
            return false;
        }
        await Task.Delay(RetryPause, ct);
        return true;
    }

    /// <summary>
    /// Waits until the stream has delivered everything the conversation's log holds (its REST watermark), so that what
    /// the client saw can be compared with the log; false when it did not catch up in time.
    /// </summary>
    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken ct)
    {
        var asked = Stopwatch.GetTimestamp();
        JsonElement page;
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"v3/directline/conversations/{Uri.EscapeDataString(ConversationId)}/activities");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await _http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                page = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                break;
            }
            catch (HttpRequestException) when (_retryFor > TimeSpan.Zero && Stopwatch.GetElapsedTime(asked) < _retryFor)
            {
                await Task.Delay(RetryPause, ct);
            }
        }
        var target = long.Parse(page.GetProperty("watermark").GetString() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var waited = Stopwatch.StartNew();
        while (Interlocked.Read(ref _watermark) < target)
        {
            if (waited.Elapsed > timeout || (_streamError is not null && _retryFor <= TimeSpan.Zero))
            {
                return false;
            }
            await Task.Delay(20, ct);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, quick.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went first.
            }
        }
        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _closing.Dispose();
    }

    private async Task ReceiveAsync()
    {
        while (true)
        {
            var broken = await ReceiveUntilBrokenAsync();
            if (broken is null || _closing.IsCancellationRequested)
            {
                return;
            }
            if (_retryFor <= TimeSpan.Zero)
            {
                _streamError = broken;
                return;
            }
            if (!await ReconnectAsync())
            {
                _streamError = broken + " (and it could not be reopened)";
                return;
            }
        }
    }

    /// <summary>Reads the stream until it ends; null when it ended because the client closed it, else why it broke.</summary>
    private async Task<string?> ReceiveUntilBrokenAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(8 * 1024), _closing.Token);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The host closed it (it is stopping): nothing lost, but nothing more comes on this socket either.
                    return _closing.IsCancellationRequested ? null : "closed by the host";
                }
                if (buffer.WrittenCount == 0)
                {
                    // Keep-alive.
                    continue;
                }
                Take(buffer.WrittenSpan, Stopwatch.GetTimestamp());
            }
            return null;
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is WebSocketException or JsonException or OperationCanceledException)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    /// <summary>
    /// Reopens the stream where it broke, as Web Chat does: a new stream URL for the last watermark received, so the host
    /// sends what came after it and nothing twice. Retries while the host is away; false when <c>retryFor</c> ran out.
    /// </summary>
    private async Task<bool> ReconnectAsync()
    {
        var since = Stopwatch.GetTimestamp();
        while (!_closing.IsCancellationRequested)
        {
            ClientWebSocket? socket = null;
            try
            {
                var watermark = Interlocked.Read(ref _watermark);
                using var request = new HttpRequestMessage(HttpMethod.Get,
                    $"v3/directline/conversations/{Uri.EscapeDataString(ConversationId)}?watermark={watermark.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                using var response = await _http.SendAsync(request, _closing.Token);
                response.EnsureSuccessStatusCode();
                var reconnected = await response.Content.ReadFromJsonAsync<JsonElement>(_closing.Token);
                socket = new ClientWebSocket();
                await socket.ConnectAsync(new Uri(reconnected.GetProperty("streamUrl").GetString()!), _closing.Token);
                var previous = _socket;
                _socket = socket;
                previous.Dispose();
                Interlocked.Increment(ref _reconnects);
                return true;
            }
            catch (Exception ex) when (ex is HttpRequestException or WebSocketException or JsonException or OperationCanceledException)
            {
                socket?.Dispose();
                if (_closing.IsCancellationRequested || Stopwatch.GetElapsedTime(since) > _retryFor)
                {
                    return false;
                }
            }
            try
            {
                await Task.Delay(RetryPause, _closing.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return false;
    }

    private void Take(ReadOnlySpan<byte> json, long arrived)
    {
        using var set = JsonDocument.Parse(json.ToArray());
        foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
        {
            var seen = new SeenActivity(
                activity.GetProperty("id").GetString()!,
                activity.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "",
                activity.TryGetProperty("from", out var from) && from.TryGetProperty("role", out var role) ? role.GetString() : null,
                activity.TryGetProperty("replyToId", out var replyTo) ? replyTo.GetString() : null,
                ShownText(activity),
                arrived);
            lock (_seen)
            {
                _seen.Add(seen);
            }
            if (seen.Role == "bot" && seen.Type == "message" && seen.ReplyToId is { } answered)
            {
                _firstReplies.GetOrAdd(answered, static _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetResult(arrived);
            }
        }
        if (set.RootElement.TryGetProperty("watermark", out var mark) && long.TryParse(mark.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var watermark))
        {
            Interlocked.Exchange(ref _watermark, Math.Max(Interlocked.Read(ref _watermark), watermark));
        }
    }

    /// <summary>What Web Chat shows: the text, or the text blocks of an Adaptive Card sent without text.</summary>
    private static string? ShownText(JsonElement activity)
    {
        var parts = new List<string>();
        if (activity.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } said)
        {
            parts.Add(said);
        }
        if (activity.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                if (attachment.TryGetProperty("content", out var content))
                {
                    CollectTextBlocks(content, parts);
                }
            }
        }
        return parts.Count == 0 ? null : string.Join("\n", parts);
    }

    private static void CollectTextBlocks(JsonElement element, List<string> parts)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectTextBlocks(item, parts);
            }
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (element.TryGetProperty("type", out var type) && type.GetString() == "TextBlock" &&
            element.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } shown)
        {
            parts.Add(shown);
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is "body" or "items" or "columns")
            {
                CollectTextBlocks(property.Value, parts);
            }
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken ct)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}", null, response.StatusCode);
        }
    }
}
