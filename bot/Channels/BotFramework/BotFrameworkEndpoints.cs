using HelpdeskBot.Connectors;
using System.Net;
using HelpdeskBot.Bot.Cards;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Feedback;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary><c>POST /api/messages</c>: activities from Azure Bot Service, Teams and the Emulator.</summary>
internal static partial class BotFrameworkEndpoints
{
    private static readonly HashSet<string> TurnTypes = [ActivityTypes.Message, ActivityTypes.ConversationUpdate];

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
        MessageFeedbackStore feedback,
        IHrService hr,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(BotFrameworkEndpoints));
        if (options.Value.AuthenticationEnabled && request.Headers.Authorization.Count == 0)
        {
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

        if (options.Value.AuthenticationEnabled &&
            !await authentication.IsAuthorisedAsync(request.Headers.Authorization.ToString(), activity?.ServiceUrl, ct))
        {
            return JsonBodies.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials", "The Bearer token is not a valid Bot Framework token for this bot.");
        }

        var invalid = Validate(activity, helpdesk.Value.MaxMessageLength);
        if (invalid is not null)
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Invalid activity", invalid);
        }
        if (!TurnTypes.Contains(activity!.Type!) && !(activity.Type == ActivityTypes.Event && activity.Name == TurnPipeline.HandoffStatusEvent)
            && activity.Type is not (ActivityTypes.Invoke or ActivityTypes.MessageReaction))
        {
            // Typing, reactions, other events and types we do not know: acknowledged and ignored, as the protocol asks.
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
            await feedback.ApplyReactionsAsync(activity, ct);
            return TypedResults.Ok();
        }

        var user = options.Value.TrustsIdentity
            ? await IdentifyAsync(activity.From!, hr, logger, ct)
            : new ChannelUser(activity.From!.Id!, activity.From.Name, Requester.Anonymous);
        if (activity.Type == ActivityTypes.Invoke)
        {
            return await CardInvokes.AnswerAsync(activity, user, pipeline, logger, ct);
        }

        var outcome = await pipeline.ProcessAsync(activity, user, ct);
        var delivered = new List<(string Key, string ActivityId)>();
        foreach (var (reply, index) in outcome.Replies.Select((r, i) => (r, i)))
        {
            try
            {
                var sent = await connector.ReplyAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id, reply, ct);
                if (sent?.Id is { Length: > 0 } sentId && outcome.MessageKeys.ElementAtOrDefault(index) is { } key)
                {
                    delivered.Add((key, sentId));
                }
            }
            catch (HttpRequestException ex)
            {
                LogReplyFailed(logger, ex, activity.ChannelId ?? "?", (int?)ex.StatusCode ?? 0);
                await feedback.MarkDeliveredAsync(delivered, ct);
                return JsonBodies.Problem(StatusCodes.Status502BadGateway, "Reply not delivered",
                    "The channel's Connector service did not accept the reply.");
            }
        }
        // The ids the channel gave the replies: a reaction names the message by them.
        await feedback.MarkDeliveredAsync(delivered, ct);
        return TypedResults.Ok();
    }

    /// <summary>
    /// Employees are who the HR directory says their Entra object id (<c>from.aadObjectId</c>, set by Teams in an
    /// authenticated activity) is; anyone else is anonymous. Identity never comes from the message text, and without
    /// authentication (no app id) not from the activity either, unless a developer opted in.
    /// </summary>
    private static async Task<ChannelUser> IdentifyAsync(ChannelAccount from, IHrService hr, ILogger logger, CancellationToken ct)
    {
        if (Guid.TryParse(from.AadObjectId, out var objectId))
        {
            try
            {
                if (await hr.FindByAadObjectIdAsync(objectId, ct) is { } employee)
                {
                    return new ChannelUser(from.Id!, employee.Name, Requester.Employee(employee.EmployeeId));
                }
            }
            catch (BackOfficeUnavailableException ex)
            {
                // Without the directory the bot can still talk; it just cannot act for the employee this turn.
                LogDirectoryDown(logger, ex);
            }
        }
        return new ChannelUser(from.Id!, from.Name, Requester.Anonymous);
    }

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
        if (activity.Text is { Length: var length } && length > maxLength)
        {
            return $"A message may have at most {maxLength} characters; this one has {length}.";
        }
        return null;
    }

    private static bool IsLoopback(string serviceUrl)
    {
        var uri = new Uri(serviceUrl);
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not deliver a reply on {ChannelId}: Connector answered {StatusCode}")]
    private static partial void LogReplyFailed(ILogger logger, Exception exception, string channelId, int statusCode);

    [LoggerMessage(LogLevel.Warning, "The HR directory did not answer; this Bot Framework user is treated as anonymous for the turn")]
    private static partial void LogDirectoryDown(ILogger logger, Exception exception);
}
