using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Bot.Tests.Database;
using HelpdeskBot.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>
/// The one place that gives both instances their database: one SQLite data directory both hosts share (state.db, and with
/// it the knowledge base and the demo back office), or one PostgreSQL database with a data directory of each host's own,
/// as instances on separate machines have.
/// </summary>
public abstract class SharedDatabase : IDisposable
{
    /// <summary>Both hosts on one SQLite data directory.</summary>
    public static SharedDatabase ForTests() => new SharedSqliteDirectory();

    /// <summary>Both hosts on one PostgreSQL database (every store), each with its own data directory.</summary>
    public static SharedDatabase OnPostgres(string connectionString) => new SharedPostgres(connectionString);

    /// <summary>A host configured for this database (not started).</summary>
    public abstract BotHost NewHost();

    public abstract void Dispose();

    private sealed class SharedSqliteDirectory : SharedDatabase
    {
        private readonly string _directory = BotHost.NewDataDirectory();

        public override BotHost NewHost() => new(_directory);

        public override void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            BotHost.TryDelete(_directory);
        }
    }

    private sealed class SharedPostgres(string connectionString) : SharedDatabase
    {
        private readonly List<string> _directories = [];

        public override BotHost NewHost()
        {
            var directory = BotHost.NewDataDirectory();
            _directories.Add(directory);
            return new BotHost(directory).OnPostgres(connectionString);
        }

        public override void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            foreach (var directory in _directories)
            {
                BotHost.TryDelete(directory);
            }
        }
    }
}

/// <summary>
/// Two bot instances on two real Kestrel ports, sharing one database and (when given) one Redis, as two instances behind
/// a load balancer do. Each records its log so tests can count its warnings.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private readonly SharedDatabase _database;

    private TwoInstances(SharedDatabase database, BotHost a, BotHost b)
    {
        _database = database;
        A = a;
        B = b;
    }

    public BotHost A { get; }

    public BotHost B { get; }

    /// <summary>Starts A, then B (one after the other: the first creates the shared database and knowledge base).</summary>
    public static TwoInstances Start(RedisServer? redis, Action<BotHost>? configure = null, SharedDatabase? on = null)
    {
        var database = on ?? SharedDatabase.ForTests();
        BotHost Host()
        {
            var host = database.NewHost()
                .With("Redis:Connection", redis?.Connection)
                // Renewed every 2 s, expiring after 6 s: a host stalled for a few seconds on a busy CI machine must not look gone.
                .With("Redis:PresenceSeconds", "2")
                .WithServices(services => services.AddLogging(logging => logging.AddFakeLogging()));
            configure?.Invoke(host);
            host.UseKestrel(0);
            host.StartServer();
            return host;
        }

        var a = Host();
        try
        {
            return new TwoInstances(database, a, Host());
        }
        catch
        {
            a.Dispose();
            database.Dispose();
            throw;
        }
    }

    public static DirectLineClient DirectLine(BotHost host) => new(host.CreateClient());

    /// <summary>
    /// An HTTP client for the instance's real Kestrel port that neither follows redirects nor keeps cookies, as
    /// <see cref="Handoff.AgentConsoleClient.RawHttp"/> is for the test server: tests send and read the cookies themselves.
    /// </summary>
    public static HttpClient RawHttp(BotHost host)
    {
        using var started = host.CreateClient();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = started.BaseAddress };
    }

    /// <summary>The Direct Line path and bearer of <paramref name="session"/> on the other instance: same conversation, same token.</summary>
    public static DirectLineSession On(BotHost host, DirectLineSession session) => session with { Client = DirectLine(host) };

    public static IReadOnlyList<FakeLogRecord> Warnings(BotHost host, string startingWith) =>
        [.. host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.StartsWith(startingWith, StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>A Direct Line WebSocket over real Kestrel that keeps every set it receives, for ordering and duplicate checks.</summary>
public sealed class StreamWatcher : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private StreamWatcher(ClientWebSocket socket) => _socket = socket;

    /// <summary>Every activity received, in arrival order, with the watermark of the set it came in.</summary>
    public List<(Activity Activity, long Watermark)> Received { get; } = [];

    public static async Task<StreamWatcher> OpenAsync(string streamUrl)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
        return new StreamWatcher(socket);
    }

    /// <summary>Reads sets until <paramref name="done"/> holds for what was received; fails after <paramref name="seconds"/>.</summary>
    public async Task ReadUntilAsync(Func<IReadOnlyList<Activity>, bool> done, int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var buffer = new byte[64 * 1024];
        while (!done([.. Received.Select(r => r.Activity)]))
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            try
            {
                do
                {
                    result = await _socket.ReceiveAsync(buffer, timeout.Token);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The stream did not deliver what was expected within {seconds} s; received: " +
                    string.Join(" | ", Received.Select(r => $"{r.Watermark}:{r.Activity.From?.Role}:{r.Activity.Type}:{r.Activity.Text}")));
            }
            if (message.Length == 0)
            {
                continue; // keep-alive
            }
            var set = JsonSerializer.Deserialize<ActivitySet>(Encoding.UTF8.GetString(message.ToArray()), ProtocolJson.Options)!;
            var watermark = long.Parse(set.Watermark!, System.Globalization.CultureInfo.InvariantCulture);
            Received.AddRange(set.Activities.Select(a => (a, watermark)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The host went first.
        }
        _socket.Dispose();
    }
}
