using System.Globalization;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Scaling;

/// <summary>
/// Tells the other instances that a Direct Line conversation has a new activity in the store, over one Redis pub/sub
/// channel: <c>instance \n conversation \n watermark</c>. The notice carries no activity — the database is the truth and a
/// WebSocket that hears of one reads the store after the watermark it has sent, so an activity reaches a socket once and in
/// order whichever instance stored it, and a missed notice only delays delivery until the next one.
/// </summary>
internal sealed partial class DirectLineStreamBus(RedisConnection redis, ILogger<DirectLineStreamBus> logger)
{
    private const string ChannelName = "directline";
    private Action<string, long>? _onRemote;

    /// <summary>Starts listening; <paramref name="onRemote"/> gets (conversation, watermark) of activities other instances stored.</summary>
    public async Task ListenAsync(Action<string, long> onRemote)
    {
        _onRemote = onRemote;
        var multiplexer = await redis.GetAsync();
        // The client subscribes again by itself after a reconnect.
        await multiplexer.GetSubscriber().SubscribeAsync(redis.Channel(ChannelName), (_, message) => Received(message));
    }

    public void Announce(string conversationId, long sequence)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            var message = string.Concat(redis.InstanceId, "\n", conversationId, "\n", sequence.ToString(CultureInfo.InvariantCulture));
            // Fire and forget: the turn does not wait for Redis, and a lost notice costs only a delay.
            redis.GetAsync().Result.GetSubscriber().Publish(redis.Channel(ChannelName), message, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            redis.NoteUnavailable(ex);
        }
    }

    private void Received(RedisValue message)
    {
        var parts = ((string?)message ?? "").Split('\n');
        if (parts.Length != 3 || parts[0] == redis.InstanceId ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return;
        }

        LogNotice(logger, sequence);
        _onRemote?.Invoke(parts[1], sequence);
    }

    [LoggerMessage(LogLevel.Trace, "Another instance stored Direct Line activity {Sequence}")]
    private static partial void LogNotice(ILogger logger, long sequence);
}
