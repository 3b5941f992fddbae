using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Skills.Handoff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Handoff;

/// <summary>
/// The queue state machine through the real host: Direct Line conversations, the state database on SQLite files, the
/// handoff service the agent hub calls. (The hub and the console have their own tests.)
/// </summary>
public sealed class HandoffQueueTests : IDisposable
{
    private static readonly AgentIdentity Dewi = new("dewi", "Dewi", new HashSet<string>(), IsAdmin: false);
    private static readonly AgentIdentity Arif = new("arif", "Arif", new HashSet<string>(), IsAdmin: false);
    private static readonly AgentIdentity ItOnly = new("ivan", "Ivan", new HashSet<string> { HandoffQueues.It }, IsAdmin: false);

    private readonly BotHost _host = new();
    private readonly DirectLineClient _client;

    public HandoffQueueTests() => _client = new DirectLineClient(_host.CreateClient());

    public void Dispose() => _host.Dispose();

    private HandoffService Handoff => _host.Services.GetRequiredService<HandoffService>();

    private async Task<(DirectLineSession Session, long CaseId)> QueuedAsync(string locale = "en-US", string ask = "Talk to a person")
    {
        var session = await _client.StartAsync(locale);
        await session.AskAsync(ask, locale);
        var open = await Handoff.FindOpenAsync("directline", session.ConversationId, CancellationToken.None);
        Assert.NotNull(open);
        return (session, open.Id);
    }

    private async Task<HandoffCase> CaseAsync(long id)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        return await db.HandoffCases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private static async Task<IReadOnlyList<Activity>> BotMessagesAsync(DirectLineSession session) =>
        (await session.GetActivitiesAsync()).Activities.Where(a => a.From?.Role == "bot" && a.Type == ActivityTypes.Message).ToList();

    [Fact]
    public async Task Asking_for_a_person_queues_the_conversation_and_the_bot_then_only_gives_the_place_in_line()
    {
        var session = await _client.StartAsync("en-US");

        var queued = await session.AskAsync("Talk to a person");
        var whileWaiting = await session.AskAsync("where is my order ORD-100123");

        Assert.StartsWith("I'm connecting you with a person from our support team. You're number 1 in the queue; the wait is about 6 min.", queued, StringComparison.Ordinal);
        Assert.Equal("You're number 1 in the queue for our support team (about 6 min). The agent will see this message.", whileWaiting);
        var open = await Handoff.FindOpenAsync("directline", session.ConversationId, CancellationToken.None);
        Assert.Equal((HandoffStatus.Queued, HandoffQueues.General), (open!.Status, open.Queue));
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        var forAgent = await db.Transcript.Where(t => t.ConversationId == session.ConversationId && t.Intent == TurnPipeline.IntentToAgent).SingleAsync();
        Assert.Equal("where is my order ORD-100123", forAgent.Text);
        // No bot turn, but the message is stored in the Direct Line log with the turn's save, once, before its answer.
        var log = (await session.GetActivitiesAsync()).Activities.ToList();
        var mine = Assert.Single(log, a => a.From?.Role == "user" && a.Text == "where is my order ORD-100123");
        var answer = log[log.IndexOf(mine) + 1];
        Assert.Equal((whileWaiting, mine.Id), (DirectLineSession.ShownText(answer), answer.ReplyToId));
    }

    [Fact]
    public async Task A_frustrated_user_goes_ahead_of_those_who_only_asked()
    {
        var (_, asked) = await QueuedAsync();
        var (_, frustrated) = await QueuedAsync(ask: "this is useless");

        Assert.Equal(1, (await CaseAsync(frustrated)).Priority);
        Assert.Equal(1, (await Handoff.PositionAsync(frustrated, CancellationToken.None)).Position);
        Assert.Equal(2, (await Handoff.PositionAsync(asked, CancellationToken.None)).Position);
        var snapshot = await Handoff.SnapshotAsync(Dewi, CancellationToken.None);
        Assert.Equal([frustrated, asked], snapshot.Waiting.Select(w => w.Id));
    }

    [Fact]
    public async Task Stop_waiting_leaves_the_queue_and_the_bot_is_back()
    {
        var (session, caseId) = await QueuedAsync("id-ID", "Bicara dengan petugas");

        var left = await session.AskAsync("Berhenti menunggu");
        var botAgain = await session.AskAsync("lacak pesanan saya ORD-100123");

        Assert.Equal("Baik, Anda sudah keluar dari antrean. Saya kembali membantu — ada yang bisa saya bantu?", left);
        Assert.DoesNotContain("antrean", botAgain, StringComparison.Ordinal);
        Assert.Equal(HandoffStatus.Cancelled, (await CaseAsync(caseId)).Status);
        Assert.Null(await Handoff.FindOpenAsync("directline", session.ConversationId, CancellationToken.None));
    }

    [Fact]
    public async Task Two_agents_accepting_at_once_exactly_one_wins_every_time()
    {
        var cases = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            cases.Add((await QueuedAsync()).CaseId);
        }

        foreach (var caseId in cases)
        {
            using var start = new ManualResetEventSlim();
            var dewi = Task.Run(() => { start.Wait(); return Handoff.AcceptAsync(caseId, Dewi, CancellationToken.None); });
            var arif = Task.Run(() => { start.Wait(); return Handoff.AcceptAsync(caseId, Arif, CancellationToken.None); });
            start.Set();
            var outcomes = await Task.WhenAll(dewi, arif);

            Assert.Single(outcomes, o => o == AcceptOutcome.Accepted);
            Assert.Single(outcomes, o => o == AcceptOutcome.AlreadyTaken);
            var winner = outcomes[0] == AcceptOutcome.Accepted ? Dewi : Arif;
            var stored = await CaseAsync(caseId);
            Assert.Equal((HandoffStatus.Assigned, winner.UserName), (stored.Status, stored.AgentUserName));
        }
    }

    [Fact]
    public async Task While_an_agent_has_the_conversation_the_bot_never_answers_and_the_agent_is_heard()
    {
        var (session, caseId) = await QueuedAsync();
        Assert.Equal(AcceptOutcome.Accepted, await Handoff.AcceptAsync(caseId, Dewi, CancellationToken.None));

        var userMessage = await session.SayAsync("where is my order ORD-100123");
        var helpMessage = await session.SayAsync("help");
        await Handoff.SendAgentMessageAsync(caseId, Dewi, "Hi, I'm Dewi. <b>Let me check</b> that order for you.", CancellationToken.None);

        Assert.Empty(await session.RepliesToAsync(userMessage));
        Assert.Empty(await session.RepliesToAsync(helpMessage));
        var messages = await BotMessagesAsync(session);
        Assert.Contains(messages, m => m.Text == "Dewi from our support team has joined the chat.");
        var fromAgent = Assert.Single(messages, m => m.Text?.StartsWith("Hi, I'm Dewi.", StringComparison.Ordinal) == true);
        Assert.Equal(("Dewi", "plain"), (fromAgent.From!.Name, fromAgent.TextFormat));
        Assert.Equal("Hi, I'm Dewi. <b>Let me check</b> that order for you.", fromAgent.Text);
    }

    [Fact]
    public async Task Only_the_owner_acts_on_a_conversation_and_only_agents_of_its_queue_take_it()
    {
        var (_, caseId) = await QueuedAsync();

        Assert.Equal(AcceptOutcome.NotYourQueue, await Handoff.AcceptAsync(caseId, ItOnly, CancellationToken.None));
        await Assert.ThrowsAsync<HandoffActionException>(() => Handoff.ContextAsync(caseId, ItOnly, (_, _) => Task.FromResult<IReadOnlyList<ProfileField>>([]), CancellationToken.None));
        Assert.Equal(AcceptOutcome.Accepted, await Handoff.AcceptAsync(caseId, Dewi, CancellationToken.None));
        await Assert.ThrowsAsync<HandoffActionException>(() => Handoff.SendAgentMessageAsync(caseId, Arif, "hello", CancellationToken.None));
        await Assert.ThrowsAsync<HandoffActionException>(() => Handoff.ResolveAsync(caseId, Arif, CancellationToken.None));
        await Assert.ThrowsAsync<HandoffActionException>(() => Handoff.TransferAsync(caseId, Arif, HandoffQueues.It, CancellationToken.None));
        Assert.Equal(AcceptOutcome.NotFound, await Handoff.AcceptAsync(987654, Dewi, CancellationToken.None));
    }

    [Fact]
    public async Task An_agent_who_leaves_puts_the_conversation_back_at_the_head_of_the_queue_never_lost()
    {
        var (_, first) = await QueuedAsync();
        var (second, secondId) = await QueuedAsync();
        var (_, third) = await QueuedAsync();
        Assert.Equal(3, (await Handoff.PositionAsync(third, CancellationToken.None)).Position);
        var presence = _host.Services.GetRequiredService<AgentPresence>();
        presence.Connected(Dewi);
        Assert.Equal(AcceptOutcome.Accepted, await Handoff.AcceptAsync(secondId, Dewi, CancellationToken.None));

        presence.Disconnected(Dewi.UserName);
        Assert.Equal(0, await Handoff.RequeueAbandonedAsync(CancellationToken.None));
        _host.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await Handoff.RequeueAbandonedAsync(CancellationToken.None));

        Assert.Equal((HandoffStatus.Queued, (string?)null), ((await CaseAsync(secondId)).Status, (await CaseAsync(secondId)).AgentUserName));
        Assert.Equal(1, (await Handoff.PositionAsync(secondId, CancellationToken.None)).Position);
        Assert.Equal(2, (await Handoff.PositionAsync(first, CancellationToken.None)).Position);
        Assert.Equal(3, (await Handoff.PositionAsync(third, CancellationToken.None)).Position);
        Assert.Contains(await BotMessagesAsync(second), m => m.Text?.StartsWith("The agent was disconnected. You're back at the front of the queue", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task An_agent_who_reconnects_within_the_grace_period_keeps_the_conversation()
    {
        var (_, caseId) = await QueuedAsync();
        var presence = _host.Services.GetRequiredService<AgentPresence>();
        presence.Connected(Dewi);
        await Handoff.AcceptAsync(caseId, Dewi, CancellationToken.None);

        presence.Disconnected(Dewi.UserName);
        _host.Time.Advance(TimeSpan.FromSeconds(20));
        presence.Connected(Dewi);
        _host.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(0, await Handoff.RequeueAbandonedAsync(CancellationToken.None));
        Assert.Equal(HandoffStatus.Assigned, (await CaseAsync(caseId)).Status);
    }

    [Fact]
    public async Task Resolving_hands_back_to_the_bot_which_asks_for_a_rating_in_the_users_language_and_records_it()
    {
        var (session, caseId) = await QueuedAsync("id-ID", "Bicara dengan petugas");
        await Handoff.AcceptAsync(caseId, Dewi, CancellationToken.None);

        await Handoff.ResolveAsync(caseId, Dewi, CancellationToken.None);
        var prompt = (await BotMessagesAsync(session))[^1];
        var thanks = await session.AskAsync("5");

        Assert.Equal("Saya kembali. Seberapa puas Anda dengan bantuan dari tim kami, dari 1 (buruk) sampai 5 (sangat baik)?", prompt.Text);
        Assert.Equal(["1", "2", "3", "4", "5"], prompt.SuggestedActions!.Actions!.Select(a => a.Title));
        Assert.StartsWith("Terima kasih atas penilaian Anda!", thanks, StringComparison.Ordinal);
        var stored = await CaseAsync(caseId);
        Assert.Equal((HandoffStatus.Resolved, 5), (stored.Status, stored.Satisfaction));
        Assert.NotNull(stored.ClosedUtc);

        // The bot is back for anything else, and a second "4" is not a second rating.
        await session.AskAsync("4");
        Assert.Equal(5, (await CaseAsync(caseId)).Satisfaction);
    }

    [Fact]
    public async Task Transfer_puts_the_case_in_the_other_queue_and_tells_the_user()
    {
        var (session, caseId) = await QueuedAsync();
        await Handoff.AcceptAsync(caseId, Dewi, CancellationToken.None);

        await Handoff.TransferAsync(caseId, Dewi, "it", CancellationToken.None);

        var stored = await CaseAsync(caseId);
        Assert.Equal((HandoffStatus.Queued, HandoffQueues.It, (string?)null), (stored.Status, stored.Queue, stored.AgentUserName));
        Assert.Equal("You've been transferred to our IT service desk. You're number 1 in their queue.", (await BotMessagesAsync(session))[^1].Text);
        Assert.Equal(AcceptOutcome.Accepted, await Handoff.AcceptAsync(caseId, ItOnly, CancellationToken.None));
    }

    [Fact]
    public async Task Notes_stay_with_the_agents_and_the_context_package_has_the_masked_transcript_and_the_cited_articles()
    {
        var session = await _client.StartAsync("en-US");
        await session.AskAsync("how many days do I have to return an item?");
        await session.AskAsync("my phone is 0812-3456-7890, talk to a person please");
        await session.AskAsync("Talk to a person");
        var open = await Handoff.FindOpenAsync("directline", session.ConversationId, CancellationToken.None);
        await Handoff.AcceptAsync(open!.Id, Dewi, CancellationToken.None);

        await Handoff.AddNoteAsync(open.Id, Dewi, "Customer sounds upset; offer a courier pickup.", CancellationToken.None);
        var context = await Handoff.ContextAsync(open.Id, Dewi, (_, _) => Task.FromResult<IReadOnlyList<ProfileField>>([new("Name", "x")]), CancellationToken.None);

        Assert.DoesNotContain(await BotMessagesAsync(session), m => DirectLineSession.ShownText(m)?.Contains("courier pickup", StringComparison.Ordinal) == true);
        Assert.Equal("Customer sounds upset; offer a courier pickup.", Assert.Single(context.Notes).Text);
        Assert.Contains(context.CitedArticles, c => c.StartsWith("Returns and refunds", StringComparison.Ordinal));
        Assert.Contains(context.Transcript, t => t.Direction == "user" && t.Text.Contains("[phone]", StringComparison.Ordinal));
        Assert.DoesNotContain(context.Transcript, t => t.Text.Contains("3456", StringComparison.Ordinal));
        Assert.Contains(context.Intents, i => i.Intent == "kb.policy");
        Assert.Equal(("en", "UserAsked"), (context.Case.Language, context.Case.Reason));
    }

    [Fact]
    public async Task A_restart_loses_nothing_and_an_agent_who_does_not_come_back_loses_the_conversation_to_the_queue()
    {
        var directory = BotHost.NewDataDirectory();
        long caseId;
        string conversationId;
        var started = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        using (var first = new BotHost(directory))
        {
            var client = new DirectLineClient(first.CreateClient());
            var session = await client.StartAsync("en-US");
            await session.AskAsync("Talk to a person");
            conversationId = session.ConversationId;
            var handoff = first.Services.GetRequiredService<HandoffService>();
            caseId = (await handoff.FindOpenAsync("directline", conversationId, CancellationToken.None))!.Id;
            Assert.Equal(AcceptOutcome.Accepted, await handoff.AcceptAsync(caseId, Dewi, CancellationToken.None));
        }

        using (var second = new BotHost(directory))
        {
            second.Time.SetUtcNow(started.AddMinutes(1));
            _ = second.CreateClient();
            var handoff = second.Services.GetRequiredService<HandoffService>();
            var open = await handoff.FindOpenAsync("directline", conversationId, CancellationToken.None);
            Assert.Equal((caseId, HandoffStatus.Assigned), (open!.Id, open.Status));

            second.Time.Advance(TimeSpan.FromSeconds(31));
            Assert.Equal(1, await handoff.RequeueAbandonedAsync(CancellationToken.None));
            Assert.Equal(1, (await handoff.PositionAsync(caseId, CancellationToken.None)).Position);
        }

        BotHost.TryDelete(directory);
    }

    [Fact]
    public async Task Outside_business_hours_the_bot_files_a_callback_request_the_agents_see()
    {
        using var host = new BotHost().With("Handoff:Queues:General:Days", "Sat-Sun").With("Handoff:Queues:General:Opens", "09:00");
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US");

        var closed = await session.AskAsync("Talk to a person");
        await session.AskAsync("My invoice was charged twice, card 4111 1111 1111 1111");
        var filed = await session.AskAsync("budi@example.com");

        // 27 November 2026 is a Friday; the General queue opens on Saturday at 09:00 Jakarta time.
        Assert.StartsWith("Our support team is not available right now (next opening: Saturday 28 November 2026, 09:00).", closed, StringComparison.Ordinal);
        Assert.StartsWith("Done: callback request CB-", filed, StringComparison.Ordinal);
        var snapshot = await host.Services.GetRequiredService<HandoffService>().SnapshotAsync(Dewi, CancellationToken.None);
        var callback = Assert.Single(snapshot.Callbacks);
        Assert.Equal(("budi@example.com", HandoffQueues.General), (callback.Contact, callback.Queue));
        Assert.DoesNotContain("4111", callback.Details, StringComparison.Ordinal);
        Assert.False(Assert.Single(snapshot.Queues, q => q.Queue == HandoffQueues.General).Open);
        Assert.Null(await host.Services.GetRequiredService<HandoffService>().FindOpenAsync("directline", session.ConversationId, CancellationToken.None));
    }

    [Fact]
    public async Task A_state_database_from_before_handoff_gets_the_new_tables_on_start()
    {
        var directory = BotHost.NewDataDirectory();
        using (var first = new BotHost(directory))
        {
            _ = first.CreateClient();
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("DROP TABLE HandoffNotes; DROP TABLE HandoffCases; DROP TABLE CitedArticles; DROP TABLE __EFMigrationsHistory;");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var second = new BotHost(directory))
        {
            var session = await new DirectLineClient(second.CreateClient()).StartAsync("en-US");
            var queued = await session.AskAsync("Talk to a person");
            Assert.Contains("number 1 in the queue", queued, StringComparison.Ordinal);
        }

        BotHost.TryDelete(directory);
    }
}
