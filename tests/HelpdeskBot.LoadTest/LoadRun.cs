using System.Diagnostics;
using System.Reflection;
using HelpdeskBot.LoadTest.Ceiling;
using HelpdeskBot.LoadTest.Hosting;
using HelpdeskBot.LoadTest.Measuring;

namespace HelpdeskBot.LoadTest;

/// <summary>
/// What the fault run's kill did: when it came, how long until the restarted host served and until a client got a reply
/// again, how much was in flight, and what the host logged about unreadable states or failed turns afterwards.
/// </summary>
public sealed record FaultResult(
    TimeSpan KilledAt,
    TimeSpan HostServingAgainAfter,
    TimeSpan? FirstReplyAfter,
    int TurnsInFlight,
    int ConversationsOpen,
    int ProbesAnswered,
    int Reconnects,
    int StartRetries,
    IReadOnlyList<string> HostLogProblems);

/// <summary>The outcome of a run: the bot, the ceiling (when measured), the host's memory, and the audit.</summary>
public sealed record LoadRunResult(
    LoadTestOptions Options, PhaseResult Bot, PhaseResult? Ceiling, long HostPeakWorkingSetBytes, AuditResult Audit, TimeSpan HostStart, string? ReportPath)
{
    /// <summary>The kill and restart, in the fault run.</summary>
    public FaultResult? Fault { get; init; }

    /// <summary>Bot turns/s as a share of the ceiling's.</summary>
    public double? Ratio => Ceiling is { TurnsPerSecond: > 0 } ceiling ? Bot.TurnsPerSecond / ceiling.TurnsPerSecond : null;

    /// <summary>
    /// Nothing lost, nothing duplicated, no turn failed, every answer the one its script expects: the promises the run
    /// checks (speed is reported, not judged).
    /// </summary>
    public bool Passed => Audit.Clean && Audit.UnexpectedAnswers == 0 && Bot.Errors == 0 && (Ceiling?.Errors ?? 0) == 0
        && (Fault is null || (Fault.HostLogProblems.Count == 0 && Fault.ProbesAnswered == Fault.ConversationsOpen));
}

/// <summary>
/// One load test run: the bot host started fresh, the simulated users against it, the host stopped and its transcripts
/// audited, then the ceiling measured with the same client; a table printed and written to <c>TestResults/load/</c>.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadRunResult> RunAsync(LoadTestOptions options, TextWriter output, CancellationToken ct)
    {
        var botDirectory = options.BotDirectory ?? BuiltBotDirectory();
        var runDirectory = Path.Combine(Path.GetTempPath(), "helpdeskbot-loadtest", $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(runDirectory);
        await output.WriteLineAsync($"Load test ({options.Label}): {options.Conversations} conversations, {options.WarmUp.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s measured, think time {options.ThinkTime.TotalMilliseconds:0} ms");
        await output.WriteLineAsync($"  bot: {botDirectory}");
        await output.WriteLineAsync($"  run directory: {runDirectory}");

        using var http = NewClient();
        PhaseResult botResult;
        long peak;
        AuditResult audit;
        TimeSpan hostStart;
        FaultResult? fault = null;
        var starting = Stopwatch.StartNew();
        await using var postgres = options.Database == "postgres" ? await HelpdeskBot.Tests.Shared.PostgresServer.StartAsync() : null;
        var connectionString = postgres is null ? null : await postgres.CreateDatabaseAsync();
        if (postgres is not null)
        {
            await output.WriteLineAsync($"  database: private PostgreSQL on 127.0.0.1:{postgres.Port} (fsync off)");
        }

        var bot = await BotProcess.StartAsync(botDirectory, runDirectory, TimeSpan.FromMinutes(3), ct, connectionString);
        try
        {
            hostStart = starting.Elapsed;
            await output.WriteLineAsync($"  host (pid {bot.ProcessId}) serving at {bot.BaseAddress} after {hostStart.TotalSeconds:0.0} s (fresh data directory)");
            http.BaseAddress = bot.BaseAddress;
            // Across a kill the CPU figure would mix two processes: the fault run does not report it.
            var load = new BotLoad(http, bot.Secret, bot.SigningKey, options, output, options.Fault ? null : () => bot.ProcessorTime,
                options.Fault ? null : () => bot.BackgroundJitTime);
            var running = load.RunAsync(ct);
            var peakBeforeKill = 0L;
            Task<(BotProcess Host, TimeSpan ServingAfter, long PeakBeforeKill)>? restart = null;
            if (options.KillAt is { } killAt)
            {
                restart = KillAndRestartAsync(bot, load, killAt, output, ct);
            }
            botResult = await running;
            if (restart is not null)
            {
                (bot, var servingAfter, peakBeforeKill) = await restart;
                fault = Summarise(load, killAt: options.KillAt!.Value, servingAfter);
            }
            peak = Math.Max(peakBeforeKill, bot.CapturePeakWorkingSet());
            // Stopped gracefully first, so the audit reads a closed database as a restart would find it.
            await bot.StopAsync();
            audit = connectionString is null
                ? TranscriptAudit.Check(bot.StatePath, load.Logs)
                : TranscriptAudit.Check(new Npgsql.NpgsqlConnection(connectionString), "helpdesk.", load.Logs);
        }
        finally
        {
            await bot.DisposeAsync();
        }
        if (fault is not null)
        {
            fault = fault with { HostLogProblems = HostLogProblems(bot.LogPath) };
        }

        var ceiling = options.Ceiling ? await MeasureCeilingAsync(options, output, ct) : null;
        var result = new LoadRunResult(options, botResult, ceiling, peak, audit, hostStart, null) { Fault = fault };
        var report = LoadReport.Markdown(result, Environment.ProcessorCount);
        var path = WriteReport(options, report);
        await output.WriteLineAsync();
        await output.WriteLineAsync(report);
        await output.WriteLineAsync($"Written to {path}");
        if (!options.KeepData)
        {
            TryDelete(runDirectory);
        }
        return result with { ReportPath = path };
    }

    /// <summary>
    /// SIGKILL at <paramref name="killAt"/> after the users started, then a new host on the same data directory and port at
    /// once, as a service manager with <c>Restart=always</c> would. Returns the new host, how long it took to serve, and the
    /// killed host's peak working set (read before the kill: it goes with the process).
    /// </summary>
    private static async Task<(BotProcess Host, TimeSpan ServingAfter, long PeakBeforeKill)> KillAndRestartAsync(
        BotProcess bot, BotLoad load, TimeSpan killAt, TextWriter output, CancellationToken ct)
    {
        await Task.Delay(killAt, ct);
        var peak = bot.CapturePeakWorkingSet();
        await bot.KillAsync();
        var killed = Stopwatch.GetTimestamp();
        load.HostKilled(killed);
        await output.WriteLineAsync($"  {killAt.TotalSeconds:0}s: host (pid {bot.ProcessId}) killed with SIGKILL (peak working set {peak / (1024 * 1024)} MB); restarting on the same data directory and port");
        var restarted = await bot.RestartAsync(TimeSpan.FromMinutes(3), ct);
        var servingAfter = Stopwatch.GetElapsedTime(killed);
        await output.WriteLineAsync($"  host (pid {restarted.ProcessId}) serving again {servingAfter.TotalSeconds:0.0} s after the kill");
        return (restarted, servingAfter, peak);
    }

    private static FaultResult Summarise(BotLoad load, TimeSpan killAt, TimeSpan servingAfter)
    {
        var killed = load.KilledAt;
        var turns = load.Logs.SelectMany(l => l.Turns).ToList();
        var firstReply = turns.Where(t => t.FirstReplyTimestamp > killed).Select(t => t.FirstReplyTimestamp!.Value).DefaultIfEmpty().Min();
        // Open at the kill: started before it, and something of it (a message, its answer, or the probe) came after.
        var open = load.Logs.Where(l => l.StartedTimestamp < killed
            && l.Turns.Any(t => t.SentTimestamp > killed || t.PostedTimestamp > killed || (t.FirstReplyTimestamp ?? long.MaxValue) > killed)).ToList();
        // A conversation open at the kill asked the probe last, after its script; answered means it got its reply.
        var probes = open.Count(l => l.Turns.Count > 0 && l.Turns[^1].Text == l.Dialogue.Probe.Text && l.Turns[^1].FirstReplyTimestamp is not null
            && l.Turns[^1].SentTimestamp > killed);
        return new FaultResult(
            killAt,
            servingAfter,
            firstReply > 0 ? TimeSpan.FromSeconds((firstReply - killed) / (double)Stopwatch.Frequency) : null,
            turns.Count(t => t.SentTimestamp < killed && (t.Attempts > 1 || t.PostedTimestamp > killed)),
            open.Count,
            probes,
            load.Logs.Sum(l => l.Reconnects),
            load.StartRetries,
            []);
    }

    /// <summary>
    /// What the host logged that says a conversation's state could not be read or a turn failed. A missing or empty log is
    /// a problem too: the host always logs its start, so the check would otherwise pass on a log that was never written.
    /// </summary>
    private static List<string> HostLogProblems(string logPath) =>
        File.Exists(logPath) && new FileInfo(logPath).Length > 0
            ? File.ReadLines(logPath)
                .Where(line => line.Contains("Unreadable state for", StringComparison.Ordinal) || line.Contains("Turn failed on", StringComparison.Ordinal))
                .Take(10)
                .ToList()
            : [$"The host's log {logPath} is missing or empty, so it could not be checked."];

    private static async Task<PhaseResult> MeasureCeilingAsync(LoadTestOptions options, TextWriter output, CancellationToken ct)
    {
        var port = BotProcess.FreeLoopbackPort();
        using var server = await CeilingServer.StartAsync(port, ct);
        try
        {
            using var http = NewClient();
            http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            // The ceiling settles quickly; a shorter window keeps the run short without changing its figure much.
            var ceilingOptions = options with
            {
                Duration = TimeSpan.FromSeconds(Math.Min(options.Duration.TotalSeconds, 20)),
                WarmUp = TimeSpan.FromSeconds(Math.Min(options.WarmUp.TotalSeconds, 3)),
            };
            await output.WriteLineAsync($"  ceiling: bare Kestrel at {http.BaseAddress}, {ceilingOptions.WarmUp.TotalSeconds:0} s warm-up, {ceilingOptions.Duration.TotalSeconds:0} s measured");
            return await new CeilingLoad(http, ceilingOptions).RunAsync(ct);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        // One connection per simulated user, as separate browsers would have.
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The bot's output next to this program's (same configuration), as the project file recorded it.</summary>
    private static string BuiltBotDirectory() =>
        typeof(LoadRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HelpdeskBot.LoadTest.BotOutput")?.Value
        ?? throw new InvalidOperationException("This build does not know where the bot was built; pass --bot.");

    private static string WriteReport(LoadTestOptions options, string report)
    {
        var directory = options.ResultsDirectory ?? Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "TestResults", "load");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"load-{options.Label}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(path, report);
        return path;
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HelpdeskBot.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
