using System.Globalization;

namespace HelpdeskBot.LoadTest;

/// <summary>
/// What one run does. The defaults are the goal setting (200 concurrent conversations on this machine);
/// <see cref="ShortForm"/> is the CI form, small enough to finish in well under a minute and still exercise every script.
/// </summary>
public sealed record LoadTestOptions
{
    public int Conversations { get; init; } = 200;

    /// <summary>How long the measured part lasts, after <see cref="WarmUp"/>.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Turns in this first stretch run (JIT, caches, SQLite pages) but are not counted in throughput or latency. On two
    /// cores the runtime's tiered JIT goes on recompiling hot code for about half a minute under load (the report's "of
    /// which the runtime's background JIT" line); after 40 s it is done (0.0 ms a turn), so the default measures the
    /// steady state.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>The pause between a reply and the next message; 0 drives the host as hard as the conversations can.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.Zero;

    /// <summary>Also measure the bare Kestrel endpoint (the ceiling) with the same client and concurrency.</summary>
    public bool Ceiling { get; init; } = true;

    /// <summary>The bot's build output (HelpdeskBot.Bot.dll); null: the one built with this program.</summary>
    public string? BotDirectory { get; init; }

    /// <summary>Where the Markdown result goes; null: <c>TestResults/load/</c> under the repository.</summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>
    /// Where to write every measured turn as CSV (milliseconds from the start of the measured window, POST round trip,
    /// reply latency, the message), to see whether slow replies come together in time; null: not written.
    /// </summary>
    public string? TurnsFile { get; init; }

    /// <summary>Keep the host's data directory (state.db with the transcripts) after the run, to look at.</summary>
    public bool KeepData { get; init; }

    /// <summary>How long a reply may take before the turn counts as an error (no reply).</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string Label { get; init; } = "full";

    /// <summary>
    /// The fault run: this long after the users start, the host is killed with SIGKILL and started again on the same data
    /// directory and port; null: no fault. The users then retry and reconnect (<see cref="RetryFor"/>).
    /// </summary>
    public TimeSpan? KillAt { get; init; }

    /// <summary>How long a user keeps retrying a failed POST or reopening a broken stream (the fault run only).</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromSeconds(120);

    public bool Fault => KillAt is not null;

    /// <summary>
    /// The CI form of the fault run: 24 conversations, the host killed 6 s in (mid-turn for most of them). Before the fix it
    /// guards, this size lost replies in each of two runs; half of it is less sure to hit the window.
    /// </summary>
    public static LoadTestOptions FaultShortForm { get; } = new()
    {
        Conversations = 24,
        Duration = TimeSpan.FromSeconds(14),
        WarmUp = TimeSpan.FromSeconds(2),
        KillAt = TimeSpan.FromSeconds(6),
        Ceiling = false,
        Label = "fault-short",
    };

    /// <summary>
    /// <c>sqlite</c> (default: the host's files in its data directory) or <c>postgres</c> (a private PostgreSQL server
    /// started for the run, the same way the tests start theirs, and every store in it).
    /// </summary>
    public string Database { get; init; } = "sqlite";

    public static LoadTestOptions ShortForm { get; } = new()
    {
        Conversations = 20,
        Duration = TimeSpan.FromSeconds(10),
        WarmUp = TimeSpan.FromSeconds(2),
        Label = "short",
    };

    public const string Usage = """
        HelpdeskBot load test: N concurrent Direct Line conversations against the real bot host (a separate process,
        fresh SQLite data directory), then the same client against a bare Kestrel endpoint (the ceiling).

          --conversations N   concurrent conversations (default 200)
          --duration S        measured seconds (default 60)
          --warmup S          seconds before measuring (default 40: the JIT's recompiling is over)
          --think MS          pause between a reply and the next message in ms (default 0: max throughput)
          --short             the CI form: 20 conversations, 10 s, 2 s warm-up
          --no-ceiling        skip the bare Kestrel measurement
          --bot DIR           the bot's build output (default: the one built with this program)
          --results DIR       where to write the Markdown table (default TestResults/load/)
          --keep-data         keep the host's data directory
          --turns FILE        write each measured turn as CSV: ms into the window, POST ms, reply ms, message
          --kill-at S         the fault run: SIGKILL the host S seconds in, restart it on the same data and port; the
                              users retry and reconnect, and the audit checks nothing was lost or answered twice
                              (no ceiling). --fault: the same at the middle of the measured window
          --fault-short       the CI form of the fault run: 24 conversations, 2 s + 14 s, killed at 6 s
          --database D        sqlite (default) or postgres: a private PostgreSQL server (Debian package postgresql)
                              is started for the run and holds every store
        Exit status: 0 when no message was lost or duplicated and no turn failed, 1 otherwise, 2 for bad arguments.
        """;

    /// <summary>Reads the command line; null with <paramref name="error"/> set when it cannot.</summary>
    public static LoadTestOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = args.Contains("--fault-short") ? FaultShortForm : args.Contains("--short") ? ShortForm : new LoadTestOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{arg} needs a value.");
                }
                return args[++i];
            }

            try
            {
                options = arg switch
                {
                    "--short" or "--fault-short" => options,
                    "--kill-at" => options with { KillAt = TimeSpan.FromSeconds(Positive(Next(), arg)), Ceiling = false, Label = "fault" },
                    "--fault" => options with { Ceiling = false, Label = "fault" },
                    "--conversations" => options with { Conversations = Positive(Next(), arg) },
                    "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(Next(), arg)) },
                    "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(NonNegative(Next(), arg)) },
                    "--think" => options with { ThinkTime = TimeSpan.FromMilliseconds(NonNegative(Next(), arg)) },
                    "--no-ceiling" => options with { Ceiling = false },
                    "--bot" => options with { BotDirectory = Next() },
                    "--results" => options with { ResultsDirectory = Next() },
                    "--keep-data" => options with { KeepData = true },
                    "--turns" => options with { TurnsFile = Next() },
                    "--database" => options with { Database = DatabaseName(Next()) },
                    _ => throw new FormatException($"Unknown option '{arg}'."),
                };
            }
            catch (FormatException ex)
            {
                error = ex.Message;
                return null;
            }
        }
        // After the loop, so --duration and --warmup count wherever they stand.
        return args.Contains("--fault") && options.KillAt is null ? options with { KillAt = options.WarmUp + options.Duration / 2 } : options;
    }

    private static string DatabaseName(string value) =>
        value is "sqlite" or "postgres" ? value : throw new FormatException($"--database must be sqlite or postgres, not '{value}'.");

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} must be a whole number above 0, not '{value}'.");

    private static int NonNegative(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"{name} must be a whole number, not '{value}'.");
}
