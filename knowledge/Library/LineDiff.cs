namespace HelpdeskBot.Knowledge.Library;

/// <summary>What happened to a line between two versions.</summary>
public enum DiffKind
{
    Same,
    Added,
    Removed,
}

/// <summary>One line of a diff: kept from the old version, added in the new one, or removed from the old one.</summary>
public sealed record DiffLine(DiffKind Kind, string Text);

/// <param name="Exact">
/// False when the versions differ too much for a line-by-line comparison within <see cref="LineDiff"/>'s budget: the
/// changed middle is then shown as all of it removed and all of it added.
/// </param>
public sealed record VersionDiff(Guid DocumentId, int From, int To, IReadOnlyList<DiffLine> Lines, bool Exact);

/// <summary>The lines of a diff, and whether they are a shortest edit script (<see cref="VersionDiff.Exact"/>).</summary>
public sealed record LineDiffResult(IReadOnlyList<DiffLine> Lines, bool Exact);

/// <summary>
/// A shortest line diff (Myers' O((N+M)·D) greedy algorithm) of two texts, with a bounded cost: a document is at most a
/// few MB, but two unrelated versions of a large one would take quadratic time and memory, so after
/// <see cref="MaxEdits"/> edits or <see cref="MaxSteps"/> comparisons the changed middle is reported as replaced instead.
/// The common beginning and end are always matched exactly, so a small edit anywhere in a big document stays exact.
/// </summary>
public static class LineDiff
{
    /// <summary>The most differences (removed plus added lines) compared exactly; memory grows with its square.</summary>
    public const int MaxEdits = 2000;

    /// <summary>The most line comparisons spent on the changed middle.</summary>
    public const long MaxSteps = 20_000_000;

    public static string[] Lines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    public static LineDiffResult Compute(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);

        // Lines as numbers: comparing ints in the inner loop, and equal lines compared once.
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var a = before.Select(line => Id(ids, line)).ToArray();
        var b = after.Select(line => Id(ids, line)).ToArray();

        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var lines = new List<DiffLine>(Math.Max(a.Length, b.Length));
        for (var i = 0; i < prefix; i++)
        {
            lines.Add(new DiffLine(DiffKind.Same, before[i]));
        }

        var middleA = new ArraySegment<int>(a, prefix, a.Length - prefix - suffix);
        var middleB = new ArraySegment<int>(b, prefix, b.Length - prefix - suffix);
        var script = Myers(middleA, middleB);
        var exact = script is not null;
        if (script is null)
        {
            for (var i = 0; i < middleA.Count; i++)
            {
                lines.Add(new DiffLine(DiffKind.Removed, before[prefix + i]));
            }

            for (var j = 0; j < middleB.Count; j++)
            {
                lines.Add(new DiffLine(DiffKind.Added, after[prefix + j]));
            }
        }
        else
        {
            foreach (var (kind, index) in script)
            {
                lines.Add(new DiffLine(kind, kind == DiffKind.Added ? after[prefix + index] : before[prefix + index]));
            }
        }

        for (var i = a.Length - suffix; i < a.Length; i++)
        {
            lines.Add(new DiffLine(DiffKind.Same, before[i]));
        }

        return new LineDiffResult(lines, exact);
    }

    private static int Id(Dictionary<string, int> ids, string line)
    {
        if (!ids.TryGetValue(line, out var id))
        {
            id = ids.Count;
            ids[line] = id;
        }

        return id;
    }

    /// <summary>
    /// The edit script as (kind, index): for Same and Removed the index is into <paramref name="a"/>, for Added into
    /// <paramref name="b"/>. Null when the budget ran out.
    /// </summary>
    private static List<(DiffKind Kind, int Index)>? Myers(ArraySegment<int> a, ArraySegment<int> b)
    {
        int n = a.Count, m = b.Count;
        var script = new List<(DiffKind, int)>(n + m);
        if (n == 0 || m == 0)
        {
            for (var i = 0; i < n; i++)
            {
                script.Add((DiffKind.Removed, i));
            }

            for (var j = 0; j < m; j++)
            {
                script.Add((DiffKind.Added, j));
            }

            return script;
        }

        // trace[d][k + d] = the furthest x reached on diagonal k (x - y) with d edits.
        var trace = new List<int[]>();
        var steps = 0L;
        var limit = Math.Min(n + m, MaxEdits);
        var found = -1;
        for (var d = 0; d <= limit && found < 0; d++)
        {
            var v = new int[2 * d + 1];
            var previous = d > 0 ? trace[d - 1] : null;
            for (var k = -d; k <= d; k += 2)
            {
                int x;
                if (previous is null)
                {
                    x = 0;
                }
                else if (k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1]))
                {
                    x = previous[k + 1 + d - 1];
                }
                else
                {
                    x = previous[k - 1 + d - 1] + 1;
                }

                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                    steps++;
                }

                v[k + d] = x;
                steps++;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }

            trace.Add(v);
            if (steps > MaxSteps)
            {
                break;
            }
        }

        if (found < 0)
        {
            return null;
        }

        // Walk back from the end, collecting the script in reverse.
        int cx = n, cy = m;
        for (var d = found; d > 0; d--)
        {
            var previous = trace[d - 1];
            var k = cx - cy;
            var down = k == -d || (k != d && previous[k - 1 + d - 1] < previous[k + 1 + d - 1]);
            var previousK = down ? k + 1 : k - 1;
            var px = previous[previousK + d - 1];
            var py = px - previousK;
            var (sx, sy) = down ? (px, py + 1) : (px + 1, py);
            while (cx > sx && cy > sy)
            {
                cx--;
                cy--;
                script.Add((DiffKind.Same, cx));
            }

            script.Add(down ? (DiffKind.Added, py) : (DiffKind.Removed, px));
            cx = px;
            cy = py;
        }

        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            script.Add((DiffKind.Same, cx));
        }

        script.Reverse();
        return script;
    }
}
