using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HelpdeskBot.LoadTest.DirectLine;

namespace HelpdeskBot.LoadTest.Measuring;

/// <summary>Everything one conversation did, for the numbers and for the audit against the host's transcripts.</summary>
/// <param name="StartedTimestamp">When the conversation was started (Stopwatch ticks).</param>
/// <param name="Reconnects">How many times its stream was reopened after breaking (the fault run).</param>
public sealed record ConversationLog(
    string ConversationId, Dialogue Dialogue, IReadOnlyList<SentTurn> Turns, IReadOnlyList<SeenActivity> Seen, bool CaughtUp, string? StreamError,
    long StartedTimestamp = 0, int Reconnects = 0);

/// <summary>Throughput and latency of one phase (the bot, or the ceiling), counted over the measured window only.</summary>
public sealed record PhaseResult(
    string Name,
    TimeSpan Measured,
    int Turns,
    Latencies Reply,
    Latencies Post,
    int Errors,
    IReadOnlyDictionary<string, int> ErrorKinds,
    int ConversationsStarted)
{
    public double TurnsPerSecond => Turns / Measured.TotalSeconds;

    /// <summary>The host's CPU time over the measured window divided by the turns in it (conversation starts included in the cost); null when not measured.</summary>
    public double? HostCpuMillisecondsPerTurn { get; init; }

    /// <summary>
    /// Of <see cref="HostCpuMillisecondsPerTurn"/>, what the runtime's background JIT took (a start-up cost that fades as
    /// hot code is recompiled; on 2 cores it lasts minutes); null when not measured.
    /// </summary>
    public double? HostJitMillisecondsPerTurn { get; init; }

    /// <summary>
    /// The load client's own CPU time (this process) over the measured window divided by the turns in it: what the host
    /// could not use of a machine they share; null when not measured.
    /// </summary>
    public double? ClientCpuMillisecondsPerTurn { get; init; }

    /// <summary>Reply latency of each scripted message (its text), to show which kind of turn makes the tail.</summary>
    public IReadOnlyList<(string Message, Latencies Reply)> ReplyByMessage { get; init; } = [];
}

/// <summary>
/// Runs the simulated users against the bot: each keeps one conversation open at a time and runs its dialogue in it,
/// turn after turn (with the think time between a reply and the next message), starting a new conversation when the
/// script ends, until the warm-up and the measured window have passed.
/// </summary>
public sealed class BotLoad(
    HttpClient http, string secret, string signingKey, LoadTestOptions options, TextWriter progress, Func<TimeSpan>? hostCpu = null, Func<TimeSpan>? hostJit = null)
{
    private readonly ConcurrentBag<ConversationLog> _logs = [];
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private int _started;
    private int _startRetries;
    private long _killedAt;

    public IReadOnlyCollection<ConversationLog> Logs => _logs;

    /// <summary>Conversation starts that failed while the host was down and were tried again (the fault run).</summary>
    public int StartRetries => _startRetries;

    /// <summary>When the host was killed (Stopwatch ticks), 0 when it was not.</summary>
    public long KilledAt => Interlocked.Read(ref _killedAt);

    /// <summary>
    /// The fault run tells the users the host was just killed; a conversation open at that moment asks one more question
    /// after its script (<see cref="Dialogue.Probe"/>), to show its state survived and its next turn works.
    /// </summary>
    public void HostKilled(long timestamp) => Interlocked.Exchange(ref _killedAt, timestamp);

    public async Task<PhaseResult> RunAsync(CancellationToken ct)
    {
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + Ticks(options.WarmUp);
        var measureUntil = measureFrom + Ticks(options.Duration);
        using var reporting = new CancellationTokenSource();
        var reporter = ReportProgressAsync(begin, measureFrom, measureUntil, reporting.Token);
        var cpu = MeasureHostCpuAsync(measureFrom, measureUntil, ct);

        await Task.WhenAll(Enumerable.Range(0, options.Conversations).Select(i => Task.Run(() => SimulateUserAsync(i, measureUntil, ct), ct)));
        await reporting.CancelAsync();
        await reporter;
        var cpuUsed = await cpu;

        var measured = _logs.SelectMany(l => l.Turns)
            .Where(t => t.SentTimestamp >= measureFrom && t.SentTimestamp < measureUntil && t.Error is null && t.FirstReplyTimestamp is not null)
            .ToList();
        if (options.TurnsFile is { } turnsFile)
        {
            WriteTurns(turnsFile, measured, measureFrom);
        }
        return new PhaseResult(
            "bot",
            options.Duration,
            measured.Count,
            Latencies.Of(measured.Select(t => Milliseconds(t.FirstReplyTimestamp!.Value - t.SentTimestamp))),
            Latencies.Of(measured.Select(t => Milliseconds(t.PostedTimestamp - t.SentTimestamp))),
            _errors.Values.Sum(),
            new SortedDictionary<string, int>(_errors, StringComparer.Ordinal),
            _started)
        {
            HostCpuMillisecondsPerTurn = cpuUsed.Cpu is { } used && measured.Count > 0 ? used.TotalMilliseconds / measured.Count : null,
            HostJitMillisecondsPerTurn = cpuUsed.Jit is { } jit && measured.Count > 0 ? jit.TotalMilliseconds / measured.Count : null,
            ClientCpuMillisecondsPerTurn = cpuUsed.Client is { } client && measured.Count > 0 ? client.TotalMilliseconds / measured.Count : null,
            ReplyByMessage = measured
                .GroupBy(t => t.Text, StringComparer.Ordinal)
                .Select(g => (g.Key, Latencies.Of(g.Select(t => Milliseconds(t.FirstReplyTimestamp!.Value - t.SentTimestamp)))))
                .OrderByDescending(m => m.Item2.P99)
                .ToList(),
        };
    }

    private static void WriteTurns(string path, IEnumerable<SentTurn> measured, long measureFrom)
    {
        var lines = measured.OrderBy(t => t.SentTimestamp).Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{Milliseconds(t.SentTimestamp - measureFrom):0.0},{Milliseconds(t.PostedTimestamp - t.SentTimestamp):0.0},{Milliseconds(t.FirstReplyTimestamp!.Value - t.SentTimestamp):0.0},\"{t.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllLines(path, ["sent_ms,post_ms,reply_ms,message", .. lines]);
    }

    private async Task<(TimeSpan? Cpu, TimeSpan? Jit, TimeSpan? Client)> MeasureHostCpuAsync(long from, long until, CancellationToken ct)
    {
        if (hostCpu is null)
        {
            return (null, null, null);
        }
        // The JIT threads are sampled every second from before the window on, so a worker that exits is missed for a second at most.
        while (Stopwatch.GetTimestamp() < from)
        {
            hostJit?.Invoke();
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp((from - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency, 0, 1)), ct);
        }
        var atStart = hostCpu();
        var jitAtStart = hostJit?.Invoke();
        var clientAtStart = ClientCpu();
        while (Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp((until - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency, 0, 1)), ct);
            hostJit?.Invoke();
        }
        return (hostCpu() - atStart, hostJit?.Invoke() - jitAtStart, ClientCpu() - clientAtStart);
    }

    private static TimeSpan ClientCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private async Task SimulateUserAsync(int index, long until, CancellationToken ct)
    {
        var dialogue = Dialogue.All[index % Dialogue.All.Count];
        var visit = 0;
        // Users arrive spread over the warm-up and think for 0.5–1.5 × the think time, so they do not move in lockstep
        // (200 turns arriving in the same millisecond every think time is a load shape no website sees). Seeded per user:
        // two runs send the same sequence.
        var random = new Random(index);
        await Task.Delay(options.WarmUp * index / options.Conversations / 2, ct);
        var retryFor = options.Fault ? options.RetryFor : TimeSpan.Zero;
        while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
        {
            DirectLineConversationClient conversation;
            var startedAt = Stopwatch.GetTimestamp();
            try
            {
                conversation = await DirectLineConversationClient.StartAsync(
                    http, secret, $"dl_load_{index}_{visit++}", dialogue.SignedInUser(signingKey, DateTimeOffset.UtcNow), dialogue.Locale, ct, retryFor);
                Interlocked.Increment(ref _started);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Net.WebSockets.WebSocketException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (options.Fault)
                {
                    // The host is away (or went away mid-start): the page would say it cannot connect and try again.
                    // Nothing was sent in that conversation, so nothing can be lost in it.
                    Interlocked.Increment(ref _startRetries);
                    await Task.Delay(250, ct);
                    continue;
                }
                Count($"start: {Describe(ex)}");
                await Task.Delay(100, ct);
                continue;
            }

            var turns = new List<SentTurn>();
            var caughtUp = false;
            try
            {
                var failed = false;
                foreach (var step in dialogue.Steps)
                {
                    // A conversation the kill interrupted finishes its script (and then asks the probe) even after the
                    // window: cut short, it could be left waiting for a person, where the probe would go to the queue.
                    if (Stopwatch.GetTimestamp() >= until && !(KilledAt is var killedAt and > 0 && startedAt < killedAt))
                    {
                        break;
                    }
                    var turn = await conversation.SayAsync(step.Text, dialogue.Locale, options.ReplyTimeout, ct);
                    turns.Add(turn);
                    if (turn.Error is not null)
                    {
                        // The script cannot go on from a turn whose outcome is unknown: a new conversation starts.
                        Count(turn.Error);
                        failed = true;
                        break;
                    }
                    if (options.ThinkTime > TimeSpan.Zero)
                    {
                        await Task.Delay(options.ThinkTime * (0.5 + random.NextDouble()), ct);
                    }
                }
                if (!failed && KilledAt is var killed and > 0 && startedAt < killed)
                {
                    // Open when the host was killed: its state must have survived and its next turn must work.
                    var probe = await conversation.SayAsync(dialogue.Probe.Text, dialogue.Locale, options.ReplyTimeout, ct);
                    turns.Add(probe);
                    if (probe.Error is not null)
                    {
                        Count(probe.Error);
                    }
                }
                caughtUp = await conversation.CatchUpAsync(TimeSpan.FromSeconds(15), ct);
            }
            catch (HttpRequestException ex)
            {
                Count($"catch-up: {Describe(ex)}");
            }
            finally
            {
                _logs.Add(new ConversationLog(conversation.ConversationId, dialogue, turns, conversation.Seen, caughtUp, conversation.StreamError, startedAt, conversation.Reconnects));
                await conversation.DisposeAsync();
            }
        }
    }

    private async Task ReportProgressAsync(long begin, long measureFrom, long measureUntil, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
                var now = Stopwatch.GetTimestamp();
                var phase = now < measureFrom ? "warm-up" : now < measureUntil ? "measuring" : "finishing";
                var turns = _logs.Sum(l => l.Turns.Count);
                await progress.WriteLineAsync($"  {Milliseconds(now - begin) / 1000:0}s {phase}: {_started} conversations started, {turns} turns in finished conversations, {_errors.Values.Sum()} errors");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Count(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private static string Describe(Exception ex) => ex is HttpRequestException { StatusCode: { } status } ? $"{(int)status}" : ex.GetType().Name;

    internal static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    internal static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
