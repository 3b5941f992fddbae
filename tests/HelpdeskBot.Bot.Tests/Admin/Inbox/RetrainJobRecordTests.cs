using System.Net;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HelpdeskBot.Bot.Tests.Admin.Inbox.InboxTestClient;

namespace HelpdeskBot.Bot.Tests.Admin.Inbox;

/// <summary>
/// Retraining runs are rows of the state database: a run still "running" long after it started was left by an instance
/// that stopped, is shown as failed and keeps no one out; a live one keeps every instance from starting another.
/// </summary>
public sealed class RetrainJobRecordTests
{
    [Fact]
    public async Task An_abandoned_run_shows_as_failed_and_blocks_nothing_while_a_live_one_blocks_a_second()
    {
        using var host = NewHost();
        using var admin = AdminClient(host);
        var now = host.Time.GetUtcNow().UtcDateTime;
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync())
        {
            db.Add(Running("abandoned", now - InboxRetrainer.Abandoned - TimeSpan.FromMinutes(1)));
            db.Add(Running("live", now - TimeSpan.FromMinutes(1)));
            await db.SaveChangesAsync();
        }

        var runs = await GetAsync(admin, InboxEndpoints.Prefix + "/retrain");
        Assert.Equal(["live", "abandoned"], runs.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var abandoned = await GetAsync(admin, InboxEndpoints.Prefix + "/retrain/abandoned");
        Assert.Equal("failed", abandoned.GetProperty("status").GetString());
        Assert.StartsWith("The instance running it stopped", abandoned.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("running", (await GetAsync(admin, InboxEndpoints.Prefix + "/retrain/live")).GetProperty("status").GetString());

        var blocked = await PostAsync(admin, InboxEndpoints.Prefix + "/retrain", null);
        Assert.Equal(HttpStatusCode.Conflict, blocked.Status);
        Assert.Equal("Retraining already running", blocked.Body.GetProperty("title").GetString());

        // Without the live run, the abandoned one keeps no one out: the refusal now is that nothing waits to be trained.
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync())
        {
            await db.Set<RetrainJobRecord>().Where(j => j.Id == "live").ExecuteDeleteAsync();
        }
        var next = await PostAsync(admin, InboxEndpoints.Prefix + "/retrain", null);
        Assert.Equal(HttpStatusCode.Conflict, next.Status);
        Assert.Equal("Nothing to train", next.Body.GetProperty("title").GetString());
    }

    private static RetrainJobRecord Running(string id, DateTime startedUtc) => new()
    {
        Id = id,
        Status = InboxRetrainer.Running,
        StartedUtc = startedUtc,
        ViewJson = JsonSerializer.Serialize(
            new RetrainJobView(id, InboxRetrainer.Running, "alice", startedUtc, null, 1, null, null, null, null), Web),
    };
}
