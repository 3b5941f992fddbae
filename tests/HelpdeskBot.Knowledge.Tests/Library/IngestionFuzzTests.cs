using System.Text;
using CsCheck;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Tests.Shared;
using Xunit.Abstractions;

namespace HelpdeskBot.Knowledge.Tests.Library;

/// <summary>
/// Damaged and hostile uploads through the whole ingestion path (parse, chunk, embed, store, index) on real SQLite files:
/// each either becomes a complete document version whose chunks are all in the index, or is refused with a
/// <see cref="KnowledgeException"/> and leaves the library and the index exactly as they were.
/// </summary>
public sealed class IngestionFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestKnowledgeBase _knowledge = null!;

    public async Task InitializeAsync() => _knowledge = await TestKnowledgeBase.CreateAsync();

    public async Task DisposeAsync() => await _knowledge.DisposeAsync();

    [Fact]
    public async Task A_damaged_upload_is_stored_whole_or_not_at_all()
    {
        var valid = Encoding.UTF8.GetBytes(
            "---\naudience: customer\nlanguage: en\n---\n" +
            "# Refunds\n\nReturn unused items within **30 days** for a [full refund](javascript:window.__xss=1).\n\n" +
            "## Shipping\n\nReturn shipping is free for damaged items. <img src=x onerror=window.__xss=1>\n");
        // Half the cases damage anywhere (mostly refused: the front matter breaks), half only the body after it (mostly stored).
        var frontMatterLength = Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(valid).Split("---\n# ")[0] + "---\n");
        var bodyOnly = HostileBytes.Mutated(Gen.Const(valid[frontMatterLength..])).Select(body => valid[..frontMatterLength].Concat(body).ToArray());
        var gen = Gen.Select(Gen.OneOf(HostileBytes.Mutated(Gen.Const(valid)), bodyOnly), Gen.OneOf("refunds.md", "refunds.txt", "refunds.html"), Gen.Bool);
        var stored = 0;
        var uploads = 0;
        var refused = 0;

        await Fuzzing.RunAsync("KnowledgeLibrary.CreateAsync (mutated uploads)", gen, async t =>
        {
            var (content, fileName, publish) = t;
            var documentsBefore = (await _knowledge.Library.ListAsync()).Count;
            var chunksBefore = await _knowledge.Index.CountAsync();

            IngestResult? result = null;
            try
            {
                // A title of its own per upload (the front matter has none), so that a stored one never makes the next a duplicate.
                var title = $"Refunds <script>window.__xss=1</script> {++uploads}";
                result = await _knowledge.Library.CreateAsync(new DocumentUpload(
                    fileName, content, "admin@corp.example", new HelpdeskBot.Knowledge.Documents.DocumentFields(Title: title), Publish: publish));
            }
            catch (KnowledgeException e) when (e.Kind is KnowledgeErrorKind.Invalid or KnowledgeErrorKind.Conflict)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }

            var documentsAfter = (await _knowledge.Library.ListAsync()).Count;
            var chunksAfter = await _knowledge.Index.CountAsync();
            if (result is null)
            {
                refused++;
                Assert.Equal(documentsBefore, documentsAfter);
                Assert.Equal(chunksBefore, chunksAfter);
                return;
            }

            stored++;
            Assert.Equal(documentsBefore + 1, documentsAfter);
            Assert.Equal(chunksBefore + (publish ? result.Chunks : 0), chunksAfter);
            Assert.True(result.Chunks > 0);
        }, iterations: 40, output, print: t => $"{t.Item2} publish={t.Item3}: {Fuzzing.Preview(Encoding.UTF8.GetString(t.Item1))}");

        output.WriteLine($"stored {stored}, refused {refused}");
    }
}
