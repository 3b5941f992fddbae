using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.Http;

/// <summary>
/// The order system over the company's REST API (<c>docs/connectors.md</c>, "Orders"). The system decides visibility
/// from the requester headers; a number that is not an order number is answered here without a call.
/// </summary>
internal sealed class HttpOrderService(BackOfficeHttp http) : IOrderService
{
    private const BackOfficeSystem System = BackOfficeSystem.Orders;

    private static readonly OrderActionCheck NotFound = new(OrderActionEligibility.NotFound);

    public async Task<OrderStatusInfo?> GetStatusAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (OrderNumber.Normalize(orderNumber) is not { } number)
        {
            return null;
        }

        var answer = await http.SendAsync<OrderStatusInfo>(
            new(System, "GetStatus", HttpMethod.Get, $"orders/{number}", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value;
    }

    public async Task<OrderVerification> VerifyAsync(string orderNumber, string email, string visitorKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(visitorKey);

        // Without a count from the system the bot cannot promise more tries, so a declined call reports none left.
        var mismatch = new OrderVerification(OrderVerificationOutcome.Mismatch, AttemptsLeft: 0);
        if (OrderNumber.Normalize(orderNumber) is not { } number)
        {
            return mismatch;
        }

        // No requester headers: the visitor is not yet anyone; the system counts failures per visitor key and per order.
        var answer = await http.SendAsync<OrderVerification>(
            new(System, "Verify", HttpMethod.Post, $"orders/{number}/verification", Body: new VerificationRequest(email.Trim(), visitorKey)),
            cancellationToken).ConfigureAwait(false);
        return answer.Value ?? mismatch;
    }

    public Task<OrderActionCheck> CheckCancellationAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        CheckAsync("CheckCancellation", orderNumber, "cancellation", requester, cancellationToken);

    public async Task<OrderCancellation> CancelAsync(string orderNumber, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (OrderNumber.Normalize(orderNumber) is not { } number)
        {
            return new(false, NotFound);
        }

        var answer = await http.SendAsync<OrderCancellation>(
            new(System, "Cancel", HttpMethod.Post, $"orders/{number}/cancellation", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value ?? new(false, NotFound);
    }

    public Task<OrderActionCheck> CheckReturnAsync(string orderNumber, Requester requester, CancellationToken cancellationToken) =>
        CheckAsync("CheckReturn", orderNumber, "return-eligibility", requester, cancellationToken);

    public async Task<OrderReturn> RequestReturnAsync(
        string orderNumber, ReturnReason reason, string? note, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (OrderNumber.Normalize(orderNumber) is not { } number)
        {
            return new(null, 0m, NotFound);
        }

        var answer = await http.SendAsync<OrderReturn>(
            new(System, "RequestReturn", HttpMethod.Post, $"orders/{number}/returns", requester, new ReturnRequest(reason, note)),
            cancellationToken).ConfigureAwait(false);
        return answer.Value ?? new(null, 0m, NotFound);
    }

    public async Task<CustomerProfile?> GetCustomerProfileAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (string.IsNullOrWhiteSpace(requester.CustomerId))
        {
            return null;
        }

        var answer = await http.SendAsync<CustomerRecord>(
            new(System, "GetCustomerProfile", HttpMethod.Get, "customers/me", requester), cancellationToken).ConfigureAwait(false);

        // The system sends the contacts on file; they are masked here, before anything outside the connector sees them.
        return answer.Value is { } c
            ? new CustomerProfile(c.CustomerId, c.Name, ContactMask.Email(c.Email), ContactMask.Phone(c.Phone), c.OrderCount, c.LatestOrderNumber, c.LatestOrderedOn)
            : null;
    }

    private async Task<OrderActionCheck> CheckAsync(
        string operation, string orderNumber, string resource, Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        if (OrderNumber.Normalize(orderNumber) is not { } number)
        {
            return NotFound;
        }

        var answer = await http.SendAsync<OrderActionCheck>(
            new(System, operation, HttpMethod.Get, $"orders/{number}/{resource}", requester), cancellationToken).ConfigureAwait(false);
        return answer.Value ?? NotFound;
    }

    private sealed record VerificationRequest(string Email, string VisitorKey);

    private sealed record ReturnRequest(ReturnReason Reason, string? Note);

    private sealed record CustomerRecord(
        string CustomerId, string Name, string Email, string Phone, int OrderCount, string? LatestOrderNumber, DateOnly? LatestOrderedOn);
}
