using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using HelpdeskBot.Connectors.BackOffice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace HelpdeskBot.Connectors.Http;

/// <summary>What a readiness probe found out about one back-office system. The names are fixed words, safe to show anyone.</summary>
public enum BackOfficeProbeResult
{
    /// <summary>The system answers: the demo database runs a query, or the REST API's host accepts a connection.</summary>
    Reachable,

    /// <summary>The REST API's host refused the connection, did not answer in time, or its name does not resolve.</summary>
    Unreachable,

    /// <summary>The connector's circuit breaker is open: recent calls failed and calls are being refused without trying.</summary>
    CircuitOpen,

    /// <summary>The embedded demo back office's database could not run a query.</summary>
    DatabaseUnavailable,
}

/// <summary>
/// The circuit breaker of each back-office system's REST connector, observed (never controlled) so that readiness can say
/// "circuit open" instead of waiting for a call to fail. Filled by the resilience pipelines as their clients are built.
/// </summary>
public sealed class BackOfficeCircuits
{
    private readonly ConcurrentDictionary<BackOfficeSystem, CircuitBreakerStateProvider> _states = new();

    internal CircuitBreakerStateProvider For(BackOfficeSystem system)
    {
        // A pipeline is rebuilt when its options change; the newest one is the one calls go through.
        var provider = new CircuitBreakerStateProvider();
        _states[system] = provider;
        return provider;
    }

    /// <summary>True while the system's breaker refuses calls (open, or isolated by hand).</summary>
    public bool IsOpen(BackOfficeSystem system) =>
        _states.TryGetValue(system, out var provider) && provider.CircuitState is CircuitState.Open or CircuitState.Isolated;
}

/// <summary>
/// Answers "could the bot reach this back-office system now?" for the host's readiness check, cheaply and without calling
/// any API: the demo back office runs one indexed query; a REST system's breaker is consulted, then a TCP connection to
/// its base URL's host is opened and closed (no request is sent, so the API key never leaves and nothing is logged there).
/// Systems in <see cref="ConnectorMode.Demo"/> share the one demo database.
/// </summary>
public sealed class BackOfficeReachability
{
    private readonly IDbContextFactory<BackOfficeDbContext> demoDatabase;
    private readonly IOptionsMonitor<ConnectorOptions> connectors;
    private readonly BackOfficeCircuits circuits;

    internal BackOfficeReachability(
        IDbContextFactory<BackOfficeDbContext> demoDatabase,
        IOptionsMonitor<ConnectorOptions> connectors,
        BackOfficeModes modes,
        BackOfficeCircuits circuits)
    {
        this.demoDatabase = demoDatabase;
        this.connectors = connectors;
        this.circuits = circuits;
        DemoSystems = [.. Enum.GetValues<BackOfficeSystem>().Where(system => !modes.RealSystems.Contains(system))];
        HttpSystems = [.. Enum.GetValues<BackOfficeSystem>().Where(modes.RealSystems.Contains)];
    }

    /// <summary>The systems served by the embedded demo back office.</summary>
    public IReadOnlyList<BackOfficeSystem> DemoSystems { get; }

    /// <summary>The systems served by the company's REST APIs (<c>Connectors:{System}:Mode=Http</c>).</summary>
    public IReadOnlyList<BackOfficeSystem> HttpSystems { get; }

    /// <summary>Runs one query on the demo back office's database.</summary>
    public async Task<BackOfficeProbeResult> ProbeDemoAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await demoDatabase.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await db.Customers.AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
            return BackOfficeProbeResult.Reachable;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any provider's failure (missing file, corrupt file, refused connection) means the same to a load balancer.
            return BackOfficeProbeResult.DatabaseUnavailable;
        }
    }

    /// <summary>The breaker's state, then whether the REST API's host accepts a TCP connection.</summary>
    public async Task<BackOfficeProbeResult> ProbeHttpAsync(BackOfficeSystem system, CancellationToken cancellationToken)
    {
        if (circuits.IsOpen(system))
        {
            return BackOfficeProbeResult.CircuitOpen;
        }

        var address = connectors.Get(system.ToString()).BaseAddress;
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new DnsEndPoint(address.IdnHost, address.Port), cancellationToken).ConfigureAwait(false);
            return BackOfficeProbeResult.Reachable;
        }
        catch (SocketException)
        {
            return BackOfficeProbeResult.Unreachable;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BackOfficeProbeResult.Unreachable;
        }
    }
}
