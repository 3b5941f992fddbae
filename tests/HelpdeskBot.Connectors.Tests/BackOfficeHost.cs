using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Connectors.Tests;

/// <summary>A host wired exactly as the bot wires the connectors (<c>AddConnectors</c>), on a real SQLite file.</summary>
internal sealed class BackOfficeHost : IAsyncDisposable
{
    private readonly IHost _host;

    private BackOfficeHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IOrderService Orders => Services.GetRequiredService<IOrderService>();

    public IItSupportService It => Services.GetRequiredService<IItSupportService>();

    public IHrService Hr => Services.GetRequiredService<IHrService>();

    public IInvoiceService Invoices => Services.GetRequiredService<IInvoiceService>();

    public INotificationService Notifications => Services.GetRequiredService<INotificationService>();

    public IDemoOutbox Outbox => Services.GetRequiredService<IDemoOutbox>();

    public BackOfficeInitializer Initializer => Services.GetRequiredService<BackOfficeInitializer>();

    public string ConnectionString => Services.GetRequiredService<IOptions<BackOfficeOptions>>().Value.ConnectionString;

    public static IHost Build(string? databasePath, TimeProvider? time = null, string? businessDate = null, string? postgres = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{BackOfficeOptions.SectionName}:{nameof(BackOfficeOptions.DatabasePath)}"] = databasePath,
            [$"{BackOfficeOptions.SectionName}:{nameof(BackOfficeOptions.BusinessDate)}"] = businessDate,
            [$"{BackOfficeOptions.SectionName}:{nameof(BackOfficeOptions.PostgresConnectionString)}"] = postgres,
        });
        builder.Services.AddLogging();
        if (time is not null)
        {
            // Registered first: AddConnectors only adds the system clock when the host has none.
            builder.Services.AddSingleton(time);
        }

        builder.AddConnectors();
        return builder.Build();
    }

    /// <summary>Builds and starts the host, which creates and seeds the database.</summary>
    public static async Task<BackOfficeHost> StartAsync(string databasePath, TimeProvider? time = null, string? businessDate = null, string? postgres = null)
    {
        var host = Build(databasePath, time, businessDate, postgres);
        await host.StartAsync();
        return new BackOfficeHost(host);
    }

    public BackOfficeDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<BackOfficeDbContext>>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        var connectionString = ConnectionString;
        await _host.StopAsync();
        _host.Dispose();

        // Pooled connections keep the file open; release them so the temp directory can go.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}

/// <summary>A directory of its own under the system temp directory, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "helpdeskbot-connectors-tests", Guid.NewGuid().ToString("N"));

    public string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public void Dispose() => Delete(Path);

    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}

/// <summary>One seeded database shared by the tests of a class; those tests only read.</summary>
public sealed class SeededBackOfficeFixture : IAsyncLifetime
{
    private readonly string _directory = new TempDirectory().Path;
    private BackOfficeHost? _host;

    internal BackOfficeHost Host => _host ?? throw new InvalidOperationException("The fixture has not started.");

    internal string DatabasePath => System.IO.Path.Combine(_directory, "data", "backoffice.db");

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync(DatabasePath);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        TempDirectory.Delete(_directory);
    }
}

/// <summary>
/// A freshly seeded back office of its own, for tests that change data, with a fake clock standing at the demo's
/// frozen "today" (2026-11-20 10:00 UTC).
/// </summary>
internal sealed class FreshBackOffice : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private FreshBackOffice(TempDirectory directory, BackOfficeHost host, FakeTimeProvider time)
    {
        _directory = directory;
        Host = host;
        Time = time;
    }

    public static DateTimeOffset Start { get; } = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public BackOfficeHost Host { get; }

    public FakeTimeProvider Time { get; }

    public static async Task<FreshBackOffice> StartAsync(string? businessDate = null)
    {
        var directory = new TempDirectory();
        var time = new FakeTimeProvider(Start);
        var host = await BackOfficeHost.StartAsync(directory.File("backoffice.db"), time, businessDate);
        return new FreshBackOffice(directory, host, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _directory.Dispose();
    }
}
