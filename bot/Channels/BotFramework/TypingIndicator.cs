using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>
/// Shows the user that the bot is working: a <c>typing</c> activity when the turn starts and again every
/// <c>interval</c> while it runs (Teams hides the indicator after a few seconds). Disposing stops it and waits for a
/// typing activity still on its way, so none can arrive after the reply.
/// </summary>
internal sealed class TypingIndicator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private TypingIndicator(BotConnectorClient connector, Activity incoming, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        var typing = new Activity
        {
            Type = ActivityTypes.Typing,
            ChannelId = incoming.ChannelId,
            ServiceUrl = incoming.ServiceUrl,
            Conversation = incoming.Conversation,
            From = incoming.Recipient,
            Recipient = incoming.From,
            ReplyToId = incoming.Id,
        };
        _loop = RunAsync(connector, typing, interval, time, cancellationToken);
    }

    public static TypingIndicator Start(BotConnectorClient connector, Activity incoming, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken) =>
        new(connector, incoming, interval, time, cancellationToken);

    private async Task RunAsync(BotConnectorClient connector, Activity typing, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        // Off the caller's stack, so the turn starts while the first indicator is on its way.
        await Task.Yield();
        // The first one goes out even when the turn is quick: it is sent before the reply is, never after.
        while (!cancellationToken.IsCancellationRequested)
        {
            // The send itself is not cut short by stopping: it finishes (or fails) before the reply goes out.
            await connector.SendTypingAsync(typing.ServiceUrl!, typing.Conversation!.Id!, typing.ReplyToId, typing, cancellationToken);
            try
            {
                await Task.Delay(interval, time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private int _disposed;

    /// <summary>Stops the indicator (a streamed reply takes over, or the turn ended); calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The request was cancelled; nothing to stop.
        }
        _stop.Dispose();
    }
}
