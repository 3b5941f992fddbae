using System.Net;
using HelpdeskBot.Bot.Cards;
using HelpdeskBot.Bot.Channels.BotFramework.Outbox;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Feedback;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors.Hr;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary><c>POST /api/messages</c>: activities from Azure Bot Service, Teams and the Emulator.</summary>
internal static partial class BotFrameworkEndpoints
{
    public static IEndpointRouteBuilder MapBotFrameworkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", ReceiveAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpRequest request,
        IOptions<BotFrameworkOptions> options,
        IOptions<HelpdeskOptions> helpdesk,
        BotFrameworkAuthentication authentication,
        TurnPipeline pipeline,
        BotConnectorClient connector,
        ConnectorOutbox outbox,
        MessageFeedbackStore feedback,
        IHrService hr,
        TimeProvider time,
        IOptions<Conversations.Streaming.ReplyStreamingOptions> streaming,
        ILoggerFactory loggers,
        IHostApplicationLifetime lifetime,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(BotFrameworkEndpoints));
        if (options.Value.AuthenticationEnabled && request.Headers.Authorization.Count == 0)
        {
            authentication.RefuseMissingToken();
            return JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Missing credentials", "Bot Framework requests need a Bearer token.");
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

        if (activity is null)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Invalid activity", "The body must be an activity object.");
        }
        if (options.Value.AuthenticationEnabled)
        {
            switch (await authentication.AuthenticateAsync(request.Headers.Authorization.ToString(), activity, ct))
            {
                case AuthenticationVerdict.Unauthenticated:
                    return JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials", "The Bearer token is not a valid Bot Framework token for this bot.");
                case AuthenticationVerdict.Forbidden:
                    return JsonBodies.Problem(StatusCodes.Status403Forbidden, "Not allowed for this activity",
                        "The token is valid but does not cover this activity's channel or service URL.");
            }
        }

        var invalid = Validate(activity, helpdesk.Value.MaxMessageLength);
        if (invalid is not null)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Invalid activity", invalid);
        }
        var welcome = TeamsActivity.BotWasAdded(activity);
        if (!welcome && activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.MessageReaction)
            && !(activity.Type == ActivityTypes.Event && activity.Name == TurnPipeline.HandoffStatusEvent))
        {
            // Typing, reactions, other members joining, other events and types we do not know: acknowledged and ignored,
            // as the protocol asks.
            return TypedResults.Ok();
        }
        if (!options.Value.AuthenticationEnabled && !IsLoopback(activity.ServiceUrl!))
        {
            // Unauthenticated, the endpoint must not become a way to make the bot post to arbitrary hosts.
            return JsonBodies.Problem(StatusCodes.Status403Forbidden, "Service URL not allowed",
                "Without BotFramework:AppId the bot replies only to loopback service URLs (Emulator, local tests).");
        }
        if (activity.Type == ActivityTypes.MessageReaction)
        {
            // 👍 / 👎 on the bot's message: feedback, not a turn.
            await feedback.ApplyReactionsAsync(activity, ct);
            await request.HttpContext.RequestServices.GetRequiredService<Admin.Inbox.InboxCollector>().CollectReactionAsync(activity, ct);
            return TypedResults.Ok();
        }
        if (activity.Type == ActivityTypes.Message && TeamsActivity.IsGroupConversation(activity) && !string.IsNullOrWhiteSpace(activity.Text) &&
            !TeamsActivity.MentionsBot(activity))
        {
            // In a channel or group chat people talk to each other; the bot answers only what is addressed to it.
            return TypedResults.Ok();
        }
        if (activity.Type == ActivityTypes.Message && activity.Text is { } text && text.Contains("<at>", StringComparison.OrdinalIgnoreCase))
        {
            activity.Text = TeamsActivity.WithoutMentions(activity);
        }

        if (activity.Type == ActivityTypes.Message && activity.Text is { Length: var length } && length > helpdesk.Value.MaxMessageLength)
        {
            // A 400 would go to the Connector and the person would see nothing; they are told instead, and no turn runs.
            return await RefuseAsync(connector, activity, TooLongReply(activity, length, helpdesk.Value.MaxMessageLength), logger, ct);
        }

        var identity = await EmployeeDirectory.IdentifyAsync(activity, options.Value, hr, logger, ct);
        if (activity.Type == ActivityTypes.Invoke)
        {
            // A card's Action.Execute: answered in this response, not through the Connector.
            var refused = identity.Refusal is { } cannot ? EmployeeDirectory.ReplyTo(activity, cannot, options.Value) : null;
            return await CardInvokes.AnswerAsync(activity, identity.User, refused, pipeline, logger, ct);
        }

        if (identity.Refusal is { } refusal && activity.Type != ActivityTypes.Event)
        {
            // No turn for someone the bot cannot act for: nothing of theirs is run or stored, the answer goes straight out.
            return await RefuseAsync(connector, activity, EmployeeDirectory.ReplyTo(activity, refusal, options.Value), logger, ct);
        }

        // The replies become outbox rows in the turn's own transaction; once it is saved they are owed, whatever happens next.
        var replyLog = new ConnectorTurnLog(outbox, activity);
        if (welcome)
        {
            await pipeline.ProcessAsync(TeamsActivity.WelcomeTurn(activity), identity.User, ct, replyLog: replyLog);
        }
        else
        {
            var typing = activity.Type == ActivityTypes.Message
                ? TypingIndicator.Start(connector, activity, options.Value.TypingInterval, time, ct)
                : null;
            await using (typing)
            {
                var streams = TeamsReplyStreams.For(activity, connector, streaming.Value, typing, logger);
                // A redelivery of an activity already answered stores nothing; what its turn still owes goes out below.
                await pipeline.ProcessAsync(activity, identity.User, ct, streams, replyLog);
            }
        }
        // Not the request's token: a Connector that hangs up on a slow turn must not cut a send in half (the reply would
        // then be owed and possibly sent twice); only the host stopping does.
        return await DeliverAsync(outbox, activity, logger, lifetime.ApplicationStopping);
    }

    /// <summary>
    /// Sends what the conversation owes, this turn's replies last: 200 when nothing is owed any more, 202 when the Connector
    /// failed for now (the replies are kept and retried with back-off, by this instance or any other), 502 when it refused
    /// a reply for good.
    /// </summary>
    private static async Task<IResult> DeliverAsync(ConnectorOutbox outbox, Activity activity, ILogger logger, CancellationToken ct)
    {
        OutboxDelivery delivery;
        try
        {
            delivery = await outbox.DeliverAsync(activity.ChannelId!, activity.Conversation!.Id!, dueOnly: false, ct);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or TimeoutException)
        {
            // The turn is saved with its replies; the sweep delivers them when the database answers again.
            LogDeliveryDeferred(logger, ex, activity.ChannelId!);
            return TypedResults.Accepted((string?)null);
        }
        return delivery switch
        {
            OutboxDelivery.Delivered => TypedResults.Ok(),
            OutboxDelivery.Pending => TypedResults.Accepted((string?)null),
            _ => JsonBodies.Problem(StatusCodes.Status502BadGateway, "Reply not delivered", "The channel's Connector service did not accept the reply."),
        };
    }

    private static async Task<IResult> RefuseAsync(BotConnectorClient connector, Activity activity, Activity reply, ILogger logger, CancellationToken ct)
    {
        reply.ReplyToId = activity.Id;
        try
        {
            await ReplyAsync(connector, activity, reply, logger, ct);
            return TypedResults.Ok();
        }
        catch (HttpRequestException ex)
        {
            LogReplyFailed(logger, ex, activity.ChannelId ?? "?", (int?)ex.StatusCode ?? 0);
            return JsonBodies.Problem(StatusCodes.Status502BadGateway, "Reply not delivered", "The channel's Connector service did not accept the reply.");
        }
    }

    /// <summary>
    /// Sends one reply. A final message that ends a stream and is refused outright (Teams ended the stream: too long, not
    /// allowed) goes again as a plain message, so the answer still arrives.
    /// </summary>
    private static async Task<ResourceResponse?> ReplyAsync(BotConnectorClient connector, Activity incoming, Activity reply, ILogger logger, CancellationToken ct)
    {
        try
        {
            return await connector.ReplyAsync(incoming.ServiceUrl!, incoming.Conversation!.Id!, incoming.Id, reply, ct);
        }
        catch (HttpRequestException ex) when (TeamsReplyStreams.EndsStream(reply) && ex.StatusCode is { } status && (int)status is >= 400 and < 500)
        {
            LogStreamEndRefused(logger, ex, (int)status);
            TeamsReplyStreams.Unmark(reply);
            return await connector.ReplyAsync(incoming.ServiceUrl!, incoming.Conversation!.Id!, incoming.Id, reply, ct);
        }
    }

    /// <summary>The longest id (or service URL) an inbound activity may carry.</summary>
    internal const int MaxIdLength = 1000;

    private static string? Validate(Activity? activity, int maxLength)
    {
        if (activity is null)
        {
            return "The body must be an activity object.";
        }
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "The activity needs a 'type'.";
        }
        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "The activity needs a 'channelId'.";
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity needs 'conversation.id'.";
        }
        if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return "The activity needs 'from.id'.";
        }
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || serviceUrl.Scheme is not ("http" or "https"))
        {
            return "The activity needs an absolute http(s) 'serviceUrl'.";
        }
        // Ids go into the Connector's URLs (conversation, reply-to) and into keys: Teams' longest are a few hundred
        // characters, and one of kilobytes would only come back from the Connector as 414 after the turn had run.
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[
            ("id", activity.Id), ("conversation.id", activity.Conversation?.Id), ("from.id", activity.From?.Id),
            ("recipient.id", activity.Recipient?.Id), ("replyToId", activity.ReplyToId), ("serviceUrl", activity.ServiceUrl)])
        {
            if (value is { Length: > MaxIdLength })
            {
                return $"The activity's '{name}' may have at most {MaxIdLength} characters; this one has {value.Length}.";
            }
        }
        if (activity.Type != ActivityTypes.Message && activity.Text is { Length: var length } && length > maxLength)
        {
            return $"An activity's text may have at most {maxLength} characters; this one has {length}.";
        }
        return null;
    }

    private static Activity TooLongReply(Activity incoming, int length, int max)
    {
        var language = Skills.Conversations.Languages.FromLocale(incoming.Locale);
        var text = TeamsPhrases.MessageTooLong.Format(language,
            ("length", length.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo(language == Skills.Conversations.Languages.Indonesian ? "id-ID" : "en-US"))),
            ("max", max.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo(language == Skills.Conversations.Languages.Indonesian ? "id-ID" : "en-US"))));
        var reply = Handoff.ChannelDelivery.FromBot(new Skills.Conversations.Reply(text), language, incoming.From?.Id);
        reply.ChannelId = incoming.ChannelId;
        reply.ServiceUrl = incoming.ServiceUrl;
        reply.Conversation = incoming.Conversation;
        reply.From = incoming.Recipient;
        reply.Recipient = incoming.From;
        return reply;
    }

    private static bool IsLoopback(string serviceUrl)
    {
        var uri = new Uri(serviceUrl);
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The final message of a stream was refused (Connector answered {StatusCode}); sending it as a plain message")]
    private static partial void LogStreamEndRefused(ILogger logger, Exception exception, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn on {ChannelId} was saved but its replies could not be taken from the outbox now; the sweep delivers them")]
    private static partial void LogDeliveryDeferred(ILogger logger, Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not deliver a reply on {ChannelId}: Connector answered {StatusCode}")]
    private static partial void LogReplyFailed(ILogger logger, Exception exception, string channelId, int statusCode);
}
