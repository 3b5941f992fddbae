using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Handoff;
using HelpdeskBot.Bot.Tests.Knowledge;
using HelpdeskBot.Connectors;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Admin;

/// <summary>
/// The audit log through the real host: agents in the console (sign-in form, SignalR hub), admins on the knowledge API,
/// and the log read back through <c>GET /api/admin/audit</c> as the admin console will read it. Every test has its own host,
/// so the entries it finds are the ones it caused.
/// </summary>
public sealed partial class AuditLogTests
{
    private static readonly string[] AgentRole = [AgentRoles.Agent];
    private static readonly string[] AdminRole = [AgentRoles.Admin];
    private const string Audit = "/api/admin/audit";

    [Fact]
    public async Task Console_sign_ins_lockout_and_sign_out_are_recorded_and_a_failed_one_keeps_the_user_name_but_never_the_password()
    {
        using var host = Host().WithAgent(0, "sari", "Sari", AgentRole).With("Agents:MaxFailedSignIns", "2");
        using var http = AgentConsoleClient.RawHttp(host);
        const string wrong = "Wrong-Secret-7731";

        using (var first = await AgentConsoleClient.PostLoginAsync(http, "sari", wrong))
        using (var second = await AgentConsoleClient.PostLoginAsync(http, "sari", wrong))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        }

        host.Time.Advance(TimeSpan.FromMinutes(6));
        var cookies = await AgentConsoleClient.SignInAsync(host, "sari");
        await SignOutAsync(http, cookies);

        var entries = Oldest(await ReadAsync(host, "action=console.*"));
        Assert.Equal(
            ["console.signin/refused", "console.signin/refused", "console.lockout/succeeded", "console.signin/succeeded", "console.signout/succeeded"],
            entries.Select(e => e.GetProperty("action").GetString() + "/" + e.GetProperty("outcome").GetString()));
        Assert.All(entries, e => Assert.Equal("console.account", e.GetProperty("targetType").GetString()));
        Assert.All(entries, e => Assert.Equal("sari", e.GetProperty("targetId").GetString()));
        Assert.Equal(("sari", "anonymous"), ActorOf(entries[0]));
        Assert.Equal("wrongUserNameOrPassword", entries[0].GetProperty("after").GetProperty("reason").GetString());
        Assert.Equal("wrongUserNameOrPassword", entries[1].GetProperty("after").GetProperty("reason").GetString());
        Assert.Equal(("system", "system"), ActorOf(entries[2]));
        Assert.Equal(("sari", "agent"), ActorOf(entries[3]));
        Assert.Equal(["agent"], entries[3].GetProperty("after").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(("sari", "agent"), ActorOf(entries[4]));

        // Not in any column of any row: the whole table as text.
        Assert.DoesNotContain(wrong, await TableTextAsync(host), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_sign_in_attempt_on_a_locked_account_is_recorded_as_refused_for_the_lockout()
    {
        using var host = Host().WithAgent(0, "sari", "Sari", AgentRole).With("Agents:MaxFailedSignIns", "1");
        using var http = AgentConsoleClient.RawHttp(host);
        (await AgentConsoleClient.PostLoginAsync(http, "sari", "nope-nope")).Dispose();

        using var locked = await AgentConsoleClient.PostLoginAsync(http, "sari", AgentAccountsForTests.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        var newest = (await ReadAsync(host, "action=console.signin"))[0];
        Assert.Equal("refused", newest.GetProperty("outcome").GetString());
        Assert.Equal("lockedOut", newest.GetProperty("after").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Accept_race_note_message_transfer_and_resolve_are_each_recorded_once_with_before_and_after()
    {
        using var host = Host()
            .WithAgent(0, "sari", "Sari", AgentRole)
            .WithAgent(1, "andi", "Andi", AgentRole);
        await using var sari = await AgentConsoleClient.ConnectAsync(host, "sari");
        await using var andi = await AgentConsoleClient.ConnectAsync(host, "andi");
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        await customer.AskAsync("talk to a person");
        var caseId = (await sari.WaitingAsync()).Single().GetProperty("id").GetInt64();

        var outcomes = await Task.WhenAll(sari.AcceptAsync(caseId), andi.AcceptAsync(caseId));
        var (winner, winnerName, loserName) = outcomes[0] == "accepted" ? (sari, "sari", "andi") : (andi, "andi", "sari");
        await winner.AddNoteAsync(caseId, "Wants a call back on +62 812 3456 7890 or budi.santoso@example.com");
        await winner.SendAsync(caseId, "Hello, I am looking at your order now.");
        await winner.TransferAsync(caseId, "IT");
        Assert.Equal("accepted", await winner.AcceptAsync(caseId));
        await winner.ResolveAsync(caseId);

        var entries = Oldest(await ReadAsync(host, $"target=handoff.case:{caseId}"));
        Assert.Equal(7, entries.Count);
        Assert.All(entries, e => Assert.Equal(caseId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("targetId").GetString()));
        var accepts = entries.Take(2).ToList();
        var won = Assert.Single(accepts, e => e.GetProperty("outcome").GetString() == "succeeded");
        var lost = Assert.Single(accepts, e => e.GetProperty("outcome").GetString() == "refused");
        Assert.Equal((winnerName, "agent"), ActorOf(won));
        Assert.Equal(("Queued", null, "Assigned", winnerName), BeforeAfter(won));
        Assert.Equal((loserName, "agent"), ActorOf(lost));
        Assert.Equal("handoff.accept", lost.GetProperty("action").GetString());
        Assert.Equal("alreadyTaken", lost.GetProperty("after").GetProperty("refused").GetString());
        Assert.Equal(winnerName, lost.GetProperty("before").GetProperty("agent").GetString());

        Assert.Equal(
            ["handoff.note.add", "handoff.message.send", "handoff.transfer", "handoff.accept", "handoff.resolve"],
            entries.Skip(2).Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries.Skip(2), e => Assert.Equal((winnerName, "agent"), ActorOf(e)));
        Assert.All(entries.Skip(2), e => Assert.Equal("succeeded", e.GetProperty("outcome").GetString()));
        var note = entries[2].GetProperty("after").GetProperty("note").GetString()!;
        Assert.Contains("[phone]", note, StringComparison.Ordinal);
        Assert.Contains("[email]", note, StringComparison.Ordinal);
        Assert.DoesNotContain("budi.santoso", note, StringComparison.Ordinal);
        Assert.Equal("Hello, I am looking at your order now.".Length, entries[3].GetProperty("after").GetProperty("length").GetInt32());
        Assert.Equal(("Assigned", winnerName, "Queued", null), BeforeAfter(entries[4]));
        Assert.Equal("General", entries[4].GetProperty("before").GetProperty("queue").GetString());
        Assert.Equal("IT", entries[4].GetProperty("after").GetProperty("queue").GetString());
        Assert.Equal(("Assigned", winnerName, "Resolved", winnerName), BeforeAfter(entries[6]));

        var table = await TableTextAsync(host);
        Assert.DoesNotContain("looking at your order", table, StringComparison.Ordinal);
        Assert.DoesNotContain("budi.santoso", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversation_requeued_after_its_agent_left_is_recorded_as_done_by_the_system()
    {
        using var host = Host().WithAgent(0, "sari", "Sari", AgentRole).WithAgent(1, "andi", "Andi", AgentRole);
        await using var andi = await AgentConsoleClient.ConnectAsync(host, "andi");
        var customer = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Requester.Customer("CUS-0001"));
        await customer.AskAsync("talk to a person");
        var caseId = (await andi.WaitingAsync()).Single().GetProperty("id").GetInt64();
        var sari = await AgentConsoleClient.ConnectAsync(host, "sari");
        Assert.Equal("accepted", await sari.AcceptAsync(caseId));

        await sari.DisposeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<JsonElement> requeues;
        do
        {
            host.Time.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(200);
            requeues = await ReadAsync(host, "action=handoff.requeue");
        }
        while (requeues.Count == 0 && DateTime.UtcNow < deadline);
        var requeue = Assert.Single(requeues);
        Assert.Equal(("system", "system"), ActorOf(requeue));
        Assert.Equal(("Assigned", "sari", "Queued", null), BeforeAfter(requeue));
        Assert.Equal($"{caseId}", requeue.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task Knowledge_admin_actions_are_recorded_with_the_key_name_and_the_status_and_version_before_and_after()
    {
        using var host = Host();
        var admin = new KnowledgeAdminClient(host.CreateClient());
        var fields = new Dictionary<string, string> { ["title"] = "Parcel lockers", ["audience"] = "customer", ["language"] = "en" };
        var created = await admin.UploadOkAsync("lockers.md", "# Parcel lockers\n\nPick up your parcel at a locker within 3 days.", fields);
        var id = created.GetProperty("document").GetProperty("document").GetProperty("id").GetGuid();
        await admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/1/publish");
        await admin.UploadOkAsync("lockers.md", "# Parcel lockers\n\nPick up your parcel at a locker within 5 days.", newVersionOf: id);
        await admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/2/publish");
        await admin.PostNoContentAsync($"{KnowledgeAdminClient.Documents}/{id}/versions/2/retire");
        using (var reindex = await admin.SendAsync(HttpMethod.Post, "/api/admin/kb/reindex"))
        {
            Assert.Equal(HttpStatusCode.OK, reindex.StatusCode);
        }

        using (var delete = await admin.SendAsync(HttpMethod.Delete, $"{KnowledgeAdminClient.Documents}/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var entries = Oldest(await ReadAsync(host, "action=kb.*"));
        Assert.Equal(
            ["kb.document.create", "kb.document.publish", "kb.document.version", "kb.document.publish", "kb.document.retire", "kb.reindex", "kb.document.delete"],
            entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(("alice", "api-key"), ActorOf(e)));
        Assert.All(entries, e => Assert.Equal("succeeded", e.GetProperty("outcome").GetString()));
        Assert.All(entries.Where(e => e.GetProperty("action").GetString() != "kb.reindex"), e => Assert.Equal(id.ToString(), e.GetProperty("targetId").GetString()));

        var create = entries[0];
        Assert.Equal(JsonValueKind.Null, create.GetProperty("before").ValueKind);
        Assert.Equal((1, "draft", "created"), (create.GetProperty("after").GetProperty("version").GetInt32(), Text(create, "after", "status"), Text(create, "after", "outcome")));
        Assert.Equal(("draft", "published"), (Text(entries[1], "before", "status"), Text(entries[1], "after", "status")));
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("before").GetProperty("publishedVersion").ValueKind);
        Assert.Equal(1, entries[1].GetProperty("after").GetProperty("publishedVersion").GetInt32());
        Assert.Equal(1, entries[2].GetProperty("before").GetProperty("latestVersion").GetInt32());
        Assert.Equal((2, "new-version"), (entries[2].GetProperty("after").GetProperty("version").GetInt32(), Text(entries[2], "after", "outcome")));
        Assert.Equal(("draft", "published"), (Text(entries[3], "before", "status"), Text(entries[3], "after", "status")));
        Assert.Equal((1, 2), (entries[3].GetProperty("before").GetProperty("publishedVersion").GetInt32(), entries[3].GetProperty("after").GetProperty("publishedVersion").GetInt32()));
        Assert.Equal(("published", "retired"), (Text(entries[4], "before", "status"), Text(entries[4], "after", "status")));
        Assert.Equal("kb.index", entries[5].GetProperty("targetType").GetString());
        Assert.Equal("Parcel lockers", Text(entries[6], "before", "title"));
        Assert.Equal(JsonValueKind.Null, entries[6].GetProperty("after").ValueKind);
    }

    [Fact]
    public async Task A_refused_knowledge_call_records_nothing()
    {
        using var host = Host();
        var admin = new KnowledgeAdminClient(host.CreateClient());

        using var missing = await admin.SendAsync(HttpMethod.Post, $"{KnowledgeAdminClient.Documents}/{Guid.NewGuid()}/versions/1/publish");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Empty(await ReadAsync(host, "action=kb.*"));
    }

    [Fact]
    public async Task The_log_is_newest_first_paged_and_filtered_by_actor_action_target_time_and_outcome()
    {
        using var host = Host().WithAgent(0, "sari", "Sari", AgentRole);
        using var http = AgentConsoleClient.RawHttp(host);
        foreach (var name in (string[])["u1", "u2", "u3", "u4", "u5"])
        {
            (await AgentConsoleClient.PostLoginAsync(http, name, "whatever-it-was")).Dispose();
        }

        host.Time.Advance(TimeSpan.FromHours(1));
        await AgentConsoleClient.SignInAsync(host, "sari");

        var page1 = await ReadPageAsync(host, "pageSize=2");
        Assert.Equal(6, page1.GetProperty("total").GetInt32());
        Assert.Equal(["sari", "u5"], Actors(page1));
        Assert.Equal(["u2", "u1"], Actors(await ReadPageAsync(host, "pageSize=2&page=3")));
        Assert.Empty(Actors(await ReadPageAsync(host, "pageSize=2&page=4")));
        Assert.Equal(["u3"], Actors(await ReadPageAsync(host, "actor=u3")));
        Assert.Equal(["u5", "u4", "u3", "u2", "u1"], Actors(await ReadPageAsync(host, "outcome=refused")));
        Assert.Equal(["sari"], Actors(await ReadPageAsync(host, "outcome=succeeded&action=console.signin")));
        Assert.Equal(["u4"], Actors(await ReadPageAsync(host, "target=console.account:u4&outcome=refused")));
        Assert.Equal(6, (await ReadPageAsync(host, "target=console.account")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ReadPageAsync(host, "target=handoff.case")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ReadPageAsync(host, "action=console")).GetProperty("total").GetInt32());
        Assert.Equal(["sari"], Actors(await ReadPageAsync(host, "from=2026-11-27T08:30:00Z")));
        Assert.Equal(5, (await ReadPageAsync(host, "to=2026-11-27T08:30:00Z")).GetProperty("total").GetInt32());
        Assert.Equal(5, (await ReadPageAsync(host, "from=2026-11-27T15:00:00%2B07:00&to=2026-11-27T08:30:00Z")).GetProperty("total").GetInt32());
        Assert.Equal(["sari"], Actors(await ReadPageAsync(host, "from=2026-11-27T08:30:00Z&actor=sari&action=console.*&outcome=succeeded")));
    }

    [Theory]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("page=0", "page")]
    [InlineData("page=two", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-28T00:00:00Z&to=2026-11-27T00:00:00Z", "to")]
    public async Task A_bad_filter_is_a_400_problem_naming_it(string query, string field)
    {
        using var host = Host();
        var admin = new KnowledgeAdminClient(host.CreateClient());

        using var response = await admin.SendAsync(HttpMethod.Get, $"{Audit}?{query}");

        var problem = await KnowledgeAdminClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Only_admins_read_the_log_by_key_or_console_cookie_and_no_route_changes_it()
    {
        using var host = Host().WithAgent(0, "sari", "Sari", AgentRole).WithAgent(1, "ayu", "Ayu", AdminRole);
        using var http = AgentConsoleClient.RawHttp(host);
        var agentCookie = await AgentConsoleClient.SignInAsync(host, "sari");
        var adminCookie = await AgentConsoleClient.SignInAsync(host, "ayu");

        using var anonymous = await http.GetAsync(new Uri(Audit, UriKind.Relative));
        await KnowledgeAdminClient.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using var agentKey = await new KnowledgeAdminClient(host.CreateClient(), KnowledgeAdminClient.AgentKey).SendAsync(HttpMethod.Get, Audit);
        await KnowledgeAdminClient.AssertProblemAsync(agentKey, HttpStatusCode.Forbidden);
        using var agentConsole = await WithCookieAsync(http, HttpMethod.Get, Audit, agentCookie);
        Assert.Equal(HttpStatusCode.Forbidden, agentConsole.StatusCode);
        // An expired or forged console cookie is a 401 for the API, not a redirect to the sign-in page.
        using var forged = await WithCookieAsync(http, HttpMethod.Get, Audit, AgentConsoleEndpoints.CookieName + "=forged-ticket");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

        using var adminConsole = await WithCookieAsync(http, HttpMethod.Get, Audit, adminCookie);
        Assert.Equal(HttpStatusCode.OK, adminConsole.StatusCode);
        var page = JsonDocument.Parse(await adminConsole.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["ayu", "sari"], Actors(page));
        Assert.Equal("admin", page.GetProperty("entries")[0].GetProperty("actorKind").GetString());

        var admin = new KnowledgeAdminClient(host.CreateClient());
        var id = (await ReadAsync(host, ""))[0].GetProperty("id").GetInt64();
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Post })
        {
            using var onList = await admin.SendAsync(method, Audit, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            using var onEntry = await admin.SendAsync(method, $"{Audit}/{id}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, onList.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, onEntry.StatusCode);
        }

        Assert.Equal(2, (await ReadPageAsync(host, "")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_an_audit_entry()
    {
        using var host = Host().WithAgent(0, "sari", "Sari", AgentRole);
        await AgentConsoleClient.SignInAsync(host, "sari");
        Assert.Single(await ReadAsync(host, ""));

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "state.db")};Pooling=False");
        await connection.OpenAsync();
        foreach (var sql in (string[])[
            $"UPDATE \"{AuditModel.Table}\" SET \"Actor\" = 'someone-else'",
            $"DELETE FROM \"{AuditModel.Table}\""])
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        // Through EF as well, the way a careless piece of the app would try it.
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var entry = await db.Set<AuditEntry>().SingleAsync();
            entry.Action = "console.rewritten";
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var kept = Assert.Single(await ReadAsync(host, ""));
        Assert.Equal(("sari", "agent"), ActorOf(kept));
        Assert.Equal("console.signin", kept.GetProperty("action").GetString());
    }

    [Fact]
    public async Task A_state_database_from_before_the_audit_log_gets_the_table_and_its_guards_on_start()
    {
        var directory = BotHost.NewDataDirectory();
        try
        {
            using (var first = new BotHost(directory))
            {
                first.CreateClient().Dispose();
            }

            SqliteConnection.ClearAllPools();
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "state.db")};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var drop = connection.CreateCommand();
                // What an older version left: no audit table (dropping it drops its triggers too), and no migrations
                // history (versions before migrations made the file with EnsureCreated).
                drop.CommandText = $"DROP TABLE \"{AuditModel.Table}\"; DROP TABLE \"__EFMigrationsHistory\";";
                await drop.ExecuteNonQueryAsync();
            }

            using var host = KnowledgeAdminClient.Configure(new BotHost(directory)).WithAgent(0, "sari", "Sari", AgentRole);
            await AgentConsoleClient.SignInAsync(host, "sari");

            Assert.Single(await ReadAsync(host, "action=console.signin"));
            await using var check = new SqliteConnection($"Data Source={Path.Combine(directory, "state.db")};Pooling=False");
            await check.OpenAsync();
            await using var triggers = check.CreateCommand();
            triggers.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '{AuditModel.Table}'";
            Assert.Equal(2L, (long)(await triggers.ExecuteScalarAsync())!);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            BotHost.TryDelete(directory);
        }
    }

    // ---- helpers ----

    /// <summary>A handoff test host (1 s reconnect grace) with the admin key alice and the agent key bruno.</summary>
    private static BotHost Host() => KnowledgeAdminClient.Configure(AgentAccountsForTests.NewHandoffHost());

    private static async Task<JsonElement> ReadPageAsync(BotHost host, string query)
    {
        var admin = new KnowledgeAdminClient(host.CreateClient());
        return await admin.GetJsonAsync($"{Audit}?{query}");
    }

    /// <summary>Every matching entry (one page of the largest size is enough for a test), newest first.</summary>
    private static async Task<IReadOnlyList<JsonElement>> ReadAsync(BotHost host, string query) =>
        [.. (await ReadPageAsync(host, (query.Length == 0 ? "" : query + "&") + "pageSize=200")).GetProperty("entries").EnumerateArray()];

    private static List<JsonElement> Oldest(IReadOnlyList<JsonElement> newestFirst) => [.. newestFirst.Reverse()];

    private static string[] Actors(JsonElement page) =>
        [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("actor").GetString()!)];

    private static (string?, string?) ActorOf(JsonElement entry) =>
        (entry.GetProperty("actor").GetString(), entry.GetProperty("actorKind").GetString());

    private static string? Text(JsonElement entry, string side, string property) => entry.GetProperty(side).GetProperty(property).GetString();

    private static (string?, string?, string?, string?) BeforeAfter(JsonElement entry) => (
        Text(entry, "before", "status"), Text(entry, "before", "agent"), Text(entry, "after", "status"), Text(entry, "after", "agent"));

    /// <summary>Every value of every audit row, as one text to search.</summary>
    private static async Task<string> TableTextAsync(BotHost host)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var rows = await db.Set<AuditEntry>().AsNoTracking().ToListAsync();
        return JsonSerializer.Serialize(rows);
    }

    private static async Task<HttpResponseMessage> WithCookieAsync(HttpClient http, HttpMethod method, string path, string cookies)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookies);
        return await http.SendAsync(request);
    }

    /// <summary>Signs out with the console page's form, as its button does.</summary>
    private static async Task SignOutAsync(HttpClient http, string cookies)
    {
        using var page = await WithCookieAsync(http, HttpMethod.Get, "/agent", cookies);
        var field = HiddenField().Match(await page.Content.ReadAsStringAsync());
        Assert.True(field.Success, "The console has no sign-out token.");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/agent/logout")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create(WebUtility.HtmlDecode(field.Groups["name"].Value), WebUtility.HtmlDecode(field.Groups["value"].Value))]),
        };
        request.Headers.Add("Cookie", cookies + "; " + AgentConsoleClient.Cookies(page));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenField();
}
