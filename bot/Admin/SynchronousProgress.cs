namespace HelpdeskBot.Bot.Admin;

/// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> posts to the thread pool and may report after the work is done.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
