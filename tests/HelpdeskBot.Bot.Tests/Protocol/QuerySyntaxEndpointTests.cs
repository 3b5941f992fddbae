using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Tests.Knowledge;

namespace HelpdeskBot.Bot.Tests.Protocol;

/// <summary>
/// SQL, FTS and LIKE syntax typed by users and admins through the real host (docs/hostile-input.md): the admin search and
/// filters answer as for the plain words, and the skills' id lookups find the same order, invoice or ticket, with no 500.
/// </summary>
public sealed class QuerySyntaxEndpointTests(HostileInputHostFixture fixture) : IClassFixture<HostileInputHostFixture>
{
    private readonly KnowledgeAdminClient _admin = new(fixture.Host.CreateClient());
    private readonly DirectLineClient _directLine = new(fixture.Host.CreateClient());

    /// <summary>"refund" with syntax around it and nothing else that is a word: the same terms reach the index.</summary>
    public static TheoryData<string> Decorated => new()
    {
        "refund'; --",
        "\"refund\" --",
        "refund* ^refund (refund)",
        "refund% _refund_ %%",
        "(refund) \\refund\\",
        "refund:; :refund",
        "refund\0",
        "refund " + new string('x', 900),
    };

    [Theory]
    [InlineData("refund'; DROP TABLE chunks; --")]
    [InlineData("\"refund\" OR 1=1 --")]
    [InlineData("refund* NEAR(refund, 2)")]
    [InlineData("title:refund; lexical_text:refund")]
    [InlineData("refund AND NOT refund")]
    public async Task Admin_search_with_sql_and_fts_operators_searches_them_as_words(string q)
    {
        var hits = await SearchAsync(q);

        // The operator words are searched as words like any other (so the ranking moves), never as syntax: a 200 with hits.
        Assert.NotEmpty(hits);
    }

    [Theory]
    [MemberData(nameof(Decorated))]
    public async Task Admin_search_with_query_syntax_answers_as_for_the_plain_words(string q)
    {
        // A very long word is one more term that matches nothing: it changes no passage's score.
        var plain = await SearchAsync("refund");
        var hostile = await SearchAsync(q);

        Assert.NotEmpty(plain);
        Assert.Equal(plain, hostile);
    }

    [Theory]
    [InlineData("' OR '1'='1")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\"; DROP TABLE Documents; --")]
    [InlineData("*")]
    [InlineData("\\")]
    public async Task Document_list_filters_with_query_syntax_match_literally_and_never_fail(string text)
    {
        var all = await ListAsync("");

        var byTitle = await ListAsync("?q=" + Uri.EscapeDataString(text));
        var byOwner = await ListAsync("?owner=" + Uri.EscapeDataString(text));

        Assert.NotEmpty(all);
        Assert.Equal(all.Where(d => d.Title.Contains(text, StringComparison.OrdinalIgnoreCase)).Select(d => d.Id), byTitle.Select(d => d.Id));
        Assert.Equal(all.Where(d => d.Owner.Contains(text, StringComparison.OrdinalIgnoreCase)).Select(d => d.Id), byOwner.Select(d => d.Id));
    }

    [Theory]
    [InlineData("where is my order ORD-100123' OR '1'='1", "ORD-100123")]
    [InlineData("where is my order ORD-100123; DROP TABLE Orders; --", "ORD-100123")]
    [InlineData("where is my order \"ORD-100123\" %_*", "ORD-100123")]
    [InlineData("where is my order (ORD-100123) \\ NEAR OR", "ORD-100123")]
    public async Task Id_lookups_with_query_syntax_around_the_id_find_the_same_record(string hostile, string id)
    {
        var plain = await (await _directLine.StartAsync()).AskAsync($"where is my order {id}");

        var answer = await (await _directLine.StartAsync()).AskAsync(hostile);

        Assert.Contains(id, plain);
        Assert.Equal(plain, answer);
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("%")]
    [InlineData("_%_")]
    [InlineData("\"")]
    public async Task Ids_made_of_query_syntax_find_no_record_and_the_bot_asks_for_the_number(string id)
    {
        var session = await _directLine.StartAsync();

        var answer = await session.AskAsync($"where is my order ORD-{id}");

        // The syntax is not an order number: the bot asks for one (its example is ORD-100123) rather than finding a record.
        Assert.Contains("order number?", answer, StringComparison.Ordinal);
    }

    private async Task<string[]> SearchAsync(string q)
    {
        using var response = await _admin.SendAsync(HttpMethod.Get, $"/api/admin/kb/search?mode=lexical&language=en&q={Uri.EscapeDataString(q)}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("hits").EnumerateArray()
            .Select(h => $"{h.GetProperty("rank")}|{h.GetProperty("documentId")}|{h.GetProperty("version")}|{h.GetProperty("section")}")];
    }

    private async Task<List<Listed>> ListAsync(string query)
    {
        using var response = await _admin.SendAsync(HttpMethod.Get, KnowledgeAdminClient.Documents + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<Listed>>(JsonSerializerOptions.Web))!;
    }

    private sealed record Listed(Guid Id, string Title, string Owner);
}
