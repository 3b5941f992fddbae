using System.Text.Json;
using HelpdeskBot.Bot.Channels.BotFramework;
using HelpdeskBot.Bot.Channels.BotFramework.Outbox;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>Where a conversation lives, enough to send into it outside a turn.</summary>
internal sealed record ConversationAddress(string ChannelId, string ConversationId, string? ServiceUrl, string UserId, string Language);

/// <summary>
/// Sends into a conversation outside a turn — an agent's message, the rating question, a queue update: appended to the
/// Direct Line log (and pushed to open WebSockets) for Web Chat, posted through the Bot Connector for Teams and the
/// Emulator.
/// </summary>
internal sealed class ChannelDelivery(DirectLineConversations directLine, BotConnectorClient connector, ConnectorOutbox outbox)
{
    /// <summary>Sends now; a Connector failure is the caller's (it throws <see cref="HttpRequestException"/>).</summary>
    public Task SendAsync(ConversationAddress address, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(address, activity, origin: null, cancellationToken);

    /// <summary>
    /// Sends through the Bot Connector outbox (Direct Line: its log, as <see cref="SendAsync(ConversationAddress, Activity, CancellationToken)"/>):
    /// stored first, behind the conversation's owed replies, and retried with back-off while the Connector fails, so an agent's
    /// message and the bot's keep their order and none is lost. Throws <see cref="HttpRequestException"/> only when the
    /// Connector refused it for good.
    /// </summary>
    /// <param name="origin"><see cref="ConnectorOutbox.AgentOrigin"/> or <see cref="ConnectorOutbox.BotOrigin"/>, for logs.</param>
    public Task QueueAsync(ConversationAddress address, Activity activity, string origin, CancellationToken cancellationToken) =>
        SendAsync(address, activity, origin, cancellationToken);

    private async Task SendAsync(ConversationAddress address, Activity activity, string? origin, CancellationToken cancellationToken)
    {
        activity.Conversation ??= new ConversationAccount { Id = address.ConversationId };
        activity.Recipient ??= new ChannelAccount { Id = address.UserId, Role = "user" };
        activity.Locale ??= address.Language == Languages.Indonesian ? "id-ID" : "en-US";
        if (address.ChannelId == DirectLineConversations.ChannelId)
        {
            activity.From ??= new ChannelAccount { Id = DirectLineConversations.BotId, Name = DirectLineConversations.BotName, Role = "bot" };
            await directLine.AppendAsync(address.ConversationId, activity, null, cancellationToken);
            return;
        }

        if (address.ServiceUrl is null)
        {
            throw new InvalidOperationException($"Conversation on channel '{address.ChannelId}' has no service URL to send to.");
        }

        activity.ChannelId = address.ChannelId;
        activity.ServiceUrl = address.ServiceUrl;
        if (origin is null)
        {
            await connector.ReplyAsync(address.ServiceUrl, address.ConversationId, null, activity, cancellationToken);
        }
        else if (await outbox.SendAsync(address.ChannelId, address.ConversationId, address.ServiceUrl, activity, origin, cancellationToken) == OutboxDelivery.GaveUp)
        {
            throw new HttpRequestException("The channel's Connector refused the message.");
        }
    }

    /// <summary>The channel id Teams sends; there cards use Universal Actions (Action.Execute).</summary>
    public const string TeamsChannelId = "msteams";

    /// <summary>
    /// A bot message with the reply's text, buttons and card (meant for <paramref name="userId"/>); routing is the
    /// caller's. <paramref name="messageKey"/> is the bot's record of the message, written into the card's buttons so
    /// feedback on it finds it.
    /// </summary>
    public static Activity FromBot(Reply reply, string language, string? userId, string? channelId = null, string? messageKey = null) => new()
    {
        Type = ActivityTypes.Message,
        // Markdown joins single line breaks; the skills' lines are meant as separate paragraphs. A card that shows the
        // text itself (a knowledge answer) goes alone, with a short summary for notifications and card-less clients.
        Text = reply is { CardShowsText: true, Card: not null } ? null : Paragraphs(reply.Text),
        Summary = reply is { CardShowsText: true, Card: not null } ? SummaryOf(reply.Text) : null,
        TextFormat = "markdown",
        Locale = language == Languages.Indonesian ? "id-ID" : "en-US",
        InputHint = reply.SuggestedActions.Count > 0 ? "expectingInput" : "acceptingInput",
        SuggestedActions = reply.SuggestedActions.Count == 0 || CardHasTheButtons(reply) ? null : new SuggestedActions
        {
            To = userId is null ? null : [userId],
            Actions = [.. reply.SuggestedActions.Select(a => new CardAction { Type = "imBack", Title = a.Title, Value = JsonSerializer.SerializeToElement(a.Value) })],
        },
        Attachments = reply.Card is { } card
            ? [new Attachment { ContentType = AdaptiveCard.ContentType, Content = AdaptiveCards.ToJsonElement(ForChannel(card, channelId, messageKey)) }]
            : null,
    };

    /// <summary>
    /// Whether the reply's card already offers every suggested button (a Yes/No confirmation, the welcome menu): then the
    /// card's buttons are the only ones shown, rather than the same choice twice.
    /// </summary>
    private static bool CardHasTheButtons(Reply reply) =>
        reply.Card is { } card
        && card.AllActions.OfType<SubmitAction>().Select(a => a.Title).ToHashSet(StringComparer.Ordinal) is var titles
        && reply.SuggestedActions.All(a => titles.Contains(a.Title));

    private static string Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\n\n", StringComparison.Ordinal);

    private const int SummaryLength = 160;

    private static string SummaryOf(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOf('\n');
        line = (end < 0 ? line : line[..end]).TrimEnd();
        return line.Length <= SummaryLength ? line.ToString() : string.Concat(line[..(SummaryLength - 1)].TrimEnd(), "…");
    }

    /// <summary>
    /// The card as the channel takes it. Web Chat (Direct Line) cannot send Action.Execute, so cards keep Action.Submit
    /// there; Teams gets Action.Execute with the same data, answered in place by an updated card.
    /// </summary>
    internal static AdaptiveCard ForChannel(AdaptiveCard card, string? channelId, string? messageKey) =>
        card.MapActions(action =>
        {
            if (action is not SubmitAction submit)
            {
                return action;
            }

            var data = messageKey is null
                ? submit.Data
                : new Dictionary<string, string>(submit.Data, StringComparer.Ordinal) { [CardData.Message] = messageKey };
            return channelId == TeamsChannelId && data.TryGetValue(CardData.Action, out var verb)
                ? new ExecuteAction(submit.Title, verb, data) { Id = submit.Id, Style = submit.Style, AssociatedInputs = submit.AssociatedInputs }
                : submit with { Data = data };
        });

    /// <summary>
    /// An agent's message: plain text (what the agent typed is shown as typed, never as markup), from the bot's account
    /// with the agent's name, marked in channel data so clients can show who wrote it.
    /// </summary>
    public static Activity FromAgent(string text, string agentDisplayName, string channelId) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = "plain",
        From = channelId == DirectLineConversations.ChannelId
            ? new ChannelAccount { Id = DirectLineConversations.BotId, Name = agentDisplayName, Role = "bot" }
            : null,
        ChannelData = JsonSerializer.SerializeToElement(new { helpdeskAgent = agentDisplayName }),
    };
}
