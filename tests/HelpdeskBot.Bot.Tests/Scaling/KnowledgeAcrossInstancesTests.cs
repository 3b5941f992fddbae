using System.Diagnostics;
using System.Net;
using HelpdeskBot.Bot.Tests.Knowledge;
using HelpdeskBot.Connectors;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>The knowledge tests with both instances on one SQLite data directory (and so one embedded index file).</summary>
public sealed class KnowledgeAcrossInstancesTests(ITestOutputHelper output) : KnowledgeAcrossInstances(output)
{
    protected override Task<SharedDatabase> DatabaseAsync() => Task.FromResult(SharedDatabase.ForTests());
}

/// <summary>The knowledge tests with both instances on one PostgreSQL database, each with its own data directory and index.</summary>
public sealed class KnowledgeAcrossInstancesOnPostgresTests(Database.PostgresFixture postgres, ITestOutputHelper output)
    : KnowledgeAcrossInstances(output), IClassFixture<Database.PostgresFixture>
{
    protected override async Task<SharedDatabase> DatabaseAsync() => SharedDatabase.OnPostgres(await postgres.Server.CreateDatabaseAsync());
}

/// <summary>
/// Two bot instances on one knowledge database: a document published, replaced, retired and deleted through the admin
/// API of A is answered (or no longer) by B within its sync interval, without a kb reindex, and B's index never keeps a
/// passage the database no longer publishes.
/// </summary>
public abstract class KnowledgeAcrossInstances(ITestOutputHelper output)
{
    private const string SyncSeconds = "0.5";

    // Far above the interval: what is checked is that B follows without a reindex, not how fast a busy machine is.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string Question = "what is your gift wrapping policy?";

    private const string GiftWrapping = """
        # Gift wrapping

        ## Prices

        Gift wrapping costs Rp 25.000 per item. You can choose gift wrapping at checkout for any order, and we add a
        handwritten card with your message for free.
        """;

    private static readonly string GiftWrappingVersion2 = GiftWrapping.Replace(
        "Rp 25.000 per item.", "Rp 30.000 per item from next month.", StringComparison.Ordinal);

    private const string Lockers = """
        # Parcel lockers

        ## Picking up

        Parcels sent to a locker wait there for 3 days; the pickup code arrives by SMS when the parcel is in the locker.
        """;

    /// <summary>A fresh shared database for one test's two instances.</summary>
    protected abstract Task<SharedDatabase> DatabaseAsync();

    private static Dictionary<string, string> Customer(string title, bool publish = true) =>
        new() { ["title"] = title, ["audience"] = "customer", ["language"] = "en", ["publish"] = publish ? "true" : "false" };

    [Fact]
    public async Task A_document_published_replaced_retired_and_deleted_on_A_is_answered_on_B_accordingly()
    {
        await using var instances = TwoInstances.Start(
            redis: null, host => KnowledgeAdminClient.Configure(host).With("Knowledge:SyncSeconds", SyncSeconds), await DatabaseAsync());
        var admin = new KnowledgeAdminClient(instances.A.CreateClient());
        var customerOnB = await TwoInstances.DirectLine(instances.B).StartAsync("en-US", Requester.Customer("CUS-0001"));
        var libraryB = instances.B.Services.GetRequiredService<KnowledgeLibrary>();
        var indexB = instances.B.Services.GetRequiredService<IKnowledgeIndex>();
        Assert.DoesNotContain("25.000", await customerOnB.AskAsync(Question), StringComparison.Ordinal);

        // Published on A: B answers from it, with its citation.
        var created = await admin.UploadOkAsync("gift-wrapping.md", GiftWrapping, Customer("Gift wrapping"));
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        await UntilAsync("version 1 on B", async () => libraryB.IsPublished(id, 1) && await VersionsOnAsync(indexB, id) is [1]);
        var answer = await customerOnB.AskAsync(Question);
        Assert.Contains("Rp 25.000 per item", answer, StringComparison.Ordinal);
        Assert.Matches(@"Source: Gift wrapping › [^\n]*\(version 1\)", answer);

        // A new version published on A: B answers from it, and its index no longer holds version 1.
        using (var put = await admin.UploadAsync("gift-wrapping.md", System.Text.Encoding.UTF8.GetBytes(GiftWrappingVersion2), newVersionOf: id))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        await admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/2/publish");
        await UntilAsync("version 2 on B", async () => libraryB.IsPublished(id, 2) && await VersionsOnAsync(indexB, id) is [2]);
        answer = await customerOnB.AskAsync(Question);
        Assert.Contains("Rp 30.000", answer, StringComparison.Ordinal);
        Assert.Contains("(version 2)", answer, StringComparison.Ordinal);
        Assert.False(libraryB.IsPublished(id, 1));

        // Retired on A: B no longer answers from it, and holds none of its passages.
        await admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/2/retire");
        await UntilAsync("retirement on B", async () => !libraryB.IsPublished(id, 2) && await VersionsOnAsync(indexB, id) is []);
        answer = await customerOnB.AskAsync(Question);
        Assert.DoesNotContain("Rp 30.000", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Rp 25.000", answer, StringComparison.Ordinal);

        // Deleted on A (published there a moment before): gone from B too.
        var lockers = await admin.UploadOkAsync("lockers.md", Lockers, Customer("Parcel lockers"));
        var lockersId = lockers.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        await UntilAsync("the lockers document on B", async () => libraryB.IsPublished(lockersId, 1) && await VersionsOnAsync(indexB, lockersId) is [1]);
        Assert.Contains("3 days", await customerOnB.AskAsync("how long does a parcel wait in the locker?"), StringComparison.Ordinal);
        using (var delete = await admin.SendAsync(HttpMethod.Delete, $"{KnowledgeAdminClient.Documents}/{lockersId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await UntilAsync("the deletion on B", async () => !libraryB.IsPublished(lockersId, 1) && await VersionsOnAsync(indexB, lockersId) is []);
        Assert.DoesNotContain("3 days", await customerOnB.AskAsync("how long does a parcel wait in the locker?"), StringComparison.Ordinal);
        Assert.Empty(await indexB.ListVersionsAsync());
    }

    [Fact]
    public async Task A_draft_stored_on_A_is_never_answered_on_B()
    {
        await using var instances = TwoInstances.Start(
            redis: null, host => KnowledgeAdminClient.Configure(host).With("Knowledge:SyncSeconds", SyncSeconds), await DatabaseAsync());
        var admin = new KnowledgeAdminClient(instances.A.CreateClient());
        var customerOnB = await TwoInstances.DirectLine(instances.B).StartAsync("en-US", Requester.Customer("CUS-0001"));
        var libraryB = instances.B.Services.GetRequiredService<KnowledgeLibrary>();

        var draft = await admin.UploadOkAsync("gift-wrapping.md", GiftWrapping, Customer("Gift wrapping", publish: false));
        var id = draft.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        // Something published after the draft: once B has it, B has also seen the state the draft was stored in.
        var lockers = await admin.UploadOkAsync("lockers.md", Lockers, Customer("Parcel lockers"));
        var lockersId = lockers.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        await UntilAsync("the lockers document on B", () => Task.FromResult(libraryB.IsPublished(lockersId, 1)));

        Assert.False(libraryB.IsPublished(id, 1));
        Assert.DoesNotContain("25.000", await customerOnB.AskAsync(Question), StringComparison.Ordinal);
        Assert.Empty(await VersionsOnAsync(instances.B.Services.GetRequiredService<IKnowledgeIndex>(), id));
    }

    private static async Task<int[]> VersionsOnAsync(IKnowledgeIndex index, Guid documentId) =>
        [.. (await index.ListVersionsAsync()).Where(v => v.DocumentId == documentId).Select(v => v.Version).Order()];

    private async Task UntilAsync(string what, Func<Task<bool>> done)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"B did not follow A ({what}) within {Patience.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }

        output.WriteLine($"{what}: {clock.Elapsed.TotalMilliseconds:0} ms after the change on A (Knowledge:SyncSeconds={SyncSeconds})");
    }
}

/// <summary>
/// With Redis, an instance that changes the knowledge base tells the others: B follows A at once, though its own poll is
/// set to an hour.
/// </summary>
public sealed class KnowledgeNoticesTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task With_redis_a_document_published_on_A_is_answered_on_B_without_waiting_for_Bs_poll()
    {
        await using var instances = TwoInstances.Start(
            redis.Server, host => KnowledgeAdminClient.Configure(host).With("Knowledge:SyncSeconds", "3600"));
        var admin = new KnowledgeAdminClient(instances.A.CreateClient());
        var libraryB = instances.B.Services.GetRequiredService<KnowledgeLibrary>();
        var customerOnB = await TwoInstances.DirectLine(instances.B).StartAsync("en-US", Requester.Customer("CUS-0001"));

        var created = await admin.UploadOkAsync(
            "gift-wrapping.md",
            "# Gift wrapping\n\n## Prices\n\nGift wrapping costs Rp 25.000 per item, with a handwritten card for free.\n",
            new Dictionary<string, string> { ["title"] = "Gift wrapping", ["audience"] = "customer", ["language"] = "en", ["publish"] = "true" });
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();

        var clock = Stopwatch.StartNew();
        while (!libraryB.IsPublished(id, 1))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "B did not hear of the change on A.");
            await Task.Delay(50);
        }
        // The sync the notice started marks the version published before it puts the chunks in B's index (so a retired
        // version stops at once); it holds the library's gate until it is done, so this call waits for it to finish.
        await libraryB.SyncAsync();

        Assert.Contains("Rp 25.000 per item", await customerOnB.AskAsync("what is your gift wrapping policy?"), StringComparison.Ordinal);
    }
}

/// <summary>The sync interval is checked when the host starts.</summary>
public sealed class KnowledgeSyncSettingTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("86400")]
    public void A_sync_interval_outside_a_tenth_of_a_second_to_an_hour_fails_the_start_naming_the_setting(string seconds)
    {
        using var host = new BotHost().With("Knowledge:SyncSeconds", seconds);

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("SyncSeconds", error.Message, StringComparison.Ordinal);
    }
}
