using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HelpdeskBot.Connectors.Tests.BackOffice;

/// <summary>One private PostgreSQL server for the class, stopped and deleted after its last test.</summary>
public sealed class BackOfficePostgres : IAsyncLifetime
{
    internal PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The demo back office on both providers: migrations build the schema and cover the model, it seeds into PostgreSQL and
/// answers there as on SQLite, hosts starting together seed once, and a file made before migrations keeps its changes.
/// </summary>
public sealed class BackOfficeDatabaseTests(BackOfficePostgres postgres) : IClassFixture<BackOfficePostgres>, IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Migrations_build_the_back_office_schema_on_empty_PostgreSQL_and_SQLite_databases_and_cover_the_model()
    {
        var postgresBuilder = new DbContextOptionsBuilder<PostgresBackOfficeDbContext>();
        BackOfficeDatabase.UsePostgres(postgresBuilder, await postgres.Server.CreateDatabaseAsync());
        Directory.CreateDirectory(_directory.Path);
        var sqliteBuilder = new DbContextOptionsBuilder<SqliteBackOfficeDbContext>();
        BackOfficeDatabase.UseSqlite(sqliteBuilder, new BackOfficeOptions { DatabasePath = _directory.File("migrations.db") });

        foreach (BackOfficeDbContext db in (BackOfficeDbContext[])[new PostgresBackOfficeDbContext(postgresBuilder.Options), new SqliteBackOfficeDbContext(sqliteBuilder.Options)])
        {
            await using (db)
            {
                Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} has model changes no migration covers: run bot/Database/migrations.sh add <Name>.");
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(0, await db.Customers.CountAsync());
            }
        }

        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_demo_back_office_seeds_into_PostgreSQL_and_answers_as_it_does_on_SQLite()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        OrderStatusInfo? onSqlite;
        await using (var sqlite = await BackOfficeHost.StartAsync(_directory.File("backoffice.db")))
        {
            onSqlite = await sqlite.Orders.GetStatusAsync("ORD-100123", Requester.Customer("CUS-0001"), None);
        }

        await using var host = await BackOfficeHost.StartAsync(_directory.File("unused.db"), postgres: connectionString);
        Assert.False(File.Exists(_directory.File("unused.db")));
        Assert.NotNull(onSqlite);
        Assert.Equal(onSqlite, await host.Orders.GetStatusAsync("ORD-100123", Requester.Customer("CUS-0001"), None));
        Assert.Null(await host.Orders.GetStatusAsync("ORD-100123", Requester.Customer("CUS-0002"), None));

        // A write that runs in a transaction.
        var ticket = await host.It.CreateTicketAsync(new NewTicket(TicketCategory.Printer, "The printer on floor 3 jams", TicketUrgency.Medium), Requester.Employee("EMP-0007"), None);
        Assert.Contains((await host.It.GetOpenTicketsAsync(Requester.Employee("EMP-0007"), None)), t => t.TicketId == ticket.TicketId);

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM backoffice.\"ItTickets\" WHERE \"Id\" = @id", db);
        command.Parameters.AddWithValue("id", ticket.TicketId);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Concurrent_writes_on_PostgreSQL_neither_collide_nor_lose_a_count()
    {
        await using var host = await BackOfficeHost.StartAsync(_directory.File("unused.db"), postgres: await postgres.Server.CreateDatabaseAsync());

        // The next ticket number is the count plus one, read then written: PostgreSQL must not run two at once.
        var tickets = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            host.It.CreateTicketAsync(new NewTicket(TicketCategory.Printer, $"Printer {i} jams", TicketUrgency.Low), Requester.Employee("EMP-0007"), None))));
        Assert.Equal(12, tickets.Select(t => t.TicketId).Distinct().Count());

        // A verification counter is created by the first failure and counted by every one, even when they race.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            host.Orders.VerifyAsync("ORD-100124", "wrong@example.com", $"visitor-{i}", None))));
        Assert.All(outcomes, o => Assert.NotEqual(OrderVerificationOutcome.Verified, o.Outcome));
        Assert.Contains(outcomes, o => o.Outcome == OrderVerificationOutcome.LockedOut || o.AttemptsLeft == 0);
    }

    [Fact]
    public async Task Verifications_on_PostgreSQL_do_not_wait_for_a_back_office_write_in_progress_and_count_racing_failures_exactly()
    {
        await using var host = await BackOfficeHost.StartAsync(_directory.File("unused.db"), postgres: await postgres.Server.CreateDatabaseAsync());

        // Another back-office write (a ticket, a leave request) holds the write lock for as long as its caller takes. Under
        // load every anonymous visitor's e-mail check queued behind such locks, and some waited past the command timeout.
        await using var writer = host.CreateDbContext();
        await using var transaction = await BackOfficeDatabase.BeginWriteAsync(writer, None);
        var right = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            host.Orders.VerifyAsync("ORD-100124", "budi.santoso@example.com", $"visitor-{i}", None)));
        var wrong = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            host.Orders.VerifyAsync("ORD-100125", "wrong@example.com", $"guesser-{i}", None)));
        var outcomes = await Task.WhenAll(right.Concat(wrong)).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(outcomes[..20], o => Assert.Equal(new OrderVerification(OrderVerificationOutcome.Verified, IOrderService.MaxVerificationFailures), o));
        // Eight guesses at one order at once: the first five counted read "mismatch" with 4…0 tries left, the rest "locked out".
        Assert.Equal([0, 1, 2, 3, 4], outcomes[20..].Where(o => o.Outcome == OrderVerificationOutcome.Mismatch).Select(o => o.AttemptsLeft).Order());
        Assert.Equal(3, outcomes[20..].Count(o => o.Outcome == OrderVerificationOutcome.LockedOut));
        await transaction.RollbackAsync();

        await using var db = host.CreateDbContext();
        Assert.Equal(IOrderService.MaxVerificationFailures, (await db.VerificationFailures.SingleAsync(v => v.Key == "order:ORD-100125")).FailureCount);
        // Each guesser failed once (one that saw the order already locked was not counted at all); the right e-mails wrote nothing.
        var visitors = await db.VerificationFailures.Where(v => v.Key.StartsWith("visitor:")).ToListAsync();
        Assert.InRange(visitors.Count, IOrderService.MaxVerificationFailures, 8);
        Assert.All(visitors, v => Assert.Equal(1, v.FailureCount));
    }

    [Fact]
    public async Task Hosts_starting_together_on_one_empty_PostgreSQL_database_seed_it_once()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            Task.Run(() => BackOfficeHost.StartAsync(_directory.File($"unused-{i}.db"), postgres: connectionString))));
        try
        {
            await using var db = hosts[0].CreateDbContext();
            Assert.Equal(Connectors.BackOffice.DemoBackOffice.Create().Customers.Count, await db.Customers.CountAsync());
            foreach (var host in hosts)
            {
                Assert.NotNull(await host.Orders.GetStatusAsync("ORD-100123", Requester.Customer("CUS-0001"), None));
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_back_office_file_made_before_migrations_is_baselined_and_keeps_its_changes()
    {
        var path = _directory.File("old/backoffice.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var builder = new DbContextOptionsBuilder<SqliteBackOfficeDbContext>();
        BackOfficeDatabase.UseSqlite(builder, new BackOfficeOptions { DatabasePath = path });
        // What versions before migrations did: the model's schema, seeded; then a change made while it ran.
        await using (var old = new SqliteBackOfficeDbContext(builder.Options))
        {
            await old.Database.EnsureCreatedAsync();
        }

        await using (var seeding = await BackOfficeHost.StartAsync(path))
        {
            await using var db = seeding.CreateDbContext();
            Assert.Single(await db.Database.GetAppliedMigrationsAsync());
            var order = await db.Orders.SingleAsync(o => o.Id == "ORD-100125");
            order.Status = OrderState.Cancelled;
            await db.SaveChangesAsync();
        }

        await using var restarted = await BackOfficeHost.StartAsync(path);
        Assert.Equal(OrderState.Cancelled, (await restarted.Orders.GetStatusAsync("ORD-100125", Requester.Customer("CUS-0001"), None))?.Status);
    }
}
