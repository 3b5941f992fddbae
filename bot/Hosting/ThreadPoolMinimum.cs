namespace HelpdeskBot.Bot.Hosting;

/// <summary>
/// Raises the thread pool's minimum of worker threads (<see cref="HelpdeskOptions.MinWorkerThreadsPerCore"/>): up to that
/// many threads start at once when work is queued, instead of one at a time as the pool's hill climbing sees fit. Only
/// ever raised, never lowered: several hosts in one process (the tests) share one pool.
/// </summary>
internal static class ThreadPoolMinimum
{
    /// <summary>
    /// Eight per core: with 200 conversations sending as fast as they could on two cores, 16 gave 503 and 519 turns/s
    /// where the runtime's own minimum gave 452 and 470 (alternated runs; 32 gave 497 and 513).
    /// </summary>
    public const int DefaultPerCore = 8;

    public const int MaxPerCore = 256;

    /// <summary>The minimum to set for <paramref name="perCore"/> threads per core, or null to leave <paramref name="current"/>.</summary>
    public static int? Target(int perCore, int processorCount, int current)
    {
        if (perCore <= 0 || perCore > MaxPerCore)
        {
            return null;
        }
        var target = perCore * Math.Max(1, processorCount);
        return target > current ? target : null;
    }

    /// <summary>Raises the pool's minimum of worker threads to <paramref name="perCore"/> per core; true when it did.</summary>
    public static bool Apply(int perCore)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        return Target(perCore, Environment.ProcessorCount, workers) is { } target && ThreadPool.SetMinThreads(target, completionPorts);
    }
}
