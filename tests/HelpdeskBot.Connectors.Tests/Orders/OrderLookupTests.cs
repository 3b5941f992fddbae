using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.Tests.Orders;

public sealed class OrderLookupTests(SeededBackOfficeFixture fixture) : IClassFixture<SeededBackOfficeFixture>
{
    private static readonly Requester Owner = Requester.Customer("CUS-0001");
    private static readonly Requester OtherCustomer = Requester.Customer("CUS-0002");
    private static readonly Requester Employee = Requester.Employee("EMP-0007");

    private Task<OrderStatusInfo?> LookUp(string number, Requester requester) =>
        fixture.Host.Orders.GetStatusAsync(number, requester, CancellationToken.None);

    [Fact]
    public async Task Readme_order_ORD_100123_is_shipped_with_JNE_and_a_tracking_number()
    {
        var order = await LookUp("ORD-100123", Owner);

        Assert.Equal(
            new OrderStatusInfo("ORD-100123", OrderState.Shipped, new(2026, 11, 16), 3, 339_000m,
                new ShipmentInfo("JNE", "CGK2611170123", new(2026, 11, 17), new(2026, 11, 21), null)),
            order);
    }

    [Fact]
    public async Task Readme_order_ORD_100124_is_delivered()
    {
        var order = await LookUp("ORD-100124", Owner);

        Assert.Equal(
            new OrderStatusInfo("ORD-100124", OrderState.Delivered, new(2026, 11, 2), 1, 475_000m,
                new ShipmentInfo("SiCepat", "002611030124", new(2026, 11, 3), new(2026, 11, 6), new(2026, 11, 5))),
            order);
    }

    [Fact]
    public async Task Readme_order_ORD_100125_is_processing_without_a_shipment()
    {
        var order = await LookUp("ORD-100125", Owner);

        Assert.Equal(new OrderStatusInfo("ORD-100125", OrderState.Processing, new(2026, 11, 19), 4, 794_000m, null), order);
    }

    [Fact]
    public async Task Readme_order_ORD_100126_is_cancelled_without_a_shipment()
    {
        var order = await LookUp("ORD-100126", Owner);

        Assert.Equal(new OrderStatusInfo("ORD-100126", OrderState.Cancelled, new(2026, 11, 10), 1, 559_000m, null), order);
    }

    [Theory]
    [InlineData("ord-100123")]
    [InlineData("Ord-100123")]
    [InlineData(" ORD-100123 ")]
    public async Task Order_number_is_matched_case_insensitively(string number)
    {
        var order = await LookUp(number, Owner);

        Assert.Equal("ORD-100123", order?.OrderNumber);
    }

    [Theory]
    [InlineData("ORD-999999")]
    [InlineData("ORD-100000")]
    [InlineData("ORD-100241")]
    public async Task Unknown_order_number_returns_null(string number)
    {
        Assert.Null(await LookUp(number, Employee));
    }

    [Theory]
    [InlineData("")]
    [InlineData("100123")]
    [InlineData("ORD100123")]
    [InlineData("ORD-1001234")]
    [InlineData("ORD-100123; DROP TABLE Orders")]
    public async Task Text_that_is_not_an_order_number_returns_null(string text)
    {
        Assert.Null(await LookUp(text, Employee));
    }

    [Fact]
    public async Task Customer_sees_their_own_order()
    {
        Assert.NotNull(await LookUp("ORD-100123", Owner));
    }

    [Fact]
    public async Task Customer_cannot_see_another_customers_order()
    {
        Assert.Null(await LookUp("ORD-100123", OtherCustomer));
    }

    [Fact]
    public async Task Customer_requester_without_a_customer_id_sees_no_order()
    {
        Assert.Null(await LookUp("ORD-100123", new Requester(RequesterKind.Customer)));
    }

    [Fact]
    public async Task Employee_and_anonymous_requesters_get_the_same_status_as_the_owner()
    {
        var owners = await LookUp("ORD-100123", Owner);

        Assert.Equal(owners, await LookUp("ORD-100123", Employee));
        Assert.Equal(owners, await LookUp("ORD-100123", Requester.Anonymous with { VerifiedOrderNumbers = ["ORD-100123"] }));
    }

    [Fact]
    public async Task Anonymous_visitor_sees_only_orders_they_verified()
    {
        var visitor = Requester.Anonymous with { VerifiedOrderNumbers = ["ORD-100124"] };

        Assert.Null(await LookUp("ORD-100123", visitor));
        Assert.Null(await LookUp("ORD-100123", Requester.Anonymous));
        Assert.NotNull(await LookUp("ORD-100124", visitor));
    }

    [Fact]
    public async Task Readme_order_ORD_100127_is_delivered_inside_the_return_window()
    {
        var order = await LookUp("ORD-100127", Owner);

        Assert.Equal(
            new OrderStatusInfo("ORD-100127", OrderState.Delivered, new(2026, 11, 14), 2, 448_000m,
                new ShipmentInfo("J&T Express", "JP2611150127", new(2026, 11, 15), new(2026, 11, 19), new(2026, 11, 18))),
            order);
    }

    [Fact]
    public async Task Supplier_sees_no_order()
    {
        Assert.Null(await LookUp("ORD-100123", Requester.Supplier("SUP-0001")));
    }
}
