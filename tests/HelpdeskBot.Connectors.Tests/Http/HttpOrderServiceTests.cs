using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.Tests.Http;

public sealed class HttpOrderServiceTests : IAsyncLifetime
{
    private static readonly Requester Owner = Requester.Customer("CUS-0001");
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly OrderStatusInfo Shipped = new("ORD-100123", OrderState.Shipped, new(2026, 11, 16), 3, 339_000m,
        new ShipmentInfo("JNE", "CGK2611170123", new(2026, 11, 17), new(2026, 11, 21), null));

    private static readonly OrderStatusInfo Delivered = new("ORD-100124", OrderState.Delivered, new(2026, 11, 2), 1, 475_000m,
        new ShipmentInfo("SiCepat", "002611030124", new(2026, 11, 3), new(2026, 11, 6), new(2026, 11, 5)));

    private static readonly OrderStatusInfo Processing = new("ORD-100125", OrderState.Processing, new(2026, 11, 19), 4, 794_000m, null);

    private FakeBackOffice _server = null!;
    private ConnectorHost _host = null!;

    private IOrderService Orders => _host.Orders;

    public async Task InitializeAsync()
    {
        _server = await FakeBackOffice.StartAsync();
        _host = ConnectorHost.Create(_server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Http_mode_replaces_the_demo_order_service()
    {
        Assert.Equal("HttpOrderService", Orders.GetType().Name);
    }

    [Fact]
    public async Task Order_status_is_read_from_the_order_system_with_its_shipment()
    {
        var order = await Orders.GetStatusAsync(" ord-100123 ", Owner, None);

        Assert.Equal(Shipped, order);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/orders/ORD-100123"), (request.Method, request.Path));
    }

    [Fact]
    public async Task Requester_and_api_key_headers_come_from_the_requester_argument_only()
    {
        await Orders.GetStatusAsync("ORD-100123", Owner, None);
        await Orders.GetStatusAsync("ORD-100123", Requester.Anonymous with { VerifiedOrderNumbers = ["ORD-100123", "not-an-order,ORD-1"] }, None);
        await Orders.GetStatusAsync("ORD-100123", Requester.Employee("EMP-0007") with { VerifiedOrderNumbers = ["ORD-100124"] }, None);

        var (customer, visitor, employee) = (_server.Requests[0], _server.Requests[1], _server.Requests[2]);
        Assert.All(_server.Requests, r => Assert.Equal(FakeBackOffice.ApiKey, r.Header("X-Api-Key")));
        Assert.Equal(("customer", "CUS-0001", null), (customer.Header("X-Requester-Kind"), customer.Header("X-Requester-Id"), customer.Header("X-Verified-Orders")));
        Assert.Equal(("anonymous", null, "ORD-100123"), (visitor.Header("X-Requester-Kind"), visitor.Header("X-Requester-Id"), visitor.Header("X-Verified-Orders")));
        Assert.Equal(("employee", "EMP-0007", null), (employee.Header("X-Requester-Kind"), employee.Header("X-Requester-Id"), employee.Header("X-Verified-Orders")));
    }

    [Fact]
    public async Task A_visitor_sees_an_order_they_verified_and_nothing_else()
    {
        var visitor = Requester.Anonymous with { VerifiedOrderNumbers = ["ORD-100124"] };

        Assert.Equal(Delivered, await Orders.GetStatusAsync("ORD-100124", visitor, None));
        Assert.Null(await Orders.GetStatusAsync("ORD-100123", visitor, None));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task Another_customers_order_reads_as_missing_whether_the_system_says_404_or_403(int denyStatus)
    {
        _server.DenyStatus = denyStatus;
        var other = Requester.Customer("CUS-0002");

        Assert.Null(await Orders.GetStatusAsync("ORD-100123", other, None));
        Assert.Null(await Orders.GetStatusAsync("ORD-100777", Owner, None));
        Assert.Equal(new OrderActionCheck(OrderActionEligibility.NotFound), await Orders.CheckCancellationAsync("ORD-100125", other, None));
        Assert.Equal(new OrderCancellation(false, new(OrderActionEligibility.NotFound)), await Orders.CancelAsync("ORD-100125", other, None));
        Assert.Equal(new OrderActionCheck(OrderActionEligibility.NotFound), await Orders.CheckReturnAsync("ORD-100124", other, None));
        Assert.Equal(new OrderReturn(null, 0m, new(OrderActionEligibility.NotFound)),
            await Orders.RequestReturnAsync("ORD-100124", ReturnReason.Damaged, null, other, None));
    }

    [Fact]
    public async Task A_400_is_an_answer_not_an_exception()
    {
        Assert.Null(await Orders.GetStatusAsync("ORD-999400", Owner, None));
        Assert.Equal(OrderActionEligibility.NotFound, (await Orders.CancelAsync("ORD-999400", Owner, None)).Check.Eligibility);
        Assert.Null((await Orders.RequestReturnAsync("ORD-100124", ReturnReason.Other, new string('x', 501), Owner, None)).ReturnNumber);
    }

    [Fact]
    public async Task Text_that_is_not_an_order_number_is_not_sent()
    {
        Assert.Null(await Orders.GetStatusAsync("../invoices/INV-2026-0001", Owner, None));
        Assert.Equal(OrderVerificationOutcome.Mismatch, (await Orders.VerifyAsync("12345", "budi@example.com", "visitor-1", None)).Outcome);

        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Verification_sends_the_email_and_visitor_key_and_maps_each_outcome()
    {
        Assert.Equal(new OrderVerification(OrderVerificationOutcome.Verified, 5),
            await Orders.VerifyAsync("ORD-100123", " budi@example.com ", "visitor-1", None));
        Assert.Equal(new OrderVerification(OrderVerificationOutcome.Mismatch, 4),
            await Orders.VerifyAsync("ORD-100123", "someone@example.com", "visitor-1", None));
        Assert.Equal(new OrderVerification(OrderVerificationOutcome.LockedOut, 0, new DateTimeOffset(2026, 11, 27, 10, 15, 0, TimeSpan.FromHours(7))),
            await Orders.VerifyAsync("ORD-100123", "locked@example.com", "visitor-1", None));

        var request = _server.Requests[0];
        Assert.Equal(("POST", "/api/orders/ORD-100123/verification"), (request.Method, request.Path));
        Assert.Equal("budi@example.com", request.Json.GetProperty("email").GetString());
        Assert.Equal("visitor-1", request.Json.GetProperty("visitorKey").GetString());
        Assert.Null(request.Header("X-Requester-Kind"));
    }

    [Fact]
    public async Task Cancellation_check_and_cancel_map_the_eligibility_and_the_order()
    {
        Assert.Equal(new OrderActionCheck(OrderActionEligibility.AlreadyShipped, Shipped), await Orders.CheckCancellationAsync("ORD-100123", Owner, None));
        Assert.Equal(new OrderActionCheck(OrderActionEligibility.Allowed, Processing), await Orders.CheckCancellationAsync("ORD-100125", Owner, None));

        var cancellation = await Orders.CancelAsync("ORD-100125", Owner, None);

        Assert.Equal(new OrderCancellation(true, new OrderActionCheck(OrderActionEligibility.Allowed, Processing)), cancellation);
        Assert.Equal(["GET /api/orders/ORD-100123/cancellation", "GET /api/orders/ORD-100125/cancellation", "POST /api/orders/ORD-100125/cancellation"],
            _server.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task Return_check_and_request_map_the_window_the_return_number_and_the_refund()
    {
        Assert.Equal(new OrderActionCheck(OrderActionEligibility.Allowed, Delivered, new DateOnly(2026, 11, 19)),
            await Orders.CheckReturnAsync("ORD-100124", Owner, None));
        Assert.Equal(OrderActionEligibility.NotDeliveredYet, (await Orders.CheckReturnAsync("ORD-100123", Owner, None)).Eligibility);

        var result = await Orders.RequestReturnAsync("ORD-100124", ReturnReason.WrongItem, "Got a blue one", Owner, None);

        Assert.Equal(new OrderReturn("RET-000001", 475_000m, new OrderActionCheck(OrderActionEligibility.Allowed, Delivered, new DateOnly(2026, 11, 19))), result);
        var request = _server.Requests[^1];
        Assert.Equal(("POST", "/api/orders/ORD-100124/returns"), (request.Method, request.Path));
        Assert.Equal("wrongItem", request.Json.GetProperty("reason").GetString());
        Assert.Equal("Got a blue one", request.Json.GetProperty("note").GetString());
    }

    [Fact]
    public async Task The_customer_profile_is_the_requesters_own_from_customers_me_with_the_contacts_masked()
    {
        var profile = await Orders.GetCustomerProfileAsync(Owner, None);

        Assert.Equal(
            new CustomerProfile("CUS-0001", "Budi Santoso", "b***@example.com", "+62***0001", 3, "ORD-100125", new DateOnly(2026, 11, 19)),
            profile);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/api/customers/me", ""), (request.Method, request.Path, request.Query));
        Assert.Equal(("customer", "CUS-0001"), (request.Header("X-Requester-Kind"), request.Header("X-Requester-Id")));
    }

    [Fact]
    public async Task A_customer_without_orders_gets_a_profile_without_a_latest_order()
    {
        var profile = await Orders.GetCustomerProfileAsync(Requester.Customer("CUS-0009"), None);

        Assert.Equal(new CustomerProfile("CUS-0009", "Dewi Lestari", "d***@example.com", "+62***0009", 0, null, null), profile);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    public async Task A_customer_the_order_system_does_not_know_gets_no_profile_whether_it_says_404_or_403(int denyStatus)
    {
        _server.DenyStatus = denyStatus;

        Assert.Null(await Orders.GetCustomerProfileAsync(Requester.Customer("CUS-0404"), None));
        Assert.Equal("/api/customers/me", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task Someone_who_is_not_a_customer_gets_no_profile_without_a_call()
    {
        Assert.Null(await Orders.GetCustomerProfileAsync(Requester.Anonymous, None));
        Assert.Null(await Orders.GetCustomerProfileAsync(Requester.Employee("EMP-0007"), None));
        Assert.Null(await Orders.GetCustomerProfileAsync(Requester.Supplier("SUP-0001"), None));
        Assert.Null(await Orders.GetCustomerProfileAsync(new Requester(RequesterKind.Employee, "CUS-0001"), None));

        Assert.Empty(_server.Requests);
    }
}
