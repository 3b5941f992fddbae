using System.Net;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Privacy;
using HelpdeskBot.Bot.Tests.Channels;
using static HelpdeskBot.Bot.Tests.Privacy.PrivacyTestData;

namespace HelpdeskBot.Bot.Tests.Privacy;

/// <summary>
/// "hapus data saya" from Teams, through the real <c>/api/messages</c> and a Connector stand-in, with the employee identified
/// by their Entra object id (a developer's set-up that trusts it without tokens).
/// </summary>
public sealed class TeamsErasureTests : IAsyncLifetime
{
    private const string Bot = "28:helpdesk-bot";

    private readonly BotHost _host = new BotHost().With("BotFramework:TrustIdentityWithoutAuthentication", "true");
    private ConnectorStandIn _connector = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _http = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _host.Dispose();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task An_employee_erases_their_personal_chats_and_a_group_chat_they_spoke_in_is_left_alone()
    {
        var earlier = NewId();
        var group = NewId();
        var current = NewId();
        await SayAsync(earlier, "how many leave days do I have left?");
        await SayAsync(group, "<at>Helpdesk</at> how many leave days do I have left?", "groupChat", [new { type = "mention", mentioned = new { id = Bot, name = "Helpdesk" }, text = "<at>Helpdesk</at>" }]);
        var groupBefore = await TranscriptTextsAsync(_host, group);
        Assert.NotEmpty(groupBefore);

        Assert.Equal(ErasurePhrases.Ask.Id, await SayAsync(current, "hapus data saya"));
        var done = await SayAsync(current, "ya");

        Assert.StartsWith("Selesai:", done, StringComparison.Ordinal);
        Assert.Contains("percakapan: 2,", done, StringComparison.Ordinal);
        Assert.Equal(0, await TranscriptCountAsync(_host, earlier));
        Assert.Equal(0, await TranscriptCountAsync(_host, current));
        Assert.Equal(groupBefore, await TranscriptTextsAsync(_host, group));
    }

    /// <summary>Sends a Teams message from Rina Wijaya and returns the text of the bot's reply the Connector received.</summary>
    private async Task<string> SayAsync(string conversation, string text, string conversationType = "personal", object[]? entities = null)
    {
        var before = _connector.Requests.Count;
        var json = JsonSerializer.Serialize(new
        {
            type = "message",
            id = "m-" + Guid.NewGuid().ToString("N"),
            channelId = "msteams",
            serviceUrl = _connector.ServiceUrl,
            from = new { id = "29:rina", name = "Rina Wijaya", aadObjectId = BotFrameworkAuthenticationTests.RinaWijaya },
            recipient = new { id = Bot, name = "Helpdesk" },
            conversation = new { id = conversation, conversationType, isGroup = conversationType != "personal" },
            text,
            entities,
        });
        using var response = await _http.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join("\n", _connector.Requests.Skip(before).Select(r => r.Activity.Text));
    }

    private static string NewId() => "a:" + Guid.NewGuid().ToString("N");
}
