using System.Text.RegularExpressions;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.Tests.BackOffice;

public sealed class SeededDataTests(SeededBackOfficeFixture fixture) : IClassFixture<SeededBackOfficeFixture>
{
    private static readonly DateOnly FirstDay = new(2026, 9, 1);
    private static readonly DateOnly AsOf = new(2026, 11, 20);
    private static readonly string[] Carriers = ["JNE", "J&T Express", "SiCepat", "AnterAja", "Pos Indonesia"];
    private static readonly DayOfWeek[] Weekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    [Fact]
    public async Task Seeding_creates_at_least_the_documented_number_of_each_record()
    {
        await using var db = fixture.Host.CreateDbContext();

        Assert.True(await db.Customers.CountAsync() >= 50);
        Assert.True(await db.Orders.CountAsync() >= 200);
        Assert.True(await db.Invoices.CountAsync() >= 100);
        Assert.True(await db.Employees.CountAsync() >= 30);
        Assert.True(await db.ItTickets.CountAsync() >= 50);
    }

    [Fact]
    public async Task Ids_have_the_documented_formats_and_are_numbered_from_one()
    {
        await using var db = fixture.Host.CreateDbContext();

        AssertNumbered(await db.Customers.Select(c => c.Id).ToListAsync(), @"^CUS-(\d{4})$", first: 1);
        AssertNumbered(await db.Orders.Select(o => o.Id).ToListAsync(), @"^ORD-(\d{6})$", first: 100001);
        AssertNumbered(await db.Invoices.Select(i => i.Id).ToListAsync(), @"^INV-2026-(\d{5})$", first: 1);
        AssertNumbered(await db.Employees.Select(e => e.Id).ToListAsync(), @"^EMP-(\d{4})$", first: 1);
        AssertNumbered(await db.ItTickets.Select(t => t.Id).ToListAsync(), @"^IT-(\d{6})$", first: 1);
    }

    [Fact]
    public async Task Only_shipped_and_delivered_orders_have_a_shipment_and_every_status_occurs()
    {
        await using var db = fixture.Host.CreateDbContext();
        var orders = await db.Orders.Include(o => o.Shipment).Include(o => o.Lines).AsSplitQuery().ToListAsync();

        Assert.Equal(Enum.GetValues<OrderState>().Order(), orders.Select(o => o.Status).Distinct().Order());
        Assert.All(orders, o =>
        {
            Assert.NotEmpty(o.Lines);
            Assert.All(o.Lines, l => Assert.True(l.Quantity > 0 && l.UnitPriceIdr > 0));
            Assert.Equal(o.Status is OrderState.Shipped or OrderState.Delivered, o.Shipment is not null);
            Assert.Equal(o.Status == OrderState.Delivered, o.Shipment?.DeliveredOn is not null);
        });
    }

    [Fact]
    public async Task Order_and_shipment_dates_lie_in_the_seeded_period_and_in_sequence()
    {
        await using var db = fixture.Host.CreateDbContext();
        var orders = await db.Orders.Include(o => o.Shipment).ToListAsync();

        Assert.All(orders, o =>
        {
            Assert.InRange(o.OrderedOn, FirstDay, AsOf);
            if (o.Shipment is { } s)
            {
                Assert.Contains(s.Carrier, Carriers);
                Assert.False(string.IsNullOrWhiteSpace(s.TrackingNumber));
                Assert.InRange(s.ShippedOn, o.OrderedOn, AsOf);
                Assert.True(s.EstimatedDelivery > s.ShippedOn);
                if (s.DeliveredOn is { } delivered)
                {
                    Assert.InRange(delivered, s.ShippedOn, AsOf);
                }
            }
        });
    }

    [Fact]
    public async Task Invoices_fall_due_after_issue_and_are_overdue_only_when_unpaid_past_the_due_date()
    {
        await using var db = fixture.Host.CreateDbContext();
        var invoices = await db.Invoices.ToListAsync();
        var orderIds = (await db.Orders.Select(o => o.Id).ToListAsync()).ToHashSet();

        Assert.Equal([InvoiceStatus.Paid, InvoiceStatus.Open, InvoiceStatus.Overdue], invoices.Select(i => i.Status).Distinct().Order());
        Assert.Contains(invoices, i => i.OrderId is null);
        Assert.All(invoices, i =>
        {
            Assert.True(i.AmountIdr > 0);
            Assert.True(i.DueOn > i.IssuedOn);
            Assert.Equal(i.Status == InvoiceStatus.Paid, i.PaidOn is not null);
            Assert.Equal(i.Status == InvoiceStatus.Overdue, i.Status != InvoiceStatus.Paid && i.DueOn < AsOf);
            if (i.OrderId is not null)
            {
                Assert.Contains(i.OrderId, orderIds);
            }
        });
    }

    [Fact]
    public async Task Every_employee_reports_up_to_the_head_and_has_annual_sick_and_unpaid_leave()
    {
        await using var db = fixture.Host.CreateDbContext();
        var employees = await db.Employees.ToDictionaryAsync(e => e.Id);
        var leave = await db.LeaveBalances.ToListAsync();
        var payslips = await db.Payslips.ToListAsync();

        Assert.Single(employees.Values, e => e.ManagerId is null);
        foreach (var employee in employees.Values)
        {
            var current = employee;
            for (var hops = 0; current.ManagerId is not null; hops++)
            {
                Assert.True(hops < employees.Count, $"{employee.Id} has a reporting cycle");
                current = employees[current.ManagerId];
            }

            Assert.Equal(
                [LeaveType.Annual, LeaveType.Sick, LeaveType.Unpaid],
                leave.Where(l => l.EmployeeId == employee.Id).Select(l => l.Type).Order());
            Assert.Contains(payslips, p => p.EmployeeId == employee.Id);
        }

        Assert.All(leave, l => Assert.InRange(l.UsedDays, 0, l.EntitledDays));
        Assert.All(payslips, p =>
        {
            Assert.Equal(p.GrossIdr - p.DeductionsIdr, p.NetIdr);
            Assert.DoesNotContain(p.PayDate.DayOfWeek, Weekend);
        });
    }

    [Fact]
    public async Task Employees_have_distinct_teams_object_ids_and_emails()
    {
        await using var db = fixture.Host.CreateDbContext();
        var employees = await db.Employees.ToListAsync();

        Assert.Equal(employees.Count, employees.Select(e => e.AadObjectId).Distinct().Count());
        Assert.Equal(employees.Count, employees.Select(e => e.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain(employees, e => e.AadObjectId == Guid.Empty);
    }

    [Fact]
    public async Task It_tickets_cover_every_status_and_are_updated_no_earlier_than_created()
    {
        await using var db = fixture.Host.CreateDbContext();
        var tickets = await db.ItTickets.ToListAsync();
        var employeeIds = (await db.Employees.Select(e => e.Id).ToListAsync()).ToHashSet();

        Assert.Equal(Enum.GetValues<TicketStatus>().Order(), tickets.Select(t => t.Status).Distinct().Order());
        Assert.All(tickets, t =>
        {
            Assert.Contains(t.EmployeeId, employeeIds);
            Assert.Equal(DateTimeKind.Utc, t.CreatedAt.Kind);
            Assert.True(t.UpdatedAt >= t.CreatedAt);
            Assert.InRange(DateOnly.FromDateTime(t.CreatedAt), FirstDay, AsOf);
        });
    }

    [Fact]
    public async Task Readme_customer_employee_invoices_and_tickets_have_the_documented_data()
    {
        await using var db = fixture.Host.CreateDbContext();

        var customer = await db.Customers.SingleAsync(c => c.Id == "CUS-0001");
        Assert.Equal(("Budi Santoso", "budi.santoso@example.com"), (customer.Name, customer.Email));
        Assert.Equal(
            ["ORD-100123", "ORD-100124", "ORD-100125", "ORD-100126", "ORD-100127"],
            await db.Orders.Where(o => o.CustomerId == "CUS-0001").OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());

        var invoices = await db.Invoices.Where(i => i.CustomerId == "CUS-0001").OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(
            [
                ("INV-2026-00001", InvoiceStatus.Paid, 475_000m), ("INV-2026-00002", InvoiceStatus.Open, 339_000m),
                ("INV-2026-00003", InvoiceStatus.Overdue, 250_000m), ("INV-2026-00004", InvoiceStatus.Paid, 448_000m),
            ],
            invoices.Select(i => (i.Id, i.Status, i.AmountIdr)));

        var employee = await db.Employees.SingleAsync(e => e.Id == "EMP-0007");
        Assert.Equal(("Rina Wijaya", "EMP-0002", "Finance"), (employee.Name, employee.ManagerId, employee.Department));
        Assert.Equal(Guid.Parse("00000000-0000-4000-8000-000000000007"), employee.AadObjectId);
        Assert.Equal(("+6281300000007", true), (employee.Phone, employee.AccountLocked));
        var annual = await db.LeaveBalances.SingleAsync(l => l.EmployeeId == "EMP-0007" && l.Type == LeaveType.Annual);
        Assert.Equal(8m, annual.EntitledDays - annual.UsedDays);

        var tickets = await db.ItTickets.Where(t => t.EmployeeId == "EMP-0007" && t.Id.CompareTo("IT-000004") < 0)
            .OrderBy(t => t.Id).Select(t => new { t.Id, t.Status }).ToListAsync();
        Assert.Equal(
            [("IT-000001", TicketStatus.Open), ("IT-000002", TicketStatus.InProgress), ("IT-000003", TicketStatus.Resolved)],
            tickets.Select(t => (t.Id, t.Status)));
    }

    [Fact]
    public async Task Suppliers_their_invoices_and_the_software_catalogue_are_seeded()
    {
        await using var db = fixture.Host.CreateDbContext();

        var supplier = await db.Suppliers.SingleAsync(s => s.Id == "SUP-0001");
        Assert.Equal(("PT Sumber Makmur Abadi", "tagihan@sumbermakmur.example"), (supplier.Name, supplier.Email));
        var supplierInvoiceIds = await db.SupplierInvoices.Select(i => i.Id).ToListAsync();
        AssertNumbered(supplierInvoiceIds, @"^INV-2026-(\d{5})$", first: 9001);
        Assert.Empty(supplierInvoiceIds.Intersect(await db.Invoices.Select(i => i.Id).ToListAsync()));
        Assert.All(await db.SupplierInvoices.ToListAsync(), i => Assert.True(i.DueOn > i.IssuedOn && i.AmountIdr > 0));

        var catalogue = await db.SoftwareCatalogue.OrderBy(s => s.Id).ToListAsync();
        Assert.InRange(catalogue.Count, 8, 12);
        Assert.Contains(catalogue, s => s.Name == "Visual Studio Code" && !s.NeedsLicence && !s.NeedsApproval);
        Assert.Contains(catalogue, s => s.NeedsApproval);

        Assert.Equal("SW-002", (await db.SoftwareRequests.SingleAsync(r => r.Id == "SR-000001")).SoftwareId);
        Assert.Equal(3m, (await db.LeaveRequests.SingleAsync(r => r.Id == "LR-000001")).WorkingDays);
        Assert.Empty(await db.Outbox.ToListAsync());
        Assert.Empty(await db.CodeChallenges.ToListAsync());
    }

    [Fact]
    public async Task Journal_mode_is_wal()
    {
        await using var connection = new SqliteConnection(fixture.Host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public void Database_is_created_in_its_own_file_including_missing_directories()
    {
        Assert.True(File.Exists(fixture.DatabasePath));
    }

    private static void AssertNumbered(List<string> ids, string pattern, int first)
    {
        var numbers = ids.Select(id =>
        {
            var match = Regex.Match(id, pattern);
            Assert.True(match.Success, $"'{id}' does not match {pattern}");
            return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }).Order().ToList();

        Assert.Equal(Enumerable.Range(first, numbers.Count), numbers);
    }
}
