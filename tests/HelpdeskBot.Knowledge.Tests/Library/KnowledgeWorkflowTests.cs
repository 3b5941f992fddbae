using HelpdeskBot.Knowledge.Library;

namespace HelpdeskBot.Knowledge.Tests.Library;

/// <summary>
/// The library's review step and publishing rules, and the preview: a version in review is never quoted, the rules
/// refuse before anything changes, and the preview's passages are exactly what the bot quotes once it is published.
/// </summary>
public sealed class KnowledgeWorkflowTests
{
    private const string Lockers = """
        ---
        title: Locker rental
        audience: customer
        language: en
        ---
        # Locker rental

        ## Prices
        A locker costs Rp 5.000 a day; the key deposit is Rp 50.000 and comes back when you return the key.

        ## Lost keys
        A lost key costs the deposit. Ask the information desk to open the locker.
        """;

    [Fact]
    public async Task A_version_in_review_is_never_quoted_and_publishing_it_from_review_makes_it_answer()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("lockers.md", Lockers, actor: "alice"));
        var id = created.Document.Summary.Id;

        var inReview = await kb.Library.SubmitForReviewAsync(id, 1, "alice");
        var unanswered = await kb.AskAsync("how much is the locker key deposit?");
        await kb.Library.PublishAsync(id, 1, "carol");
        var answered = await kb.AskAsync("how much is the locker key deposit?");

        Assert.Equal(DocumentStatus.Review, inReview.Versions[0].Status);
        Assert.Equal(DocumentStatus.Review, inReview.Summary.LatestStatus);
        Assert.True(kb.Library.IsPublished(id, 1));
        Assert.DoesNotContain(unanswered.Passages, p => p.DocumentId == id);
        Assert.Contains(answered.Passages, p => p.DocumentId == id && p.Text.Contains("Rp 50.000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_rules_refuse_a_draft_without_review_and_an_author_publishing_and_nothing_changes()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        kb.Options.Value.Publishing.RequireReview = true;
        kb.Options.Value.Publishing.TwoPersonRule = true;
        var created = await kb.Library.CreateAsync(TestKnowledgeBase.Markdown("lockers.md", Lockers, actor: "alice"));
        var id = created.Document.Summary.Id;

        var draft = await Assert.ThrowsAsync<KnowledgeException>(() => kb.Library.PublishAsync(id, 1, "carol"));
        await kb.Library.SubmitForReviewAsync(id, 1, "alice");
        var author = await Assert.ThrowsAsync<KnowledgeException>(() => kb.Library.PublishAsync(id, 1, " ALICE "));
        var stillInReview = await kb.Library.GetAsync(id);
        var backToDraft = await kb.Library.ReturnToDraftAsync(id, 1, "carol");

        Assert.Equal(KnowledgeErrorKind.Conflict, draft.Kind);
        Assert.Equal(KnowledgeErrorKind.Forbidden, author.Kind);
        Assert.Equal(DocumentStatus.Review, stillInReview.Versions[0].Status);
        Assert.Null(stillInReview.Versions[0].PublishedBy);
        Assert.False(kb.Library.IsPublished(id, 1));
        Assert.Equal(DocumentStatus.Draft, backToDraft.Versions[0].Status);
    }

    [Fact]
    public async Task The_preview_shows_the_passages_the_bot_quotes_once_the_document_is_published()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();
        var upload = TestKnowledgeBase.Markdown("lockers.md", Lockers, publish: true);

        var preview = kb.Library.Preview(upload);
        var stored = await kb.Library.CreateAsync(upload);
        var answer = await kb.AskAsync("what happens if I lose the locker key?");

        Assert.True(preview.Valid);
        Assert.Equal(("Locker rental", Audience.Customer, "en"), (preview.Title, preview.Audience, preview.Language));
        Assert.Equal(stored.Chunks, preview.Passages.Count);
        var quoted = Assert.Single(answer.Passages, p => p.DocumentId == stored.Document.Summary.Id && p.Section == "Lost keys");
        Assert.Contains(new PreviewPassage(quoted.Section, quoted.Text), preview.Passages);
    }

    [Fact]
    public async Task The_preview_of_an_unreadable_file_lists_why_and_stores_nothing()
    {
        await using var kb = await TestKnowledgeBase.CreateAsync();

        var preview = kb.Library.Preview(TestKnowledgeBase.Markdown("broken.md", "---\ntitle: Broken\n# Broken\n\nText."));

        Assert.False(preview.Valid);
        Assert.StartsWith("broken.md:", Assert.Single(preview.Errors), StringComparison.Ordinal);
        Assert.Empty(preview.Passages);
        Assert.True(await kb.Library.IsEmptyAsync());
    }
}
