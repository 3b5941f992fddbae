namespace HelpdeskBot.Connectors;

/// <summary>
/// Who is asking, as the channel verified them — never taken from message text or model output. Every connector call
/// carries one, and every connector answers only what this requester may see.
/// </summary>
/// <param name="Kind">What kind of user the channel signed in.</param>
/// <param name="PartyId">The customer id (<c>CUS-0001</c>), employee id (<c>EMP-0007</c>) or supplier id (<c>SUP-0001</c>); null for anonymous visitors.</param>
public sealed record Requester(RequesterKind Kind, string? PartyId = null)
{
    public static Requester Anonymous { get; } = new(RequesterKind.Anonymous);

    public static Requester Customer(string customerId) => new(RequesterKind.Customer, Required(customerId));

    public static Requester Employee(string employeeId) => new(RequesterKind.Employee, Required(employeeId));

    public static Requester Supplier(string supplierId) => new(RequesterKind.Supplier, Required(supplierId));

    /// <summary>
    /// Orders an anonymous visitor proved they may see (order number + the e-mail on the order, checked by
    /// <see cref="Orders.IOrderService.VerifyAsync"/>). Kept in the server-side conversation state, never sent by the client.
    /// </summary>
    public IReadOnlyList<string> VerifiedOrderNumbers { get; init; } = [];

    public string? CustomerId => Kind == RequesterKind.Customer ? PartyId : null;

    public string? EmployeeId => Kind == RequesterKind.Employee ? PartyId : null;

    public string? SupplierId => Kind == RequesterKind.Supplier ? PartyId : null;

    private static string Required(string id) =>
        string.IsNullOrWhiteSpace(id) ? throw new ArgumentException("A signed-in requester needs an id.", nameof(id)) : id.Trim();
}

public enum RequesterKind { Anonymous, Customer, Employee, Supplier }
