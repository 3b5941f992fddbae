using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.Tests.Orders;

public sealed class OrderVisibilityTests
{
    [Theory]
    [InlineData(RequesterKind.Customer, "CUS-0001", null, true)]
    [InlineData(RequesterKind.Customer, "cus-0001", null, true)]
    [InlineData(RequesterKind.Customer, "CUS-0002", null, false)]
    [InlineData(RequesterKind.Customer, null, null, false)]
    [InlineData(RequesterKind.Customer, "", null, false)]
    [InlineData(RequesterKind.Customer, null, "EMP-0007", false)]
    [InlineData(RequesterKind.Employee, null, "EMP-0007", true)]
    [InlineData(RequesterKind.Anonymous, null, null, true)]
    public void Customers_see_only_their_own_orders_while_employees_and_anonymous_see_status(
        RequesterKind kind, string? customerId, string? employeeId, bool visible)
    {
        var requester = new Requester(kind, customerId, employeeId);

        Assert.Equal(visible, OrderVisibility.IsVisibleTo(requester, "CUS-0001"));
    }

    [Fact]
    public void Unknown_requester_kind_is_denied()
    {
        Assert.False(OrderVisibility.IsVisibleTo(new Requester((RequesterKind)42, "CUS-0001"), "CUS-0001"));
    }
}
