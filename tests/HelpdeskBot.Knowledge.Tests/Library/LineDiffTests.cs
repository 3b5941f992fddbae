using System.Diagnostics;
using HelpdeskBot.Knowledge.Library;

namespace HelpdeskBot.Knowledge.Tests.Library;

/// <summary>
/// The version diff: a shortest edit script (checked against a textbook LCS on random texts), that rebuilds both texts,
/// and whose cost stays bounded on large, unrelated versions.
/// </summary>
public sealed class LineDiffTests
{
    [Fact]
    public void A_changed_line_is_removed_then_added_between_the_lines_kept()
    {
        var diff = LineDiff.Compute(["# T", "", "a", "b", "c"], ["# T", "", "a", "B", "c", "d"]);

        Assert.True(diff.Exact);
        Assert.Equal(
            [new(DiffKind.Same, "# T"), new(DiffKind.Same, ""), new(DiffKind.Same, "a"), new(DiffKind.Removed, "b"), new(DiffKind.Added, "B"), new(DiffKind.Same, "c"), new(DiffKind.Added, "d")],
            diff.Lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void On_random_texts_the_script_rebuilds_both_sides_and_is_as_short_as_the_longest_common_subsequence_allows(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var a = RandomLines(random, random.Next(0, 25));
            var b = random.Next(3) == 0 ? RandomLines(random, random.Next(0, 25)) : Edit(random, a);

            var diff = LineDiff.Compute(a, b);

            Assert.True(diff.Exact);
            Assert.Equal(a, diff.Lines.Where(l => l.Kind != DiffKind.Added).Select(l => l.Text));
            Assert.Equal(b, diff.Lines.Where(l => l.Kind != DiffKind.Removed).Select(l => l.Text));
            Assert.Equal(Lcs(a, b), diff.Lines.Count(l => l.Kind == DiffKind.Same));
        }
    }

    [Fact]
    public void Line_endings_and_a_final_newline_do_not_count_as_changes()
    {
        var diff = LineDiff.Compute(LineDiff.Lines("a\r\nb\r\n"), LineDiff.Lines("a\nb"));

        Assert.All(diff.Lines, l => Assert.Equal(DiffKind.Same, l.Kind));
        Assert.Equal(2, diff.Lines.Count);
    }

    [Fact]
    public void A_small_edit_in_a_large_document_is_exact_and_quick()
    {
        var a = Enumerable.Range(0, 200_000).Select(i => $"line {i}").ToArray();
        var b = a.ToArray();
        b[100_000] = "changed";
        var clock = Stopwatch.StartNew();

        var diff = LineDiff.Compute(a, b);

        Assert.True(diff.Exact);
        Assert.Equal([new(DiffKind.Removed, "line 100000"), new(DiffKind.Added, "changed")], diff.Lines.Where(l => l.Kind != DiffKind.Same));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Two_large_unrelated_versions_are_shown_replaced_within_the_budget()
    {
        var a = Enumerable.Range(0, 30_000).Select(i => $"old {i}").ToArray();
        var b = Enumerable.Range(0, 30_000).Select(i => $"new {i}").ToArray();
        var clock = Stopwatch.StartNew();

        var diff = LineDiff.Compute(a, b);

        Assert.False(diff.Exact);
        Assert.Equal(a, diff.Lines.Where(l => l.Kind == DiffKind.Removed).Select(l => l.Text));
        Assert.Equal(b, diff.Lines.Where(l => l.Kind == DiffKind.Added).Select(l => l.Text));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private static string[] RandomLines(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => ((char)('a' + random.Next(6))).ToString()).ToArray();

    private static string[] Edit(Random random, string[] lines)
    {
        var edited = lines.ToList();
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            switch (random.Next(3))
            {
                case 0 when edited.Count > 0:
                    edited.RemoveAt(random.Next(edited.Count));
                    break;
                case 1:
                    edited.Insert(random.Next(edited.Count + 1), ((char)('a' + random.Next(6))).ToString());
                    break;
                default:
                    if (edited.Count > 0)
                    {
                        edited[random.Next(edited.Count)] = "x";
                    }

                    break;
            }
        }

        return [.. edited];
    }

    // The textbook O(n·m) table, as the oracle for the shortest script's length.
    private static int Lcs(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        return table[0, 0];
    }
}
