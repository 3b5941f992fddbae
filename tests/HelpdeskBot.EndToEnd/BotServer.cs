using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// The real bot host on a real loopback port (Kestrel, not TestServer), because the browser has to reach it over HTTP
/// and WebSockets. Each instance gets its own data directory, so nothing is shared with a developer's state.
/// </summary>
public sealed class BotServer : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "helpdeskbot-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> _services = [];

    public BotServer()
    {
        UseKestrel(port: 0);
    }

    /// <summary>Everything the host logged, newest last, for failure messages.</summary>
    public ServerLog Log { get; } = new();

    /// <summary>A configuration value for the host; only before it starts (before <see cref="RootUri"/>).</summary>
    public BotServer With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Changes the host's services (a test-only skill); only before it starts.</summary>
    public BotServer WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Starts the host (once) and returns its address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri RootUri
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("The bot host listens on no http:// address: " + string.Join(", ", addresses));
            // Kestrel may report the wildcard or "localhost"; the browser should use loopback explicitly.
            var uri = new UriBuilder(address) { Host = "127.0.0.1", Path = "/" };
            return uri.Uri;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Helpdesk:DataDirectory", _dataDirectory);
        builder.UseSetting("DirectLine:Secret", "e2e-secret-" + Guid.NewGuid().ToString("N"));
        // The intent model is cached by a hash of its data: share the cache with the other test hosts so it trains once a run.
        builder.UseSetting("Classifier:ModelDirectory", Path.Combine(Path.GetTempPath(), "helpdeskbot-test-models"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp directory behind.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

/// <summary>Keeps the host's log lines in memory so a failing browser test can show what the server saw.</summary>
public sealed class ServerLog : ILoggerProvider
{
    private const int MaxLines = 400;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string Tail(int count = 80) => string.Join(Environment.NewLine, _lines.TakeLast(count));

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}";
            log.Add(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
