using System.Collections.Concurrent;
using System.Threading.Channels;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>
/// A stored Direct Line activity as it goes out: its watermark and its JSON. Without JSON it is a notice that another
/// instance stored the activity: the socket reads it from the store.
/// </summary>
internal sealed record StreamedActivity(long Sequence, string? Json);

/// <summary>
/// Fan-out of new activities to the WebSockets open on a conversation: in process, and — with Redis configured — a notice
/// to the other instances (<see cref="Scaling.DirectLineStreamBus"/>), whose sockets then read the store.
/// </summary>
internal sealed class DirectLineStreams(Scaling.DirectLineStreamBus? bus = null)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<StreamedActivity>, byte>> _subscribers = new(StringComparer.Ordinal);

    public Subscription Subscribe(string conversationId)
    {
        var channel = Channel.CreateBounded<StreamedActivity>(new BoundedChannelOptions(1000)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        while (true)
        {
            var set = _subscribers.GetOrAdd(conversationId, _ => new());
            set.TryAdd(channel, 0);
            // An unsubscribe may have dropped this set as empty just now; join the live one instead.
            if (_subscribers.TryGetValue(conversationId, out var current) && ReferenceEquals(current, set))
            {
                break;
            }
            set.TryRemove(channel, out _);
        }
        return new Subscription(this, conversationId, channel);
    }

    /// <summary>True when other instances may store activities of a conversation this instance streams.</summary>
    public bool SharedAcrossInstances => bus is not null;

    public void Publish(string conversationId, StreamedActivity activity)
    {
        Deliver(conversationId, activity);
        bus?.Announce(conversationId, activity.Sequence);
    }

    /// <summary>Another instance stored activity <paramref name="sequence"/> of the conversation.</summary>
    public void Notice(string conversationId, long sequence) => Deliver(conversationId, new StreamedActivity(sequence, null));

    private void Deliver(string conversationId, StreamedActivity activity)
    {
        if (_subscribers.TryGetValue(conversationId, out var set))
        {
            foreach (var channel in set.Keys)
            {
                channel.Writer.TryWrite(activity);
            }
        }
    }

    private void Unsubscribe(string conversationId, Channel<StreamedActivity> channel)
    {
        if (_subscribers.TryGetValue(conversationId, out var set))
        {
            set.TryRemove(channel, out _);
            if (set.IsEmpty)
            {
                _subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Channel<StreamedActivity>, byte>>(conversationId, set));
            }
        }
        channel.Writer.TryComplete();
    }

    public sealed class Subscription(DirectLineStreams owner, string conversationId, Channel<StreamedActivity> channel) : IDisposable
    {
        public ChannelReader<StreamedActivity> Reader => channel.Reader;

        public void Dispose() => owner.Unsubscribe(conversationId, channel);
    }
}
