using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
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
    public required string Phone { get; set; }

    /// <summary>The identity system locked the account (too many wrong passwords); an unlock clears it.</summary>
    public bool AccountLocked { get; set; }
}

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

internal sealed class ItTicket
{
    public required string Id { get; init; }
    public required string EmployeeId { get; set; }
    public required string Title { get; set; }
    public TicketCategory Category { get; set; }
    public TicketStatus Status { get; set; }
    public TicketUrgency Urgency { get; set; }
    public required string Description { get; set; }

    /// <summary>Display name of the IT staff member working on it; null while it waits in the queue.</summary>
    public string? AssignedTo { get; set; }

    public List<TicketComment> Comments { get; init; } = [];

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime UpdatedAt { get; set; }
}

internal sealed class TicketComment
{
    public required string TicketId { get; init; }
    public int Number { get; init; }
    public required string Author { get; set; }
    public required string Text { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>A return the order system opened for a whole order (<c>RET-000001</c>); one per order.</summary>
internal sealed class ReturnRequest
{
    public required string Id { get; init; }
    public required string OrderId { get; init; }
    public ReturnReason Reason { get; set; }
    public string? Note { get; set; }
    public decimal RefundIdr { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// Failed order verifications of one visitor (<c>visitor:</c> + SHA-256 of the channel user id) or one order
/// (<c>order:ORD-100123</c>); a lock-out starts when <see cref="FailureCount"/> reaches the limit.
/// </summary>
internal sealed class VerificationFailure
{
    public required string Key { get; init; }
    public int FailureCount { get; set; }

    /// <summary>UTC; null when not locked.</summary>
    public DateTime? LockedUntil { get; set; }
}

internal sealed class SoftwareProduct
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public bool NeedsLicence { get; set; }
    public bool NeedsApproval { get; set; }
}

internal sealed class SoftwareRequest
{
    public required string Id { get; init; }
    public required string EmployeeId { get; init; }
    public required string SoftwareId { get; init; }
    public string? Justification { get; set; }
    public SoftwareRequestStatus Status { get; set; }

    /// <summary>The manager's display name when approval is needed.</summary>
    public string? Approver { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RequestedAt { get; set; }

    /// <summary>UTC.</summary>
    public DateTime UpdatedAt { get; set; }
}

internal sealed class LeaveRequest
{
    public required string Id { get; init; }
    public required string EmployeeId { get; init; }
    public LeaveType Type { get; init; }
    public DateOnly Start { get; init; }
    public DateOnly End { get; init; }
    public decimal WorkingDays { get; init; }
    public LeaveRequestStatus Status { get; set; }
    public string? Approver { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}

internal sealed class Supplier
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public required string Phone { get; set; }
}

/// <summary>An invoice a supplier sent us (accounts payable), numbered like ours so the bot recognises the id.</summary>
internal sealed class SupplierInvoice
{
    public required string Id { get; init; }
    public required string SupplierId { get; set; }
    public required string Description { get; set; }
    public decimal AmountIdr { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly DueOn { get; set; }
    public DateOnly? PaidOn { get; set; }
}

/// <summary>A message the demo back office "sent": it writes to this table instead of an e-mail or SMS gateway.</summary>
internal sealed class OutboxEntry
{
    public long Id { get; init; }
    public ContactChannel Channel { get; init; }
    public required string Destination { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }
    public required string Purpose { get; init; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// A one-time code sent to a requester. Only a salted SHA-256 of the code is kept; the code itself exists only in the
/// outbox message that carried it.
/// </summary>
internal sealed class CodeChallenge
{
    public required string Id { get; init; }
    public RequesterKind OwnerKind { get; init; }
    public required string OwnerId { get; init; }
    public ContactChannel Channel { get; init; }
    public required string SentTo { get; init; }
    public required string Purpose { get; init; }
    public required byte[] Salt { get; init; }
    public required byte[] CodeHash { get; init; }
    public int FailedAttempts { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>UTC.</summary>
    public DateTime ExpiresAt { get; init; }

    /// <summary>UTC; a verified code cannot be used again.</summary>
    public DateTime? VerifiedAt { get; set; }
}

/// <summary>
/// The demo back office's change log: one row per status change, written in the same transaction as the change, so the
/// feed never misses one and never shows one that was rolled back. <see cref="Sequence"/> is the feed's cursor.
/// </summary>
internal sealed class StatusChangeEntry
{
    public long Sequence { get; init; }
    public BackOfficeSystem System { get; init; }
    public Changes.ChangedRecordKind Kind { get; init; }
    public required string RecordId { get; init; }
    public RequesterKind OwnerKind { get; init; }
    public required string OwnerId { get; init; }
    public string? OldStatus { get; init; }
    public required string NewStatus { get; init; }

    /// <summary>UTC.</summary>
    public DateTime ChangedAt { get; init; }
}
