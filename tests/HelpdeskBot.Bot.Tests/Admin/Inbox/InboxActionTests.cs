using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Library;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HelpdeskBot.Bot.Tests.Admin.Inbox.InboxTestClient;

namespace HelpdeskBot.Bot.Tests.Admin.Inbox;

/// <summary>
/// The inbox API's grouping, filters and actions (add examples, draft an article, dismiss) with their refusals, who may
/// call them, and their audit entries. Items are seeded in the host's real state database; the conversations that put
/// them there are covered by <see cref="InboxCollectionTests"/>.
/// </summary>
public sealed class InboxActionTests : IDisposable
{
    private readonly BotHost _host = NewHost();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Similar_questions_share_a_group_listed_most_asked_first_and_filters_narrow_the_view()
    {
        var pizza = await SeedItemsAsync(_host, InboxReasons.OutOfScope, "en",
            "can you recommend a good pizza place nearby", "where can I get good pizza around here", "any good pizza restaurants near me?");
        _host.Time.Advance(TimeSpan.FromDays(2));
        var parking = await SeedItemsAsync(_host, InboxReasons.LowConfidence, "en", "where can I park my car at the office", "is there parking for visitors at the office");
        var indonesian = await SeedItemsAsync(_host, InboxReasons.Handoff, "id", "bisakah saya membawa anjing ke kantor?");
        using var admin = AdminClient(_host);

        var view = await GetAsync(admin, InboxEndpoints.Prefix);
        var groups = Groups(view).ToList();
        Assert.Equal(6, view.GetProperty("items").GetInt32());
        Assert.Equal(pizza, groups[0].GetProperty("itemIds").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal(3, groups[0].GetProperty("count").GetInt32());
        Assert.Equal($"item-{pizza[0]}", groups[0].GetProperty("id").GetString());
        Assert.Equal("out_of_scope", groups[0].GetProperty("reasons")[0].GetProperty("reason").GetString());
        Assert.Equal(3, groups[0].GetProperty("reasons")[0].GetProperty("count").GetInt32());
        Assert.Equal(parking, groups[1].GetProperty("itemIds").EnumerateArray().Select(i => i.GetInt64()));
        Assert.True(groups[1].GetProperty("firstSeenUtc").GetDateTime() > groups[0].GetProperty("lastSeenUtc").GetDateTime());
        // Same items, same answer.
        Assert.Equal(view.GetRawText(), (await GetAsync(admin, InboxEndpoints.Prefix)).GetRawText());

        var onlyIndonesian = await GetAsync(admin, InboxEndpoints.Prefix + "?language=id");
        Assert.Equal(indonesian, Groups(onlyIndonesian).SelectMany(g => g.GetProperty("itemIds").EnumerateArray().Select(i => i.GetInt64())));
        var lowConfidence = await GetAsync(admin, InboxEndpoints.Prefix + "?reason=low_confidence");
        Assert.Equal(parking, Groups(lowConfidence).SelectMany(g => g.GetProperty("itemIds").EnumerateArray().Select(i => i.GetInt64())).Order());
        var firstDay = await GetAsync(admin, InboxEndpoints.Prefix + "?from=2026-11-27&to=2026-11-28");
        Assert.Equal(pizza, Groups(firstDay).SelectMany(g => g.GetProperty("itemIds").EnumerateArray().Select(i => i.GetInt64())).Order());
        Assert.Equal(0, (await GetAsync(admin, InboxEndpoints.Prefix + "?channel=msteams")).GetProperty("items").GetInt32());

        foreach (var bad in (string[])["?reason=angry", "?language=fr", "?channel=Not A Channel", "?from=27-11-2026", "?from=2026-11-29&to=2026-11-28"])
        {
            using var response = await admin.GetAsync(new Uri(InboxEndpoints.Prefix + bad, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Adding_a_groups_questions_to_an_intent_stores_pending_training_examples_and_resolves_the_items()
    {
        var ids = await SeedItemsAsync(_host, InboxReasons.OutOfScope, "en", "has my parcel left the warehouse", "my parcel [email] still not here");
        using var admin = AdminClient(_host);

        var (status, body) = await PostAsync(admin, InboxEndpoints.Prefix + "/examples", new { intent = "order.status", itemIds = ids });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body.GetProperty("pending").GetInt32());
        Assert.Equal(["has my parcel left the warehouse", "my parcel [email] still not here"],
            body.GetProperty("added").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
        var examples = await GetAsync(admin, InboxEndpoints.Prefix + "/examples");
        Assert.All(examples.EnumerateArray(), e => Assert.Equal(("order.status", "en", "alice"), (e.GetProperty("intent").GetString(), e.GetProperty("language").GetString(), e.GetProperty("addedBy").GetString())));
        Assert.All(examples.EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("promotedUtc").ValueKind));
        Assert.All(await ItemsAsync(_host), i => Assert.Equal((InboxStatuses.Resolved, "alice"), (i.Status, i.ClosedBy)));
        Assert.Equal(0, (await GetAsync(admin, InboxEndpoints.Prefix)).GetProperty("items").GetInt32());

        var audit = await AuditAsync("inbox.examples.add");
        Assert.Equal(("alice", "order.status"), (audit.Actor, audit.TargetId));
        Assert.DoesNotContain("parcel", audit.BeforeJson + audit.AfterJson, StringComparison.Ordinal);

        // A pending example can be taken back; then it is gone.
        var first = examples.EnumerateArray().First().GetProperty("id").GetInt64();
        using (var removed = await admin.DeleteAsync(new Uri($"{InboxEndpoints.Prefix}/examples/{first}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        using (var again = await admin.DeleteAsync(new Uri($"{InboxEndpoints.Prefix}/examples/{first}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }
        using (var malformed = await admin.DeleteAsync(new Uri($"{InboxEndpoints.Prefix}/examples/not-a-number", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Actions_refuse_bad_requests_with_problem_details_and_change_nothing()
    {
        var ids = await SeedItemsAsync(_host, InboxReasons.OutOfScope, "en", "do you sell gift cards");
        var heldOut = await SeedItemsAsync(_host, InboxReasons.OutOfScope, "en", HelpdeskBot.Classifier.Intents.IntentExamples.HeldOut.First(e => e.Language == "en").Text);
        using var admin = AdminClient(_host);

        (object Body, string Path, HttpStatusCode Status)[] refused =
        [
            (new { intent = "order.teleport", itemIds = ids }, "/examples", HttpStatusCode.BadRequest),
            (new { intent = "oos", itemIds = ids }, "/examples", HttpStatusCode.BadRequest),
            (new { intent = "order.status", itemIds = Array.Empty<long>() }, "/examples", HttpStatusCode.BadRequest),
            (new { intent = "order.status", itemIds = new[] { 987654L } }, "/examples", HttpStatusCode.NotFound),
            (new { intent = "order.status", itemIds = heldOut }, "/examples", HttpStatusCode.Conflict),
            (new { itemIds = (long[]?)null }, "/dismiss", HttpStatusCode.BadRequest),
            (new { itemIds = new[] { ids[0], 987654L } }, "/dismiss", HttpStatusCode.NotFound),
            (new { itemIds = ids, title = new string('x', 201) }, "/drafts", HttpStatusCode.BadRequest),
        ];
        foreach (var (body, path, expected) in refused)
        {
            var (status, problem) = await PostAsync(admin, InboxEndpoints.Prefix + path, body);
            Assert.Equal(expected, status);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        }

        using (var malformed = await admin.PostAsync(new Uri(InboxEndpoints.Prefix + "/dismiss", UriKind.Relative), DirectLineClient.Json("{\"itemIds\": [1,")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        Assert.All(await ItemsAsync(_host), i => Assert.Equal(InboxStatuses.Open, i.Status));
        Assert.Empty((await GetAsync(admin, InboxEndpoints.Prefix + "/examples")).EnumerateArray());

        // Dismissed once: a second action on the same items is a conflict.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, InboxEndpoints.Prefix + "/dismiss", new { itemIds = ids })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(admin, InboxEndpoints.Prefix + "/dismiss", new { itemIds = ids })).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(admin, InboxEndpoints.Prefix + "/drafts", new { itemIds = ids })).Status);
        var audit = await AuditAsync("inbox.dismiss");
        Assert.Equal(("alice", $"item-{ids[0]}"), (audit.Actor, audit.TargetId));
        Assert.DoesNotContain("gift", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_article_from_a_group_lists_its_questions_in_a_draft_document_of_the_knowledge_base()
    {
        var ids = await SeedItemsAsync(_host, InboxReasons.OutOfScope, "en", "do you sell gift cards", "can I buy a *gift card* for a friend");
        using var admin = AdminClient(_host);

        var (status, draft) = await PostAsync(admin, InboxEndpoints.Prefix + "/drafts", new { itemIds = ids });
        var (secondStatus, second) = await PostAsync(admin, InboxEndpoints.Prefix + "/drafts",
            new { itemIds = await SeedItemsAsync(_host, InboxReasons.OutOfScope, "en", "do you sell gift cards") });

        Assert.Equal(HttpStatusCode.Created, status);
        var id = draft.GetProperty("documentId").GetGuid();
        Assert.Equal($"/admin/kb?doc={id}", draft.GetProperty("url").GetString());
        Assert.Equal("Draft: do you sell gift cards", draft.GetProperty("title").GetString());
        var library = _host.Services.GetRequiredService<KnowledgeLibrary>();
        var detail = await library.GetAsync(id);
        Assert.Equal(DocumentStatus.Draft, detail.Summary.LatestStatus);
        Assert.Null(detail.Summary.PublishedVersion);
        var (_, markdown) = await library.GetVersionAsync(id, 1);
        // The library keeps its canonical form: one paragraph a line, the questions as typed (the escaped '*' is text, not emphasis).
        var lines = markdown.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("# Draft: do you sell gift cards", lines[0]);
        Assert.Equal(["do you sell gift cards", "can I buy a *gift card* for a friend"],
            lines.SkipWhile(l => l != "## Questions as customers asked them").Skip(1).TakeWhile(l => !l.StartsWith('#')).Where(l => l.Length > 0));
        Assert.Contains("## Answer", lines);
        // A generated title that is taken gets a number rather than failing.
        Assert.Equal(HttpStatusCode.Created, secondStatus);
        Assert.Equal("Draft: do you sell gift cards (2)", second.GetProperty("title").GetString());

        Assert.All((await ItemsAsync(_host)).Where(i => ids.Contains(i.Id)), i => Assert.Equal(InboxStatuses.Resolved, i.Status));
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        var audit = await db.Set<AuditEntry>().AsNoTracking().SingleAsync(a => a.Action == "inbox.draft" && a.TargetId == id.ToString());
        Assert.Equal("alice", audit.Actor);
        Assert.DoesNotContain("gift", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admins_reach_the_inbox_and_console_changes_need_the_antiforgery_token()
    {
        var ids = await SeedItemsAsync(_host, InboxReasons.OutOfScope, "en", "do you sell gift cards");
        using var anonymous = _host.CreateClient();
        using var agentKey = AdminClient(_host, AgentKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(InboxEndpoints.Prefix, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agentKey.GetAsync(new Uri(InboxEndpoints.Prefix, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(agentKey, InboxEndpoints.Prefix + "/dismiss", new { itemIds = ids })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(agentKey, InboxEndpoints.Prefix + "/retrain", null)).Status);

        var agent = await AgentConsoleClientCookies("dewi");
        using (var request = new HttpRequestMessage(HttpMethod.Get, InboxEndpoints.Prefix))
        {
            request.Headers.Add("Cookie", agent);
            Assert.Equal(HttpStatusCode.Forbidden, (await Handoff.AgentConsoleClient.RawHttp(_host).SendAsync(request)).StatusCode);
        }

        var (cookies, token) = await ConsoleAsync(_host, "ana");
        using var http = Handoff.AgentConsoleClient.RawHttp(_host);
        async Task<HttpStatusCode> DismissAsync(string? withToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, InboxEndpoints.Prefix + "/dismiss") { Content = JsonContent.Create(new { itemIds = ids }) };
            request.Headers.Add("Cookie", cookies);
            if (withToken is not null)
            {
                request.Headers.Add("RequestVerificationToken", withToken);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.BadRequest, await DismissAsync(null));
        Assert.Equal(InboxStatuses.Open, (await ItemsAsync(_host)).Single().Status);
        Assert.Equal(HttpStatusCode.OK, await DismissAsync(token));
        var audit = await AuditAsync("inbox.dismiss");
        Assert.Equal(("ana", "admin"), (audit.Actor, audit.ActorKind));
    }

    private Task<string> AgentConsoleClientCookies(string user) => Handoff.AgentConsoleClient.SignInAsync(_host, user);

    private async Task<AuditEntry> AuditAsync(string action)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        return await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == action).OrderByDescending(a => a.Id).FirstAsync();
    }
}
