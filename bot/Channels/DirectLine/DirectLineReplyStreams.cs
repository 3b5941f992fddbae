using HelpdeskBot.Bot.Conversations.Streaming;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>
/// Web Chat livestreaming over our Direct Line: each update is a bot <c>typing</c> activity with the text so far and the
/// stream's marks (<see cref="StreamInfo"/>), appended to the conversation's log like any activity, so WebSocket and polling
/// clients both see it; the final <c>message</c> names the stream and replaces the growing bubble. Clients that know nothing
/// of streams ignore typing and show the final message. Once the final message is in the log the interim activities are
/// removed from it: a livestream is not replayed to a client that reconnects later. The user's message goes into the log
/// before the first update (it is otherwise stored with the turn), so its echo still comes first on the stream.
/// </summary>
internal sealed class DirectLineReplyStreams(DirectLineConversations conversations, DirectLineInbound user, TimeSpan interval) : IReplyStreamChannel
{
    private readonly List<string> _interim = [];
    private readonly DirectLineConversations _conversations = conversations;
    private readonly DirectLineInbound _user = user;
    private readonly Activity _incoming = user.Activity;

    public TimeSpan Interval => interval;

    public async Task<IReplyStreamView?> StartAsync(string? informative, string language, CancellationToken cancellationToken)
    {
        var view = new View(this, language);
        if (informative is { Length: > 0 })
        {
            // Only the producer's own words: Web Chat shows its typing dots for an informative update anyway.
            await view.SendAsync(StreamInfo.Informative, informative, cancellationToken);
        }
        return view;
    }

    /// <summary>Removes the streams' interim activities from the log, after their final messages went in.</summary>
    public Task ForgetInterimAsync(CancellationToken cancellationToken) =>
        _interim.Count == 0 ? Task.CompletedTask : _conversations.RemoveAsync(_incoming.Conversation!.Id!, _interim, cancellationToken);

    private sealed class View(DirectLineReplyStreams owner, string language) : IReplyStreamView
    {
        private string? _streamId;
        private int _sequence;

        public Task ShowAsync(string textSoFar, CancellationToken cancellationToken) =>
            SendAsync(StreamInfo.Streaming, textSoFar, cancellationToken);

        public async Task SendAsync(string streamType, string text, CancellationToken cancellationToken)
        {
            _sequence++;
            await owner._user.StoreAsync(cancellationToken);
            var incoming = owner._incoming;
            var typing = new Activity
            {
                Type = ActivityTypes.Typing,
                From = new ChannelAccount { Id = DirectLineConversations.BotId, Name = DirectLineConversations.BotName, Role = "bot" },
                Recipient = incoming.From,
                Conversation = incoming.Conversation,
                ReplyToId = incoming.Id,
                Locale = language == Languages.Indonesian ? "id-ID" : "en-US",
                TextFormat = "markdown",
                Text = text,
                ChannelData = StreamInfo.ChannelData(streamType, _streamId, _sequence),
                Entities = [StreamInfo.Entity(streamType, _streamId, _sequence)],
            };
            var (sent, _) = await owner._conversations.AppendAsync(incoming.Conversation!.Id!, typing, null, cancellationToken);
            _streamId ??= sent.Id;
            owner._interim.Add(sent.Id!);
        }

        public void Conclude(Activity final)
        {
            if (_streamId is null)
            {
                return;
            }
            final.ChannelData = StreamInfo.ChannelData(StreamInfo.Final, _streamId, null);
            final.Entities = [.. final.Entities ?? [], StreamInfo.Entity(StreamInfo.Final, _streamId, null)];
            // Web Chat joins a final message to its stream only when it has text; a card that shows the text itself has none.
            final.Text ??= string.Empty;
        }
    }
}
