using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace HelpdeskBot.Connectors.Tests.Http;

/// <summary>What the bot does when a back-office system fails: retries reads, never repeats changes, gives up in time.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private static readonly Requester Customer = Requester.Customer("CUS-0001");
    private static readonly Requester Rina = Requester.Employee("EMP-0007");
    private static readonly CancellationToken None = CancellationToken.None;

    private FakeBackOffice _server = null!;

    public async Task InitializeAsync() => _server = await FakeBackOffice.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static Func<HttpContext, Task<bool>> FailFirst(int failures, int status = StatusCodes.Status500InternalServerError)
    {
        var seen = 0;
        return context =>
        {
            if (Interlocked.Increment(ref seen) > failures)
            {
                return Task.FromResult(false);
            }

            context.Response.StatusCode = status;
            return Task.FromResult(true);
        };
    }

    private static Func<HttpContext, Task<bool>> AlwaysFail(int status = StatusCodes.Status500InternalServerError) =>
        FailFirst(int.MaxValue, status);

    [Theory]
    [InlineData(StatusCodes.Status500InternalServerError)]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status429TooManyRequests)]
    public async Task A_read_that_fails_transiently_is_retried_and_succeeds(int status)
    {
        using var host = ConnectorHost.Create(_server.BaseUrl);
        _server.Intercept = FailFirst(1, status);

        var order = await host.Orders.GetStatusAsync("ORD-100123", Customer, None);

        Assert.Equal(OrderState.Shipped, order?.Status);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_cancellation_that_meets_a_500_is_not_sent_again_and_reports_the_order_system_unavailable()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl);
        _server.Intercept = FailFirst(1);

        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Orders.CancelAsync("ORD-100125", Customer, None));

        Assert.Equal(BackOfficeSystem.Orders, failure.System);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task No_state_changing_post_is_retried()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl);
        _server.Intercept = AlwaysFail(StatusCodes.Status503ServiceUnavailable);

        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Orders.RequestReturnAsync("ORD-100124", ReturnReason.Damaged, null, Customer, None));
        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.ItSupport.CreateTicketAsync(new(TicketCategory.Network, "No wifi", TicketUrgency.High), Rina, None));
        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.ItSupport.RunAccountActionAsync(AccountAction.PasswordReset, Rina, None));
        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Hr.SubmitLeaveRequestAsync(new(HelpdeskBot.Connectors.Hr.LeaveType.Annual, new(2026, 12, 1), new(2026, 12, 1), 1m), Rina, None));
        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Invoices.SendCopyAsync("INV-2026-0002", Customer, None));
        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Notifications.SendOneTimeCodeAsync(Rina, ContactChannel.Email, "unlock", None));

        Assert.Equal(6, _server.Requests.Count);
    }

    [Fact]
    public async Task A_system_that_keeps_failing_is_reported_unavailable_by_name_after_the_retries_and_logged_without_personal_data()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl);
        _server.Intercept = AlwaysFail();

        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.ItSupport.GetTicketAsync("TCK-000101", Rina, None));

        Assert.Equal(BackOfficeSystem.ItSupport, failure.System);
        Assert.Equal(3, _server.Requests.Count);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Category == "HelpdeskBot.Connectors.Http.BackOfficeHttp");
        Assert.Equal("ItSupport failed GetTicket with status 500; reported as unavailable", warning.Message);
        Assert.All(host.Logs.GetSnapshot(), r => Assert.DoesNotContain("EMP-0007", r.Message, StringComparison.Ordinal));
        Assert.All(host.Logs.GetSnapshot(), r => Assert.DoesNotContain("TCK-000101", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_system_is_abandoned_within_the_total_timeout()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:Hr:AttemptTimeout"] = "00:00:00.300",
            ["Connectors:Hr:TotalTimeout"] = "00:00:00.800",
        });
        await WarmUpAsync(() => host.Hr.GetProfileAsync(Rina, None));
        _server.Intercept = Hang;

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Hr.GetProfileAsync(Rina, None));

        Assert.Equal(BackOfficeSystem.Hr, failure.System);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_customer_profile_read_is_retried_on_a_500_and_then_reported_as_the_order_system_unavailable()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl);
        _server.Intercept = AlwaysFail();

        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Orders.GetCustomerProfileAsync(Customer, None));

        Assert.Equal(BackOfficeSystem.Orders, failure.System);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message == "Orders failed GetCustomerProfile with status 500; reported as unavailable");
        Assert.All(host.Logs.GetSnapshot(), r => Assert.DoesNotContain("CUS-0001", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_customer_profile_read_is_abandoned_within_the_total_timeout()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:Orders:AttemptTimeout"] = "00:00:00.300",
            ["Connectors:Orders:TotalTimeout"] = "00:00:00.800",
        });

        // JIT-compiles the path through a host with roomy timeouts, so a busy machine's cold start cannot fail the warm-up.
        using (var roomy = ConnectorHost.Create(_server.BaseUrl))
        {
            Assert.NotNull(await roomy.Orders.GetCustomerProfileAsync(Customer, None));
        }

        _server.Intercept = Hang;

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Orders.GetCustomerProfileAsync(Customer, None));

        Assert.Equal(BackOfficeSystem.Orders, failure.System);
        // The pipeline's timeout, or the cancellation it causes inside the handler, depending on which surfaces first.
        Assert.True(failure.InnerException is Polly.Timeout.TimeoutRejectedException or OperationCanceledException,
            $"Not a timeout: {failure.InnerException}");

        // Well before the system's 10 s answer.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_slow_post_is_abandoned_after_one_attempt()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:Invoicing:AttemptTimeout"] = "00:00:00.300",
            ["Connectors:Invoicing:TotalTimeout"] = "00:00:05",
        });
        var before = await WarmUpAsync(() => host.Invoices.GetInvoiceAsync("INV-2026-0002", Customer, None));
        _server.Intercept = Hang;

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Invoices.SendCopyAsync("INV-2026-0002", Customer, None));

        Assert.Equal(BackOfficeSystem.Invoicing, failure.System);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2.5));

        // A retry would have been sent at once (10 ms delay); give a late one time to arrive before counting.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, _server.Requests.Count - before);
    }

    [Fact]
    public async Task A_closed_port_is_reported_unavailable()
    {
        using var host = ConnectorHost.Create(new Uri($"http://127.0.0.1:{ClosedPort()}/api"));

        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() =>
            host.Notifications.SendOneTimeCodeAsync(Rina, ContactChannel.Sms, "unlock", None));

        Assert.Equal(BackOfficeSystem.Notifications, failure.System);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_and_calls_fail_fast_without_reaching_the_system()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl, new Dictionary<string, string?>
        {
            ["Connectors:Invoicing:MaxRetries"] = "0",
            ["Connectors:Invoicing:CircuitBreakerMinimumThroughput"] = "2",
            ["Connectors:Invoicing:CircuitBreakerSamplingDuration"] = "00:00:10",
            ["Connectors:Invoicing:CircuitBreakerBreakDuration"] = "00:00:10",
        });
        _server.Intercept = AlwaysFail();

        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Invoices.GetUnpaidInvoicesAsync(Customer, None));
        await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Invoices.GetInvoiceAsync("INV-2026-0001", Customer, None));
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Invoices.GetInvoiceAsync("INV-2026-0001", Customer, None));

        Assert.IsType<BrokenCircuitException>(failure.InnerException);
        Assert.Equal(BackOfficeSystem.Invoicing, failure.System);
        Assert.Equal(2, _server.Requests.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        // Each system has its own breaker: orders still answer.
        _server.Intercept = null;
        Assert.NotNull(await host.Orders.GetStatusAsync("ORD-100123", Customer, None));
    }

    [Fact]
    public async Task A_rejected_api_key_is_an_outage_logged_as_an_error()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl, new Dictionary<string, string?> { ["Connectors:Orders:ApiKey"] = "wrong-key" });

        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Orders.GetStatusAsync("ORD-100123", Customer, None));

        Assert.Equal(BackOfficeSystem.Orders, failure.System);
        Assert.Single(_server.Requests);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains("Orders refused the bot's API key on GetStatus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_that_breaks_the_contract_is_an_outage_not_a_default_value()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl);
        _server.Intercept = async context =>
        {
            await context.Response.WriteAsJsonAsync(new { orderNumber = "ORD-100123", status = "teleported" });
            return true;
        };

        var failure = await Assert.ThrowsAsync<BackOfficeUnavailableException>(() => host.Orders.GetStatusAsync("ORD-100123", Customer, None));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(failure.InnerException);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_an_outage()
    {
        using var host = ConnectorHost.Create(_server.BaseUrl);
        _server.Intercept = Hang;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Orders.GetStatusAsync("ORD-100123", Customer, cancellation.Token));
    }

    /// <summary>Connects and JIT-compiles the path first, so that a short timeout measures the system, not a cold start.</summary>
    private async Task<int> WarmUpAsync(Func<Task> call)
    {
        await call();
        return _server.Requests.Count;
    }

    private static async Task<bool> Hang(HttpContext context)
    {
        await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        return false;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
