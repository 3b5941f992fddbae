namespace HelpdeskBot.LoadTest.Measuring;

/// <summary>Percentiles of a set of durations in milliseconds (nearest rank, so p99 is a latency some turn really had).</summary>
public sealed record Latencies(int Count, double P50, double P95, double P99, double Max)
{
    public static Latencies Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? Empty
            : new Latencies(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
