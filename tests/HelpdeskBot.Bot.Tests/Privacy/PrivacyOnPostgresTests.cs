using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Notifications;
using HelpdeskBot.Bot.Privacy;
using HelpdeskBot.Bot.Tests.Database;
using HelpdeskBot.Connectors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HelpdeskBot.Bot.Tests.Privacy.PrivacyTestData;

namespace HelpdeskBot.Bot.Tests.Privacy;

/// <summary>
/// Erasure and the retention purge on PostgreSQL, whose SQL for the batched deletes and the erasure's sets differs from
/// SQLite's. The signed-in customer opens each conversation with a new Direct Line user id, as a site does per visit: the
/// verified party is what ties them together.
/// </summary>
public sealed class PrivacyOnPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_signed_in_customer_erases_the_conversations_of_every_visit_on_PostgreSQL_and_another_customer_keeps_theirs()
    {
        using var host = new BotHost().OnPostgres(await postgres.Server.CreateDatabaseAsync()).With("Privacy:Retention:Enabled", "false");
        var firstVisit = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        Assert.Contains("ORD-100123", await firstVisit.AskAsync("where is my order ORD-100123"), StringComparison.Ordinal);
        var someoneElse = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0002"));
        await someoneElse.AskAsync("what is your refund policy");
        var secondVisit = await new DirectLineClient(host.CreateClient()).StartAsync("id-ID", Requester.Customer("CUS-0001"));

        Assert.Equal(ErasurePhrases.Ask.Id, await secondVisit.AskAsync("hapus data saya"));
        var done = await secondVisit.AskAsync("iya");

        Assert.StartsWith("Selesai:", done, StringComparison.Ordinal);
        Assert.Contains("percakapan: 2,", done, StringComparison.Ordinal);
        Assert.Equal(0, await TranscriptCountAsync(host, firstVisit.ConversationId));
        Assert.Equal(0, await TranscriptCountAsync(host, secondVisit.ConversationId));
        Assert.NotEqual(0, await TranscriptCountAsync(host, someoneElse.ConversationId));
        await using var db = await DbAsync(host);
        Assert.False(await db.Set<ConversationReferenceRecord>().AnyAsync(r => r.PartyId == "CUS-0001"));
        Assert.True(await db.Set<ConversationReferenceRecord>().AnyAsync(r => r.PartyId == "CUS-0002"));
        Assert.Single(await AuditAsync(host, ConversationDataEraser.AuditAction));
    }

    [Fact]
    public async Task The_batched_purge_runs_on_PostgreSQL_and_a_second_pass_finds_nothing()
    {
        using var host = new BotHost().OnPostgres(await postgres.Server.CreateDatabaseAsync())
            .With("Privacy:Retention:Enabled", "false").With("Privacy:Retention:BatchSize", "10");
        host.CreateClient().Dispose();
        var old = host.Time.GetUtcNow().UtcDateTime.AddDays(-91);
        await using (var db = await DbAsync(host))
        {
            db.DirectLineConversations.Add(new DirectLineConversation { Id = "dl-old", UserId = "dl_budi", CreatedUtc = old, LastSequence = 25 });
            for (var i = 1; i <= 25; i++)
            {
                db.Transcript.Add(new TranscriptEntry { ChannelId = "directline", ConversationId = "dl-old", Direction = "user", Text = "hi", AtUtc = old });
                db.DirectLineActivities.Add(new DirectLineActivity { ConversationId = "dl-old", Sequence = i, Json = "{}", AtUtc = old });
                db.ProcessedActivities.Add(new ProcessedActivity { ChannelId = "directline", ConversationId = "dl-old", ActivityId = $"a{i}", ProcessedUtc = old });
            }

            db.Conversations.Add(new ConversationRecord { ChannelId = "directline", ConversationId = "dl-old", StateJson = "{}", CreatedUtc = old, UpdatedUtc = old });
            await db.SaveChangesAsync();
        }

        var purge = host.Services.GetRequiredService<RetentionPurge>();
        var first = await purge.PurgeAsync(CancellationToken.None);

        Assert.Equal(25, first.Deleted["Transcript"]);
        Assert.Equal(25, first.Deleted["DirectLineActivities"]);
        Assert.Equal(25, first.Deleted["ProcessedActivities"]);
        Assert.Equal(1, first.Deleted["Conversations"]);
        Assert.Equal(1, first.Deleted["DirectLineConversations"]);
        Assert.Equal(0, (await purge.PurgeAsync(CancellationToken.None)).Total);
    }
}
