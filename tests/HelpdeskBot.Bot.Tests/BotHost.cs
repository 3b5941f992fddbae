using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Classifier.Intents;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Bot.Tests;

/// <summary>
/// The real host over a fresh data directory (real SQLite files), with a fake clock so token lifetimes can be tested.
/// The trained intent model is cached in one folder shared by all test hosts so it is trained once per run, and the
/// knowledge base starts as a first run leaves it — the demo policies, seeded and embedded once per run and copied in
/// (<see cref="WithFreshKnowledgeBase"/> seeds for real).
/// </summary>
public sealed class BotHost : WebApplicationFactory<Program>
{
    public const string Secret = "test-directline-secret";

    /// <summary>The <c>DirectLine:UserSigningKey</c> test hosts share with <see cref="DirectLineClient"/>, a website back end's stand-in.</summary>
    public const string UserSigningKey = "test-website-user-signing-key-0123456789";

    public static string SharedModelDirectory { get; } = Path.Combine(Path.GetTempPath(), "helpdeskbot-test-models");

    /// <summary>The MiniLM embedder every test host uses (the real model; see <see cref="ConfigureWebHost"/>).</summary>
    public static MiniLmSentenceEmbedder SharedEmbedder { get; } = new();

    private readonly Dictionary<string, string?> _settings = new();
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly bool _ownsDirectory;
    private bool _freshKnowledge;

    /// <summary>
    /// The knowledge base a first start leaves behind (knowledge*.db files), built once per test process by a host that
    /// seeds for real. Embedding the ~150 seed chunks takes a host 15–20 s on a small machine; copying the files takes
    /// milliseconds, and every host still answers from the full demo corpus.
    /// </summary>
    private static readonly Lazy<string> SeededKnowledge = new(BuildSeededKnowledge, LazyThreadSafetyMode.ExecutionAndPublication);

    public BotHost() : this(NewDataDirectory(), ownsDirectory: true) { }

    public BotHost(string dataDirectory, bool ownsDirectory = false)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "helpdeskbot-tests", Guid.NewGuid().ToString("N"));

    public BotHost With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>
    /// Starts with no knowledge base, so the host creates and seeds its own as a real first run does (slow: it embeds
    /// the seed corpus). Hosts that set <c>Knowledge:SeedOnFirstRun</c> get no copy either.
    /// </summary>
    public BotHost WithFreshKnowledgeBase()
    {
        _freshKnowledge = true;
        return this;
    }

    public BotHost WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>
    /// The newest one-time code the demo back office "sent" to the demo employee EMP-0007 (phone or e-mail on file), read
    /// from its outbox as the person would read their SMS or mail.
    /// </summary>
    public async Task<string> LatestOneTimeCodeAsync()
    {
        var outbox = Services.GetRequiredService<HelpdeskBot.Connectors.Notifications.IDemoOutbox>();
        var messages = new List<HelpdeskBot.Connectors.Notifications.OutboxMessage>();
        foreach (var contact in (string[])["rina.wijaya@corp.example", "+6281300000007"])
        {
            messages.AddRange(await outbox.GetRecentAsync(contact, 5, CancellationToken.None));
        }

        var code = messages.OrderByDescending(m => m.Id)
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.Body, @"\b[0-9]{6}\b"))
            .FirstOrDefault(m => m.Success);
        return code?.Value ?? throw new InvalidOperationException("No one-time code in the demo outbox.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        CopySeededKnowledge();
        builder.UseSetting("Helpdesk:DataDirectory", DataDirectory);
        builder.UseSetting("DirectLine:Secret", Secret);
        builder.UseSetting("DirectLine:UserSigningKey", UserSigningKey);
        builder.UseSetting("Classifier:ModelDirectory", SharedModelDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            if (!_settings.ContainsKey("Classifier:Int8Embeddings"))
            {
                UseSharedEmbedder(services);
            }
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    /// <summary>
    /// One MiniLM session for every host of the run, as a host has one for its life: each host loading and freeing its
    /// own (several hundred hosts) took the test process to 15–20 GB resident. The classifier registers the embedder and,
    /// by factories, its two interfaces; a container disposes what its factories return, so each of the three becomes the
    /// shared instance itself (instances are never disposed by a container). A host configured for another embedding
    /// provider keeps its own (its registration is not the classifier's).
    /// </summary>
    private static void UseSharedEmbedder(IServiceCollection services)
    {
        var classifier = typeof(MiniLmSentenceEmbedder).Assembly;
        foreach (var type in (Type[])[typeof(MiniLmSentenceEmbedder), typeof(ISentenceEmbedder), typeof(Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>)])
        {
            var registered = services.LastOrDefault(d => d.ServiceType == type);
            if (registered?.ImplementationFactory?.Method.DeclaringType?.Assembly == classifier)
            {
                services.Replace(ServiceDescriptor.Singleton(type, SharedEmbedder));
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    private void CopySeededKnowledge()
    {
        // A restarted host (same data directory) keeps the knowledge base it had.
        if (_freshKnowledge || _settings.ContainsKey("Knowledge:SeedOnFirstRun") || File.Exists(Path.Combine(DataDirectory, "knowledge.db")))
        {
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        foreach (var file in Directory.EnumerateFiles(SeededKnowledge.Value, "knowledge*"))
        {
            File.Copy(file, Path.Combine(DataDirectory, Path.GetFileName(file)));
        }
    }

    private static string BuildSeededKnowledge()
    {
        var directory = Path.Combine(Path.GetTempPath(), "helpdeskbot-tests", $"seeded-knowledge-{Environment.ProcessId}-{Guid.NewGuid():N}");
        using (var host = new BotHost(directory).WithFreshKnowledgeBase())
        {
            // Starting the host creates the knowledge base and loads the seed before it serves.
            host.CreateClient().Dispose();
        }

        // Close the pooled connections so the SQLite files are complete (write-ahead log checkpointed) before copies.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(directory);
        return directory;
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a pooled handle for a moment; the OS temp cleaner gets it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A minimal Direct Line client, written against the protocol rather than the host's types.</summary>
public sealed class DirectLineClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonElement> GenerateTokenAsync(object? body = null, string secret = BotHost.Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate")
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Generates a token and starts its conversation, as Web Chat does; with <paramref name="signedInAs"/>, the token request
    /// vouches for that signed-in user the way a website's back end does.
    /// </summary>
    public async Task<DirectLineSession> StartAsync(string? locale = null, HelpdeskBot.Connectors.Requester? signedInAs = null)
    {
        var signedInUser = signedInAs is null
            ? null
            : HelpdeskBot.Bot.Channels.DirectLine.SignedInUsers.Sign(signedInAs, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), BotHost.UserSigningKey);
        var generated = await GenerateTokenAsync(locale is null && signedInUser is null ? null : new { locale, signedInUser });
        var token = generated.GetProperty("token").GetString()!;
        using var response = await SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new DirectLineSession(this, started.GetProperty("conversationId").GetString()!, token, started.GetProperty("streamUrl").GetString()!);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return await http.SendAsync(request);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

public sealed record DirectLineSession(DirectLineClient Client, string ConversationId, string Token, string StreamUrl)
{
    public string ActivitiesPath => $"/v3/directline/conversations/{ConversationId}/activities";

    public async Task<HttpResponseMessage> PostRawAsync(string json, string? token = null) =>
        await Client.SendAsync(HttpMethod.Post, ActivitiesPath, token ?? Token, DirectLineClient.Json(json));

    /// <summary>
    /// What Web Chat sends for an Adaptive Card's Action.Submit: a message with no text whose value is the button's data
    /// (plus any inputs); returns the id the server gave it.
    /// </summary>
    public async Task<string> SubmitAsync(System.Text.Json.Nodes.JsonNode value)
    {
        var activity = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message",
            ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "ignored" },
            ["value"] = value.DeepClone(),
            ["channelData"] = new System.Text.Json.Nodes.JsonObject { ["postBack"] = true, ["clientActivityID"] = Guid.NewGuid().ToString("N") },
        };
        using var response = await PostRawAsync(activity.ToJsonString());
        Xunit.Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Sends a message as Web Chat would and returns the id the server gave it.</summary>
    public async Task<string> SayAsync(string text, string? locale = null, string? clientActivityId = null)
    {
        var activity = new
        {
            type = "message",
            from = new { id = "ignored-by-server" },
            text,
            locale,
            channelData = new { clientActivityID = clientActivityId ?? Guid.NewGuid().ToString("N") },
        };
        using var response = await Client.SendAsync(HttpMethod.Post, ActivitiesPath, Token, JsonContent.Create(activity));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetString()!;
    }

    public async Task<ActivitySet> GetActivitiesAsync(string? watermark = null)
    {
        var path = watermark is null ? ActivitiesPath : $"{ActivitiesPath}?watermark={watermark}";
        using var response = await Client.SendAsync(HttpMethod.Get, path, Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ActivitySet>(ProtocolJson.Options))!;
    }

    /// <summary>
    /// The whole log, page after page: one GET returns at most a page (100 activities), so a conversation of more than
    /// about 50 turns has its later replies only on the next pages.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> GetAllActivitiesAsync()
    {
        var all = new List<Activity>();
        string? watermark = null;
        while (true)
        {
            var page = await GetActivitiesAsync(watermark);
            if (page.Activities.Count == 0)
            {
                return all;
            }
            all.AddRange(page.Activities);
            watermark = page.Watermark;
        }
    }

    /// <summary>The bot's messages that answer the given user activity.</summary>
    public async Task<IReadOnlyList<Activity>> RepliesToAsync(string activityId) =>
        (await GetAllActivitiesAsync()).Where(a => a.ReplyToId == activityId && a.From?.Role == "bot").ToList();

    /// <summary>Says something and returns the text of the bot's replies, joined.</summary>
    public async Task<string> AskAsync(string text, string? locale = null)
    {
        var id = await SayAsync(text, locale);
        var replies = await RepliesToAsync(id);
        Assert.NotEmpty(replies);
        return string.Join("\n", replies.Select(ShownText));
    }

    /// <summary>
    /// The buttons a user sees on a message: its suggested actions and its Adaptive Card's buttons, wherever they sit in
    /// the card (a card that offers the same choice replaces the suggested actions).
    /// </summary>
    public static IEnumerable<string> ButtonTitles(Activity reply)
    {
        foreach (var action in reply.SuggestedActions?.Actions ?? [])
        {
            yield return action.Title ?? string.Empty;
        }

        foreach (var attachment in reply.Attachments ?? [])
        {
            if (attachment.ContentType != "application/vnd.microsoft.card.adaptive" || attachment.Content is not { } card)
            {
                continue;
            }

            foreach (var title in ActionTitles(card))
            {
                yield return title;
            }
        }

        static IEnumerable<string> ActionTitles(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                return element.EnumerateArray().SelectMany(ActionTitles);
            }
            if (element.ValueKind != JsonValueKind.Object)
            {
                return [];
            }
            var own = element.TryGetProperty("type", out var type) && type.GetString()?.StartsWith("Action.", StringComparison.Ordinal) == true
                && element.TryGetProperty("title", out var title) && title.GetString() is { } text
                    ? [text]
                    : Array.Empty<string>();
            return own.Concat(element.EnumerateObject().Where(p => p.Name is "body" or "actions" or "items" or "columns").SelectMany(p => ActionTitles(p.Value)));
        }
    }

    /// <summary>
    /// What the user reads: the message's text, or the text blocks of a card sent without text (a knowledge answer; the
    /// final message of a stream has empty text then, so Web Chat joins it to the stream).
    /// </summary>
    public static string? ShownText(Activity activity) =>
        (string.IsNullOrEmpty(activity.Text) ? null : activity.Text) ?? (activity.Attachments?.FirstOrDefault(a => a.ContentType == "application/vnd.microsoft.card.adaptive")?.Content is { } card
            && card.TryGetProperty("body", out var body)
                ? string.Join("\n\n", body.EnumerateArray()
                    .Where(e => e.TryGetProperty("type", out var t) && t.GetString() == "TextBlock")
                    .Select(e => e.GetProperty("text").GetString()))
                : null);
}
