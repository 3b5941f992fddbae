using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HelpdeskBot.Bot.Tests.Operations;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> through the real host: what a load balancer sees when everything answers,
/// when a back-office system's REST API is down, and when the state database is unusable — and that neither answer
/// carries a URL, a key or a driver's message.
/// </summary>
public sealed class HealthEndpointTests
{
    private const string ApiKey = "health-test-api-key-not-to-be-shown";

    [Fact]
    public async Task A_healthy_host_is_live_and_ready_and_names_each_dependency_it_checked()
    {
        using var host = new BotHost();
        using var http = host.CreateClient();

        var (liveStatus, live) = await GetAsync(http, "/health/live");
        var (readyStatus, ready) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Assert.Empty(live.GetProperty("checks").EnumerateObject());
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Empty(ready.GetProperty("failing").EnumerateArray());
        var checks = ready.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Equal(["backoffice-demo", "intent-model", "knowledge", "state-database"], checks);
        Assert.All(ready.GetProperty("checks").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Contains("embedded", ready.GetProperty("checks").GetProperty("knowledge").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_back_office_api_on_a_closed_port_makes_ready_503_naming_it_while_live_stays_200()
    {
        var closedPort = ClosedLoopbackPort();
        using var host = new BotHost()
            .With("Connectors:Orders:Mode", "Http")
            .With("Connectors:Orders:BaseUrl", $"http://127.0.0.1:{closedPort}/api/v1")
            .With("Connectors:Orders:ApiKey", ApiKey);
        using var http = host.CreateClient();

        var (readyStatus, ready) = await GetAsync(http, "/health/ready");
        var (liveStatus, _) = await GetAsync(http, "/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", ready.GetProperty("status").GetString());
        Assert.Equal(["backoffice-orders"], ready.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("The Orders system is unreachable.", ready.GetProperty("checks").GetProperty("backoffice-orders").GetProperty("description").GetString());
        // The other systems stay on the demo back office, which answers.
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("backoffice-demo").GetProperty("status").GetString());
        var raw = ready.GetRawText();
        Assert.DoesNotContain(closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), raw);
        Assert.DoesNotContain("127.0.0.1", raw);
        Assert.DoesNotContain(ApiKey, raw);
        Assert.Equal(HttpStatusCode.OK, liveStatus);
    }

    [Fact]
    public async Task A_back_office_api_is_ready_while_it_listens_and_not_once_it_stops()
    {
        await using var api = await StartListeningApiAsync();
        using var host = new BotHost()
            .With("Connectors:Invoicing:Mode", "Http")
            .With("Connectors:Invoicing:BaseUrl", api.Urls.Single())
            .With("Connectors:Invoicing:ApiKey", ApiKey);
        using var http = host.CreateClient();

        var (whileUp, up) = await GetAsync(http, "/health/ready");
        await api.StopAsync();
        var (afterStop, down) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, whileUp);
        Assert.Equal("Healthy", up.GetProperty("checks").GetProperty("backoffice-invoicing").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, afterStop);
        Assert.Equal(["backoffice-invoicing"], down.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_back_office_api_that_keeps_failing_opens_its_circuit_and_ready_says_so_though_it_still_listens()
    {
        await using var api = await StartListeningApiAsync(failing: true);
        using var host = new BotHost()
            .With("Connectors:Orders:Mode", "Http")
            .With("Connectors:Orders:BaseUrl", api.Urls.Single())
            .With("Connectors:Orders:ApiKey", ApiKey)
            .With("Connectors:Orders:MaxRetries", "0")
            .With("Connectors:Orders:CircuitBreakerMinimumThroughput", "2")
            .With("Connectors:Orders:CircuitBreakerBreakDuration", "00:10:00");
        var http = host.CreateClient();
        var (before, _) = await GetAsync(http, "/health/ready");
        var session = await new DirectLineClient(http).StartAsync("en-US", HelpdeskBot.Connectors.Requester.Customer("CUS-0001"));

        // Each question is a GET to the orders API that answers 500: two failures in the window open the breaker.
        await session.AskAsync("where is my order ORD-100123");
        await session.AskAsync("where is my order ORD-100124");
        var (after, ready) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after);
        Assert.Equal(["backoffice-orders"], ready.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("The Orders system's circuit breaker is open after failed calls.",
            ready.GetProperty("checks").GetProperty("backoffice-orders").GetProperty("description").GetString());
    }

    [Fact]
    public async Task An_unusable_state_database_makes_ready_503_naming_it_without_the_drivers_message()
    {
        using var host = new BotHost();
        using var http = host.CreateClient();
        var (before, _) = await GetAsync(http, "/health/ready");

        await MakeUnusableAsync(Path.Combine(host.DataDirectory, "state.db"));

        var (after, ready) = await GetAsync(http, "/health/ready");
        var (live, _) = await GetAsync(http, "/health/live");

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after);
        Assert.Equal(["state-database"], ready.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("The state database does not answer.", ready.GetProperty("checks").GetProperty("state-database").GetProperty("description").GetString());
        Assert.DoesNotContain("not a database", ready.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(host.DataDirectory, ready.GetRawText());
        Assert.Equal(HttpStatusCode.OK, live);
    }

    [Fact]
    public async Task An_unusable_knowledge_database_makes_ready_503_naming_the_knowledge_base()
    {
        using var host = new BotHost();
        using var http = host.CreateClient();
        var (before, _) = await GetAsync(http, "/health/ready");

        await MakeUnusableAsync(Path.Combine(host.DataDirectory, "knowledge.db"));
        var (after, ready) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after);
        Assert.Equal(["knowledge"], ready.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("The knowledge database does not answer.", ready.GetProperty("checks").GetProperty("knowledge").GetProperty("description").GetString());
    }

    [Fact]
    public async Task With_Qdrant_down_ready_is_degraded_while_the_lexical_fallback_serves_and_503_once_the_knowledge_database_fails_too()
    {
        using var host = new BotHost()
            .With("Knowledge:VectorStore", "Qdrant")
            .With("Knowledge:Qdrant:Url", $"http://127.0.0.1:{ClosedLoopbackPort()}")
            .With("Knowledge:Qdrant:Timeout", "00:00:05");
        using var http = host.CreateClient();
        var (fallback, degraded) = await GetAsync(http, "/health/ready");

        // The fallback reads the knowledge database: without it nothing answers policy questions.
        await MakeUnusableAsync(Path.Combine(host.DataDirectory, "knowledge.db"));
        var (after, ready) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, fallback);
        Assert.Equal("Degraded", degraded.GetProperty("checks").GetProperty("knowledge").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after);
        Assert.Equal("Unhealthy", ready.GetProperty("checks").GetProperty("knowledge").GetProperty("status").GetString());
        Assert.Equal("The knowledge database does not answer.", ready.GetProperty("checks").GetProperty("knowledge").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_check_added_later_with_the_ready_tag_gets_the_deadline_and_never_shows_its_exception()
    {
        // What the Redis work will do: register a check tagged HealthTags.Ready, nothing else.
        using var host = new BotHost()
            .With("Health:Timeout", "00:00:00.300")
            .WithServices(services => services.AddHealthChecks()
                .AddAsyncCheck("redis", async ct =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), ct);
                    return HealthCheckResult.Healthy();
                }, tags: [HelpdeskBot.Bot.Operations.Health.HealthTags.Ready])
                .AddCheck("leaky", () => throw new InvalidOperationException("Host=db.internal;Password=hunter2"),
                    tags: [HelpdeskBot.Bot.Operations.Health.HealthTags.Ready]));
        using var http = host.CreateClient();

        var (status, ready) = await GetAsync(http, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(["leaky", "redis"], ready.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.InRange(ready.GetProperty("checks").GetProperty("redis").GetProperty("durationMs").GetDouble(), 0, 10_000);
        Assert.Equal("The check failed or timed out.", ready.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString());
        Assert.DoesNotContain("hunter2", ready.GetRawText());
        Assert.DoesNotContain("db.internal", ready.GetRawText());
    }

    /// <summary>Whatever SQLite had open on the file is closed, and the file is no longer a database.</summary>
    private static async Task MakeUnusableAsync(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var sidecar in (string[])[path + "-wal", path + "-shm"])
        {
            File.Delete(sidecar);
        }
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        SqliteConnection.ClearAllPools();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A real Kestrel server standing in for a back-office REST API; readiness only needs it to accept connections.</summary>
    private static async Task<WebApplication> StartListeningApiAsync(bool failing = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var api = builder.Build();
        api.MapGet("/{**path}", () => failing ? Results.StatusCode(StatusCodes.Status500InternalServerError) : Results.NotFound());
        await api.StartAsync();
        return api;
    }
}
