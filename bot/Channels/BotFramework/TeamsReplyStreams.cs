using HelpdeskBot.Bot.Conversations.Streaming;
using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>
/// Teams' streaming protocol for a personal chat: an informative <c>typing</c> update first (its Connector id becomes the
/// stream id), then <c>typing</c> updates with the text so far and a rising <c>streamSequence</c>, then the final
/// <c>message</c> marked <c>streamType: final</c>. Teams streams only in one-on-one chats, so channels, group chats and the
/// other Bot Framework channels get the final message alone (<see cref="For"/> is null there). When Teams refuses an
/// update (throttled, stream too long), the stream stops growing and its final message still ends it; when the start is
/// refused, the final message goes as a plain message.
/// </summary>
internal sealed partial class TeamsReplyStreams : IReplyStreamChannel
{
    private readonly BotConnectorClient _connector;
    private readonly Activity _incoming;
    private readonly TypingIndicator? _typing;
    private readonly ILogger _logger;

    private TeamsReplyStreams(BotConnectorClient connector, Activity incoming, TimeSpan interval, TypingIndicator? typing, ILogger logger)
    {
        _connector = connector;
        _incoming = incoming;
        Interval = interval;
        _typing = typing;
        _logger = logger;
    }

    public TimeSpan Interval { get; }

    /// <summary>Streams for this activity's conversation: only a Teams personal chat; null elsewhere.</summary>
    public static TeamsReplyStreams? For(
        Activity incoming, BotConnectorClient connector, ReplyStreamingOptions options, TypingIndicator? typing, ILogger logger) =>
        options.Enabled && IsPersonalTeamsChat(incoming) ? new TeamsReplyStreams(connector, incoming, options.TeamsInterval, typing, logger) : null;

    public static bool IsPersonalTeamsChat(Activity activity) =>
        activity.ChannelId == TeamsActivity.ChannelId && !TeamsActivity.IsGroupConversation(activity)
        && activity.Conversation?.ConversationType is null or "personal";

    public async Task<IReplyStreamView?> StartAsync(string? informative, string language, CancellationToken cancellationToken)
    {
        if (_typing is not null)
        {
            // Plain typing indicators between stream updates would confuse Teams' progress line.
            await _typing.DisposeAsync();
        }
        var view = new View(this, language);
        var text = informative is { Length: > 0 } ? informative : ReplyStreamPhrases.Writing.In(language);
        return await view.StartAsync(text, cancellationToken) ? view : null;
    }

    private sealed class View(TeamsReplyStreams owner, string language) : IReplyStreamView
    {
        private string? _streamId;
        private int _sequence;
        private bool _stopped;

        public async Task<bool> StartAsync(string informative, CancellationToken cancellationToken)
        {
            _streamId = await SendAsync(StreamInfo.Informative, informative, cancellationToken);
            return _streamId is not null;
        }

        public async Task ShowAsync(string textSoFar, CancellationToken cancellationToken)
        {
            if (!_stopped)
            {
                await SendAsync(StreamInfo.Streaming, textSoFar, cancellationToken);
            }
        }

        private async Task<string?> SendAsync(string streamType, string text, CancellationToken cancellationToken)
        {
            _sequence++;
            var incoming = owner._incoming;
            var update = new Activity
            {
                Type = ActivityTypes.Typing,
                ChannelId = incoming.ChannelId,
                ServiceUrl = incoming.ServiceUrl,
                Conversation = incoming.Conversation,
                From = incoming.Recipient,
                Recipient = incoming.From,
                ReplyToId = incoming.Id,
                Locale = language == Skills.Conversations.Languages.Indonesian ? "id-ID" : "en-US",
                Text = text,
                Entities = [StreamInfo.Entity(streamType, _streamId, _sequence)],
            };
            try
            {
                var sent = await owner._connector.SendStreamUpdateAsync(incoming.ServiceUrl!, incoming.Conversation!.Id!, incoming.Id, update, cancellationToken);
                return sent?.Id is { Length: > 0 } id ? id : null;
            }
            catch (HttpRequestException ex)
            {
                _stopped = true;
                LogUpdateRefused(owner._logger, ex, streamType, (int?)ex.StatusCode ?? 0);
                return null;
            }
        }

        public void Conclude(Activity final)
        {
            if (_streamId is null)
            {
                return;
            }
            final.Entities = [.. final.Entities ?? [], StreamInfo.Entity(StreamInfo.Final, _streamId, null)];
        }
    }

    /// <summary>Whether <paramref name="final"/> ends a stream; used to send it again as a plain message if Teams refuses it.</summary>
    public static bool EndsStream(Activity final) => final.Entities?.Any(e => e.Type == StreamInfo.EntityType) == true;

    /// <summary>The final message without its stream marks.</summary>
    public static void Unmark(Activity final) =>
        final.Entities = final.Entities?.Where(e => e.Type != StreamInfo.EntityType).ToList() is { Count: > 0 } rest ? rest : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams refused a {StreamType} stream update (Connector answered {StatusCode}); the stream stops growing and its final message ends it")]
    private static partial void LogUpdateRefused(ILogger logger, Exception exception, string streamType, int statusCode);
}
