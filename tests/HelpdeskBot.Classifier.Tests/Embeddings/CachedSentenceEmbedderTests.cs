using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Tests.Embeddings;

/// <summary>
/// The message-vector cache: a repeated sentence is embedded once and gets exactly the vector the model gives it, the
/// least recently used goes first, batches pass through, and nothing a caller does to a returned vector reaches the cache.
/// </summary>
public sealed class CachedSentenceEmbedderTests
{
    [Fact]
    public void A_repeated_sentence_is_embedded_once_and_gets_the_models_own_vector_bit_for_bit()
    {
        using var model = new MiniLmSentenceEmbedder();
        var counting = new Counting(model);
        var cached = new CachedSentenceEmbedder(counting, 16);

        var first = cached.Embed("talk to a person");
        var second = cached.Embed("talk to a person");

        Assert.Equal(1, counting.Calls);
        Assert.Equal((1L, 1L), (cached.Hits, cached.Misses));
        Assert.Equal(model.Embed("talk to a person"), second);
        Assert.Equal(first, second);
        Assert.NotSame(first, second);
        Assert.Equal(model.ModelId, cached.ModelId);
        Assert.Equal(model.Dimensions, cached.Dimensions);
    }

    [Fact]
    public void Changing_a_returned_vector_changes_nothing_in_the_cache()
    {
        var cached = new CachedSentenceEmbedder(new Counting(new Fixed()), 4);

        var vector = cached.Embed("hello");
        vector[0] = 42f;
        var again = cached.Embed("hello");
        again[1] = 42f;

        Assert.Equal(Fixed.VectorOf("hello"), cached.Embed("hello"));
    }

    [Fact]
    public void Texts_that_differ_in_any_character_are_different_entries()
    {
        var counting = new Counting(new Fixed());
        var cached = new CachedSentenceEmbedder(counting, 8);

        foreach (var text in (string[])["Hi", "hi", "hi ", "hí", "hi"])
        {
            Assert.Equal(Fixed.VectorOf(text), cached.Embed(text));
        }

        Assert.Equal(4, counting.Calls);
        Assert.Equal(4, cached.Count);
    }

    [Fact]
    public void The_least_recently_used_sentence_goes_first_when_full()
    {
        var counting = new Counting(new Fixed());
        var cached = new CachedSentenceEmbedder(counting, 2);

        cached.Embed("a");
        cached.Embed("b");
        cached.Embed("a"); // a is now the most recent
        cached.Embed("c"); // b goes
        Assert.Equal(3, counting.Calls);

        cached.Embed("a");
        cached.Embed("c");
        Assert.Equal(3, counting.Calls);
        cached.Embed("b");
        Assert.Equal(4, counting.Calls);
        Assert.Equal(2, cached.Count);
    }

    [Fact]
    public void Batches_pass_through_uncached()
    {
        var counting = new Counting(new Fixed());
        var cached = new CachedSentenceEmbedder(counting, 8);

        var batch = cached.EmbedBatch(["x", "y"]);
        cached.Embed("x");

        Assert.Equal([Fixed.VectorOf("x"), Fixed.VectorOf("y")], batch);
        Assert.Equal((1, 1), (counting.Batches, counting.Calls));
        Assert.Equal(1, cached.Count);
    }

    [Fact]
    public void Many_threads_get_the_right_vectors_and_the_cache_stays_within_its_size()
    {
        var counting = new Counting(new Fixed());
        var cached = new CachedSentenceEmbedder(counting, 32);
        var texts = Enumerable.Range(0, 64).Select(i => "question " + i).ToArray();

        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var text = texts[(i * 7) % texts.Length];
            Assert.Equal(Fixed.VectorOf(text), cached.Embed(text));
        });

        Assert.InRange(cached.Count, 1, 32);
        Assert.Equal(4000, cached.Hits + cached.Misses);
        Assert.Equal(cached.Misses, counting.Calls);
    }

    [Fact]
    public void A_size_under_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachedSentenceEmbedder(new Fixed(), 0));
    }

    /// <summary>A vector made from the text's characters, so each text has its own.</summary>
    private sealed class Fixed : ISentenceEmbedder
    {
        public int Dimensions => 4;

        public string ModelId => "fixed";

        public static float[] VectorOf(string text) => [text.Length, text.Sum(c => (float)c), text.FirstOrDefault(), text.LastOrDefault()];

        public float[] Embed(string text) => VectorOf(text);

        public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => [.. texts.Select(VectorOf)];
    }

    private sealed class Counting(ISentenceEmbedder inner) : ISentenceEmbedder
    {
        private int _calls;
        private int _batches;

        public int Calls => Volatile.Read(ref _calls);

        public int Batches => Volatile.Read(ref _batches);

        public int Dimensions => inner.Dimensions;

        public string ModelId => inner.ModelId;

        public float[] Embed(string text)
        {
            Interlocked.Increment(ref _calls);
            return inner.Embed(text);
        }

        public IReadOnlyList<float[]> EmbedBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _batches);
            return inner.EmbedBatch(texts, cancellationToken);
        }
    }
}
