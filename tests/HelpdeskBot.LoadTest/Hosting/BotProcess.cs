using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HelpdeskBot.LoadTest.Hosting;

/// <summary>
/// The real bot host as production runs it: its own process (<c>dotnet HelpdeskBot.Bot.dll</c>) on a loopback port with a
/// fresh data directory, so its working set is its own (not the client's) and its GC and thread pool see only its work.
/// Only three things differ from a first start: the intent model comes from the cache the tests share, passage vectors from
/// a shared embedding cache (the knowledge base is still seeded into the fresh directory), and every handoff queue is open
/// around the clock so "talk to a person" queues whatever the hour.
/// </summary>
public sealed partial class BotProcess : IAsyncDisposable
{
    private static readonly string[] Queues = ["Orders", "General", "Finance", "IT", "HR"];

    private readonly Process _process;
    // Where the host cannot write its console to the file itself (Windows), this process copies it there.
    private readonly StreamWriter? _log;
    private readonly Task _stdout = Task.CompletedTask;
    private readonly Task _stderr = Task.CompletedTask;
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;
    private long _peakSampled;
    private readonly Dictionary<int, long> _jitTicks = [];
    private bool _disposed;

    private readonly string _botDirectory;

    /// <summary>The PostgreSQL connection string the host was given (a restart gets the same); null: SQLite.</summary>
    private string? _postgres;

    private BotProcess(Process process, string botDirectory, string logPath, Uri baseAddress, string dataDirectory, string secret, string signingKey)
    {
        _process = process;
        _botDirectory = botDirectory;
        LogPath = logPath;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        Secret = secret;
        SigningKey = signingKey;
        if (process.StartInfo.RedirectStandardOutput)
        {
            // Appended: a restarted host (the fault run) writes after the one it replaces.
            _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
            _stdout = PumpAsync(process.StandardOutput, _log);
            _stderr = PumpAsync(process.StandardError, _log);
        }
        _sampler = SampleAsync(_sampling.Token);
    }

    public Uri BaseAddress { get; }

    /// <summary>The host's process id, to attach dotnet-counters or dotnet-trace to during a run.</summary>
    public int ProcessId => _process.Id;

    public string DataDirectory { get; }

    /// <summary>The Direct Line secret the website's back end holds (fresh per run).</summary>
    public string Secret { get; }

    /// <summary>The key the website's back end signs its signed-in users with (fresh per run).</summary>
    public string SigningKey { get; }

    public string StatePath => Path.Combine(DataDirectory, "state.db");

    /// <summary>Everything the host wrote to its console.</summary>
    public string LogPath { get; }

    /// <summary>The highest resident set size the kernel saw for the host (VmHWM), or the highest sampled if unavailable.</summary>
    /// <summary>
    /// CPU time the host has used so far (user + kernel, all threads). Per turn it is the figure that stays meaningful on
    /// a busy machine: other processes lengthen the wait for a core, not the work a turn needs.
    /// </summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// CPU time the runtime's background JIT (the tiered-compilation worker threads, which recompile hot methods with full
    /// optimisation during a process's first minutes) has used so far, from <c>/proc/PID/task</c>; zero where that is
    /// missing. A worker thread that exits takes its time with it, so call this about once a second to keep it all.
    /// </summary>
    public TimeSpan BackgroundJitTime
    {
        get
        {
            lock (_jitTicks)
            {
                try
                {
                    foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
                    {
                        if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered Com", StringComparison.Ordinal)
                            && int.TryParse(Path.GetFileName(task), CultureInfo.InvariantCulture, out var tid))
                        {
                            // Fields after the parenthesised name: state is the 3rd of stat, utime the 14th, stime the 15th.
                            var stat = File.ReadAllText(Path.Combine(task, "stat"));
                            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                            _jitTicks[tid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (IOException)
                {
                    // The process or a thread went away while it was read; what was read before stands.
                }
                catch (UnauthorizedAccessException)
                {
                }
                // Clock ticks of USER_HZ, 100 per second on Linux.
                return TimeSpan.FromSeconds(_jitTicks.Values.Sum() / 100.0);
            }
        }
    }

    public long PeakWorkingSetBytes => Math.Max(_peakSampled, ReadStatusKilobytes("VmHWM") * 1024);

    /// <param name="postgres">A PostgreSQL connection string for every store, or null for the SQLite files.</param>
    public static async Task<BotProcess> StartAsync(string botDirectory, string runDirectory, TimeSpan startTimeout, CancellationToken ct, string? postgres = null)
    {
        var dll = Path.Combine(botDirectory, "HelpdeskBot.Bot.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No bot build at {botDirectory}; build it (dotnet build bot) or pass --bot.", dll);
        }

        var dataDirectory = Path.Combine(runDirectory, "data");
        Directory.CreateDirectory(dataDirectory);
        var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/");
        return await LaunchAsync(botDirectory, Path.Combine(runDirectory, "host.log"), baseAddress, dataDirectory, RandomToken(), RandomToken(), postgres, startTimeout, ct);
    }

    /// <summary>
    /// Ends the host with SIGKILL, as a crash, an OOM kill or a pulled plug would: no graceful shutdown, no flush, open
    /// connections reset. What SQLite committed survives (its WAL is recovered on the next open); nothing else does.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>
    /// A new host on the same data directory, port, Direct Line secret and signing key, as a service manager restarts a
    /// crashed one: tokens the clients hold stay valid and the conversations are where the state database left them.
    /// </summary>
    public async Task<BotProcess> RestartAsync(TimeSpan startTimeout, CancellationToken ct)
    {
        if (!_disposed && !_process.HasExited)
        {
            throw new InvalidOperationException("The host is still running; kill or stop it first.");
        }
        // This one is disposed first (its log writer closed, where it has one): the new host appends to the same file.
        await DisposeAsync();
        return await LaunchAsync(_botDirectory, LogPath, BaseAddress, DataDirectory, Secret, SigningKey, _postgres, startTimeout, ct);
    }

    private static async Task<BotProcess> LaunchAsync(
        string botDirectory, string logPath, Uri baseAddress, string dataDirectory, string secret, string signingKey, string? postgres,
        TimeSpan startTimeout, CancellationToken ct)
    {
        var dll = Path.Combine(botDirectory, "HelpdeskBot.Bot.dll");
        string[] host = [DotnetHost(), dll, "--urls", $"http://127.0.0.1:{baseAddress.Port}"];
        // The host appends its console to the log file itself, as under a service manager. Copying it through a pipe took
        // this process's CPU from 0.2 to 0.5 ms a turn (two log lines a turn), on the cores the host is measured on. The
        // shell execs the host, so the process id stays the host's (the kill and the memory and CPU readings need it).
        var direct = !OperatingSystem.IsWindows();
        var start = direct
            ? new ProcessStartInfo("/bin/sh", ["-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", logPath, .. host])
            : new ProcessStartInfo(host[0], host[1..]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.WorkingDirectory = botDirectory;
        start.UseShellExecute = false;
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Helpdesk__DataDirectory"] = dataDirectory;
        if (postgres is not null)
        {
            env["Database__Provider"] = "Postgres";
            env["ConnectionStrings__Helpdesk"] = postgres;
        }
        env["DirectLine__Secret"] = secret;
        env["DirectLine__UserSigningKey"] = signingKey;
        // The run measures capacity from one address, far past any per-address limit a real host should have.
        env["WebSecurity__RateLimits__Enabled"] = "false";
        env["Classifier__ModelDirectory"] = Path.Combine(Path.GetTempPath(), "helpdeskbot-test-models");
        env["Knowledge__EmbeddingCachePath"] = Path.Combine(Path.GetTempPath(), "helpdeskbot-loadtest", "embedding-cache.db");
        foreach (var queue in Queues)
        {
            env[$"Handoff__Queues__{queue}__Days"] = "Daily";
            env[$"Handoff__Queues__{queue}__Opens"] = "00:00";
            env[$"Handoff__Queues__{queue}__Closes"] = "24:00";
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bot host.");
        var bot = new BotProcess(process, botDirectory, logPath, baseAddress, dataDirectory, secret, signingKey) { _postgres = postgres };
        try
        {
            await bot.WaitUntilServingAsync(startTimeout, ct);
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
        return bot;
    }

    /// <summary>
    /// Stops the host the way a service manager does (SIGTERM, then a graceful shutdown), so the state database is closed
    /// cleanly before it is read; kills it if it does not stop in time.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = Kill(_process.Id, 15);
        }
        else
        {
            _process.Kill(entireProcessTree: true);
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _sampling.CancelAsync();
        await _sampler;
        await StopAsync();
        await Task.WhenAll(_stdout, _stderr);
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }
        _process.Dispose();
        _sampling.Dispose();
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout, CancellationToken ct)
    {
        // Kestrel accepts requests only after the hosted services started: the databases exist, the model is loaded and the
        // knowledge base seeded. A token request answered 200 means the host is ready for conversations.
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bot host exited with {_process.ExitCode} while starting; see {LogPath}.");
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
                using var response = await http.SendAsync(request, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Listening but still busy starting.
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException($"The bot host did not serve within {timeout.TotalSeconds:0} s.");
    }

    private static async Task PumpAsync(StreamReader reader, StreamWriter log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        // VmHWM already is the peak; the samples are the fallback where /proc is missing.
        while (!ct.IsCancellationRequested)
        {
            try
            {
                _process.Refresh();
                if (!_process.HasExited)
                {
                    _peakSampled = Math.Max(_peakSampled, _process.WorkingSet64);
                }
                await Task.Delay(200, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                return;
            }
        }
    }

    private long ReadStatusKilobytes(string field)
    {
        var path = $"/proc/{_process.Id}/status";
        try
        {
            if (_process.HasExited || !File.Exists(path))
            {
                return 0;
            }
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var digits = new string(line.AsSpan(field.Length + 1).ToArray().Where(char.IsDigit).ToArray());
                    return long.Parse(digits, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process went away between the check and the read.
        }
        return 0;
    }

    /// <summary>Reads the host's peak RSS now, while it still runs (after the run it is gone with the process).</summary>
    public long CapturePeakWorkingSet()
    {
        var peak = PeakWorkingSetBytes;
        _peakSampled = Math.Max(_peakSampled, peak);
        return peak;
    }

    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RandomToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
