using HelpdeskBot.Connectors;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.DirectLine;

internal sealed record DirectLineUser(string? Id, string? Name);

/// <summary>Body of <c>tokens/generate</c> and <c>conversations</c>; <c>locale</c> is our addition for the welcome message.</summary>
/// <param name="SignedInUser">Our addition: the website's signed assertion of its signed-in user (<see cref="SignedInUsers"/>).</param>
internal sealed record DirectLineStartRequest(DirectLineUser? User, string? Locale, IReadOnlyList<string>? TrustedOrigins, string? SignedInUser = null);

internal sealed record DirectLineTokenResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

internal sealed record DirectLineConversationResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    string StreamUrl,
    string? ReferenceGrammarId,
    string? ETag);

/// <summary>Direct Line 3.0, served by the bot itself so that the official Web Chat needs no Azure.</summary>
internal static partial class DirectLineEndpoints
{
    public static IEndpointRouteBuilder MapDirectLineEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v3/directline");
        api.MapPost("/tokens/generate", GenerateTokenAsync);
        api.MapPost("/tokens/refresh", RefreshToken);
        api.MapPost("/conversations", StartConversationAsync);
        api.MapGet("/conversations/{conversationId}", ReconnectAsync);
        api.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        api.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        api.Map("/conversations/{conversationId}/stream", StreamAsync);
        return app;
    }

    private static async Task<IResult> GenerateTokenAsync(
        HttpRequest request, DirectLineTokens tokens, DirectLineConversations conversations, IOptions<DirectLineOptions> options, TimeProvider time, CancellationToken ct)
    {
        var caller = Authenticate(request, tokens, out var failure);
        if (failure is not null)
        {
            return failure;
        }
        if (caller is not DirectLineCaller.SecretHolder)
        {
            return JsonBodies.Problem(StatusCodes.Status403Forbidden, "A token cannot generate tokens", "Call tokens/generate with the Direct Line secret.");
        }
        var (body, bodyError) = await JsonBodies.ReadOptionalAsync<DirectLineStartRequest>(request, ct);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (!TryUser(body?.User, out var userId, out var userName, out var userError))
        {
            return userError!;
        }
        if (!TryParty(body?.SignedInUser, options.Value, time, out var party, out var partyError))
        {
            return partyError!;
        }
        var conversation = await conversations.ReserveAsync(userId, userName, NormaliseLocale(body?.Locale), ct);
        return TypedResults.Ok(new DirectLineTokenResponse(
            conversation.Id, tokens.IssueConversationToken(conversation.Id, userId, userName, party), tokens.TokenLifetimeSeconds));
    }

    private static IResult RefreshToken(HttpRequest request, DirectLineTokens tokens)
    {
        var caller = Authenticate(request, tokens, out var failure);
        if (failure is not null)
        {
            return failure;
        }
        if (caller is not DirectLineCaller.ConversationUser user)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Only tokens can be refreshed", "Send the token to refresh as the Bearer credential.");
        }
        return TypedResults.Ok(new DirectLineTokenResponse(user.ConversationId, tokens.IssueConversationToken(user), tokens.TokenLifetimeSeconds));
    }

    private static async Task<IResult> StartConversationAsync(
        HttpRequest request,
        DirectLineTokens tokens,
        DirectLineConversations conversations,
        TurnPipeline pipeline,
        IOptions<DirectLineOptions> options,
        TimeProvider time,
        CancellationToken ct)
    {
        var caller = Authenticate(request, tokens, out var failure);
        if (failure is not null)
        {
            return failure;
        }
        var (body, bodyError) = await JsonBodies.ReadOptionalAsync<DirectLineStartRequest>(request, ct);
        if (bodyError is not null)
        {
            return bodyError;
        }

        DirectLineCaller.ConversationUser user;
        string token;
        if (caller is DirectLineCaller.ConversationUser bound)
        {
            user = bound;
            token = BearerOf(request)!;
        }
        else
        {
            if (!TryUser(body?.User, out var userId, out var userName, out var userError))
            {
                return userError!;
            }
            if (!TryParty(body?.SignedInUser, options.Value, time, out var party, out var partyError))
            {
                return partyError!;
            }
            var reserved = await conversations.ReserveAsync(userId, userName, NormaliseLocale(body?.Locale), ct);
            user = new DirectLineCaller.ConversationUser(reserved.Id, userId, userName, party);
            token = tokens.IssueConversationToken(user);
        }

        var conversation = await conversations.FindAsync(user.ConversationId, ct);
        if (conversation is null)
        {
            return JsonBodies.Problem(StatusCodes.Status404NotFound, "Unknown conversation", "The token's conversation does not exist; generate a new token.");
        }
        var started = await conversations.TryStartAsync(conversation.Id, NormaliseLocale(body?.Locale), ct);
        if (started)
        {
            await GreetAsync(conversations, pipeline, conversation, user, NormaliseLocale(body?.Locale) ?? conversation.Locale, ct);
        }

        var response = new DirectLineConversationResponse(
            conversation.Id, token, tokens.TokenLifetimeSeconds, StreamUrl(request, tokens, user, null), null, null);
        return started
            ? TypedResults.Created($"/v3/directline/conversations/{conversation.Id}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<IResult> ReconnectAsync(
        string conversationId, string? watermark, HttpRequest request, DirectLineTokens tokens, DirectLineConversations conversations, CancellationToken ct)
    {
        var (user, failure) = await AuthoriseConversationAsync(request, tokens, conversations, conversationId, ct);
        if (failure is not null)
        {
            return failure;
        }
        if (!TryWatermark(watermark, out var mark))
        {
            return InvalidWatermark();
        }
        var token = BearerOf(request) is { } presented && user is not null && !tokens.IsSecret(presented)
            ? presented
            : tokens.IssueConversationToken(user! with { ConversationId = conversationId });
        return TypedResults.Ok(new DirectLineConversationResponse(
            conversationId, token, tokens.TokenLifetimeSeconds, StreamUrl(request, tokens, user!, mark), null, null));
    }

    private static async Task<IResult> GetActivitiesAsync(
        string conversationId, string? watermark, HttpRequest request, DirectLineTokens tokens, DirectLineConversations conversations, CancellationToken ct)
    {
        var (_, failure) = await AuthoriseConversationAsync(request, tokens, conversations, conversationId, ct);
        if (failure is not null)
        {
            return failure;
        }
        if (!TryWatermark(watermark, out var mark))
        {
            return InvalidWatermark();
        }
        var page = await conversations.ReadAfterAsync(conversationId, mark, ct);
        return TypedResults.Json(DirectLineConversations.ToActivitySet(page, mark), ProtocolJson.Options);
    }

    private static async Task<IResult> PostActivityAsync(
        string conversationId,
        HttpRequest request,
        DirectLineTokens tokens,
        DirectLineConversations conversations,
        TurnPipeline pipeline,
        IOptions<HelpdeskOptions> helpdesk,
        IOptions<Conversations.Streaming.ReplyStreamingOptions> streaming,
        IOptions<WebSecurity.WebSecurityOptions> security,
        TimeProvider time,
        CancellationToken ct)
    {
        // A token names its conversation and was issued for one that exists: the turn's own write finds it (or answers
        // 404 below), so a token's message is not one more read of the conversation.
        var (user, failure) = await AuthoriseConversationAsync(request, tokens, conversations, conversationId, ct, readForToken: false);
        if (failure is not null)
        {
            return failure;
        }
        if (!request.HasJsonContentType())
        {
            return JsonBodies.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Send the activity as application/json.");
        }
        var (activity, bodyError) = await JsonBodies.ReadAsync<Activity>(request, ct);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Invalid activity", "The activity needs a 'type'.");
        }
        if (activity.Text is { Length: var length } && length > helpdesk.Value.MaxMessageLength)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Message too long",
                $"A message may have at most {helpdesk.Value.MaxMessageLength} characters; this one has {length}.");
        }
        if (activity.Attachments is { Count: var attachments } && attachments > security.Value.MaxAttachments)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Too many attachments",
                $"A message may carry at most {security.Value.MaxAttachments} attachments; this one has {attachments}.");
        }
        if (activity.Type == ActivityTypes.Message && string.IsNullOrWhiteSpace(activity.Text) &&
            activity.Attachments is not { Count: > 0 } && activity.Value is null)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Empty message", "A message needs text, attachments or a value.");
        }

        // Identity comes from the token, never from what the client wrote in 'from'.
        activity.From = new ChannelAccount { Id = user!.UserId, Name = user.UserName ?? activity.From?.Name, Role = "user" };
        activity.Recipient = new ChannelAccount { Id = DirectLineConversations.BotId, Name = DirectLineConversations.BotName, Role = "bot" };
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.ServiceUrl = null;

        if (activity.Type == ActivityTypes.Typing)
        {
            // Typing is transient: not stored, not a turn.
            return TypedResults.Ok(new ResourceResponse($"{conversationId}|typing-{Guid.NewGuid():N}"));
        }

        // The log gives the activity its id and timestamp when the turn stores it (a client's own are not kept).
        activity.Id = null;
        activity.ChannelId = DirectLineConversations.ChannelId;
        activity.Timestamp = time.GetUtcNow();
        // Stored with the turn, in its transaction: a turn that fails leaves no trace, and the client's retry (same
        // clientActivityID) runs it afresh; a retry of a message already stored is found under the turn's lock and
        // answered by the pipeline's de-duplication, not twice.
        var inbound = new DirectLineInbound(conversations, conversationId, activity, ClientActivityId(activity), activity.Timestamp.Value);
        var streams = streaming.Value.Enabled ? new DirectLineReplyStreams(conversations, inbound, streaming.Value.DirectLineInterval) : null;
        try
        {
            // The replies go into the log with the turn's own transaction, under the ids its sent-message records name.
            await pipeline.ProcessAsync(activity, ToChannelUser(user), ct, streams, new DirectLineTurnLog(conversations, conversationId, InReplyToUser: true, inbound));
        }
        catch (UnknownDirectLineConversationException)
        {
            return UnknownConversation(conversationId);
        }
        finally
        {
            if (streams is not null)
            {
                // Also when the turn failed or the client left midway: a half-written stream must not be replayed later.
                await streams.ForgetInterimAsync(CancellationToken.None);
            }
        }
        return TypedResults.Ok(new ResourceResponse(activity.Id!));
    }

    private static async Task StreamAsync(
        string conversationId, string? t, string? watermark, HttpContext context, DirectLineTokens tokens,
        DirectLineConversations conversations, DirectLineStreams streams, IOptions<DirectLineOptions> options, CancellationToken ct)
    {
        var check = tokens.CheckStreamToken(context, t, out var caller);
        IResult? failure = check switch
        {
            TokenCheck.Valid when caller!.ConversationId != conversationId =>
                JsonBodies.Problem(StatusCodes.Status403Forbidden, "Token is for another conversation", "A stream URL opens only its own conversation."),
            TokenCheck.Valid => null,
            TokenCheck.Expired => JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Stream URL expired", "Ask for a new stream URL with GET /conversations/{id}."),
            _ => JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Invalid stream URL", "The stream URL's token is missing or invalid."),
        };
        var watermarkValid = TryWatermark(watermark, out var mark);
        failure ??= !context.WebSockets.IsWebSocketRequest
            ? JsonBodies.Problem(StatusCodes.Status400BadRequest, "WebSocket required", "The stream URL must be opened as a WebSocket.")
            : !watermarkValid
                ? InvalidWatermark()
                : null;
        if (failure is not null)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var subscription = streams.Subscribe(conversationId);
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receiving = DrainUntilCloseAsync(socket, closed);
        var keepAlive = TimeSpan.FromSeconds(options.Value.KeepAliveSeconds);

        try
        {
            var last = await SendBacklogAsync(socket, conversations, conversationId, mark ?? 0, closed.Token);
            while (!closed.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(closed.Token);
                wait.CancelAfter(keepAlive);
                StreamedActivity next;
                try
                {
                    next = await subscription.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!closed.IsCancellationRequested)
                {
                    if (streams.SharedAcrossInstances)
                    {
                        // A notice from another instance may have been lost (Redis away for a while): the store has it.
                        last = await SendBacklogAsync(socket, conversations, conversationId, last, closed.Token);
                    }
                    await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, closed.Token);
                    continue;
                }
                if (next.Sequence <= last)
                {
                    continue;
                }
                if (next.Json is null || next.Sequence > last + 1)
                {
                    // Stored by another instance, or dropped from the in-memory channel: the store has it.
                    last = await SendBacklogAsync(socket, conversations, conversationId, last, closed.Token);
                    continue;
                }
                await SendSetAsync(socket, [next], closed.Token);
                last = next.Sequence;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the host is stopping: nothing to deliver to.
        }
        finally
        {
            await closed.CancelAsync();
            await receiving;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    // Already gone.
                }
            }
        }
    }

    private static async Task<long> SendBacklogAsync(WebSocket socket, DirectLineConversations conversations, string conversationId, long after, CancellationToken ct)
    {
        while (true)
        {
            var page = await conversations.ReadAfterAsync(conversationId, after, ct);
            if (page.Count == 0)
            {
                return after;
            }
            await SendSetAsync(socket, page, ct);
            after = page[^1].Sequence;
            if (page.Count < DirectLineConversations.PageSize)
            {
                // A short page ends the log as it stood; whatever is stored after it comes through the subscription.
                return after;
            }
        }
    }

    private static async Task SendSetAsync(WebSocket socket, IReadOnlyList<StreamedActivity> page, CancellationToken ct)
    {
        // The stored JSON goes out as it is; only the envelope is built here.
        var builder = new StringBuilder("{\"activities\":[");
        for (var i = 0; i < page.Count; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(page[i].Json);
        }
        builder.Append("],\"watermark\":\"").Append(page[^1].Sequence.ToString(CultureInfo.InvariantCulture)).Append("\"}");
        await socket.SendAsync(Encoding.UTF8.GetBytes(builder.ToString()), WebSocketMessageType.Text, true, ct);
    }

    private static async Task DrainUntilCloseAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[4096];
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing either way.
        }
        await closed.CancelAsync();
    }

    private static async Task GreetAsync(
        DirectLineConversations conversations, TurnPipeline pipeline, DirectLineConversation conversation,
        DirectLineCaller.ConversationUser user, string? locale, CancellationToken ct)
    {
        var joined = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Id = $"{conversation.Id}|join",
            ChannelId = DirectLineConversations.ChannelId,
            Conversation = new ConversationAccount { Id = conversation.Id },
            From = new ChannelAccount { Id = user.UserId, Name = user.UserName, Role = "user" },
            Recipient = new ChannelAccount { Id = DirectLineConversations.BotId, Name = DirectLineConversations.BotName, Role = "bot" },
            MembersAdded = [new ChannelAccount { Id = user.UserId, Name = user.UserName }],
            Locale = locale,
        };
        // The welcome answers no message of the user's: stored without a replyToId, with the turn.
        await pipeline.ProcessAsync(joined, ToChannelUser(user), ct, replyLog: new DirectLineTurnLog(conversations, conversation.Id, InReplyToUser: false));
    }

    private static ChannelUser ToChannelUser(DirectLineCaller.ConversationUser user) =>
        // The party comes from our own signed token, which carries what the website's back end vouched for; a visitor
        // without one is anonymous (and verifies an order with its number and e-mail before seeing it).
        new(user.UserId, user.UserName, SignedInUsers.FromClaim(user.Party));

    /// <param name="readForToken">False: a token's conversation is taken as existing without reading it (the caller's
    /// write fails with <see cref="UnknownDirectLineConversationException"/> if it does not).</param>
    private static async Task<(DirectLineCaller.ConversationUser? User, IResult? Failure)> AuthoriseConversationAsync(
        HttpRequest request, DirectLineTokens tokens, DirectLineConversations conversations, string conversationId, CancellationToken ct,
        bool readForToken = true)
    {
        var caller = Authenticate(request, tokens, out var failure);
        if (failure is not null)
        {
            return (null, failure);
        }
        if (caller is DirectLineCaller.ConversationUser user && user.ConversationId != conversationId)
        {
            return (null, JsonBodies.Problem(StatusCodes.Status403Forbidden, "Token is for another conversation", "A token opens only the conversation it was issued for."));
        }
        if (!readForToken && caller is DirectLineCaller.ConversationUser token)
        {
            return (token, null);
        }
        var conversation = await conversations.FindAsync(conversationId, ct);
        if (conversation is null)
        {
            return (null, UnknownConversation(conversationId));
        }
        return (caller as DirectLineCaller.ConversationUser ?? new DirectLineCaller.ConversationUser(conversationId, conversation.UserId, conversation.UserName), null);
    }

    private static IResult UnknownConversation(string conversationId) =>
        JsonBodies.Problem(StatusCodes.Status404NotFound, "Unknown conversation", $"There is no conversation '{conversationId}'.");

    private static DirectLineCaller? Authenticate(HttpRequest request, DirectLineTokens tokens, out IResult? failure)
    {
        failure = null;
        var bearer = BearerOf(request);
        if (bearer is null)
        {
            failure = JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Missing credentials", "Send 'Authorization: Bearer <secret or token>'.");
            return null;
        }
        if (tokens.IsSecret(bearer))
        {
            return new DirectLineCaller.SecretHolder();
        }
        switch (tokens.CheckConversationToken(request.HttpContext, bearer, out var user))
        {
            case TokenCheck.Valid:
                return user;
            case TokenCheck.Expired:
                failure = JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Token expired", "Refresh tokens before they expire, or generate a new one.");
                return null;
            default:
                failure = JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials", "The Bearer credential is neither the secret nor a valid token.");
                return null;
        }
    }

    private static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    private static string StreamUrl(HttpRequest request, DirectLineTokens tokens, DirectLineCaller.ConversationUser user, long? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(user.ConversationId)}/stream" +
                  $"?t={Uri.EscapeDataString(tokens.IssueStreamToken(user.ConversationId, user.UserId))}";
        return watermark is { } mark ? url + "&watermark=" + mark.ToString(CultureInfo.InvariantCulture) : url;
    }

    private static string? ClientActivityId(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data &&
        data.TryGetProperty("clientActivityID", out var id) && id.ValueKind == JsonValueKind.String &&
        id.GetString() is { Length: > 0 and <= 128 } value
            ? value
            : null;

    private static IResult InvalidWatermark() =>
        JsonBodies.Problem(StatusCodes.Status400BadRequest, "Invalid watermark", "The watermark must be the value a previous response gave.");

    private static bool TryWatermark(string? watermark, out long? value)
    {
        value = null;
        if (string.IsNullOrEmpty(watermark) || watermark == "-")
        {
            return true;
        }
        if (long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static bool TryUser(DirectLineUser? user, out string userId, out string? userName, out IResult? failure)
    {
        failure = null;
        userName = user?.Name is { Length: > 0 and <= 256 } name ? name : null;
        if (user?.Id is null)
        {
            userId = "dl_" + Guid.NewGuid().ToString("N");
            return true;
        }
        userId = user.Id;
        if (!UserIdPattern().IsMatch(userId))
        {
            failure = JsonBodies.Problem(StatusCodes.Status400BadRequest, "Invalid user id",
                "user.id must be 1–128 characters of letters, digits and - _ . : @");
            return false;
        }
        return true;
    }

    private static bool TryParty(string? assertion, DirectLineOptions options, TimeProvider time, out string? party, out IResult? failure)
    {
        party = null;
        failure = null;
        if (assertion is null)
        {
            return true;
        }
        if (string.IsNullOrEmpty(options.UserSigningKey))
        {
            failure = JsonBodies.Problem(StatusCodes.Status400BadRequest, "Signed-in users are not configured",
                "Set DirectLine:UserSigningKey on the bot and sign signedInUser with it, or leave signedInUser out for an anonymous visitor.");
            return false;
        }
        if (SignedInUsers.Verify(assertion, options.UserSigningKey, time.GetUtcNow(), out var error) is not { } requester)
        {
            failure = JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Invalid signed-in user", error!);
            return false;
        }
        party = SignedInUsers.ToClaim(requester);
        return true;
    }

    private static string? NormaliseLocale(string? locale) =>
        locale is { Length: > 0 and <= 16 } && LocalePattern().IsMatch(locale) ? locale : null;

    [GeneratedRegex(@"^[A-Za-z0-9_\-.:@]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalePattern();
}
