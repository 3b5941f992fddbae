using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Handoff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Admin.Inbox;

/// <summary>Calls the inbox API as an admin API key (or any header set) and reads the state database the host writes.</summary>
internal static partial class InboxTestClient
{
    public const string AdminKey = "inbox-admin-key-0123456789-abcdef";
    public const string AgentKey = "inbox-agent-key-0123456789-abcdef";
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A host with an admin and an agent key, an admin and an agent console account.</summary>
    public static BotHost NewHost(string? dataDirectory = null) =>
        (dataDirectory is null ? new BotHost() : new BotHost(dataDirectory))
            .With("AdminApi:Keys:0:Name", "alice")
            .With("AdminApi:Keys:0:Key", AdminKey)
            .With("AdminApi:Keys:0:Roles:0", "admin")
            .With("AdminApi:Keys:1:Name", "bruno")
            .With("AdminApi:Keys:1:Key", AgentKey)
            .With("AdminApi:Keys:1:Roles:0", "agent")
            // The calibrated margin of the shipped model is too small for the bot ever to ask back; a real deployment may set one.
            .With("Classifier:AmbiguityMargin", "0.1")
            .WithAgent(0, "ana", "Ana Admin", ["admin"])
            .WithAgent(1, "dewi", "Dewi", ["agent"]);

    public static HttpClient AdminClient(BotHost host, string key = AdminKey)
    {
        var http = host.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    /// <summary>Polls a retraining run (<c>GET /retrain/{id}</c>) until it is no longer running: a full training, minutes at most.</summary>
    public static async Task<JsonElement> WaitForRetrainAsync(HttpClient admin, string location)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            var job = await GetAsync(admin, location);
            if (job.GetProperty("status").GetString() != "running")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, "The retraining did not finish in time.");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    public static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string path, object? body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Web);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<List<InboxItem>> ItemsAsync(BotHost host)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        return await db.Set<InboxItem>().AsNoTracking().OrderBy(i => i.Id).ToListAsync();
    }

    /// <summary>Items put in as the collector would (tests of the actions do not need the conversations behind them).</summary>
    public static async Task<List<long>> SeedItemsAsync(BotHost host, string reason, string language, params string[] texts)
    {
        var embedder = host.Services.GetRequiredService<HelpdeskBot.Classifier.Intents.ISentenceEmbedder>();
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();
        var next = (await db.Set<InboxItem>().MaxAsync(i => (long?)i.TranscriptEntryId) ?? 0) + 1_000_000;
        var items = texts.Select((text, n) => new InboxItem
        {
            ChannelId = "directline", ConversationId = "seeded-" + Guid.NewGuid().ToString("N"), TranscriptEntryId = next + n,
            Reason = reason, Text = text, Language = language, Intent = "oos", Confidence = 0.5f,
            Embedding = InboxCollector.ToBytes(embedder.Embed(text)), Status = InboxStatuses.Open, AtUtc = host.Time.GetUtcNow().UtcDateTime,
        }).ToList();
        db.Set<InboxItem>().AddRange(items);
        await db.SaveChangesAsync();
        return [.. items.Select(i => i.Id)];
    }

    public static IEnumerable<JsonElement> Groups(JsonElement view) => view.GetProperty("groups").EnumerateArray();

    public static JsonElement GroupWith(JsonElement view, long itemId) =>
        Groups(view).Single(g => g.GetProperty("itemIds").EnumerateArray().Any(i => i.GetInt64() == itemId));

    /// <summary>A console page's antiforgery token and the cookies to send with it (sign-in cookie + antiforgery cookie).</summary>
    public static async Task<(string Cookies, string Token)> ConsoleAsync(BotHost host, string userName)
    {
        var signedIn = await AgentConsoleClient.SignInAsync(host, userName);
        using var http = AgentConsoleClient.RawHttp(host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/inbox");
        request.Headers.Add("Cookie", signedIn);
        using var page = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenMeta().Match(html).Groups[1].Value);
        var antiforgery = AgentConsoleClient.Cookies(page);
        return (signedIn + (antiforgery.Length > 0 ? "; " + antiforgery : ""), token);
    }

    /// <summary>What Web Chat sends for an Action.Submit: a message whose value is the button's data, no text.</summary>
    public static Task<string> PressAsync(DirectLineSession session, JsonNode button) => session.SubmitAsync(button["data"]!);

    /// <summary>The answer card's button whose title contains <paramref name="title"/>.</summary>
    public static JsonNode Button(Activity answer, string title)
    {
        var card = JsonNode.Parse(Assert.Single(answer.Attachments!).Content!.Value.GetRawText())!;
        return card["body"]!.AsArray().Single(e => (string?)e!["type"] == "ActionSet")!["actions"]!.AsArray()
            .First(b => ((string?)b!["title"])!.Contains(title, StringComparison.Ordinal))!;
    }

    [GeneratedRegex("<meta name=\"request-verification-token\" content=\"([^\"]*)\"")]
    private static partial Regex TokenMeta();
}
