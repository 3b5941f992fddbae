using System.Buffers;
using System.Runtime.InteropServices;

namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// BM25 over the analysed terms of the embedded index's chunks, held in memory and keyed by the same slots as the vectors,
/// so the lexical side filters by the slot fields as it scores and never touches SQLite. FTS5 scored every matching row
/// and joined it to its chunk row before sorting: at 100k chunks that was ~110 ms a query against ~12 ms for the vector
/// scan (docs/knowledge-benchmarks.md); this is a few milliseconds. The scoring is FTS5's bm25 (k1 = 1.2, b = 0.75, the
/// same idf and its floor), over every live chunk whatever the filter, so rankings match what FTS5 gave.
/// A replaced or freed slot's postings are left behind and recognised as stale by the slot's generation; they are
/// swept out when there are more stale postings than live ones. Not thread-safe: the index calls it under its lock.
/// </summary>
internal sealed class LexicalPostings
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;
    private const float MinimumIdf = 1e-6f;
    private const long MinimumStaleToSweep = 100_000;

    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private int[] _generation = [];
    private int[] _length = [];
    private int[] _distinct = [];
    private bool[] _present = [];

    // Per slot, the length part of BM25's denominator for the current average length; rebuilt when a write changed it.
    private float[] _lengthNorm = [];
    private bool _lengthNormStale = true;
    private readonly Lock _lengthNormLock = new();
    private int _documents;
    private long _totalLength;
    private long _live;
    private long _stale;

    /// <summary>Gives <paramref name="slot"/> the terms of <paramref name="lexicalText"/> (space-separated), replacing any it had.</summary>
    public void Set(int slot, string lexicalText)
    {
        Remove(slot);
        Grow(slot + 1);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        foreach (var term in lexicalText.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
            length++;
        }

        var generation = _generation[slot];
        foreach (var (term, frequency) in counts)
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                list = [];
                _postings[term] = list;
            }

            list.Add(new Posting(slot, generation, frequency));
        }

        _present[slot] = true;
        _lengthNormStale = true;
        _length[slot] = length;
        _distinct[slot] = counts.Count;
        _documents++;
        _totalLength += length;
        _live += counts.Count;
    }

    /// <summary>Forgets the terms of <paramref name="slot"/>; nothing when it has none.</summary>
    public void Remove(int slot)
    {
        if (slot >= _present.Length || !_present[slot])
        {
            return;
        }

        _generation[slot]++;
        _present[slot] = false;
        _lengthNormStale = true;
        _documents--;
        _totalLength -= _length[slot];
        _live -= _distinct[slot];
        _stale += _distinct[slot];
        _length[slot] = 0;
        _distinct[slot] = 0;
        if (_stale > Math.Max(_live, MinimumStaleToSweep))
        {
            Sweep();
        }
    }

    /// <summary>
    /// The best <paramref name="limit"/> slots that <paramref name="accept"/> lets through and that hold any of
    /// <paramref name="terms"/> (distinct), best first; equal scores in the ascending order of <paramref name="tieOrder"/>
    /// (the index gives each slot's row number, so ties come out in the order FTS5 gives them whatever the slot layout).
    /// </summary>
    public int[] Search(IReadOnlyList<string> terms, Func<int, bool> accept, Func<int, long> tieOrder, int limit)
    {
        if (terms.Count == 0 || limit <= 0 || _documents == 0)
        {
            return [];
        }

        var lengthNorm = LengthNorms();

        // Per slot: 0 not seen yet, -1 refused by the filter (asked once per slot), else the score so far.
        var size = _present.Length;
        var scores = ArrayPool<float>.Shared.Rent(size);
        var seen = ArrayPool<int>.Shared.Rent(size);
        var seenCount = 0;
        var best = new PriorityQueue<int, (float Score, long Order)>(limit + 1, WorstFirst.Instance);
        try
        {
            Array.Clear(scores, 0, size);
            foreach (var term in terms)
            {
                if (!_postings.TryGetValue(term, out var list))
                {
                    continue;
                }

                var postings = CollectionsMarshal.AsSpan(list);
                var containing = postings.Length;
                if (_stale > 0)
                {
                    foreach (ref readonly var posting in postings)
                    {
                        if (posting.Generation != _generation[posting.Slot])
                        {
                            containing--;
                        }
                    }
                }

                var idf = MathF.Max(MathF.Log((_documents - containing + 0.5f) / (containing + 0.5f)), MinimumIdf);
                var mayBeStale = _stale > 0;
                foreach (ref readonly var posting in postings)
                {
                    ref var score = ref scores[posting.Slot];
                    if (score < 0 || (mayBeStale && posting.Generation != _generation[posting.Slot]))
                    {
                        continue;
                    }

                    if (score == 0)
                    {
                        if (!accept(posting.Slot))
                        {
                            score = -1;
                            continue;
                        }

                        seen[seenCount++] = posting.Slot;
                    }

                    float frequency = posting.Frequency;
                    score += idf * frequency * (K1 + 1) / (frequency + lengthNorm[posting.Slot]);
                }
            }

            // The worst kept result on top: lower score, then the later in tie order. Most slots fall below it at a glance.
            var worst = (Score: float.NegativeInfinity, Order: long.MaxValue);
            for (var i = 0; i < seenCount; i++)
            {
                var slot = seen[i];
                var score = scores[slot];
                if (best.Count == limit && (score < worst.Score || (score == worst.Score && tieOrder(slot) > worst.Order)))
                {
                    continue;
                }

                if (best.Count < limit)
                {
                    best.Enqueue(slot, (score, tieOrder(slot)));
                }
                else
                {
                    best.DequeueEnqueue(slot, (score, tieOrder(slot)));
                }

                if (best.Count == limit)
                {
                    best.TryPeek(out _, out worst);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(seen);
        }

        var ranking = new int[best.Count];
        for (var i = ranking.Length - 1; i >= 0; i--)
        {
            ranking[i] = best.Dequeue();
        }

        return ranking;
    }

    // Searches run concurrently (under the index's read lock); writes, which make the norms stale, never run beside them.
    private float[] LengthNorms()
    {
        lock (_lengthNormLock)
        {
            if (_lengthNormStale)
            {
                var averageLength = (float)_totalLength / _documents;
                var norms = new float[_present.Length];
                for (var slot = 0; slot < norms.Length; slot++)
                {
                    // The same float operations, in the same order, as computing it per posting: the scores do not move.
                    norms[slot] = K1 * (1 - B + B * _length[slot] / averageLength);
                }

                _lengthNorm = norms;
                _lengthNormStale = false;
            }

            return _lengthNorm;
        }
    }

    private void Grow(int size)
    {
        if (size <= _present.Length)
        {
            return;
        }

        var capacity = Math.Max(Math.Max(1024, size), _present.Length * 2);
        Array.Resize(ref _generation, capacity);
        Array.Resize(ref _length, capacity);
        Array.Resize(ref _distinct, capacity);
        Array.Resize(ref _present, capacity);
    }

    private void Sweep()
    {
        var emptied = new List<string>();
        foreach (var (term, list) in _postings)
        {
            list.RemoveAll(posting => posting.Generation != _generation[posting.Slot]);
            if (list.Count == 0)
            {
                emptied.Add(term);
            }
        }

        foreach (var term in emptied)
        {
            _postings.Remove(term);
        }

        _stale = 0;
    }

    private readonly record struct Posting(int Slot, int Generation, int Frequency);

    /// <summary>Orders (score, tie order) from the worst result to the best: lower score first, then the later in tie order.</summary>
    private sealed class WorstFirst : IComparer<(float Score, long Order)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Score, long Order) x, (float Score, long Order) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Order.CompareTo(x.Order);
    }
}
