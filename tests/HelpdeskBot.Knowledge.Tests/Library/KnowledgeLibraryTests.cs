using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;

namespace HelpdeskBot.Knowledge.Tests.Library;

public sealed class KnowledgeLibraryTests
{
    private const string Returns = """
        ---
        title: Returns and refunds
        owner: Customer Care
        audience: customer
        language: en
        ---
        # Returns and refunds

        ## Return window
        You can return most items within 14 days of delivery for a full refund.

        ## Refund timing
        Refunds reach your card within 5 working days after we receive the parcel.
        """;

    // The edit: a longer return window, everything else as it was.
    private static readonly string ReturnsEdited = Returns.Replace("within 14 days", "within 30 days", StringComparison.Ordinal);

    private const string Salaries = """
        ---
        title: Salary bands
        owner: People Team
        audience: employee
        language: en
        ---
        # Salary bands

        ## Return to work bonus
        Employees returning from long leave may return items of company property within 14 days and receive a return to work bonus of Rp 2.000.000.
        """;

    [Fact]
    public async Task A_draft_is_never_found_and_a_published_version_is_found_with_its_citation()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns));

        Assert.Equal(IngestOutcome.Created, created.Outcome);
        Assert.Equal(DocumentStatus.Draft, created.Document.Versions.Single().Status);
        Assert.False((await kb.AskAsync("how many days do I have to return an item?")).Found);

        await kb.Library.PublishAsync(created.Document.Summary.Id, 1, "admin@corp.example");
        var answer = await kb.AskAsync("how many days do I have to return an item?");

        var passage = Assert.Single(answer.Passages.Take(1));
        Assert.Contains("14 days", passage.Text, StringComparison.Ordinal);
        Assert.Equal("Returns and refunds", passage.Title);
        Assert.Equal("Return window", passage.Section);
        Assert.Equal(1, passage.Version);
    }

    [Fact]
    public async Task An_edit_makes_a_new_version_and_the_old_one_serves_until_the_new_one_is_published_then_stays_readable()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        var id = created.Document.Summary.Id;

        var edited = await kb.Library.AddVersionAsync(id, TestKnowledgeBase.Markdown("returns.md", ReturnsEdited));
        Assert.Equal(2, edited.Version);
        Assert.Equal(IngestOutcome.NewVersion, edited.Outcome);
        Assert.Contains("14 days", (await kb.AskAsync("how many days do I have to return an item?")).Passages[0].Text, StringComparison.Ordinal);

        var detail = await kb.Library.PublishAsync(id, 2, "admin@corp.example");
        var answer = await kb.AskAsync("how many days do I have to return an item?");
        Assert.Contains("30 days", answer.Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, answer.Passages[0].Version);
        Assert.DoesNotContain(answer.Passages, p => p.Text.Contains("14 days", StringComparison.Ordinal));

        Assert.Equal([DocumentStatus.Retired, DocumentStatus.Published], detail.Versions.Select(v => v.Status));
        var (old, markdown) = await kb.Library.GetVersionAsync(id, 1);
        Assert.Equal(DocumentStatus.Retired, old.Status);
        Assert.Contains("14 days", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_effective_in_the_future_takes_over_on_its_first_day()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        var id = created.Document.Summary.Id;
        var future = ReturnsEdited.Replace("language: en", "language: en\neffective_from: 2027-01-01", StringComparison.Ordinal);

        await kb.Library.AddVersionAsync(id, TestKnowledgeBase.Markdown("returns.md", future, publish: true));

        Assert.Contains("14 days", (await kb.AskAsync("how many days do I have to return an item?")).Passages[0].Text, StringComparison.Ordinal);
        var detail = await kb.Library.GetAsync(id);
        Assert.Equal(new DateOnly(2026, 12, 31), detail.Versions[0].EffectiveTo);
        Assert.All(detail.Versions, v => Assert.Equal(DocumentStatus.Published, v.Status));

        // 1 January 2027, 00:30 in Jakarta is still 31 December in UTC: the company's day counts.
        kb.Time.SetUtcNow(new DateTimeOffset(2026, 12, 31, 17, 30, 0, TimeSpan.Zero));
        Assert.Contains("30 days", (await kb.AskAsync("how many days do I have to return an item?")).Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retiring_the_published_version_removes_it_from_answers()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));

        await kb.Library.RetireAsync(created.Document.Summary.Id, 1, "admin@corp.example");

        Assert.False((await kb.AskAsync("how many days do I have to return an item?")).Found);
        Assert.Equal(0, await kb.Index.CountAsync());
    }

    [Fact]
    public async Task A_customer_never_gets_an_employee_only_passage_even_when_it_matches_best()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("salaries.md", Salaries, publish: true));

        var customer = await kb.AskAsync("return to work bonus for returning items within 14 days", reader: ReaderKind.Public);
        var employee = await kb.AskAsync("return to work bonus for returning items within 14 days", reader: ReaderKind.Employee);

        Assert.False(customer.Found);
        Assert.Contains("Rp 2.000.000", employee.Passages[0].Text, StringComparison.Ordinal);

        var hits = await kb.Search.SearchAsync(
            "return to work bonus", "en", new IndexFilter(Audiences.ReadableBy(ReaderKind.Public), kb.Clock.Today), 20, SearchMode.Lexical);
        Assert.Empty(hits);
    }

    [Fact]
    public async Task Uploading_the_same_file_again_makes_no_new_version()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        await kb.Library.IngestAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));

        var again = await kb.Library.IngestAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        var edited = await kb.Library.IngestAsync(TestKnowledgeBase.Markdown("returns.md", ReturnsEdited, publish: true));

        Assert.Equal(IngestOutcome.Unchanged, again.Outcome);
        Assert.Equal(1, again.Version);
        Assert.Equal(IngestOutcome.NewVersion, edited.Outcome);
        Assert.Equal(2, edited.Version);
        Assert.Single(await kb.Library.ListAsync());
    }

    public static TheoryData<string, byte[], KnowledgeErrorKind> BadFiles() => new()
    {
        { "empty.md", [], KnowledgeErrorKind.Invalid },
        { "blank.txt", "   \n\n  "u8.ToArray(), KnowledgeErrorKind.Invalid },
        { "policy.exe", "MZ"u8.ToArray(), KnowledgeErrorKind.Invalid },
        { "broken.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog"u8.ToArray(), KnowledgeErrorKind.Invalid },
        { "broken.docx", "PK\u0003\u0004 not really a zip"u8.ToArray(), KnowledgeErrorKind.Invalid },
        { "bad-front-matter.md", "---\ntitle: Returns and refunds\naudience: martians\n---\n# Returns\n\nText."u8.ToArray(), KnowledgeErrorKind.Invalid },
        { "huge.txt", new byte[50 * 1024 * 1024], KnowledgeErrorKind.TooLarge },
    };

    // Not enumerated at discovery: xUnit serialises each row of theory data to list it, and the 50 MB file became
    // gigabytes of text in the test process (13.6 GB resident in the CI run, whatever the filter).
    [Theory]
    [MemberData(nameof(BadFiles), DisableDiscoveryEnumeration = true)]
    public async Task A_bad_file_as_a_new_version_is_refused_clearly_and_the_published_version_keeps_serving(string fileName, byte[] content, KnowledgeErrorKind kind)
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        var chunksBefore = await kb.Index.CountAsync();

        var error = await Assert.ThrowsAsync<KnowledgeException>(() =>
            kb.Library.AddVersionAsync(created.Document.Summary.Id, new DocumentUpload(fileName, content, "admin@corp.example", Publish: true)));

        Assert.Equal(kind, error.Kind);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        var detail = await kb.Library.GetAsync(created.Document.Summary.Id);
        Assert.Single(detail.Versions);
        Assert.Equal(chunksBefore, await kb.Index.CountAsync());
        Assert.Contains("14 days", (await kb.AskAsync("how many days do I have to return an item?")).Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_document_with_the_same_title_is_refused()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns));

        var error = await Assert.ThrowsAsync<KnowledgeException>(() =>
            kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns-copy.md", ReturnsEdited.Replace("title: Returns and refunds", "title: returns  AND refunds", StringComparison.Ordinal))));

        Assert.Equal(KnowledgeErrorKind.Conflict, error.Kind);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Single(await kb.Library.ListAsync());
    }

    [Fact]
    public async Task When_the_index_fails_while_publishing_the_new_version_stays_a_draft_and_the_old_one_serves()
    {
        FailingIndex? failing = null;
        await using var kb = await TestKnowledgeBase.CreateAsync(inner => failing = new FailingIndex(inner));
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        failing!.FailDeletes = true;

        var error = await Assert.ThrowsAsync<KnowledgeException>(() =>
            kb.Library.AddVersionAsync(created.Document.Summary.Id, TestKnowledgeBase.Markdown("returns.md", ReturnsEdited, publish: true)));

        Assert.Equal(KnowledgeErrorKind.Unavailable, error.Kind);
        failing.FailDeletes = false;
        var detail = await kb.Library.GetAsync(created.Document.Summary.Id);
        Assert.Equal([DocumentStatus.Published, DocumentStatus.Draft], detail.Versions.Select(v => v.Status));
        var answer = await kb.AskAsync("how many days do I have to return an item?");
        Assert.Contains("14 days", answer.Passages[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(answer.Passages, p => p.Version == 2);
    }

    [Fact]
    public async Task Deleting_a_document_removes_every_version_and_reindex_rebuilds_only_published_versions()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var returns = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));
        await kb.Library.AddVersionAsync(returns.Document.Summary.Id, TestKnowledgeBase.Markdown("returns.md", ReturnsEdited));
        var salaries = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("salaries.md", Salaries, publish: true));
        var published = await kb.Index.CountAsync();

        await kb.Index.DeleteAsync(returns.Document.Summary.Id);
        var rebuilt = await kb.Library.ReindexAsync();
        Assert.Equal(published, rebuilt);
        Assert.Equal(published, await kb.Index.CountAsync());

        await kb.Library.DeleteAsync(salaries.Document.Summary.Id, "admin@corp.example");
        Assert.Single(await kb.Library.ListAsync());
        Assert.DoesNotContain((await kb.AskAsync("return to work bonus", reader: ReaderKind.Employee)).Passages, p => p.Title == "Salary bands");
        await Assert.ThrowsAsync<KnowledgeException>(() => kb.Library.GetAsync(salaries.Document.Summary.Id));
    }

    [Fact]
    public async Task A_document_that_does_not_say_its_audience_is_for_employees_only()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("notes.md", "# Parking\n\nThe staff car park opens at 6 am.", publish: true));

        Assert.Equal(Audience.Employee, created.Document.Summary.Audience);
        Assert.False((await kb.AskAsync("when does the car park open?")).Found);
        Assert.True((await kb.AskAsync("when does the car park open?", reader: ReaderKind.Employee)).Found);
    }

    [Fact]
    public async Task An_unrelated_question_finds_nothing_rather_than_the_nearest_policy()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("returns.md", Returns, publish: true));

        Assert.False((await kb.AskAsync("what is the capital of France?")).Found);
        Assert.False((await kb.AskAsync("how do I bake sourdough bread?")).Found);
    }

    /// <summary>The embedded index, except that deletes fail on demand, as a remote index's would when it is down.</summary>
    private sealed class FailingIndex(IKnowledgeIndex inner) : IKnowledgeIndex
    {
        public bool FailDeletes { get; set; }

        public string Name => inner.Name;

        public Task EnsureCreatedAsync(int dimensions, CancellationToken cancellationToken = default) => inner.EnsureCreatedAsync(dimensions, cancellationToken);

        public Task UpsertAsync(IReadOnlyList<IndexedChunk> chunks, CancellationToken cancellationToken = default) => inner.UpsertAsync(chunks, cancellationToken);

        public Task DeleteAsync(Guid documentId, int? version = null, CancellationToken cancellationToken = default) =>
            FailDeletes ? throw new HttpRequestException("index down") : inner.DeleteAsync(documentId, version, cancellationToken);

        public Task<IReadOnlyList<IndexHit>> SearchAsync(IndexQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task<IReadOnlyList<IndexedVersion>> ListVersionsAsync(CancellationToken cancellationToken = default) => inner.ListVersionsAsync(cancellationToken);
    }
}
