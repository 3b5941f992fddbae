namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>What the command line chose; null chunk sizes mean the <see cref="KnowledgeOptions"/> defaults.</summary>
internal sealed record BenchmarkSettings(string DataDirectory)
{
    public int StackFaqLimit { get; init; } = 50;

    public int? ChunkCharacters { get; init; }

    public int? ChunkOverlapCharacters { get; init; }

    public IReadOnlyList<int> LatencySizes { get; init; } = [1_000, 10_000, 100_000];

    public int LatencyQueries { get; init; } = 600;

    /// <summary>latency: build the index here and keep it, instead of in a temporary folder.</summary>
    public string? KeepIndexDirectory { get; init; }

    /// <summary>seed: also write where the answer's passage ranks on each side (seed-diagnosis.tsv).</summary>
    public bool Diagnose { get; init; }

    /// <summary>grounded: an OpenAI-compatible API root (key from the environment, <c>Llm__ApiKey</c>); null: the scripted model.</summary>
    public string? LlmEndpoint { get; init; }

    /// <summary>grounded: the model name at <see cref="LlmEndpoint"/>.</summary>
    public string? LlmModel { get; init; }
}

/// <summary>The machine a measurement ran on, for the report: other builds share its two cores.</summary>
internal static class Machine
{
    /// <summary>The 1-, 5- and 15-minute load averages (Linux), or "n/a".</summary>
    public static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "n/a";
    }
}
