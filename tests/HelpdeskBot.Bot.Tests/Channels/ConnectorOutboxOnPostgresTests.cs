using HelpdeskBot.Bot.Tests.Database;
using HelpdeskBot.Bot.Tests.Scaling;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>
/// The outbox's claims on PostgreSQL, where two instances' UPDATEs really run at once (SQLite takes writers one at a
/// time): two hosts on one PostgreSQL database, each with its own data directory, sweep the same owed replies.
/// </summary>
public sealed class ConnectorOutboxOnPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Two_hosts_on_one_postgres_database_sweeping_together_send_every_owed_reply_once_and_in_order()
    {
        using var database = SharedDatabase.OnPostgres(await postgres.Server.CreateDatabaseAsync());
        await ConnectorOutboxTests.TwoHostsSweepEveryReplyOnceAndInOrderAsync(_connector, database);
    }
}
