using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Connectors.Tests.Orders;

public sealed class CustomerProfileTests(SeededBackOfficeFixture fixture) : IClassFixture<SeededBackOfficeFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private Task<CustomerProfile?> ProfileOf(Requester requester) =>
        fixture.Host.Orders.GetCustomerProfileAsync(requester, None);

    [Fact]
    public async Task Readme_customer_CUS_0001_gets_their_own_record_with_masked_contacts_and_their_orders()
    {
        var profile = await ProfileOf(Requester.Customer("CUS-0001"));

        // The README's account owns exactly ORD-100123 … ORD-100127; ORD-100125 (19 Nov) is the latest placed.
        Assert.Equal(
            new CustomerProfile("CUS-0001", "Budi Santoso", "b***@example.com", "+62***0001", 5, "ORD-100125", new DateOnly(2026, 11, 19)),
            profile);
    }

    [Fact]
    public async Task The_full_contacts_never_leave_the_connector()
    {
        var profile = await ProfileOf(Requester.Customer("CUS-0001"));

        Assert.NotNull(profile);
        Assert.DoesNotContain("budi.santoso", profile.MaskedEmail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("81200000001", profile.MaskedPhone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_customer_id_is_matched_case_insensitively()
    {
        var profile = await ProfileOf(Requester.Customer(" cus-0001 "));

        Assert.Equal("CUS-0001", profile?.CustomerId);
    }

    [Fact]
    public async Task Someone_who_is_not_a_signed_in_customer_gets_no_record()
    {
        Assert.Null(await ProfileOf(Requester.Anonymous));
        Assert.Null(await ProfileOf(Requester.Employee("EMP-0007")));
        Assert.Null(await ProfileOf(Requester.Supplier("SUP-0001")));

        // The kind decides, not an id that looks like a customer's.
        Assert.Null(await ProfileOf(new Requester(RequesterKind.Employee, "CUS-0001")));
        Assert.Null(await ProfileOf(new Requester(RequesterKind.Supplier, "CUS-0001")));
    }

    [Theory]
    [InlineData("CUS-9999")]
    [InlineData("CUS-0001-AND-SOME-MORE-TEXT")]
    [InlineData("EMP-0007")]
    public async Task An_id_the_order_system_does_not_know_gets_no_record(string customerId)
    {
        Assert.Null(await ProfileOf(Requester.Customer(customerId)));
    }

    [Fact]
    public async Task A_customer_without_orders_has_a_count_of_zero_and_no_latest_order()
    {
        await using var backOffice = await FreshBackOffice.StartAsync();
        await using (var db = backOffice.Host.CreateDbContext())
        {
            db.Customers.Add(new Customer { Id = "CUS-7777", Name = "Dewi Lestari", Email = "dewi.lestari@example.com", Phone = "+6281377770000" });
            await db.SaveChangesAsync();
        }

        var profile = await backOffice.Host.Orders.GetCustomerProfileAsync(Requester.Customer("CUS-7777"), None);

        Assert.Equal(new CustomerProfile("CUS-7777", "Dewi Lestari", "d***@example.com", "+62***0000", 0, null, null), profile);
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_reports_the_order_system_as_unavailable()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);

        // The path is a directory, so SQLite cannot open it: the host is built but never started.
        using var host = BackOfficeHost.Build(directory.Path);
        var orders = host.Services.GetRequiredService<IOrderService>();

        var error = await Assert.ThrowsAsync<BackOfficeUnavailableException>(
            () => orders.GetCustomerProfileAsync(Requester.Customer("CUS-0001"), None));
        Assert.Equal(BackOfficeSystem.Orders, error.System);
    }
}
