using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Notifications;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Changes;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Notifications;

/// <summary>
/// Status changes in the back office reach their owner: through the Bot Connector (a Kestrel stand-in) for Teams and in the
/// Direct Line log for Web Chat. The hosts' own polling loop is off; each test runs the notifier's rounds itself so that
/// what happens when is certain, and one test shows the loop doing it on its own.
/// </summary>
public sealed class StatusNotificationTests : IAsyncLifetime
{
    private const string RinaAad = "00000000-0000-4000-8000-000000000007";
    private const string RinaTeamsId = "29:rina-teams-id";
    private const string Tenant = "tenant-0001";
    private static readonly CancellationToken None = CancellationToken.None;

    private NotificationConnector _connector = null!;
    private int _activityIds;

    public async Task InitializeAsync() => _connector = await NotificationConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private static BotHost NewHost(string? dataDirectory = null) =>
        (dataDirectory is null ? new BotHost() : new BotHost(dataDirectory))
            .With("BotFramework:TrustIdentityWithoutAuthentication", "true")
            .With("Notifications:Enabled", "false")
            .With("Notifications:RetryDelay", "00:01:00")
            .With("Notifications:MaxRetryDelay", "00:10:00")
            .With("Notifications:MaxAttempts", "3");

    private static StatusNotifier Notifier(BotHost host) => host.Services.GetRequiredService<StatusNotifier>();

    private static IDemoStaffDesk Staff(BotHost host) => host.Services.GetRequiredService<IDemoStaffDesk>();

    private static async Task<string> RinasOpenTicketAsync(BotHost host) =>
        (await host.Services.GetRequiredService<IItSupportService>().GetOpenTicketsAsync(Requester.Employee("EMP-0007"), None))[0].TicketId;

    /// <summary>A Teams message from an employee (by Entra object id) into a conversation of the given type.</summary>
    private async Task TeamsSayAsync(
        HttpClient http, string conversationId, string text, string locale = "en-US", string conversationType = "personal",
        string aad = RinaAad, string userId = RinaTeamsId)
    {
        // In a channel or group chat the bot only answers (and so only meets the user) when it is @mentioned.
        var group = conversationType != "personal";
        var activity = new
        {
            type = "message", id = $"t-{Interlocked.Increment(ref _activityIds)}", channelId = "msteams", serviceUrl = _connector.ServiceUrl,
            from = new { id = userId, name = "Rina", aadObjectId = aad },
            recipient = new { id = "28:helpdesk-bot", name = "HelpdeskBot" },
            conversation = new { id = conversationId, conversationType, tenantId = Tenant, isGroup = group },
            channelData = new { tenant = new { id = Tenant } },
            entities = group
                ? new[] { new { type = "mention", text = "<at>HelpdeskBot</at>", mentioned = new { id = "28:helpdesk-bot", name = "HelpdeskBot" } } }
                : [],
            text = group ? "<at>HelpdeskBot</at> " + text : text,
            locale,
        };
        using var response = await http.PostAsync("/api/messages", new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static IReadOnlyList<Activity> NotificationsIn(ActivitySet set) =>
        [.. set.Activities.Where(a => a.ChannelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("helpdeskNotification", out _))];

    [Fact]
    public async Task A_ticket_resolved_in_the_back_office_reaches_the_employees_teams_chat_in_their_language()
    {
        using var host = NewHost();
        var http = host.CreateClient();
        await TeamsSayAsync(http, "a:rina-personal", "Selamat pagi, terima kasih", "id-ID");
        var ticket = await RinasOpenTicketAsync(host);

        await Staff(host).SetStatusAsync(ChangedRecordKind.Ticket, ticket, "resolved", None);
        var round = await Notifier(host).RunOnceAsync(None);

        var sent = Assert.Single(_connector.Notifications);
        Assert.Equal("a:rina-personal", sent.ConversationId);
        Assert.Equal($"Kabar terbaru tentang tiket {ticket} Anda: sekarang sudah diselesaikan.", sent.Activity.Text);
        Assert.Equal((RinaTeamsId, "msteams"), (sent.Activity.Recipient?.Id, sent.Activity.ChannelId));
        Assert.Equal(new NotificationRound(1, 1, 0, 0), round);
        Assert.Empty(_connector.Created);
    }

    [Fact]
    public async Task A_web_chat_customers_order_change_appears_in_their_direct_line_conversation_and_nobody_elses()
    {
        using var host = NewHost();
        var client = new DirectLineClient(host.CreateClient());
        var budi = await client.StartAsync("en-US", Requester.Customer("CUS-0001"));
        var other = await client.StartAsync("en-US", Requester.Customer("CUS-0002"));
        var guest = await client.StartAsync("en-US");

        // The customer cancels through the order system, as the bot's cancel skill does: the change is logged with it.
        var cancelled = await host.Services.GetRequiredService<IOrderService>().CancelAsync("ORD-100125", Requester.Customer("CUS-0001"), None);
        await Notifier(host).RunOnceAsync(None);

        Assert.True(cancelled.Cancelled);
        var notification = Assert.Single(NotificationsIn(await budi.GetActivitiesAsync()));
        Assert.Equal("Update on your order ORD-100125: it is now cancelled.", notification.Text);
        Assert.Equal("bot", notification.From?.Role);
        Assert.Empty(NotificationsIn(await other.GetActivitiesAsync()));
        Assert.Empty(NotificationsIn(await guest.GetActivitiesAsync()));
    }

    [Fact]
    public async Task Without_a_personal_chat_the_bot_opens_one_in_teams_and_never_posts_into_the_channel()
    {
        using var host = NewHost();
        var http = host.CreateClient();
        await TeamsSayAsync(http, "19:finance-channel@thread.tacv2", "hello", conversationType: "channel");
        var repliesInChannel = _connector.Messages.Count;
        var ticket = await RinasOpenTicketAsync(host);

        await Staff(host).SetStatusAsync(ChangedRecordKind.Ticket, ticket, "inProgress", None);
        await Notifier(host).RunOnceAsync(None);
        await Staff(host).SetStatusAsync(ChangedRecordKind.Ticket, ticket, "resolved", None);
        await Notifier(host).RunOnceAsync(None);

        var (body, created) = Assert.Single(_connector.Created);
        Assert.False(body.GetProperty("isGroup").GetBoolean());
        Assert.Equal("28:helpdesk-bot", body.GetProperty("bot").GetProperty("id").GetString());
        var member = Assert.Single(body.GetProperty("members").EnumerateArray());
        Assert.Equal((RinaTeamsId, RinaAad), (member.GetProperty("id").GetString(), member.GetProperty("aadObjectId").GetString()));
        Assert.Equal(Tenant, body.GetProperty("tenantId").GetString());
        Assert.Equal(Tenant, body.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString());
        Assert.Equal(
            [$"Update on your ticket {ticket}: it is now in progress.", $"Update on your ticket {ticket}: it is now resolved."],
            _connector.NotificationsIn(created).Select(m => m.Activity.Text));
        Assert.Empty(_connector.NotificationsIn("19:finance-channel@thread.tacv2"));
        Assert.Equal(repliesInChannel + 2, _connector.Messages.Count);
    }

    [Fact]
    public async Task An_employee_who_never_wrote_to_the_bot_gets_a_chat_opened_from_the_directory_and_the_configured_teams_address()
    {
        using var host = NewHost()
            .With("Notifications:TeamsServiceUrl", _connector.ServiceUrl)
            .With("Notifications:TeamsTenantId", Tenant)
            .With("BotFramework:AppId", "helpdesk-app-id");
        host.CreateClient();

        await Staff(host).SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "approved", None);
        var round = await Notifier(host).RunOnceAsync(None);

        // Nobody's reference existed: the member is the employee's Entra object id from the HR directory.
        var (body, created) = Assert.Single(_connector.Created);
        Assert.Equal("28:helpdesk-app-id", body.GetProperty("bot").GetProperty("id").GetString());
        Assert.Equal(RinaAad, Assert.Single(body.GetProperty("members").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("Update on your leave request LR-000001: it is now approved.", Assert.Single(_connector.NotificationsIn(created)).Activity.Text);
        Assert.Equal(new NotificationRound(1, 1, 0, 0), round);
    }

    [Fact]
    public async Task Without_a_way_to_reach_the_employee_the_notification_waits_and_goes_nowhere_else()
    {
        using var host = NewHost()
            .With("Notifications:TeamsServiceUrl", _connector.ServiceUrl)
            .With("Notifications:TeamsTenantId", Tenant);
        host.CreateClient();

        // Configuration says where Teams is, but without an app id the bot has no Teams account to open a chat as.
        await Staff(host).SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "approved", None);
        var round = await Notifier(host).RunOnceAsync(None);

        Assert.Equal(new NotificationRound(1, 0, 1, 0), round);
        Assert.Empty(_connector.Created);
        Assert.Empty(_connector.Messages);
    }

    [Fact]
    public async Task A_change_read_twice_or_by_two_notifiers_at_once_is_sent_once()
    {
        using var host = NewHost();
        var http = host.CreateClient();
        await TeamsSayAsync(http, "a:rina-personal", "hello");
        await Staff(host).SetStatusAsync(ChangedRecordKind.SoftwareRequest, "SR-000001", "approved", None);
        var second = ActivatorUtilities.CreateInstance<StatusNotifier>(host.Services);

        await Task.WhenAll(Task.Run(() => Notifier(host).RunOnceAsync(None)), Task.Run(() => second.RunOnceAsync(None)));

        // The feed hands the same change out again (a redelivery, or a cursor that went back).
        var factory = host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Set<NotificationCursor>().ExecuteUpdateAsync(s => s.SetProperty(c => c.Sequence, 0L));
        }
        var again = await Notifier(host).RunOnceAsync(None);

        var sent = Assert.Single(_connector.Notifications);
        Assert.Equal("Update on your software request SR-000001: it is now approved, to be installed.", sent.Activity.Text);
        Assert.Equal(new NotificationRound(0, 0, 0, 0), again);
        await using var check = await factory.CreateDbContextAsync();
        var row = await check.Set<NotificationOutboxEntry>().SingleAsync();
        Assert.Equal((NotificationStatus.Sent, 1, "a:rina-personal"), (row.Status, row.Attempts, row.SentConversationId));
    }

    [Fact]
    public async Task A_change_made_before_a_restart_is_sent_after_it_and_what_was_sent_is_not_sent_again()
    {
        var directory = BotHost.NewDataDirectory();
        try
        {
            using (var before = NewHost(directory))
            {
                await TeamsSayAsync(before.CreateClient(), "a:rina-personal", "hello");
                await Staff(before).SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "approved", None);
                await Staff(before).SetStatusAsync(ChangedRecordKind.SoftwareRequest, "SR-000001", "rejected", None);

                // The leave change is queued and sent; the host stops before it reads the IT system's feed.
                await Notifier(before).ReadFeedAsync(BackOfficeSystem.Hr, None);
                await Notifier(before).SendDueAsync(None);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var after = NewHost(directory);
            after.CreateClient();
            await Notifier(after).RunOnceAsync(None);
            await Notifier(after).RunOnceAsync(None);

            Assert.Equal(
                ["Update on your leave request LR-000001: it is now approved.", "Update on your software request SR-000001: it is now not approved."],
                _connector.Notifications.Select(n => n.Activity.Text));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            BotHost.TryDelete(directory);
        }
    }

    [Fact]
    public async Task A_state_database_from_before_notifications_gets_their_tables_on_start()
    {
        var directory = BotHost.NewDataDirectory();
        try
        {
            using (var first = NewHost(directory))
            {
                first.CreateClient();
                await using var db = await first.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
                await db.Database.ExecuteSqlRawAsync("DROP TABLE ConversationReferences; DROP TABLE NotificationCursors; DROP TABLE NotificationOutbox; DROP TABLE __EFMigrationsHistory;");
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var second = NewHost(directory);
            await TeamsSayAsync(second.CreateClient(), "a:rina-personal", "hello");
            await Staff(second).SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "approved", None);
            await Notifier(second).RunOnceAsync(None);

            Assert.Equal("Update on your leave request LR-000001: it is now approved.", Assert.Single(_connector.Notifications).Activity.Text);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            BotHost.TryDelete(directory);
        }
    }

    [Fact]
    public async Task A_connector_failure_is_retried_after_the_backoff_and_then_delivered_once()
    {
        using var host = NewHost();
        await TeamsSayAsync(host.CreateClient(), "a:rina-personal", "hello");
        var replies = _connector.Messages.Count;
        _connector.FailSendsWith = 503;
        await Staff(host).SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "rejected", None);

        var first = await Notifier(host).RunOnceAsync(None);
        _connector.FailSendsWith = null;
        host.Time.Advance(TimeSpan.FromSeconds(59));
        var tooEarly = await Notifier(host).RunOnceAsync(None);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var retried = await Notifier(host).RunOnceAsync(None);

        Assert.Equal(new NotificationRound(1, 0, 1, 0), first);
        Assert.Equal(new NotificationRound(0, 0, 0, 0), tooEarly);
        Assert.Equal(new NotificationRound(0, 1, 0, 0), retried);
        Assert.True(_connector.FailedSends >= 1);
        Assert.Equal("Update on your leave request LR-000001: it is now not approved.", Assert.Single(_connector.Notifications).Activity.Text);
        Assert.Equal(replies + 1, _connector.Messages.Count);
    }

    [Fact]
    public async Task A_notification_that_keeps_failing_is_given_up_after_the_last_attempt_and_not_tried_again()
    {
        using var host = NewHost();
        await TeamsSayAsync(host.CreateClient(), "a:rina-personal", "hello");
        _connector.FailSendsWith = 503;
        await Staff(host).SetStatusAsync(ChangedRecordKind.LeaveRequest, "LR-000001", "approved", None);

        var rounds = new List<NotificationRound>();
        for (var i = 0; i < 5; i++)
        {
            rounds.Add(await Notifier(host).RunOnceAsync(None));
            host.Time.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.Equal(
            [new(1, 0, 1, 0), new(0, 0, 1, 0), new(0, 0, 0, 1), new(0, 0, 0, 0), new(0, 0, 0, 0)],
            rounds);
        Assert.True(_connector.FailedSends >= 3);
        Assert.Empty(_connector.Notifications);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        var row = await db.Set<NotificationOutboxEntry>().SingleAsync();
        Assert.Equal((NotificationStatus.GaveUp, 3, "channel answered 503"), (row.Status, row.Attempts, row.LastError));
    }

    [Fact]
    public async Task Anonymous_users_are_never_remembered_and_get_nothing()
    {
        using var host = NewHost();
        var http = host.CreateClient();
        var guest = await new DirectLineClient(http).StartAsync("en-US");
        await guest.AskAsync("where is my order ORD-100125?");
        await TeamsSayAsync(http, "a:stranger-personal", "hello", aad: Guid.NewGuid().ToString(), userId: "29:stranger");

        await Staff(host).SetStatusAsync(ChangedRecordKind.Order, "ORD-100125", "shipped", None);
        var round = await Notifier(host).RunOnceAsync(None);

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Set<ConversationReferenceRecord>().ToListAsync());
        Assert.Equal(new NotificationRound(1, 0, 1, 0), round);
        Assert.Empty(NotificationsIn(await guest.GetActivitiesAsync()));
        Assert.Empty(_connector.Notifications);
    }

    [Fact]
    public async Task The_background_service_delivers_on_its_own_when_enabled()
    {
        using var host = new BotHost()
            .With("Notifications:Enabled", "true")
            .With("Notifications:PollInterval", "00:00:00.100");
        var budi = await new DirectLineClient(host.CreateClient()).StartAsync("id-ID", Requester.Customer("CUS-0001"));

        await Staff(host).SetStatusAsync(ChangedRecordKind.Order, "ORD-100123", "delivered", None);

        IReadOnlyList<Activity> notifications = [];
        for (var i = 0; i < 100 && notifications.Count == 0; i++)
        {
            await Task.Delay(100);
            notifications = NotificationsIn(await budi.GetActivitiesAsync());
        }
        Assert.Equal("Kabar terbaru tentang pesanan ORD-100123 Anda: sekarang sudah diterima.", Assert.Single(notifications).Text);
    }

    [Fact]
    public async Task The_demo_status_endpoint_changes_a_record_and_explains_bad_requests()
    {
        using var host = NewHost();
        var http = host.CreateClient();

        using var changed = await http.PostAsJsonAsync("/demo/back-office/leave-requests/LR-000001/status", new { status = "approved" });
        using var same = await http.PostAsJsonAsync("/demo/back-office/leave-requests/LR-000001/status", new { status = "approved" });
        using var badStatus = await http.PostAsJsonAsync("/demo/back-office/orders/ORD-100125/status", new { status = "teleported" });
        using var noRecord = await http.PostAsJsonAsync("/demo/back-office/tickets/IT-999999/status", new { status = "resolved" });
        using var badKind = await http.PostAsJsonAsync("/demo/back-office/payslips/X/status", new { status = "paid" });
        using var noBody = await http.PostAsync("/demo/back-office/orders/ORD-100125/status", new StringContent("{}", Encoding.UTF8, "application/json"));

        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True(body.GetProperty("changed").GetBoolean());
        Assert.Equal("approved", body.GetProperty("change").GetProperty("newStatus").GetString());
        Assert.False((await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetBoolean());
        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest],
            [badStatus.StatusCode, noRecord.StatusCode, badKind.StatusCode, noBody.StatusCode]);
        Assert.Equal("application/problem+json", badStatus.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_demo_status_endpoint_is_off_with_the_other_demo_endpoints()
    {
        using var host = NewHost().With("Helpdesk:DemoTokens", "false");

        using var response = await host.CreateClient().PostAsJsonAsync("/demo/back-office/orders/ORD-100125/status", new { status = "shipped" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(OrderState.Processing, (await host.Services.GetRequiredService<IOrderService>()
            .GetStatusAsync("ORD-100125", Requester.Customer("CUS-0001"), None))?.Status);
    }

    [Theory]
    [InlineData("Notifications:PollInterval", "00:00:00")]
    [InlineData("Notifications:MaxAttempts", "0")]
    [InlineData("Notifications:TeamsServiceUrl", "not a url")]
    [InlineData("Notifications:DefaultLanguage", "fr")]
    public void Bad_notification_options_stop_the_start(string key, string value)
    {
        using var host = new BotHost().With(key, value);

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(key.Split(':')[1], failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_notification_phrase_has_both_languages_with_the_same_placeholders()
    {
        Assert.All(NotificationPhrases.All, phrase =>
        {
            Assert.False(string.IsNullOrWhiteSpace(phrase.En));
            Assert.False(string.IsNullOrWhiteSpace(phrase.Id));
            Assert.NotEqual(phrase.En, phrase.Id);
            Assert.Equal(Skills.Conversations.Phrase.PlaceholdersOf(phrase.En).Order(), Skills.Conversations.Phrase.PlaceholdersOf(phrase.Id).Order());
        });
    }
}
