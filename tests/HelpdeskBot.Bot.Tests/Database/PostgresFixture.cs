using HelpdeskBot.Tests.Shared;

namespace HelpdeskBot.Bot.Tests.Database;

/// <summary>
/// One private PostgreSQL server per test class (so a class may restart its own), started before the class's first test
/// and stopped and deleted after its last; each test asks it for a fresh database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Test hosts on PostgreSQL.</summary>
public static class PostgresHosts
{
    /// <summary>
    /// Every store in PostgreSQL at <paramref name="connectionString"/>; no knowledge seed (embedding it takes a host most
    /// of a minute, and the knowledge library has its own PostgreSQL tests).
    /// </summary>
    public static BotHost OnPostgres(this BotHost host, string connectionString) =>
        host.With("Database:Provider", "Postgres")
            .With("ConnectionStrings:Helpdesk", connectionString)
            .With("Knowledge:SeedOnFirstRun", "false");
}
