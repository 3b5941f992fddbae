using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Connectors.Tests.Orders;

public sealed class OrderChangeTests : IAsyncLifetime
{
    private static readonly Requester Owner = Requester.Customer("CUS-0001");
    private FreshBackOffice _backOffice = null!;

    private IOrderService Orders => _backOffice.Host.Orders;

    public async Task InitializeAsync() => _backOffice = await FreshBackOffice.StartAsync();

    public async Task DisposeAsync() => await _backOffice.DisposeAsync();

    [Theory]
    [InlineData("ORD-100125", OrderActionEligibility.Allowed)]
    [InlineData("ORD-100123", OrderActionEligibility.AlreadyShipped)]
    [InlineData("ORD-100124", OrderActionEligibility.AlreadyDelivered)]
    [InlineData("ORD-100127", OrderActionEligibility.AlreadyDelivered)]
    [InlineData("ORD-100126", OrderActionEligibility.AlreadyCancelled)]
    public async Task Only_a_processing_order_can_be_cancelled(string number, OrderActionEligibility expected)
    {
        var check = await Orders.CheckCancellationAsync(number, Owner, CancellationToken.None);

        Assert.Equal(expected, check.Eligibility);
        Assert.Equal(number, check.Order?.OrderNumber);
    }

    [Fact]
    public async Task Cancelling_ORD_100125_cancels_it_once()
    {
        var cancellation = await Orders.CancelAsync("ORD-100125", Owner, CancellationToken.None);

        Assert.True(cancellation.Cancelled);
        Assert.Equal(OrderState.Cancelled, cancellation.Check.Order?.Status);
        Assert.Equal(OrderState.Cancelled, (await Orders.GetStatusAsync("ORD-100125", Owner, CancellationToken.None))?.Status);

        var again = await Orders.CancelAsync("ORD-100125", Owner, CancellationToken.None);
        Assert.False(again.Cancelled);
        Assert.Equal(OrderActionEligibility.AlreadyCancelled, again.Check.Eligibility);
    }

    [Fact]
    public async Task Concurrent_cancellations_of_one_order_cancel_it_exactly_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => Orders.CancelAsync("ORD-100125", Owner, CancellationToken.None))));

        Assert.Single(results, r => r.Cancelled);
        Assert.All(results.Where(r => !r.Cancelled), r => Assert.Equal(OrderActionEligibility.AlreadyCancelled, r.Check.Eligibility));
    }

    [Fact]
    public async Task Another_customers_order_reads_like_an_unknown_order_and_is_not_changed()
    {
        var other = Requester.Customer("CUS-0002");

        var unknownCheck = await Orders.CheckCancellationAsync("ORD-999999", other, CancellationToken.None);
        Assert.Equal(new OrderActionCheck(OrderActionEligibility.NotFound), unknownCheck);
        Assert.Equal(unknownCheck, await Orders.CheckCancellationAsync("ORD-100125", other, CancellationToken.None));
        Assert.Equal(unknownCheck, await Orders.CheckReturnAsync("ORD-100127", other, CancellationToken.None));
        Assert.Equal(
            await Orders.CancelAsync("ORD-999999", other, CancellationToken.None),
            await Orders.CancelAsync("ORD-100125", other, CancellationToken.None));
        Assert.Equal(
            await Orders.RequestReturnAsync("ORD-999999", ReturnReason.Damaged, null, other, CancellationToken.None),
            await Orders.RequestReturnAsync("ORD-100127", ReturnReason.Damaged, null, other, CancellationToken.None));

        Assert.Equal(OrderState.Processing, (await Orders.GetStatusAsync("ORD-100125", Owner, CancellationToken.None))?.Status);
        Assert.Equal(OrderActionEligibility.Allowed, (await Orders.CheckReturnAsync("ORD-100127", Owner, CancellationToken.None)).Eligibility);
    }

    [Fact]
    public async Task Staff_see_the_status_but_cannot_cancel_or_return_through_the_bot()
    {
        var employee = Requester.Employee("EMP-0007");

        Assert.NotNull(await Orders.GetStatusAsync("ORD-100125", employee, CancellationToken.None));
        Assert.False((await Orders.CancelAsync("ORD-100125", employee, CancellationToken.None)).Cancelled);
        Assert.Equal(OrderActionEligibility.NotFound, (await Orders.CheckReturnAsync("ORD-100127", employee, CancellationToken.None)).Eligibility);
        Assert.Equal(OrderState.Processing, (await Orders.GetStatusAsync("ORD-100125", Owner, CancellationToken.None))?.Status);
    }

    [Fact]
    public async Task A_visitor_can_cancel_only_an_order_they_verified()
    {
        var verified = Requester.Anonymous with { VerifiedOrderNumbers = ["ORD-100125"] };

        Assert.False((await Orders.CancelAsync("ORD-100125", Requester.Anonymous, CancellationToken.None)).Cancelled);
        Assert.True((await Orders.CancelAsync("ORD-100125", verified, CancellationToken.None)).Cancelled);
    }

    [Fact]
    public async Task Delivered_ORD_100127_can_be_returned_for_its_total_once()
    {
        var check = await Orders.CheckReturnAsync("ORD-100127", Owner, CancellationToken.None);
        Assert.Equal((OrderActionEligibility.Allowed, new DateOnly(2026, 12, 2)), (check.Eligibility, check.ReturnWindowEndsOn));

        var opened = await Orders.RequestReturnAsync("ORD-100127", ReturnReason.Damaged, "Headset berderit", Owner, CancellationToken.None);
        Assert.Equal(("RET-000001", 448_000m, OrderActionEligibility.Allowed), (opened.ReturnNumber, opened.RefundIdr, opened.Check.Eligibility));

        var again = await Orders.CheckReturnAsync("ORD-100127", Owner, CancellationToken.None);
        Assert.Equal((OrderActionEligibility.AlreadyReturned, "RET-000001"), (again.Eligibility, again.ExistingReturnNumber));
        var second = await Orders.RequestReturnAsync("ORD-100127", ReturnReason.Other, null, Owner, CancellationToken.None);
        Assert.Null(second.ReturnNumber);
        Assert.Equal(OrderActionEligibility.AlreadyReturned, second.Check.Eligibility);
    }

    [Fact]
    public async Task Concurrent_return_requests_open_exactly_one_return()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            Task.Run(() => Orders.RequestReturnAsync("ORD-100127", ReturnReason.NoLongerNeeded, null, Owner, CancellationToken.None))));

        Assert.Single(results, r => r.ReturnNumber is not null);
    }

    [Theory]
    [InlineData("ORD-100124", OrderActionEligibility.ReturnWindowClosed)]
    [InlineData("ORD-100123", OrderActionEligibility.NotDeliveredYet)]
    [InlineData("ORD-100125", OrderActionEligibility.NotDeliveredYet)]
    [InlineData("ORD-100126", OrderActionEligibility.AlreadyCancelled)]
    public async Task Orders_not_delivered_or_past_the_window_cannot_be_returned(string number, OrderActionEligibility expected)
    {
        var result = await Orders.RequestReturnAsync(number, ReturnReason.WrongItem, null, Owner, CancellationToken.None);

        Assert.Equal(expected, result.Check.Eligibility);
        Assert.Null(result.ReturnNumber);
    }

    [Fact]
    public async Task Return_window_is_measured_against_the_business_date()
    {
        await using var earlier = await FreshBackOffice.StartAsync(businessDate: "2026-11-19");
        await using var later = await FreshBackOffice.StartAsync(businessDate: "2026-12-03");

        var check100124 = await earlier.Host.Orders.CheckReturnAsync("ORD-100124", Owner, CancellationToken.None);
        Assert.Equal((OrderActionEligibility.Allowed, new DateOnly(2026, 11, 19)), (check100124.Eligibility, check100124.ReturnWindowEndsOn));
        Assert.Equal(
            OrderActionEligibility.ReturnWindowClosed,
            (await later.Host.Orders.CheckReturnAsync("ORD-100127", Owner, CancellationToken.None)).Eligibility);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ORD-")]
    [InlineData("ORD-100125 OR 1=1")]
    public async Task Bad_order_numbers_are_not_found(string number)
    {
        var longNumber = new string('9', 10_000);

        Assert.Equal(OrderActionEligibility.NotFound, (await Orders.CheckCancellationAsync(number, Owner, CancellationToken.None)).Eligibility);
        Assert.False((await Orders.CancelAsync(longNumber, Owner, CancellationToken.None)).Cancelled);
        Assert.Equal(
            OrderActionEligibility.NotFound,
            (await Orders.RequestReturnAsync(number, ReturnReason.Other, longNumber, Owner, CancellationToken.None)).Check.Eligibility);
    }

    [Fact]
    public async Task A_very_long_return_note_is_cut_not_refused()
    {
        var result = await Orders.RequestReturnAsync("ORD-100127", (ReturnReason)42, new string('n', 50_000), Owner, CancellationToken.None);

        Assert.Equal("RET-000001", result.ReturnNumber);
    }
}
