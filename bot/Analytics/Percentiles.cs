namespace HelpdeskBot.Bot.Analytics;

/// <summary>Percentiles by the nearest-rank method: the smallest value with at least p % of the values at or below it.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank <paramref name="percentile"/> (0 &lt; p ≤ 100) of <paramref name="values"/>; null when there are none.</summary>
    public static int? NearestRank(IReadOnlyCollection<int> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        // Rounding first keeps 0.95 * 20 = 19.000000000000004 at rank 19, as the definition means.
        var rank = (int)Math.Ceiling(Math.Round(percentile / 100 * sorted.Length, 9));
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
