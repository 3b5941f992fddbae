using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Handoff;

/// <summary>
/// Handoff on a Bot Framework channel (<c>/api/messages</c>, as Teams and the Emulator use it): the agent's messages go
/// out through the Bot Connector at the conversation's service URL, and the bot stays silent while the agent has it.
/// </summary>
public sealed class TeamsChannelHandoffTests : IAsyncLifetime, IDisposable
{
    private static readonly AgentIdentity Dewi = new("dewi", "Dewi", new HashSet<string>(), IsAdmin: false);

    private readonly BotHost _host = new();
    private ConnectorStandIn _connector = null!;
    private HttpClient _http = null!;
    private readonly string _conversation = "conv-" + Guid.NewGuid().ToString("N");
    private int _ids;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _http = _host.CreateClient();
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose() => _host.Dispose();

    private async Task SayAsync(string text)
    {
        var activity = new
        {
            type = "message", id = $"m-{++_ids}", channelId = "emulator", serviceUrl = _connector.ServiceUrl,
            from = new { id = "user-1", name = "Rina" }, recipient = new { id = "bot-1" }, conversation = new { id = _conversation }, text, locale = "id-ID",
        };
        using var response = await _http.PostAsync("/api/messages", new StringContent(JsonSerializer.Serialize(activity), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_agent_talks_to_the_user_through_the_connector_and_the_bot_stays_silent()
    {
        var handoff = _host.Services.GetRequiredService<HandoffService>();
        await SayAsync("Bicara dengan petugas");
        var open = await handoff.FindOpenAsync("emulator", _conversation, CancellationToken.None);
        Assert.Equal(AcceptOutcome.Accepted, await handoff.AcceptAsync(open!.Id, Dewi, CancellationToken.None));
        var joined = _connector.Requests.Last().Activity;

        await SayAsync("laptop saya tidak bisa menyala");
        var afterUser = _connector.Requests.Count;
        await handoff.SendAgentMessageAsync(open.Id, Dewi, "Baik, saya bantu cek ya.", CancellationToken.None);

        Assert.Equal("Dewi dari tim layanan bantuan sudah bergabung di chat.", joined.Text);
        var sent = _connector.Requests.Last();
        Assert.Equal(afterUser + 1, _connector.Requests.Count);
        Assert.Equal(("Baik, saya bantu cek ya.", "plain"), (sent.Activity.Text, sent.Activity.TextFormat));
        Assert.Equal($"/v3/conversations/{_conversation}/activities", sent.Path);
        Assert.Equal("Dewi", sent.Activity.ChannelData!.Value.GetProperty("helpdeskAgent").GetString());
        Assert.DoesNotContain(_connector.Requests, r => r.Activity.Text?.Contains("laptop", StringComparison.OrdinalIgnoreCase) == true);
    }
}
