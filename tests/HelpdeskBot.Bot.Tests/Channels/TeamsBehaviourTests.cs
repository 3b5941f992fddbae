using System.Net;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Channels.BotFramework;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>A host that trusts <c>from.aadObjectId</c> without tokens (a developer's set-up), for activities shaped as Teams sends them.</summary>
public sealed class TeamsHostFixture : IDisposable
{
    public BotHost Host { get; } = new BotHost()
        .With("BotFramework:TrustIdentityWithoutAuthentication", "true")
        .With("BotFramework:DirectoryContact", "hr-helpdesk@corp.example");

    public void Dispose() => Host.Dispose();
}

/// <summary>
/// Teams as the employees' channel: the welcome when the bot is installed or added, employees identified by their Entra
/// object id (strangers and a directory outage answered politely, with no skill run), @mentions in channels and group
/// chats, and the typing indicator — all through the real <c>/api/messages</c> and a Connector stand-in.
/// </summary>
public sealed class TeamsBehaviourTests(TeamsHostFixture fixture) : IClassFixture<TeamsHostFixture>, IAsyncLifetime
{
    private const string Bot = "28:helpdesk-bot";
    private const string RinaWijaya = BotFrameworkAuthenticationTests.RinaWijaya;

    private readonly HttpClient _http = fixture.Host.CreateClient();
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Installing_the_bot_in_a_personal_chat_welcomes_the_employee_by_name()
    {
        var conversation = NewId();

        using var response = await PostAsync(Update(conversation, membersAdded: [Bot]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = Assert.Single(_connector.Requests);
        Assert.StartsWith("Hi Rina!", welcome.Activity.Text, StringComparison.Ordinal);
        Assert.Equal(conversation, welcome.Activity.Conversation?.Id);
    }

    [Fact]
    public async Task One_install_announced_as_conversation_update_and_installation_update_is_welcomed_once()
    {
        var conversation = NewId();

        using var update = await PostAsync(Update(conversation, membersAdded: [Bot]));
        using var installation = await PostAsync(Installation(conversation, "add"));

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(HttpStatusCode.OK, installation.StatusCode);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task An_installation_update_with_action_add_welcomes_in_indonesian_for_an_indonesian_client()
    {
        using var response = await PostAsync(Installation(NewId(), "add", locale: "id-ID"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Halo Rina!", Assert.Single(_connector.Requests).Activity.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Being_added_to_a_team_welcomes_the_channel()
    {
        using var response = await PostAsync(Update(NewId(), membersAdded: [Bot], conversationType: "channel"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(_connector.Requests).Activity.Text));
    }

    [Fact]
    public async Task Another_member_joining_a_team_is_not_greeted()
    {
        using var response = await PostAsync(Update(NewId(), membersAdded: ["29:new-colleague"], conversationType: "channel"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_connector.Delivered);
    }

    [Fact]
    public async Task Uninstalling_is_acknowledged_without_a_message()
    {
        using var response = await PostAsync(Installation(NewId(), "remove"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_connector.Delivered);
    }

    [Fact]
    public async Task A_teams_user_not_in_the_directory_is_told_whom_to_contact_and_no_skill_runs()
    {
        var conversation = NewId();

        using var response = await PostAsync(Message(conversation, "how many leave days do I have left?", aadObjectId: Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_connector.Requests).Activity;
        Assert.Contains("couldn't find your account in the employee directory", reply.Text, StringComparison.Ordinal);
        Assert.Contains("hr-helpdesk@corp.example", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("annual", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.False(await BotFrameworkAuthenticationTests.TurnStoredAsync(fixture.Host, conversation));
    }

    [Fact]
    public async Task A_teams_user_without_an_object_id_is_told_in_indonesian_when_their_client_is_indonesian()
    {
        using var response = await PostAsync(Message(NewId(), "berapa sisa cuti saya?", aadObjectId: null, locale: "id-ID"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_connector.Requests).Activity;
        Assert.Contains("belum saya temukan di direktori karyawan", reply.Text, StringComparison.Ordinal);
        Assert.Contains("hr-helpdesk@corp.example", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_directory_is_down_the_user_is_told_it_cannot_be_checked_now()
    {
        using var host = new BotHost()
            .With("BotFramework:TrustIdentityWithoutAuthentication", "true")
            .With("Connectors:Hr:Mode", "Http")
            .With("Connectors:Hr:BaseUrl", "http://127.0.0.1:1/")
            .With("Connectors:Hr:ApiKey", "test-key")
            .With("Connectors:Hr:MaxRetries", "0");
        using var http = host.CreateClient();
        var conversation = NewId();

        using var response = await http.PostAsync("/api/messages", Json(Message(conversation, "how many leave days do I have left?")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_connector.Requests).Activity;
        Assert.StartsWith("Sorry, I can't check who you are in the employee directory right now", reply.Text, StringComparison.Ordinal);
        Assert.False(await BotFrameworkAuthenticationTests.TurnStoredAsync(host, conversation));
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("groupChat")]
    public async Task In_channels_and_group_chats_a_message_without_an_at_mention_of_the_bot_is_not_answered(string conversationType)
    {
        var conversation = NewId();
        var someoneElse = Mention("29:colleague", "Budi");

        using var response = await PostAsync(Message(conversation, "<at>Budi</at> how many leave days do you have left?", conversationType: conversationType, entities: [someoneElse]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_connector.Delivered);
        Assert.False(await BotFrameworkAuthenticationTests.TurnStoredAsync(fixture.Host, conversation));
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("groupChat")]
    public async Task In_channels_and_group_chats_an_at_mention_of_the_bot_is_answered_with_the_mention_stripped(string conversationType)
    {
        var conversation = NewId();

        using var response = await PostAsync(Message(conversation, "<at>Helpdesk</at> how many leave days do I have left?", conversationType: conversationType,
            entities: [Mention(Bot, "Helpdesk")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("annual", Assert.Single(_connector.Requests).Activity.Text, StringComparison.OrdinalIgnoreCase);
        var factory = fixture.Host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var said = await db.Transcript.Where(t => t.ConversationId == conversation && t.Direction == "user").Select(t => t.Text).SingleAsync();
        Assert.Equal("how many leave days do I have left?", said);
    }

    [Fact]
    public async Task A_turn_shows_typing_before_its_reply_and_never_after()
    {
        using var response = await PostAsync(Message(NewId(), "how many leave days do I have left?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivered = _connector.Delivered.ToArray();
        Assert.Equal(ActivityTypes.Typing, delivered[0].Activity.Type);
        Assert.Equal(ActivityTypes.Message, delivered[^1].Activity.Type);
        Assert.Single(delivered, d => d.Activity.Type == ActivityTypes.Message);
        Assert.Equal(Bot, delivered[0].Activity.From?.Id);
    }

    [Fact]
    public async Task The_typing_indicator_repeats_while_the_turn_works_and_stops_when_disposed()
    {
        var time = new FakeTimeProvider();
        var options = Options.Create(new BotFrameworkOptions());
        using var credentials = new BotFrameworkCredentials(new NoHttpClients(), options, time);
        using var http = new HttpClient();
        var connector = new BotConnectorClient(http, credentials, options, NullLogger<BotConnectorClient>.Instance);
        var incoming = new Activity
        {
            Type = ActivityTypes.Message, Id = "m-1", ChannelId = "msteams", ServiceUrl = _connector.ServiceUrl,
            Conversation = new ConversationAccount { Id = NewId() }, From = new ChannelAccount { Id = "29:user" }, Recipient = new ChannelAccount { Id = Bot },
        };

        await using (TypingIndicator.Start(connector, incoming, TimeSpan.FromSeconds(3), time, CancellationToken.None))
        {
            await UntilAsync(() => !_connector.Typing.IsEmpty, time, TimeSpan.Zero);
            await UntilAsync(() => _connector.Typing.Count >= 3, time, TimeSpan.FromSeconds(3));
        }
        var shown = _connector.Typing.Count;
        time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(300);

        // At least one a tick while the turn works (more if the polling above moved the clock on again before a slow
        // send landed), and none once it is over.
        Assert.InRange(shown, 3, 200);
        Assert.Equal(shown, _connector.Typing.Count);
        Assert.All(_connector.Typing, t => Assert.EndsWith("/activities/m-1", t.Path, StringComparison.Ordinal));
    }

    /// <summary>Polls until <paramref name="done"/>, moving the fake clock on by <paramref name="step"/> each time.</summary>
    private static async Task UntilAsync(Func<bool> done, FakeTimeProvider time, TimeSpan step)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            time.Advance(step);
            await Task.Delay(25);
        }
        Assert.True(done());
    }

    private sealed class NoHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("No token is needed without an app id.");
    }

    private static object Mention(string id, string name) => new { type = "mention", mentioned = new { id, name }, text = $"<at>{name}</at>" };

    private string Message(string conversation, string text, string? aadObjectId = RinaWijaya, string? locale = null, string conversationType = "personal", object[]? entities = null) =>
        JsonSerializer.Serialize(new
        {
            type = "message",
            id = "m-" + Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = _connector.ServiceUrl,
            from = new { id = "29:rina", name = "Rina Wijaya", aadObjectId },
            recipient = new { id = Bot, name = "Helpdesk" },
            conversation = new { id = conversation, conversationType, isGroup = conversationType != "personal" },
            text,
            locale,
            entities,
        });

    private string Update(string conversation, string[] membersAdded, string conversationType = "personal") => JsonSerializer.Serialize(new
    {
        type = "conversationUpdate",
        id = "cu-" + Guid.NewGuid().ToString("N"),
        channelId = "msteams",
        serviceUrl = _connector.ServiceUrl,
        from = new { id = "29:rina", aadObjectId = RinaWijaya },
        recipient = new { id = Bot, name = "Helpdesk" },
        conversation = new { id = conversation, conversationType, isGroup = conversationType != "personal" },
        membersAdded = membersAdded.Select(id => new { id }).ToArray(),
    });

    private string Installation(string conversation, string action, string? locale = null) => JsonSerializer.Serialize(new
    {
        type = "installationUpdate",
        id = "iu-" + Guid.NewGuid().ToString("N"),
        channelId = "msteams",
        serviceUrl = _connector.ServiceUrl,
        from = new { id = "29:rina", aadObjectId = RinaWijaya },
        recipient = new { id = Bot, name = "Helpdesk" },
        conversation = new { id = conversation, conversationType = "personal" },
        action,
        locale,
    });

    private Task<HttpResponseMessage> PostAsync(string json) => _http.PostAsync("/api/messages", Json(json));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string NewId() => "a:" + Guid.NewGuid().ToString("N");
}
