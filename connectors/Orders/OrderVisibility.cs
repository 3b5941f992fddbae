namespace HelpdeskBot.Connectors.Orders;

/// <summary>
/// Who may see an order. The one place this rule lives: every order connector asks it before answering.
/// </summary>
internal static class OrderVisibility
{
    /// <summary>
    /// Customers see only their own orders; anonymous visitors only orders they verified (order number + e-mail);
    /// employees (support staff) see any order's status, which carries no personal data. Suppliers see none.
    /// </summary>
    public static bool IsVisibleTo(Requester requester, string orderId, string orderCustomerId)
    {
        ArgumentNullException.ThrowIfNull(requester);

        return requester.Kind switch
        {
            RequesterKind.Customer => !string.IsNullOrWhiteSpace(requester.CustomerId)
                && string.Equals(requester.CustomerId.Trim(), orderCustomerId, StringComparison.OrdinalIgnoreCase),
            RequesterKind.Employee => !string.IsNullOrWhiteSpace(requester.EmployeeId),
            RequesterKind.Anonymous => requester.VerifiedOrderNumbers.Contains(orderId, StringComparer.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>Changing an order (cancel, return) is for its customer, or a visitor who verified it; not for staff through the bot.</summary>
    public static bool MayChange(Requester requester, string orderId, string orderCustomerId) =>
        requester.Kind != RequesterKind.Employee && IsVisibleTo(requester, orderId, orderCustomerId);
}
