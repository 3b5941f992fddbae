using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Connectors.Tests.BackOffice;

public sealed class InitializationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Two_fresh_databases_hold_identical_data()
    {
        string first, second;
        OrderStatusInfo? firstOrder, secondOrder;
        await using (var host = await BackOfficeHost.StartAsync(_directory.File("a/backoffice.db")))
        {
            first = await DatabaseSnapshot.TakeAsync(host.ConnectionString);
            firstOrder = await host.Orders.GetStatusAsync("ORD-100123", Requester.Customer("CUS-0001"), CancellationToken.None);
        }

        await using (var host = await BackOfficeHost.StartAsync(_directory.File("b/backoffice.db")))
        {
            second = await DatabaseSnapshot.TakeAsync(host.ConnectionString);
            secondOrder = await host.Orders.GetStatusAsync("ORD-100123", Requester.Customer("CUS-0001"), CancellationToken.None);
        }

        Assert.NotNull(firstOrder);
        Assert.Equal(firstOrder, secondOrder);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Initialising_again_and_restarting_do_not_duplicate_records()
    {
        var path = _directory.File("backoffice.db");
        string seeded;
        await using (var host = await BackOfficeHost.StartAsync(path))
        {
            seeded = await DatabaseSnapshot.TakeAsync(host.ConnectionString);
            await host.Initializer.InitializeAsync(CancellationToken.None);
            Assert.Equal(seeded, await DatabaseSnapshot.TakeAsync(host.ConnectionString));
        }

        await using (var restarted = await BackOfficeHost.StartAsync(path))
        {
            Assert.Equal(seeded, await DatabaseSnapshot.TakeAsync(restarted.ConnectionString));
        }
    }

    [Fact]
    public async Task Restart_keeps_changes_made_after_seeding()
    {
        var path = _directory.File("backoffice.db");
        await using (var host = await BackOfficeHost.StartAsync(path))
        {
            await using var db = host.CreateDbContext();
            var order = await db.Orders.SingleAsync(o => o.Id == "ORD-100125");
            order.Status = OrderState.Cancelled;
            await db.SaveChangesAsync();
        }

        await using var restarted = await BackOfficeHost.StartAsync(path);
        var status = await restarted.Orders.GetStatusAsync("ORD-100125", Requester.Customer("CUS-0001"), CancellationToken.None);

        Assert.Equal(OrderState.Cancelled, status?.Status);
    }

    [Fact]
    public async Task A_database_from_an_older_schema_is_recreated_and_seeded_again()
    {
        var path = _directory.File("backoffice.db");
        string seeded;
        await using (var host = await BackOfficeHost.StartAsync(path))
        {
            seeded = await DatabaseSnapshot.TakeAsync(host.ConnectionString);
            await using var db = host.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF; DROP TABLE SupplierInvoices; DROP TABLE Suppliers;");
        }

        await using var restarted = await BackOfficeHost.StartAsync(path);

        Assert.Equal(seeded, await DatabaseSnapshot.TakeAsync(restarted.ConnectionString));
    }

    [Fact]
    public async Task Databases_on_different_files_can_be_created_at_the_same_time()
    {
        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => BackOfficeHost.StartAsync(_directory.File($"p{i}/backoffice.db"))));
        try
        {
            foreach (var host in hosts)
            {
                await using var db = host.CreateDbContext();
                Assert.Equal(240, await db.Orders.CountAsync());
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
    public async Task Initialisers_racing_on_one_new_file_seed_it_once()
    {
        var path = _directory.File("shared/backoffice.db");
        var hosts = Enumerable.Range(0, 4).Select(_ => BackOfficeHost.Build(path)).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(h => Task.Run(() => h.StartAsync())));

            await using var reader = await BackOfficeHost.StartAsync(path);
            await using var db = reader.CreateDbContext();
            Assert.Equal(60, await db.Customers.CountAsync());
            Assert.Equal(240, await db.Orders.CountAsync());
            Assert.Equal(120, await db.Invoices.CountAsync());
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Start_fails_when_no_database_path_is_configured(string? databasePath)
    {
        using var host = BackOfficeHost.Build(databasePath);

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
