using System.Text.Json;
using HelpdeskBot.Connectors.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>
/// The demo back office. The model sticks to portable types (bounded strings, decimal with precision,
/// DateOnly, enums as text) so that the same model runs on PostgreSQL later.
/// </summary>
internal sealed class BackOfficeDbContext(DbContextOptions<BackOfficeDbContext> options) : DbContext(options)
{
    private const int IdLength = 20;

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<LeaveBalance> LeaveBalances => Set<LeaveBalance>();
    public DbSet<Payslip> Payslips => Set<Payslip>();
    public DbSet<ItTicket> ItTickets => Set<ItTicket>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<string>().HaveMaxLength(200);
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<OrderState>().HaveConversion<SnakeCaseEnumConverter<OrderState>>().HaveMaxLength(20);
        configurationBuilder.Properties<InvoiceStatus>().HaveConversion<SnakeCaseEnumConverter<InvoiceStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<LeaveType>().HaveConversion<SnakeCaseEnumConverter<LeaveType>>().HaveMaxLength(20);
        configurationBuilder.Properties<TicketCategory>().HaveConversion<SnakeCaseEnumConverter<TicketCategory>>().HaveMaxLength(20);
        configurationBuilder.Properties<TicketStatus>().HaveConversion<SnakeCaseEnumConverter<TicketStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<TicketPriority>().HaveConversion<SnakeCaseEnumConverter<TicketPriority>>().HaveMaxLength(20);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(e =>
        {
            e.Property(c => c.Id).HasMaxLength(IdLength);
            e.HasIndex(c => c.Email).IsUnique();
        });

        modelBuilder.Entity<Order>(e =>
        {
            e.Property(o => o.Id).HasMaxLength(IdLength);
            e.Property(o => o.CustomerId).HasMaxLength(IdLength);
            e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(o => o.Shipment).WithOne().HasForeignKey<Shipment>(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OrderLine>(e =>
        {
            e.HasKey(l => new { l.OrderId, l.LineNumber });
            e.Property(l => l.OrderId).HasMaxLength(IdLength);
        });

        modelBuilder.Entity<Shipment>(e =>
        {
            e.HasKey(s => s.OrderId);
            e.Property(s => s.OrderId).HasMaxLength(IdLength);
            e.Property(s => s.Carrier).HasMaxLength(40);
            e.Property(s => s.TrackingNumber).HasMaxLength(40);
            e.HasIndex(s => s.TrackingNumber);
        });

        modelBuilder.Entity<Invoice>(e =>
        {
            e.Property(i => i.Id).HasMaxLength(IdLength);
            e.Property(i => i.CustomerId).HasMaxLength(IdLength);
            e.Property(i => i.OrderId).HasMaxLength(IdLength);
            e.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Order>().WithMany().HasForeignKey(i => i.OrderId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Employee>(e =>
        {
            e.Property(x => x.Id).HasMaxLength(IdLength);
            e.Property(x => x.ManagerId).HasMaxLength(IdLength);
            e.HasOne<Employee>().WithMany().HasForeignKey(x => x.ManagerId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.AadObjectId).IsUnique();
            e.HasIndex(x => x.Email).IsUnique();
        });

        modelBuilder.Entity<LeaveBalance>(e =>
        {
            e.HasKey(x => new { x.EmployeeId, x.Year, x.Type });
            e.Property(x => x.EmployeeId).HasMaxLength(IdLength);
            e.Property(x => x.EntitledDays).HasPrecision(5, 1);
            e.Property(x => x.UsedDays).HasPrecision(5, 1);
            e.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Payslip>(e =>
        {
            e.HasKey(x => new { x.EmployeeId, x.Period });
            e.Property(x => x.EmployeeId).HasMaxLength(IdLength);
            e.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ItTicket>(e =>
        {
            e.Property(t => t.Id).HasMaxLength(IdLength);
            e.Property(t => t.EmployeeId).HasMaxLength(IdLength);
            e.HasOne<Employee>().WithMany().HasForeignKey(t => t.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// <summary>Times are stored as UTC; SQLite hands them back unspecified, so the kind is restored on read.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    /// <summary>Enums as readable snake_case text (<c>in_progress</c>), the same on every provider.</summary>
    private sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(v => ToText(v), v => FromText(v))
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, string> Names =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        private static readonly Dictionary<string, TEnum> Values =
            Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        private static string ToText(TEnum value) => Names[value];

        private static TEnum FromText(string text) => Values[text];
    }
}
