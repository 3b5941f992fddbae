using System.Collections.Concurrent;
using System.Diagnostics;
using HelpdeskBot.LoadTest.DirectLine;

namespace HelpdeskBot.LoadTest.Measuring;

/// <summary>Everything one conversation did, for the numbers and for the audit against the host's transcripts.</summary>
public sealed record ConversationLog(
    string ConversationId, Dialogue Dialogue, IReadOnlyList<SentTurn> Turns, IReadOnlyList<SeenActivity> Seen, bool CaughtUp, string? StreamError);

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

    public IReadOnlyCollection<ConversationLog> Logs => _logs;

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
        };
    }

    private async Task<(TimeSpan? Cpu, TimeSpan? Jit)> MeasureHostCpuAsync(long from, long until, CancellationToken ct)
    {
        if (hostCpu is null)
        {
            return (null, null);
        }
        // The JIT threads are sampled every second from before the window on, so a worker that exits is missed for a second at most.
        while (Stopwatch.GetTimestamp() < from)
        {
            hostJit?.Invoke();
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp((from - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency, 0, 1)), ct);
        }
        var atStart = hostCpu();
        var jitAtStart = hostJit?.Invoke();
        while (Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp((until - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency, 0, 1)), ct);
            hostJit?.Invoke();
        }
        return (hostCpu() - atStart, hostJit?.Invoke() - jitAtStart);
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
        while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
        {
            DirectLineConversationClient conversation;
            try
            {
                conversation = await DirectLineConversationClient.StartAsync(
                    http, secret, $"dl_load_{index}_{visit++}", dialogue.SignedInUser(signingKey, DateTimeOffset.UtcNow), dialogue.Locale, ct);
                Interlocked.Increment(ref _started);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Net.WebSockets.WebSocketException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Count($"start: {Describe(ex)}");
                await Task.Delay(100, ct);
                continue;
            }

            var turns = new List<SentTurn>();
            var caughtUp = false;
            try
            {
                foreach (var step in dialogue.Steps)
                {
                    if (Stopwatch.GetTimestamp() >= until)
                    {
                        break;
                    }
                    var turn = await conversation.SayAsync(step.Text, dialogue.Locale, options.ReplyTimeout, ct);
                    turns.Add(turn);
                    if (turn.Error is not null)
                    {
                        // The script cannot go on from a turn whose outcome is unknown: a new conversation starts.
                        Count(turn.Error);
                        break;
                    }
                    if (options.ThinkTime > TimeSpan.Zero)
                    {
                        await Task.Delay(options.ThinkTime * (0.5 + random.NextDouble()), ct);
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
                _logs.Add(new ConversationLog(conversation.ConversationId, dialogue, turns, conversation.Seen, caughtUp, conversation.StreamError));
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
