using System.Globalization;
using System.Text;
using HelpdeskBot.LoadTest.Measuring;

namespace HelpdeskBot.LoadTest;

/// <summary>The run as a Markdown table: what the console prints and what goes to <c>TestResults/load/</c>.</summary>
public static class LoadReport
{
    public static string Markdown(LoadRunResult result, int cores)
    {
        var o = result.Options;
        var b = result.Bot;
        var c = result.Ceiling;
        var a = result.Audit;
        var text = new StringBuilder();
        Line(text, $"## Load test ({o.Label}, {o.Database}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line(text, "");
        Line(text, $"{o.Conversations} concurrent Direct Line conversations (WebSocket stream), think time {o.ThinkTime.TotalMilliseconds:0} ms, " +
                   $"{o.WarmUp.TotalSeconds:0} s warm-up, {o.Duration.TotalSeconds:0} s measured; bot host a separate process on " + (o.Database == "postgres" ? "PostgreSQL (private server, fsync off)" : "SQLite") + " " +
                   $"(fresh data directory, started in {result.HostStart.TotalSeconds:0.0} s); {cores} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
        Line(text, "");
        Line(text, "| | bot | ceiling (bare Kestrel, canned Activity) |");
        Line(text, "|---|---:|---:|");
        Line(text, $"| turns/s | {b.TurnsPerSecond:0.0} | {(c is null ? "—" : c.TurnsPerSecond.ToString("0.0", CultureInfo.InvariantCulture))} |");
        Line(text, $"| turns measured | {b.Turns} | {(c is null ? "—" : c.Turns.ToString(CultureInfo.InvariantCulture))} |");
        Line(text, $"| reply latency p50 / p95 / p99 (ms) | {Ms(b.Reply)} | {(c is null ? "—" : Ms(c.Reply))} |");
        Line(text, $"| POST answered p50 / p95 / p99 (ms) | {Ms(b.Post)} | {(c is null ? "—" : Ms(c.Post))} |");
        Line(text, $"| slowest reply (ms) | {b.Reply.Max:0.0} | {(c is null ? "—" : c.Reply.Max.ToString("0.0", CultureInfo.InvariantCulture))} |");
        Line(text, $"| errors | {b.Errors} | {(c is null ? "—" : c.Errors.ToString(CultureInfo.InvariantCulture))} |");
        Line(text, $"| host CPU per turn (ms) | {(b.HostCpuMillisecondsPerTurn is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) : "—")} | |");
        Line(text, $"| of which the runtime's background JIT (ms) | {(b.HostJitMillisecondsPerTurn is { } jit ? jit.ToString("0.0", CultureInfo.InvariantCulture) : "—")} | |");
        Line(text, $"| host CPU per turn without it (ms) | {(b.HostCpuMillisecondsPerTurn is { } all && b.HostJitMillisecondsPerTurn is { } jitted ? (all - jitted).ToString("0.0", CultureInfo.InvariantCulture) : "—")} | |");
        Line(text, $"| turns/s {cores} idle cores could serve at that CPU cost | {(b.HostCpuMillisecondsPerTurn is { } cost and > 0 ? (cores * 1000 / cost).ToString("0", CultureInfo.InvariantCulture) : "—")} | |");
        Line(text, $"| load client CPU per turn (ms) | {(b.ClientCpuMillisecondsPerTurn is { } client ? client.ToString("0.0", CultureInfo.InvariantCulture) : "—")} | |");
        Line(text, $"| host peak working set | {result.HostPeakWorkingSetBytes / (1024.0 * 1024.0):0} MB | |");
        Line(text, $"| bot / ceiling | {(result.Ratio is { } ratio ? ratio.ToString("0.0%", CultureInfo.InvariantCulture) : "—")} | |");
        Line(text, "");
        if (b.ReplyByMessage.Count > 0)
        {
            Line(text, "| reply latency by message (slowest p99 first) | turns | p50 / p95 / p99 (ms) |");
            Line(text, "|---|---:|---:|");
            foreach (var (message, reply) in b.ReplyByMessage)
            {
                Line(text, $"| {message} | {reply.Count} | {Ms(reply)} |");
            }
            Line(text, "");
        }
        Line(text, "| audit against the host's transcripts (state database) | |");
        Line(text, "|---|---:|");
        Line(text, $"| conversations | {a.Conversations} (started: {b.ConversationsStarted}) |");
        Line(text, $"| user messages answered 200 | {a.AcceptedMessages} |");
        Line(text, $"| bot replies in the log / seen by the clients | {a.StoredReplies} / {a.SeenReplies} |");
        Line(text, $"| **lost** | **{a.Lost}** |");
        Line(text, $"| **duplicated** | **{a.Duplicated}** |");
        Line(text, $"| transcript or log mismatches | {a.TranscriptMismatches} |");
        Line(text, $"| answers without the expected words | {a.UnexpectedAnswers} |");
        if (result.Fault is { } f)
        {
            Line(text, $"| messages sent (each client activity id once) | {a.SentMessages} |");
            Line(text, $"| visibly failed to the client (no 200 in the end) / of them answered anyway | {a.VisiblyFailed} / {a.FailedButAnswered} |");
            Line(text, $"| conversation states read back / **unreadable** | {a.States} / **{a.UnreadableStates}** |");
            Line(text, "");
            Line(text, "| the kill (SIGKILL, then a restart on the same data directory and port) | |");
            Line(text, "|---|---:|");
            Line(text, $"| killed at | {f.KilledAt.TotalSeconds:0.0} s |");
            Line(text, $"| restarted host serving again after | {f.HostServingAgainAfter.TotalSeconds:0.0} s |");
            Line(text, $"| first reply to a client after the kill | {(f.FirstReplyAfter is { } first ? first.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "—")} |");
            Line(text, $"| messages in flight at the kill (retried with the same client activity id) | {f.TurnsInFlight} |");
            Line(text, $"| messages POSTed more than once | {a.Retried} |");
            Line(text, $"| conversations open at the kill / their next turn after the restart answered as scripted | {f.ConversationsOpen} / {f.ProbesAnswered} |");
            Line(text, $"| streams reopened from their watermark | {f.Reconnects} |");
            Line(text, $"| conversation starts refused while the host was down (tried again) | {f.StartRetries} |");
            Line(text, $"| host log: unreadable states or failed turns | {f.HostLogProblems.Count} |");
            foreach (var line in f.HostLogProblems)
            {
                Line(text, $"- `{line}`");
            }
        }
        Line(text, "");
        Line(text, "Reply latency: the user's message POSTed → the bot's first reply to it seen on the client's WebSocket stream. " +
                   "POST answered: the POST's own round trip (the host answers it after the turn's replies are stored). " +
                   "Host CPU per turn: the host process's CPU time over the measured window ÷ the turns in it (the load client's own, this process's, is on its own line); unlike the wall-clock figures " +
                   "it hardly changes when other processes compete for the cores, and cores × 1000 ÷ it is the most the host could do if the CPU were the only limit. " +
                   "The background JIT (tiered compilation recompiling hot code) is a start-up cost that fades over the first minutes; " +
                   "the figure without it is the turn's steady-state cost.");
        if (b.ErrorKinds.Count > 0 || c?.ErrorKinds.Count > 0)
        {
            Line(text, "");
            Line(text, "Errors: " + string.Join(", ", b.ErrorKinds.Select(e => $"bot {e.Key} × {e.Value}")
                .Concat(c?.ErrorKinds.Select(e => $"ceiling {e.Key} × {e.Value}") ?? [])));
        }
        if (a.Problems.Count > 0)
        {
            Line(text, "");
            Line(text, "Audit findings (first 30):");
            foreach (var problem in a.Problems)
            {
                Line(text, $"- {problem}");
            }
        }
        Line(text, "");
        Line(text, result.Passed
            ? result.Fault is null
                ? "Result: PASS (nothing lost or duplicated, no errors, every answer as scripted)."
                : "Result: PASS (through the kill: every message that got 200 answered exactly once, nothing lost or duplicated, every state readable and every interrupted conversation's next turn answered as scripted)."
            : "Result: FAIL (see above).");
        return text.ToString();
    }

    private static string Ms(Latencies l) =>
        l.Count == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{l.P50:0.0} / {l.P95:0.0} / {l.P99:0.0}");

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
