using System.Text.Json;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>
/// The demo back office. The model sticks to portable types (bounded strings, decimal with precision,
/// DateOnly, enums as text) so that the same model runs on SQLite and PostgreSQL. Abstract: each provider has its own
/// derived context (<see cref="SqliteBackOfficeDbContext"/>, <see cref="PostgresBackOfficeDbContext"/>) with its own migrations.
/// </summary>
internal abstract class BackOfficeDbContext(DbContextOptions options) : DbContext(options)
{
    private const int IdLength = 20;
    private const int TextLength = 2000;

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Shipment> Shipments => Set<Shipment>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<LeaveBalance> LeaveBalances => Set<LeaveBalance>();
    public DbSet<Payslip> Payslips => Set<Payslip>();
    public DbSet<ItTicket> ItTickets => Set<ItTicket>();
    public DbSet<TicketComment> TicketComments => Set<TicketComment>();
    public DbSet<ReturnRequest> Returns => Set<ReturnRequest>();
    public DbSet<VerificationFailure> VerificationFailures => Set<VerificationFailure>();
    public DbSet<SoftwareProduct> SoftwareCatalogue => Set<SoftwareProduct>();
    public DbSet<SoftwareRequest> SoftwareRequests => Set<SoftwareRequest>();
    public DbSet<LeaveRequest> LeaveRequests => Set<LeaveRequest>();
    public DbSet<Supplier> Suppliers => Set<Supplier>();
    public DbSet<SupplierInvoice> SupplierInvoices => Set<SupplierInvoice>();
    public DbSet<OutboxEntry> Outbox => Set<OutboxEntry>();
    public DbSet<CodeChallenge> CodeChallenges => Set<CodeChallenge>();
    public DbSet<StatusChangeEntry> StatusChanges => Set<StatusChangeEntry>();

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
        configurationBuilder.Properties<TicketUrgency>().HaveConversion<SnakeCaseEnumConverter<TicketUrgency>>().HaveMaxLength(20);
        configurationBuilder.Properties<ReturnReason>().HaveConversion<SnakeCaseEnumConverter<ReturnReason>>().HaveMaxLength(20);
        configurationBuilder.Properties<SoftwareRequestStatus>().HaveConversion<SnakeCaseEnumConverter<SoftwareRequestStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<LeaveRequestStatus>().HaveConversion<SnakeCaseEnumConverter<LeaveRequestStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<ContactChannel>().HaveConversion<SnakeCaseEnumConverter<ContactChannel>>().HaveMaxLength(20);
        configurationBuilder.Properties<RequesterKind>().HaveConversion<SnakeCaseEnumConverter<RequesterKind>>().HaveMaxLength(20);
        configurationBuilder.Properties<BackOfficeSystem>().HaveConversion<SnakeCaseEnumConverter<BackOfficeSystem>>().HaveMaxLength(20);
        configurationBuilder.Properties<Changes.ChangedRecordKind>().HaveConversion<SnakeCaseEnumConverter<Changes.ChangedRecordKind>>().HaveMaxLength(20);
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
            e.Property(t => t.Description).HasMaxLength(TextLength);
            e.HasMany(t => t.Comments).WithOne().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TicketComment>(e =>
        {
            e.HasKey(c => new { c.TicketId, c.Number });
            e.Property(c => c.TicketId).HasMaxLength(IdLength);
            e.Property(c => c.Text).HasMaxLength(TextLength);
        });

        modelBuilder.Entity<ReturnRequest>(e =>
        {
            e.Property(r => r.Id).HasMaxLength(IdLength);
            e.Property(r => r.OrderId).HasMaxLength(IdLength);
            e.Property(r => r.Note).HasMaxLength(TextLength);
            e.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);

            // One return per order: the database refuses a second even if two requests race past the check.
            e.HasIndex(r => r.OrderId).IsUnique();
        });

        modelBuilder.Entity<VerificationFailure>(e =>
        {
            e.HasKey(v => v.Key);
            e.Property(v => v.Key).HasMaxLength(80);
        });

        modelBuilder.Entity<SoftwareProduct>(e => e.Property(p => p.Id).HasMaxLength(IdLength));

        modelBuilder.Entity<SoftwareRequest>(e =>
        {
            e.Property(r => r.Id).HasMaxLength(IdLength);
            e.Property(r => r.EmployeeId).HasMaxLength(IdLength);
            e.Property(r => r.SoftwareId).HasMaxLength(IdLength);
            e.Property(r => r.Justification).HasMaxLength(TextLength);
            e.HasOne<Employee>().WithMany().HasForeignKey(r => r.EmployeeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SoftwareProduct>().WithMany().HasForeignKey(r => r.SoftwareId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<LeaveRequest>(e =>
        {
            e.Property(r => r.Id).HasMaxLength(IdLength);
            e.Property(r => r.EmployeeId).HasMaxLength(IdLength);
            e.Property(r => r.WorkingDays).HasPrecision(5, 1);
            e.HasOne<Employee>().WithMany().HasForeignKey(r => r.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Supplier>(e => e.Property(x => x.Id).HasMaxLength(IdLength));

        modelBuilder.Entity<SupplierInvoice>(e =>
        {
            e.Property(i => i.Id).HasMaxLength(IdLength);
            e.Property(i => i.SupplierId).HasMaxLength(IdLength);
            e.HasOne<Supplier>().WithMany().HasForeignKey(i => i.SupplierId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<OutboxEntry>(e =>
        {
            e.Property(m => m.Body).HasMaxLength(TextLength);
            e.HasIndex(m => new { m.Destination, m.Id });
        });

        modelBuilder.Entity<CodeChallenge>(e =>
        {
            e.Property(c => c.Id).HasMaxLength(40);
            e.Property(c => c.OwnerId).HasMaxLength(IdLength);
            e.Property(c => c.Salt).HasMaxLength(16);
            e.Property(c => c.CodeHash).HasMaxLength(32);
        });

        modelBuilder.Entity<StatusChangeEntry>(e =>
        {
            e.HasKey(c => c.Sequence);
            e.Property(c => c.Sequence).ValueGeneratedOnAdd();
            e.Property(c => c.RecordId).HasMaxLength(IdLength);
            e.Property(c => c.OwnerId).HasMaxLength(IdLength);
            e.Property(c => c.OldStatus).HasMaxLength(40);
            e.Property(c => c.NewStatus).HasMaxLength(40);
            e.HasIndex(c => new { c.System, c.Sequence });
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
