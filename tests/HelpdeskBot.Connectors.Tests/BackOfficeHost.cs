using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.Tests;

/// <summary>A host wired exactly as the bot wires the connectors (<c>AddConnectors</c>), on a real SQLite file.</summary>
internal sealed class BackOfficeHost : IAsyncDisposable
{
    private readonly IHost _host;

    private BackOfficeHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IOrderService Orders => Services.GetRequiredService<IOrderService>();

    public BackOfficeInitializer Initializer => Services.GetRequiredService<BackOfficeInitializer>();

    public string ConnectionString => Services.GetRequiredService<IOptions<BackOfficeOptions>>().Value.ConnectionString;

    public static IHost Build(string? databasePath)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{BackOfficeOptions.SectionName}:{nameof(BackOfficeOptions.DatabasePath)}"] = databasePath,
        });
        builder.Services.AddLogging();
        builder.AddConnectors();
        return builder.Build();
    }

    /// <summary>Builds and starts the host, which creates and seeds the database.</summary>
    public static async Task<BackOfficeHost> StartAsync(string databasePath)
    {
        var host = Build(databasePath);
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
