namespace HelpdeskBot.Connectors.Orders;

/// <summary>
/// Who may see an order's status. The one place this rule lives: every order connector asks it before answering.
/// </summary>
internal static class OrderVisibility
{
    /// <summary>
    /// Customers see only their own orders. Employees (support staff) and anonymous visitors get the status,
    /// which carries no personal data; anything personal needs a separate, verified path.
    /// </summary>
    public static bool IsVisibleTo(Requester requester, string orderCustomerId)
    {
        ArgumentNullException.ThrowIfNull(requester);

        return requester.Kind switch
        {
            RequesterKind.Customer => !string.IsNullOrWhiteSpace(requester.CustomerId)
                && string.Equals(requester.CustomerId.Trim(), orderCustomerId, StringComparison.OrdinalIgnoreCase),
            RequesterKind.Employee => true,
            RequesterKind.Anonymous => true,
            _ => false,
        };
    }
}
