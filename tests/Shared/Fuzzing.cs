using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace HelpdeskBot.Tests.Shared;

/// <summary>
/// Runs a property over generated input (CsCheck), counts the executions and writes them to the test output, and
/// guards every case with a time limit so a hang fails the test instead of stalling the run. A normal run is short
/// (a fixed number of iterations per target, the whole suite well under a minute); set
/// <c>HELPDESK_FUZZ_SECONDS</c> to run each target for that many seconds instead (a long campaign on demand).
/// </summary>
internal static class Fuzzing
{
    public const string SecondsVariable = "HELPDESK_FUZZ_SECONDS";

    /// <summary>Seconds per target from <see cref="SecondsVariable"/>, or -1 for the normal, iteration-bounded run.</summary>
    public static int CampaignSeconds =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), out var seconds) && seconds > 0 ? seconds : -1;

    /// <summary>
    /// Checks <paramref name="property"/> on <paramref name="iterations"/> generated values (or for the campaign's
    /// seconds) on one thread, as the machine is shared; a failure is shrunk by CsCheck and rethrown with its seed.
    /// Returns the number of executions, also written to the output as "target: N executions, 0 crashes, 0 hangs".
    /// </summary>
    public static long Run<T>(string target, Gen<T> gen, Action<T> property, int iterations, ITestOutputHelper output, Func<T, string>? print = null)
    {
        long executions = 0;
        gen.Sample(
            value =>
            {
                Interlocked.Increment(ref executions);
                property(value);
            },
            iter: iterations,
            time: CampaignSeconds,
            threads: 1,
            print: print ?? Describe);
        output.WriteLine($"{target}: {executions} executions, 0 crashes, 0 hangs");
        return executions;
    }

    /// <summary>The async form of <see cref="Run{T}"/>, for properties that go through a real endpoint.</summary>
    public static async Task<long> RunAsync<T>(string target, Gen<T> gen, Func<T, Task> property, int iterations, ITestOutputHelper output, Func<T, string>? print = null)
    {
        long executions = 0;
        await gen.SampleAsync(
            async value =>
            {
                Interlocked.Increment(ref executions);
                await property(value);
            },
            iter: iterations,
            time: CampaignSeconds,
            threads: 1,
            print: print ?? Describe);
        output.WriteLine($"{target}: {executions} executions, 0 crashes, 0 hangs");
        return executions;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on its own thread and fails with a "hang" message if it has not finished within
    /// <paramref name="limit"/> (the thread is abandoned: a hang is a bug to fix, not a state to recover from).
    /// Exceptions from the work are rethrown as they are.
    /// </summary>
    public static TResult Within<TResult>(TimeSpan limit, string what, Func<TResult> work)
    {
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!task.Wait(limit, CancellationToken.None) && !task.IsCompleted)
        {
            throw new TimeoutException($"Hang: {what} did not finish within {limit.TotalSeconds:0.#} s.");
        }

        return task.GetAwaiter().GetResult();
    }

    private static string Describe<T>(T value) => value switch
    {
        string s => Preview(s),
        byte[] bytes => $"{bytes.Length} bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))}…",
        _ => value?.ToString() ?? "null",
    };

    public static string Preview(string s) =>
        s.Length <= 200 ? s : $"{s[..200]}… ({s.Length} chars)";
}

/// <summary>Generators of hostile text shared by the fuzz suites.</summary>
internal static class HostileText
{
    /// <summary>Payloads that mean something to a browser, SQL, SQLite FTS5, PostgreSQL tsquery, LIKE or a regex.</summary>
    public static readonly string[] Payloads =
    [
        "<script>window.__xss=1</script>", "<img src=x onerror=window.__xss=1>", "javascript:window.__xss=1",
        "<svg onload=window.__xss=1>", "[click](javascript:window.__xss=1)", "![x](javascript:window.__xss=1)",
        "\"'><b>", "' OR '1'='1", "'; DROP TABLE Documents; --", "--", ";", "%", "_", "*", "\"", "NEAR", "NEAR(a b)",
        "OR", "AND", "NOT", "^", ":", "(", ")", "\\", "\0", "a:b", "title:x", "\"unterminated", "''", "%%%", "_%_",
        "a OR b AND NOT c", "(((", ")))", "*)", "!", "&", "|", "<->", "\\'", "\u202E", "\uFEFF", "\uD800", "\uDC00",
        "😀", "ẞ", "İ", "ı", "\u0301", "\r\n", "\t", "{{", "}}", "${x}", "$1", "@@", "@", "ORD-", "INV-", "TCK-", "Rp",
        "Rp.", "IDR", "+62", "08", "12/12/", "2026-", "31 Desember", "besok", "lusa", "tgl", "s.d.", "sampai",
    ];

    private static readonly string[] Suffixes = ["", "x", "!", "@a.b", " ORD-"];

    private static readonly string[] Words = ["order", "invoice", "pesanan", "faktur", "tiket", "refund", "leave", "cuti", "from", "to", "until", "sampai"];

    private static readonly string[] Runs = ["0", "9", "-", " ", "@", ".", "1-", "1 ", "1.", "a@", "0-0", "  -", "+62 ", "Rp1.", "12/"];

    /// <summary>A long run of one of the characters regexes backtrack on (digits, dashes, spaces, @, dots), up to 20,000 chars.</summary>
    public static Gen<string> BacktrackingRun { get; } =
        Gen.Select(Gen.OneOf(Runs), Gen.Int[1, 20_000], Gen.OneOf(Payloads), Gen.OneOf(Suffixes),
            static (run, length, prefix, suffix) =>
            {
                var builder = new StringBuilder(prefix, run.Length * (length / run.Length + 1) + prefix.Length + suffix.Length);
                while (builder.Length < length)
                {
                    builder.Append(run);
                }

                return builder.Append(suffix).ToString();
            });

    /// <summary>Any UTF-16 string (lone surrogates, controls, NUL included), up to 300 chars.</summary>
    public static Gen<string> AnyUnicode { get; } = Gen.String[Gen.Char, 0, 300];

    /// <summary>A sentence glued from payloads, words and numbers, the kind that mixes every recogniser's triggers.</summary>
    public static Gen<string> PayloadSentence { get; } =
        Gen.OneOf(
                Gen.OneOf(Payloads),
                Gen.OneOf(Words),
                Gen.Int[0, 99_999_999].Select(static n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Gen.String[Gen.Char.AlphaNumeric, 1, 12])
            .Array[1, 30]
            .Select(static parts => string.Join(' ', parts));

    /// <summary>All of the above, weighted towards the adversarial ones.</summary>
    public static Gen<string> Any { get; } = Gen.Frequency((3, PayloadSentence), (2, BacktrackingRun), (2, AnyUnicode));
}

/// <summary>Byte-level mutation of valid inputs, the way a coverage-less fuzzer would damage a file or a request body.</summary>
internal static class HostileBytes
{
    private static readonly byte[] Structural = "{}[]\",:\\<>#*-\n\0"u8.ToArray();

    /// <summary>A valid input, then 1–8 random edits: overwrite, insert, delete a run, truncate, repeat a slice, insert a structural byte.</summary>
    public static Gen<byte[]> Mutated(Gen<byte[]> valid) =>
        Gen.Select(valid, Gen.Select(Gen.Int[0, 5], Gen.Int, Gen.Int, Gen.Byte).Array[1, 8], static (input, edits) =>
        {
            var bytes = new List<byte>(input);
            foreach (var (kind, a, b, value) in edits)
            {
                if (bytes.Count == 0)
                {
                    bytes.Add(value);
                    continue;
                }

                var at = (int)((uint)a % (uint)bytes.Count);
                var length = 1 + (int)((uint)b % (uint)Math.Min(64, bytes.Count - at));
                switch (kind)
                {
                    case 0: bytes[at] = value; break;
                    case 1: bytes.Insert(at, value); break;
                    case 2: bytes.RemoveRange(at, length); break;
                    case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 4: bytes.InsertRange(at, bytes.GetRange(at, length)); break;
                    default: bytes.Insert(at, Structural[(int)((uint)b % (uint)Structural.Length)]); break;
                }
            }

            return bytes.ToArray();
        });
}
