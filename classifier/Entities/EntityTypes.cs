namespace HelpdeskBot.Classifier.Entities;

/// <summary>The entity types <see cref="IEntityRecognizer"/> emits, with the form of their values.</summary>
public static class EntityTypes
{
    /// <summary>A customer order: <c>ORD-100123</c>.</summary>
    public const string OrderId = "order_id";

    /// <summary>An invoice: <c>INV-2026-00042</c> (year, five-digit number).</summary>
    public const string InvoiceId = "invoice_id";

    /// <summary>An IT ticket: <c>IT-000123</c>.</summary>
    public const string TicketId = "ticket_id";

    /// <summary>An e-mail address, lower-cased.</summary>
    public const string Email = "email";

    /// <summary>An Indonesian phone number in E.164: <c>+6281234567890</c>, <c>+62215551234</c>.</summary>
    public const string Phone = "phone";

    /// <summary>An amount: ISO 4217 code, a space, an invariant number without grouping (<c>IDR 1500000</c>, <c>USD 20.50</c>).</summary>
    public const string Money = "money";

    /// <summary>A calendar date resolved in the configured time zone: <c>2026-12-22</c>.</summary>
    public const string Date = "date";

    /// <summary>An inclusive ISO 8601 interval of dates: <c>2026-12-22/2027-01-02</c>.</summary>
    public const string DateRange = "date_range";
}
