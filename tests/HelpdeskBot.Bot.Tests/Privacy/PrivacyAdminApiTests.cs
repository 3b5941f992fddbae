using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Privacy;
using HelpdeskBot.Bot.Tests.Knowledge;
using static HelpdeskBot.Bot.Tests.Privacy.PrivacyTestData;

namespace HelpdeskBot.Bot.Tests.Privacy;

/// <summary>
/// <c>POST /api/admin/privacy/erasures</c> through the real host (admin key alice, agent key bruno), on real SQLite, with
/// conversations made through Direct Line.
/// </summary>
public sealed class PrivacyAdminApiTests
{
    private const string Path = PrivacyEndpoints.Erasures;

    [Fact]
    public async Task An_admin_erases_a_user_by_channel_and_id_and_gets_the_counts_and_the_audit_log_names_the_admin()
    {
        using var host = Host();
        var budi = await StartAsAsync(host, "dl_budi");
        await budi.AskAsync("what is your refund policy");
        var budiAgain = await StartAsAsync(host, "dl_budi");
        await budiAgain.AskAsync("where is my order ORD-100125");
        var sari = await StartAsAsync(host, "dl_sari");
        await sari.AskAsync("what is your refund policy");
        var sariBefore = await TranscriptTextsAsync(host, sari.ConversationId);

        using var response = await Admin(host).SendAsync(HttpMethod.Post, Path, JsonContent.Create(new { channelId = "directline", userId = "dl_budi" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("directline", body.GetProperty("channelId").GetString());
        var erased = body.GetProperty("erased");
        Assert.Equal(2, erased.GetProperty("conversations").GetInt32());
        Assert.True(erased.GetProperty("transcriptEntries").GetInt32() >= 4);
        Assert.True(erased.GetProperty("directLineActivities").GetInt32() >= 4);
        Assert.Equal(0, await TranscriptCountAsync(host, budi.ConversationId));
        Assert.Equal(0, await TranscriptCountAsync(host, budiAgain.ConversationId));
        Assert.Empty(await ActivityLogAsync(host, budi.ConversationId));
        Assert.Equal(sariBefore, await TranscriptTextsAsync(host, sari.ConversationId));

        var entry = Assert.Single(await AuditAsync(host, ConversationDataEraser.AuditAction));
        Assert.Equal(("alice", AuditActorKinds.ApiKey, AuditOutcome.Succeeded), (entry.Actor, entry.ActorKind, entry.Outcome));
        Assert.DoesNotContain("dl_budi", entry.AfterJson + entry.BeforeJson + entry.TargetId, StringComparison.Ordinal);

        // Asked again: nothing is known any more beyond the Direct Line conversations' ids, so it erases nothing new.
        using var again = await Admin(host).SendAsync(HttpMethod.Post, Path, JsonContent.Create(new { channelId = "directline", userId = "dl_budi" }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erased").GetProperty("transcriptEntries").GetInt32());
    }

    [Fact]
    public async Task Erasure_needs_the_admin_role_and_says_what_is_wrong_with_a_bad_request_or_an_unknown_user()
    {
        using var host = Host();
        var budi = await StartAsAsync(host, "dl_budi");
        await budi.AskAsync("what is your refund policy");
        var request = new { channelId = "directline", userId = "dl_budi" };

        using (var anonymous = await new KnowledgeAdminClient(host.CreateClient(), key: null).SendAsync(HttpMethod.Post, Path, JsonContent.Create(request)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var agent = await new KnowledgeAdminClient(host.CreateClient(), KnowledgeAdminClient.AgentKey).SendAsync(HttpMethod.Post, Path, JsonContent.Create(request)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        }

        using (var missing = await Admin(host).SendAsync(HttpMethod.Post, Path, JsonContent.Create(new { channelId = "directline" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
            Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("userId", out _));
        }

        using (var malformed = await Admin(host).SendAsync(HttpMethod.Post, Path, DirectLineClient.Json("{\"channelId\": ")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        }

        using (var unknown = await Admin(host).SendAsync(HttpMethod.Post, Path, JsonContent.Create(new { channelId = "msteams", userId = "dl_budi" })))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }

        // Nothing was erased by any of them, and only a real erasure is audited.
        Assert.NotEqual(0, await TranscriptCountAsync(host, budi.ConversationId));
        Assert.Empty(await AuditAsync(host, ConversationDataEraser.AuditAction));
    }

    [Fact]
    public async Task Erasure_of_a_user_whose_conversation_is_with_an_agent_is_a_409_and_erases_nothing()
    {
        using var host = Host();
        var budi = await StartAsAsync(host, "dl_budi");
        await budi.AskAsync("what is your refund policy");
        await using (var db = await DbAsync(host))
        {
            db.HandoffCases.Add(new HandoffCase
            {
                ChannelId = "directline", ConversationId = budi.ConversationId, UserId = "dl_budi", RequesterKind = "Anonymous",
                Language = "en", Queue = "General", Reason = "requested", Status = HandoffStatus.Assigned, AgentUserName = "sari",
                CreatedUtc = host.Time.GetUtcNow().UtcDateTime, QueuedUtc = host.Time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        using var response = await Admin(host).SendAsync(HttpMethod.Post, Path, JsonContent.Create(new { channelId = "directline", userId = "dl_budi" }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(0, await TranscriptCountAsync(host, budi.ConversationId));
        Assert.Equal(AuditOutcome.Refused, Assert.Single(await AuditAsync(host, ConversationDataEraser.AuditAction)).Outcome);
    }

    [Fact]
    public async Task An_admin_reads_what_is_held_of_a_user_for_an_access_request_and_only_that_user()
    {
        using var host = Host();
        var budi = await StartAsAsync(host, "dl_budi");
        await budi.AskAsync("my email is budi.santoso@example.com, what is your refund policy");
        var budiAgain = await StartAsAsync(host, "dl_budi");
        await budiAgain.AskAsync("where is my order ORD-100125");
        var sari = await StartAsAsync(host, "dl_sari");
        await sari.AskAsync("how do I reset my password");
        var query = PrivacyEndpoints.Subjects + "?channelId=directline&userId=dl_budi";

        using (var agent = await new KnowledgeAdminClient(host.CreateClient(), KnowledgeAdminClient.AgentKey).SendAsync(HttpMethod.Get, query))
        {
            Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        }

        var data = await Admin(host).GetJsonAsync(query);

        var conversations = data.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal([budi.ConversationId, budiAgain.ConversationId], conversations.Select(c => c.GetProperty("conversationId").GetString()));
        var said = conversations.SelectMany(c => c.GetProperty("transcript").EnumerateArray())
            .Where(l => l.GetProperty("direction").GetString() == "user").Select(l => l.GetProperty("text").GetString()!).ToList();
        Assert.Contains(said, text => text.Contains("[email]", StringComparison.Ordinal) && text.Contains("refund policy", StringComparison.Ordinal));
        Assert.Contains("where is my order ORD-100125", said);
        Assert.DoesNotContain(said, text => text.Contains("budi.santoso", StringComparison.Ordinal) || text.Contains("reset my password", StringComparison.Ordinal));

        var entry = Assert.Single(await AuditAsync(host, ConversationDataExport.AuditAction));
        Assert.Equal(("alice", AuditActorKinds.ApiKey), (entry.Actor, entry.ActorKind));
        Assert.DoesNotContain("dl_budi", entry.AfterJson + entry.BeforeJson + entry.TargetId, StringComparison.Ordinal);

        using (var unknown = await Admin(host).SendAsync(HttpMethod.Get, PrivacyEndpoints.Subjects + "?channelId=directline&userId=dl_nobody"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var missing = await Admin(host).SendAsync(HttpMethod.Get, PrivacyEndpoints.Subjects + "?channelId=directline"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        }
    }

    private static BotHost Host() => KnowledgeAdminClient.Configure(new BotHost());

    private static KnowledgeAdminClient Admin(BotHost host) => new(host.CreateClient());
}
