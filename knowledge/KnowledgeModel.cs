namespace HelpdeskBot.Knowledge;

/// <summary>Who may read a document. <see cref="Everyone"/> documents are shown to customers and employees alike.</summary>
public enum Audience
{
    Everyone = 0,
    Customer = 1,
    Employee = 2,
}

/// <summary>A version's place in its lifecycle: only published versions are ever searched or cited to users.</summary>
public enum DocumentStatus
{
    Draft = 0,
    Published = 1,
    Retired = 2,

    /// <summary>Submitted for review: waiting for a reviewer to publish it or send it back to draft; never searched.</summary>
    Review = 3,
}

/// <summary>The kind of reader asking a question; decides which audiences they may read.</summary>
public enum ReaderKind
{
    /// <summary>A web visitor who has not signed in, a customer or a supplier: customer and everyone documents.</summary>
    Public = 0,

    /// <summary>An employee: every audience (customer-facing policies are public anyway).</summary>
    Employee = 1,
}

public static class Audiences
{
    private static readonly Audience[] PublicAudiences = [Audience.Everyone, Audience.Customer];
    private static readonly Audience[] EmployeeAudiences = [Audience.Everyone, Audience.Customer, Audience.Employee];

    public static IReadOnlyList<Audience> ReadableBy(ReaderKind reader) =>
        reader == ReaderKind.Employee ? EmployeeAudiences : PublicAudiences;

    public static string ToWire(this Audience audience) => audience switch
    {
        Audience.Customer => "customer",
        Audience.Employee => "employee",
        _ => "everyone",
    };

    public static bool TryParse(string? text, out Audience audience)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "customer" or "customers":
                audience = Audience.Customer;
                return true;
            case "employee" or "employees" or "internal":
                audience = Audience.Employee;
                return true;
            case "everyone" or "all" or "public":
                audience = Audience.Everyone;
                return true;
            default:
                audience = Audience.Everyone;
                return false;
        }
    }
}
