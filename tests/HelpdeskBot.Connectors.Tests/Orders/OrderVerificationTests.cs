using HelpdeskBot.Connectors.Orders;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.Tests.Orders;

public sealed class OrderVerificationTests : IAsyncLifetime
{
    private const string Email = "budi.santoso@example.com";
    private FreshBackOffice _backOffice = null!;

    private IOrderService Orders => _backOffice.Host.Orders;

    public async Task InitializeAsync() => _backOffice = await FreshBackOffice.StartAsync();

    public async Task DisposeAsync() => await _backOffice.DisposeAsync();

    private Task<OrderVerification> Verify(string number, string email, string visitor = "visitor-1") =>
        Orders.VerifyAsync(number, email, visitor, CancellationToken.None);

    [Theory]
    [InlineData("ORD-100123", "budi.santoso@example.com")]
    [InlineData("ord-100123", " Budi.Santoso@EXAMPLE.com ")]
    public async Task Order_number_and_the_email_on_the_order_verify(string number, string email)
    {
        var result = await Verify(number, email);

        Assert.Equal(new OrderVerification(OrderVerificationOutcome.Verified, IOrderService.MaxVerificationFailures), result);
    }

    [Fact]
    public async Task Wrong_email_and_unknown_order_read_the_same()
    {
        var wrongEmail = await Verify("ORD-100123", "someone@example.com", "visitor-a");
        var unknownOrder = await Verify("ORD-999999", Email, "visitor-b");
        var otherCustomersOrder = await Verify("ORD-100001", Email, "visitor-c");

        Assert.Equal(new OrderVerification(OrderVerificationOutcome.Mismatch, IOrderService.MaxVerificationFailures - 1), wrongEmail);
        Assert.Equal(wrongEmail, unknownOrder);
        Assert.Equal(wrongEmail, otherCustomersOrder);
    }

    [Fact]
    public async Task Five_failures_lock_the_visitor_out_even_with_the_right_email_until_the_lock_expires()
    {
        OrderVerification last = null!;
        for (var i = 0; i < IOrderService.MaxVerificationFailures; i++)
        {
            last = await Verify("ORD-100123", $"guess{i}@example.com");
        }

        var lockedUntil = FreshBackOffice.Start.AddMinutes(30);
        Assert.Equal(new OrderVerification(OrderVerificationOutcome.Mismatch, 0, lockedUntil), last);

        Assert.Equal(new OrderVerification(OrderVerificationOutcome.LockedOut, 0, lockedUntil), await Verify("ORD-100123", Email));
        Assert.Equal(OrderVerificationOutcome.LockedOut, (await Verify("ORD-100124", Email)).Outcome);

        _backOffice.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(OrderVerificationOutcome.LockedOut, (await Verify("ORD-100123", Email)).Outcome);

        _backOffice.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(OrderVerificationOutcome.Verified, (await Verify("ORD-100123", Email)).Outcome);
    }

    [Fact]
    public async Task Failures_on_one_order_from_many_visitors_lock_that_order()
    {
        for (var i = 0; i < IOrderService.MaxVerificationFailures; i++)
        {
            await Verify("ORD-100123", "guess@example.com", $"visitor-{i}");
        }

        Assert.Equal(OrderVerificationOutcome.LockedOut, (await Verify("ORD-100123", Email, "fresh-visitor")).Outcome);
        Assert.Equal(OrderVerificationOutcome.Verified, (await Verify("ORD-100124", Email, "fresh-visitor")).Outcome);
    }

    [Fact]
    public async Task Success_resets_the_visitors_failure_count()
    {
        for (var i = 0; i < IOrderService.MaxVerificationFailures - 1; i++)
        {
            await Verify("ORD-100124", "guess@example.com");
        }

        Assert.Equal(OrderVerificationOutcome.Verified, (await Verify("ORD-100123", Email)).Outcome);
        Assert.Equal(
            new OrderVerification(OrderVerificationOutcome.Mismatch, IOrderService.MaxVerificationFailures - 1),
            await Verify("ORD-100125", "guess@example.com"));
    }

    [Fact]
    public async Task A_right_email_writes_nothing_so_it_never_waits_for_another_writer()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(OrderVerificationOutcome.Verified, (await Verify("ORD-100124", Email, $"visitor-{i}")).Outcome);
        }

        await using var db = _backOffice.Host.CreateDbContext();
        Assert.Equal(0, await db.VerificationFailures.CountAsync());
    }

    [Fact]
    public async Task Guesses_sent_at_once_by_one_visitor_read_mismatch_no_more_than_the_limit_allows()
    {
        var guesses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => Verify("ORD-100123", $"guess{i}@example.com"))));

        Assert.Equal(IOrderService.MaxVerificationFailures, guesses.Count(g => g.Outcome == OrderVerificationOutcome.Mismatch));
        Assert.Contains(guesses, g => g is { Outcome: OrderVerificationOutcome.Mismatch, AttemptsLeft: 0, LockedUntil: not null });
        Assert.All(guesses.Where(g => g.Outcome != OrderVerificationOutcome.Mismatch), g => Assert.Equal(OrderVerificationOutcome.LockedOut, g.Outcome));
        Assert.Equal(OrderVerificationOutcome.LockedOut, (await Verify("ORD-100123", Email)).Outcome);

        await using var db = _backOffice.Host.CreateDbContext();
        Assert.All(await db.VerificationFailures.ToListAsync(), c => Assert.Equal(IOrderService.MaxVerificationFailures, c.FailureCount));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("ORD-100123", "")]
    [InlineData("ORD-100123", "   ")]
    [InlineData("not an order", "budi.santoso@example.com")]
    [InlineData("ORD-100123; DROP TABLE Orders", "budi.santoso@example.com")]
    public async Task Bad_input_is_a_mismatch(string number, string email)
    {
        Assert.Equal(OrderVerificationOutcome.Mismatch, (await Verify(number, email)).Outcome);
    }

    [Fact]
    public async Task Very_long_input_and_empty_visitor_keys_are_a_mismatch_not_an_error()
    {
        var longText = new string('x', 100_000);

        Assert.Equal(OrderVerificationOutcome.Mismatch, (await Verify(longText, longText, longText)).Outcome);
        Assert.Equal(OrderVerificationOutcome.Mismatch, (await Verify("ORD-100123", Email + longText, "")).Outcome);
        Assert.Equal(OrderVerificationOutcome.Mismatch, (await Orders.VerifyAsync(null!, null!, null!, CancellationToken.None)).Outcome);
    }
}
