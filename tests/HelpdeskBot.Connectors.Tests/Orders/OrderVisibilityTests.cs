using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.Tests.Orders;

public sealed class OrderVisibilityTests
{
    [Theory]
    [InlineData(RequesterKind.Customer, "CUS-0001", true)]
    [InlineData(RequesterKind.Customer, "cus-0001", true)]
    [InlineData(RequesterKind.Customer, "CUS-0002", false)]
    [InlineData(RequesterKind.Customer, null, false)]
    [InlineData(RequesterKind.Customer, "", false)]
    [InlineData(RequesterKind.Employee, "EMP-0007", true)]
    [InlineData(RequesterKind.Employee, null, false)]
    [InlineData(RequesterKind.Supplier, "CUS-0001", false)]
    [InlineData(RequesterKind.Anonymous, null, false)]
    public void Customers_see_only_their_own_orders_employees_see_status_and_visitors_nothing_unverified(
        RequesterKind kind, string? partyId, bool visible)
    {
        var requester = new Requester(kind, partyId);

        Assert.Equal(visible, OrderVisibility.IsVisibleTo(requester, "ORD-100123", "CUS-0001"));
    }

    [Fact]
    public void An_anonymous_visitor_sees_exactly_the_orders_they_verified()
    {
        var visitor = Requester.Anonymous with { VerifiedOrderNumbers = ["ORD-100123"] };

        Assert.True(OrderVisibility.IsVisibleTo(visitor, "ORD-100123", "CUS-0001"));
        Assert.False(OrderVisibility.IsVisibleTo(visitor, "ORD-100124", "CUS-0001"));
    }

    [Fact]
    public void Employees_may_see_but_not_change_a_customers_order()
    {
        Assert.False(OrderVisibility.MayChange(Requester.Employee("EMP-0007"), "ORD-100123", "CUS-0001"));
        Assert.True(OrderVisibility.MayChange(Requester.Customer("CUS-0001"), "ORD-100123", "CUS-0001"));
    }

    [Fact]
    public void Unknown_requester_kind_is_denied()
    {
        Assert.False(OrderVisibility.IsVisibleTo(new Requester((RequesterKind)42, "CUS-0001"), "ORD-100123", "CUS-0001"));
    }
}
