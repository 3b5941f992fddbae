using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>Sends the bot's activities to a channel through the Bot Connector REST API at the activity's service URL.</summary>
internal sealed class BotConnectorClient(HttpClient http, BotFrameworkCredentials credentials)
{
    public async Task<ResourceResponse?> ReplyAsync(string serviceUrl, string conversationId, string? replyToId, Activity activity, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (replyToId is { Length: > 0 })
        {
            path += "/" + Uri.EscapeDataString(replyToId);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(serviceUrl.TrimEnd('/') + "/"), path))
        {
            Content = JsonContent.Create(activity, options: ProtocolJson.Options),
        };
        if (await credentials.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.Content.Headers.ContentLength is 0
            ? null
            : await response.Content.ReadFromJsonAsync<ResourceResponse>(ProtocolJson.Options, cancellationToken);
    }

    /// <summary>
    /// Opens a conversation at <paramref name="serviceUrl"/> (<c>POST v3/conversations</c>), as proactive messages to a
    /// Teams user who has no chat with the bot yet need; throws <see cref="HttpRequestException"/> when the Connector refuses.
    /// </summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(serviceUrl.TrimEnd('/') + "/"), "v3/conversations"))
        {
            Content = JsonContent.Create(parameters, options: ProtocolJson.Options),
        };
        if (await credentials.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<ConversationResourceResponse>(ProtocolJson.Options, cancellationToken);
        return created is { Id.Length: > 0 } ? created : throw new HttpRequestException("The Connector answered without a conversation id.");
    }
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
        if (_token is not null && time.GetUtcNow() < _renewAt)
        {
            return _token;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && time.GetUtcNow() < _renewAt)
            {
                return _token;
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
            using var response = await http.PostAsync(o.TokenEndpoint.Replace("{tenant}", tenant, StringComparison.Ordinal), content, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            _token = json.RootElement.GetProperty("access_token").GetString();
            var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 3600;
            _renewAt = time.GetUtcNow().AddSeconds(Math.Max(60, lifetime - 300));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
