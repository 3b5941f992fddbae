using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.BackOffice;

// The demo back office's own tables. They stay internal: callers get intent-shaped records from the
// connector services, so the schema can change without touching skills.

internal sealed class Customer
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public required string Phone { get; set; }
}

internal sealed class Order
{
    public required string Id { get; init; }
    public required string CustomerId { get; set; }
    public DateOnly OrderedOn { get; set; }
    public OrderState Status { get; set; }
    public List<OrderLine> Lines { get; init; } = [];
    public Shipment? Shipment { get; set; }
}

internal sealed class OrderLine
{
    public required string OrderId { get; init; }
    public int LineNumber { get; init; }
    public required string ProductName { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPriceIdr { get; set; }
}

internal sealed class Shipment
{
    public required string OrderId { get; init; }
    public required string Carrier { get; set; }
    public required string TrackingNumber { get; set; }
    public DateOnly ShippedOn { get; set; }
    public DateOnly EstimatedDelivery { get; set; }
    public DateOnly? DeliveredOn { get; set; }
}

internal enum InvoiceStatus { Paid, Open, Overdue }

internal sealed class Invoice
{
    public required string Id { get; init; }
    public required string CustomerId { get; set; }
    public string? OrderId { get; set; }
    public required string Description { get; set; }
    public decimal AmountIdr { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly DueOn { get; set; }
    public InvoiceStatus Status { get; set; }
    public DateOnly? PaidOn { get; set; }
}

internal sealed class Employee
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public string? ManagerId { get; set; }

    /// <summary>The Microsoft Entra object id Teams sends as <c>aadObjectId</c>.</summary>
    public Guid AadObjectId { get; set; }

    public required string Department { get; set; }
    public required string JobTitle { get; set; }
    public DateOnly JoinedOn { get; set; }
}

internal enum LeaveType { Annual, Sick, Unpaid }

internal sealed class LeaveBalance
{
    public required string EmployeeId { get; init; }
    public int Year { get; init; }
    public LeaveType Type { get; init; }
    public decimal EntitledDays { get; set; }
    public decimal UsedDays { get; set; }
}

internal sealed class Payslip
{
    public required string EmployeeId { get; init; }

    /// <summary>First day of the month the payslip covers.</summary>
    public DateOnly Period { get; init; }

    public DateOnly PayDate { get; set; }
    public decimal GrossIdr { get; set; }
    public decimal DeductionsIdr { get; set; }
    public decimal NetIdr { get; set; }
}

internal enum TicketCategory { Hardware, Software, Network, Access, Email, Printer }

internal enum TicketStatus { Open, InProgress, Resolved, Closed }

internal enum TicketPriority { Low, Medium, High, Critical }

internal sealed class ItTicket
{
    public required string Id { get; init; }
    public required string EmployeeId { get; set; }
    public required string Title { get; set; }
    public TicketCategory Category { get; set; }
    public TicketStatus Status { get; set; }
    public TicketPriority Priority { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime UpdatedAt { get; set; }
}
