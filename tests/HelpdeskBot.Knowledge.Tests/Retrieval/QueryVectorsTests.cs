using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Retrieval;
using HelpdeskBot.Knowledge.Tests.Embeddings;

namespace HelpdeskBot.Knowledge.Tests.Retrieval;

/// <summary>The question-vector cache: a repeated question is embedded once, exactly as the generator embeds it.</summary>
public sealed class QueryVectorsTests
{
    [Fact]
    public async Task A_repeated_question_is_embedded_once_and_gets_the_generators_vector()
    {
        var generator = new FixedGenerator();
        var queries = new QueryVectors(generator, 8);

        var first = await queries.EmbedAsync("how many days do I have to return an item", CancellationToken.None);
        first[0] = 42f; // a caller's change stays with the caller
        var second = await queries.EmbedAsync("how many days do I have to return an item", CancellationToken.None);

        Assert.Single(generator.Calls);
        Assert.Equal(await ExpectedAsync("how many days do I have to return an item"), second);
        Assert.Equal((1L, 1L), (queries.Hits, queries.Misses));
    }

    [Fact]
    public async Task Different_questions_are_embedded_each_and_a_full_cache_starts_again()
    {
        var generator = new FixedGenerator();
        var queries = new QueryVectors(generator, 2);

        foreach (var text in (string[])["a", "b", "a", "b", "c", "a"])
        {
            Assert.Equal(await ExpectedAsync(text), await queries.EmbedAsync(text, CancellationToken.None));
        }

        // a, b embedded; a, b hits; c fills it past 2 (cleared, then c); a embedded again.
        Assert.Equal(4, generator.Calls.Count);
    }

    [Fact]
    public async Task With_no_room_every_question_is_embedded()
    {
        var generator = new FixedGenerator();
        var queries = new QueryVectors(generator, 0);

        await queries.EmbedAsync("x", CancellationToken.None);
        await queries.EmbedAsync("x", CancellationToken.None);

        Assert.Equal(2, generator.Calls.Count);
        Assert.Equal(0, queries.Hits);
    }

    /// <summary>What the generator gives the text through the same path, without a cache.</summary>
    private static async Task<float[]> ExpectedAsync(string text) => (await new FixedGenerator().EmbedAsync([text]))[0];
}
