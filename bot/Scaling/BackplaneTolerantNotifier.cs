using HelpdeskBot.Bot.Handoff;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Scaling;

/// <summary>
/// The agent console's live events over the SignalR Redis backplane, where a send fails while Redis is away: the event
/// is dropped (the console still reads the queue and the case when asked) instead of failing the user's turn or the
/// agent's action with it.
/// </summary>
internal sealed class BackplaneTolerantNotifier(IHandoffNotifier inner, RedisConnection redis) : IHandoffNotifier
{
    public Task QueueChangedAsync(string queue, CancellationToken cancellationToken) =>
        Tolerate(() => inner.QueueChangedAsync(queue, cancellationToken));

    public Task UserMessageAsync(long caseId, string queue, TranscriptLine line, CancellationToken cancellationToken) =>
        Tolerate(() => inner.UserMessageAsync(caseId, queue, line, cancellationToken));

    public Task CaseClosedAsync(long caseId, string queue, CancellationToken cancellationToken) =>
        Tolerate(() => inner.CaseClosedAsync(caseId, queue, cancellationToken));

    private async Task Tolerate(Func<Task> send)
    {
        try
        {
            await send();
            redis.NoteAvailable();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.NoteUnavailable(ex);
        }
    }
}
