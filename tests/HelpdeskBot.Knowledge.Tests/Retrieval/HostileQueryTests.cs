using CsCheck;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using HelpdeskBot.Knowledge.Tests.Library;
using HelpdeskBot.Tests.Shared;
using Xunit.Abstractions;

namespace HelpdeskBot.Knowledge.Tests.Retrieval;

/// <summary>Four published seed policies on real SQLite files, shared by the query tests.</summary>
public sealed class HostileQueryKnowledgeFixture : IAsyncLifetime
{
    private static readonly string[] Policies = ["returns-and-refunds.md", "shipping-and-delivery.md", "payment-methods.md", "annual-and-other-leave.md"];

    internal TestKnowledgeBase Knowledge { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Knowledge = await TestKnowledgeBase.CreateAsync();
        foreach (var (fileName, content) in SeedCorpus.Files().Where(f => Policies.Contains(Path.GetFileName(f.FileName))))
        {
            await Knowledge.Library.CreateAsync(new DocumentUpload(Path.GetFileName(fileName), content, "admin@corp.example", Publish: true));
        }
    }

    public async Task DisposeAsync() => await Knowledge.DisposeAsync();
}

/// <summary>
/// SQL, FTS5, tsquery and LIKE syntax in what users type cannot break a knowledge search (docs/hostile-input.md): the
/// lexical side tokenises text into letter/digit terms before it reaches the postings, so quotes, <c>--</c>, <c>;</c>,
/// <c>%</c>, <c>_</c>, <c>*</c>, <c>^</c>, <c>:</c>, parentheses, backslashes and NUL around plain words give exactly
/// the results of the plain words; operator words and very long words give results and no exception.
/// </summary>
public sealed class HostileQueryTests(HostileQueryKnowledgeFixture fixture, ITestOutputHelper output) : IClassFixture<HostileQueryKnowledgeFixture>
{
    private static readonly string[] Words =
        ["refund", "return", "shipping", "delivery", "days", "card", "payment", "leave", "annual", "damaged", "cost", "order", "bank", "transfer"];

    private static readonly string[] Syntax =
        ["'", "\"", "--", ";", "%", "_", "*", "^", ":", "(", ")", "\\", "\0", "%%", "_%_", "'--", "\";", "*)", "(*", "\\'", "/*", "*/", "||", "&&", "!", "-", "+", "~", "\"\"", "''", "`", "[", "]", "{", "}", "<", ">", "=", "$", "#", "@", "?"];

    private static readonly string[] OperatorWords = ["OR", "AND", "NOT", "NEAR", "NEAR/3", "MATCH", "SELECT", "DROP", "UNION", "LIKE", "ESCAPE", "NULL"];

    private IndexFilter Everyone => new([Audience.Everyone, Audience.Customer, Audience.Employee], fixture.Knowledge.Clock.Today);

    [Fact]
    public async Task Query_syntax_around_plain_words_gives_the_results_of_the_plain_words()
    {
        var gen = Gen.Select(Gen.OneOf(Words).Array[1, 4], Gen.Select(Gen.OneOf(Syntax), Gen.Int[0, 3], Gen.Int[0, 3]).Array[1, 8]);

        await Fuzzing.RunAsync("KnowledgeSearch.SearchAsync lexical (syntax around words)", gen, async t =>
        {
            var (words, syntax) = t;
            var plain = string.Join(' ', words);
            var hostile = Decorate(words, syntax);

            var expected = await RowsAsync(plain);
            var actual = await RowsAsync(hostile);

            Assert.Equal(expected, actual);
        }, iterations: 400, output, print: t => Decorate(t.Item1, t.Item2));
    }

    [Fact]
    public async Task Operator_words_long_words_and_any_text_search_without_error()
    {
        var longWord = Gen.Int[100, 5_000].Select(static n => new string('a', n));
        var gen = Gen.Frequency(
            (3, Gen.Select(Gen.OneOf(Words), Gen.OneOf(OperatorWords), Gen.OneOf(Words), static (a, op, b) => $"{a} {op} {b}")),
            (1, Gen.Select(Gen.OneOf(Words), longWord, static (a, w) => $"{a} {w}")),
            (3, HostileText.Any));

        await Fuzzing.RunAsync("KnowledgeSearch (hybrid and lexical, hostile text)", gen, async text =>
        {
            var lexical = await fixture.Knowledge.Search.SearchAsync(text, "en", Everyone, 8, SearchMode.Lexical);
            var answer = await fixture.Knowledge.AskAsync(text.Length > 2_000 ? text[..2_000] : text);

            Assert.All(lexical, hit => Assert.False(string.IsNullOrEmpty(hit.Chunk.Text)));
            Assert.All(answer.Passages, passage => Assert.False(string.IsNullOrEmpty(passage.Text)));
        }, iterations: 60, output);
    }

    [Fact]
    public async Task Operator_words_between_plain_words_still_find_the_plain_words_passages()
    {
        var refunds = await RowsAsync("refund");

        var withOperators = await RowsAsync("refund OR NOT NEAR AND");

        Assert.NotEmpty(refunds);
        Assert.Contains(refunds[0], withOperators);
    }

    [Fact]
    public async Task A_question_with_an_unpaired_surrogate_is_searched_like_the_rest_of_its_words()
    {
        var plain = await RowsAsync("refund shipping");

        var withSurrogates = await RowsAsync("refund \ud800 shipping\udc00");
        var answer = await fixture.Knowledge.AskAsync("how do I get a refund \ud83d");

        Assert.NotEmpty(plain);
        Assert.Equal(plain, withSurrogates);
        Assert.True(answer.Found);
    }

    [Fact]
    public async Task Document_list_filters_take_query_syntax_literally()
    {
        var all = await fixture.Knowledge.Library.ListAsync();
        var gen = Gen.Frequency((3, Gen.OneOf(Syntax)), (2, Gen.OneOf(HostileText.Payloads)), (1, HostileText.AnyUnicode));

        await Fuzzing.RunAsync("KnowledgeLibrary.ListAsync (title and owner filters)", gen, async text =>
        {
            var byTitle = await fixture.Knowledge.Library.ListAsync(new DocumentListFilter(TitleContains: text));
            var byOwner = await fixture.Knowledge.Library.ListAsync(new DocumentListFilter(Owner: text));

            // What a literal substring match would return, no more (a LIKE wildcard or an injected OR would return more).
            Assert.Equal(all.Where(d => d.Title.Contains(text, StringComparison.OrdinalIgnoreCase)).Select(d => d.Id), byTitle.Select(d => d.Id));
            Assert.Equal(all.Where(d => d.Owner.Contains(text, StringComparison.OrdinalIgnoreCase)).Select(d => d.Id), byOwner.Select(d => d.Id));
        }, iterations: 200, output);
    }

    private async Task<Guid[]> RowsAsync(string query) =>
        [.. (await fixture.Knowledge.Search.SearchAsync(query, "en", Everyone, 8, SearchMode.Lexical)).Select(hit => hit.Chunk.Id)];

    /// <summary>The words with syntax before, after, between or glued to them: <c>"refund"--; (shipping*)</c>.</summary>
    private static string Decorate(string[] words, (string Token, int Where, int Word)[] syntax)
    {
        var parts = words.ToList();
        foreach (var (token, where, word) in syntax)
        {
            var at = word % parts.Count;
            parts[at] = where switch
            {
                0 => token + parts[at],
                1 => parts[at] + token,
                2 => parts[at] + " " + token,
                _ => token + " " + parts[at],
            };
        }

        return string.Join(' ', parts);
    }
}
