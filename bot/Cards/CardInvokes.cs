using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Cards;

/// <summary>
/// Universal Actions: an Action.Execute pressed in Teams arrives as an <c>invoke</c> named <c>adaptiveCard/action</c>
/// (<c>value.action.verb</c>, <c>value.action.data</c>) and is answered in the HTTP response, not through the Connector.
/// The press runs as the same turn a Web Chat Action.Submit would (a message whose value is the data), and the card the
/// user pressed is replaced by what the bot answered: its text, then the card that goes with it (the confirmation
/// after a form, the outcome after a Yes).
/// </summary>
internal static partial class CardInvokes
{
    public const string ActionInvokeName = "adaptiveCard/action";

    public const string MessageResponseType = "application/vnd.microsoft.activity.message";

    public const string ErrorResponseType = "application/vnd.microsoft.error";

    /// <param name="refused">What the channel says instead of running a turn for someone the bot cannot act for, if so.</param>
    public static async Task<JsonHttpResult<JsonObject>> AnswerAsync(
        Activity invoke, ChannelUser user, Activity? refused, TurnPipeline pipeline, ILogger logger, CancellationToken ct)
    {
        if (invoke.Name != ActionInvokeName)
        {
            // Other invokes (message extensions, sign-in) are features this bot does not have; Bot Framework's answer for that is 501.
            LogUnknownInvoke(logger, invoke.Name ?? "(none)");
            return Error(StatusCodes.Status501NotImplemented, "NotImplemented", $"The bot does not handle '{invoke.Name}' invokes.");
        }

        if (ToMessage(invoke) is not { } message)
        {
            LogBadInvoke(logger);
            return Error(StatusCodes.Status400BadRequest, "BadRequest",
                "An adaptiveCard/action invoke needs value.action of type Action.Execute with a verb and, optionally, object data.");
        }

        if (refused is not null)
        {
            return Answer(AdaptiveCard.ContentType, UpdatedCard([refused]));
        }

        var outcome = await pipeline.ProcessAsync(message, user, ct);
        if (outcome.Duplicate || outcome.Replies.Count == 0)
        {
            return Answer(MessageResponseType, JsonValue.Create(string.Empty));
        }

        return Answer(AdaptiveCard.ContentType, UpdatedCard(outcome.Replies));
    }

    /// <summary>The invoke as the message an Action.Submit would have sent; null when it is not a well-formed Action.Execute.</summary>
    internal static Activity? ToMessage(Activity invoke)
    {
        if (invoke.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("verb", out var verbElement) || verbElement.ValueKind != JsonValueKind.String
            || verbElement.GetString() is not { Length: > 0 } verb)
        {
            return null;
        }

        if (action.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != "Action.Execute")
        {
            return null;
        }

        JsonObject data;
        if (!action.TryGetProperty("data", out var dataElement) || dataElement.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            data = [];
        }
        else if (dataElement.ValueKind == JsonValueKind.Object)
        {
            data = JsonNode.Parse(dataElement.GetRawText())!.AsObject();
        }
        else
        {
            return null;
        }

        data[CardData.Action] = verb;
        var merged = JsonSerializer.SerializeToElement(data);
        if (CardSubmission.From(merged) is null)
        {
            return null;
        }

        return new Activity
        {
            Type = ActivityTypes.Message,
            Id = invoke.Id,
            Timestamp = invoke.Timestamp,
            ChannelId = invoke.ChannelId,
            ServiceUrl = invoke.ServiceUrl,
            From = invoke.From,
            Recipient = invoke.Recipient,
            Conversation = invoke.Conversation,
            Locale = invoke.Locale,
            ReplyToId = invoke.ReplyToId,
            ChannelData = invoke.ChannelData,
            Value = merged,
        };
    }

    /// <summary>The card that replaces the pressed one: every reply's text, then the last reply's card, if any.</summary>
    internal static JsonObject UpdatedCard(IReadOnlyList<Activity> replies)
    {
        var body = new JsonArray();
        JsonArray? actions = null;
        foreach (var reply in replies)
        {
            if (!string.IsNullOrWhiteSpace(reply.Text))
            {
                body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = reply.Text, ["wrap"] = true });
            }
        }

        var card = replies[^1].Attachments?.FirstOrDefault(a => a.ContentType == AdaptiveCard.ContentType)?.Content;
        if (card is { ValueKind: JsonValueKind.Object } content)
        {
            var node = JsonNode.Parse(content.GetRawText())!.AsObject();
            foreach (var element in node["body"]?.AsArray().ToList() ?? [])
            {
                body.Add(element?.DeepClone());
            }

            actions = node["actions"]?.DeepClone().AsArray();
        }

        var updated = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = AdaptiveCard.SchemaVersion,
            ["body"] = body,
        };
        if (actions is not null)
        {
            updated["actions"] = actions;
        }

        return updated;
    }

    private static JsonHttpResult<JsonObject> Answer(string type, JsonNode? value) =>
        TypedResults.Json(new JsonObject { ["statusCode"] = StatusCodes.Status200OK, ["type"] = type, ["value"] = value }, statusCode: StatusCodes.Status200OK);

    private static JsonHttpResult<JsonObject> Error(int status, string code, string message) =>
        TypedResults.Json(
            new JsonObject
            {
                ["statusCode"] = status,
                ["type"] = ErrorResponseType,
                ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
            },
            statusCode: status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoke {Name} is not handled; answered 501")]
    private static partial void LogUnknownInvoke(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An adaptiveCard/action invoke was not a well-formed Action.Execute; answered 400")]
    private static partial void LogBadInvoke(ILogger logger);
}
