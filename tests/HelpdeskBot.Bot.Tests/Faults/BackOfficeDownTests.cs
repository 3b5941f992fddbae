using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HelpdeskBot.Connectors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Bot.Tests.Faults;

/// <summary>
/// The order system behind its REST connector (a real Kestrel server speaking the back-office API of docs/connectors.md)
/// goes down in the middle of a cancellation, through the host over Direct Line: users hear in their language that the
/// order system is not answering and the form waits where it was; after two failures the circuit opens, so calls are
/// refused without reaching the system even once it listens again, and readiness says so; once the break is over the next
/// turn reaches the system, the cancellation goes through and readiness recovers.
/// </summary>
public sealed class BackOfficeDownTests
{
    private const string ApiKey = "orders-api-key-for-the-fault-test";

    [Fact]
    public async Task The_order_system_going_down_mid_form_gets_clear_replies_opens_the_circuit_keeps_the_form_and_recovers()
    {
        var port = FreeLoopbackPort();
        var api = await OrdersApi.StartAsync(port);
        try
        {
            using var host = new BotHost()
                .With("Connectors:Orders:Mode", "Http")
                .With("Connectors:Orders:BaseUrl", $"http://127.0.0.1:{port}/")
                .With("Connectors:Orders:ApiKey", ApiKey)
                .With("Connectors:Orders:MaxRetries", "0")
                .With("Connectors:Orders:CircuitBreakerMinimumThroughput", "2")
                .With("Connectors:Orders:CircuitBreakerBreakDuration", "00:01:00");
            var http = host.CreateClient();
            var chat = new DirectLineClient(http);
            var english = await chat.StartAsync("en-US", Requester.Customer("CUS-0001"));
            var indonesian = await chat.StartAsync("id-ID", Requester.Customer("CUS-0001"));

            var confirm = await english.AskAsync("please cancel my order ORD-100125");
            var waitingForNumber = await indonesian.AskAsync("tolong batalin pesanan saya");
            await api.DisposeAsync();
            // Down: the confirmation meets a closed port, and so does the Indonesian check. Two failures open the circuit.
            var downEnglish = await english.AskAsync("yes");
            var downIndonesian = await indonesian.AskAsync("100125");
            var (readyWhileOpen, openReadiness) = await ReadyAsync(http);

            // The system listens again, but the circuit is open: the turn fails fast and the system never sees the call.
            api = await OrdersApi.StartAsync(port);
            var timer = Stopwatch.StartNew();
            var refused = await english.AskAsync("yes");
            var refusedIn = timer.Elapsed;
            var reachedWhileOpen = api.Requests;

            host.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
            var done = await english.AskAsync("yes");
            var (readyAfter, _) = await ReadyAsync(http);

            Assert.Contains("Shall I cancel it?", confirm, StringComparison.Ordinal);
            Assert.Contains("nomor pesanan", waitingForNumber, StringComparison.Ordinal);
            Assert.StartsWith("Sorry, the order system is not answering right now.", downEnglish, StringComparison.Ordinal);
            Assert.StartsWith("Maaf, sistem pesanan sedang tidak merespons.", downIndonesian, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyWhileOpen);
            Assert.Equal("The Orders system's circuit breaker is open after failed calls.",
                openReadiness.GetProperty("checks").GetProperty("backoffice-orders").GetProperty("description").GetString());
            Assert.StartsWith("Sorry, the order system is not answering right now.", refused, StringComparison.Ordinal);
            Assert.Equal(0, reachedWhileOpen);
            Assert.True(refusedIn < TimeSpan.FromSeconds(5), $"an open circuit refuses at once, not after a timeout ({refusedIn})");
            // Nothing lost: after three failed turns the form was still waiting for the yes it got.
            Assert.Contains("ORD-100125 is cancelled", done, StringComparison.Ordinal);
            Assert.Equal(["POST /orders/ORD-100125/cancellation"], api.Received);
            Assert.Equal(HttpStatusCode.OK, readyAfter);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// The company's order system as far as a cancellation needs it, on a real Kestrel server at a fixed port (so it can go
    /// down and come back where the connector expects it): order ORD-100125 of CUS-0001, not shipped yet.
    /// </summary>
    private sealed class OrdersApi : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly List<string> _received = [];
        private bool _cancelled;
        private bool _disposed;

        private OrdersApi(WebApplication app) => _app = app;

        public int Requests
        {
            get
            {
                lock (_received)
                {
                    return _received.Count;
                }
            }
        }

        public IReadOnlyList<string> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public static async Task<OrdersApi> StartAsync(int port)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var api = new OrdersApi(app);
            app.Use(async (context, next) =>
            {
                lock (api._received)
                {
                    api._received.Add($"{context.Request.Method} {context.Request.Path}");
                }
                if (context.Request.Headers["X-Api-Key"] != ApiKey || context.Request.Headers["X-Requester-Id"] != "CUS-0001")
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                await next(context);
            });
            app.MapGet("/orders/ORD-100125/cancellation", () => Results.Json(new
            {
                eligibility = api._cancelled ? "alreadyCancelled" : "allowed",
                order = api.Order(),
            }));
            app.MapPost("/orders/ORD-100125/cancellation", () =>
            {
                api._cancelled = true;
                return Results.Json(new { cancelled = true, check = new { eligibility = "allowed", order = api.Order() } });
            });
            await app.StartAsync();
            return api;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private object Order() => new
        {
            orderNumber = "ORD-100125",
            status = _cancelled ? "cancelled" : "processing",
            orderedOn = "2026-11-25",
            itemCount = 2,
            totalIdr = 450000m,
            shipment = (object?)null,
        };
    }
}
