using System.Runtime.CompilerServices;

namespace HelpdeskBot.Bot.Tests;

/// <summary>Settings for the whole test process, applied when the assembly loads.</summary>
internal static class TestProcess
{
    /// <summary>
    /// Hundreds of in-process hosts start and stop here, and parts of the framework block a thread while they stop: SignalR's
    /// Redis backplane unsubscribes synchronously in <c>Dispose</c>, and the Redis reply it waits for is completed on a
    /// thread-pool thread. With the pool's minimum at the core count (2 on CI), a few such waits at once left the reply
    /// queued behind them until the 5 s Redis timeout failed the test (seen once on CI, in a two-instance test's teardown).
    /// A higher minimum lets the pool add threads at once instead of one every half second; it changes no behaviour under test.
    /// </summary>
    [ModuleInitializer]
    internal static void RaiseThreadPoolMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completionPorts, 64));
    }
}
