using HelpdeskBot.Bot.Analytics;

namespace HelpdeskBot.Bot.Tests.Analytics;

public sealed class AnalyticsMathTests
{
    [Theory]
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 30, 20)]
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 40, 20)]
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 50, 35)]
    [InlineData(new[] { 15, 20, 35, 40, 50 }, 100, 50)]
    [InlineData(new[] { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 }, 25, 7)]
    [InlineData(new[] { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 }, 50, 8)]
    [InlineData(new[] { 3, 6, 7, 8, 8, 10, 13, 15, 16, 20 }, 75, 15)]
    [InlineData(new[] { 20, 16, 15, 13, 10, 8, 8, 7, 6, 3 }, 95, 20)]
    [InlineData(new[] { 42 }, 50, 42)]
    [InlineData(new[] { 42 }, 95, 42)]
    public void Nearest_rank_is_the_smallest_value_with_at_least_p_percent_at_or_below_it(int[] values, double percentile, int expected) =>
        Assert.Equal(expected, Percentiles.NearestRank(values, percentile));

    [Fact]
    public void Nearest_rank_of_twenty_values_at_95_is_the_19th_not_the_20th()
    {
        // 0.95 × 20 is 19 exactly; floating point gives 19.000000000000004, which must not round up to rank 20.
        var values = Enumerable.Range(1, 20).ToArray();

        Assert.Equal(19, Percentiles.NearestRank(values, 95));
        Assert.Equal(10, Percentiles.NearestRank(values, 50));
    }

    [Fact]
    public void No_values_have_no_percentile_and_a_percentile_outside_0_to_100_is_refused()
    {
        Assert.Null(Percentiles.NearestRank([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1], 101));
    }

    [Theory]
    [InlineData("directline", "directline")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("\tTab", "'\tTab")]
    public void Csv_text_cells_are_quoted_per_rfc_4180_and_never_start_like_a_formula(string value, string expected) =>
        Assert.Equal(expected, AnalyticsEndpoints.TextCell(value));
}
