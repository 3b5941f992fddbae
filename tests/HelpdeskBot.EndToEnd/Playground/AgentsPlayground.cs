using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.EndToEnd.Playground;

/// <summary>The signed-in Teams user the playground plays, from its configuration file (<c>currentUser</c>).</summary>
public sealed record PlaygroundUser(string Id, string Name, string AadObjectId, string Email);

/// <summary>
/// The Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>) as a child process pointed at the
/// bot's <c>/api/messages</c> with channel <c>msteams</c>. What the test relies on, found by running it:
/// <list type="bullet">
/// <item><c>--port 0</c> takes a free port and prints <c>Listening on N</c>; the page, the mock Bot Connector
/// (<c>/_connector</c>, the serviceUrl the bot replies to) and the page's WebSocket share that port.</item>
/// <item>It has no option for the bind address, so <c>loopback.cjs</c> is preloaded to bind 127.0.0.1.</item>
/// <item>The user and their <c>aadObjectId</c> come from a YAML file (<c>M365_AGENTS_PLAYGROUND_CONFIG_PATH</c>, at
/// least five other users required); <c>TEAMSAPPTESTER_BROWSER=none</c> stops it opening a browser and
/// <c>M365_AGENTS_PLAYGROUND_LOGFILE</c> moves its log out of the working directory.</item>
/// <item>Every page load sends <c>installationUpdate</c> and <c>conversationUpdate</c> to the bot in the personal
/// chat (conversation id <c>__PERSONAL_CHAT_ID__</c>).</item>
/// </list>
/// </summary>
public sealed partial class AgentsPlayground : IDisposable
{
    public const string BotName = "HelpdeskBot";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _workDirectory;
    private readonly StringBuilder _output = new();

    private AgentsPlayground(Process process, string workDirectory)
    {
        _process = process;
        _workDirectory = workDirectory;
    }

    /// <summary>Where the build restored the playground (tests/HelpdeskBot.EndToEnd/Playground/, see Playground.targets).</summary>
    public static string Directory { get; } =
        typeof(AgentsPlayground).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AgentsPlaygroundDirectory")?.Value
        ?? throw new InvalidOperationException("The EndToEnd assembly has no AgentsPlaygroundDirectory metadata; Playground.targets sets it.");

    public static string CliPath => Path.Combine(Directory, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

    /// <summary>The page, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri PageUri { get; private set; } = null!;

    /// <summary>Why the playground cannot run here (no node, not restored), or empty.</summary>
    public static IReadOnlyList<string> MissingParts()
    {
        var missing = new List<string>();
        if (FindOnPath("node") is null)
        {
            missing.Add("node (Node.js) on PATH");
        }
        if (!File.Exists(CliPath))
        {
            missing.Add(CliPath + " (the build restores it with npm ci when npm is on PATH)");
        }
        return missing;
    }

    public static AgentsPlayground Start(Uri botEndpoint, PlaygroundUser user)
    {
        var missing = MissingParts();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("The Agents Playground cannot start: missing " + string.Join(" and ", missing) + ".");
        }

        var workDirectory = System.IO.Directory.CreateTempSubdirectory("helpdeskbot-playground-").FullName;
        var configPath = Path.Combine(workDirectory, ".m365agentsplayground.yml");
        File.WriteAllText(configPath, Configuration(user));

        var start = new ProcessStartInfo(FindOnPath("node")!)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--require", Path.Combine(Directory, "loopback.cjs"), CliPath,
            "--app-endpoint", botEndpoint.ToString(), "--channel-id", "msteams", "--port", "0", "--disable-telemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        start.Environment["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = configPath;
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workDirectory, "playground.log");
        start.Environment["NO_COLOR"] = "1";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var playground = new AgentsPlayground(process, workDirectory);
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (playground._output)
            {
                playground._output.AppendLine(e.Data);
            }
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                port.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => port.TrySetException(new InvalidOperationException("The Agents Playground exited before it listened."));

        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!port.Task.Wait(StartTimeout))
            {
                throw new TimeoutException($"The Agents Playground printed no 'Listening on' within {StartTimeout.TotalSeconds} s.");
            }
            playground.PageUri = new Uri($"http://127.0.0.1:{port.Task.Result}/");
            playground.WaitUntilServing();
            return playground;
        }
        catch (Exception e)
        {
            var details = playground.Describe();
            playground.Dispose();
            throw new InvalidOperationException("The Agents Playground did not start: " + (e is AggregateException { InnerException: { } inner } ? inner.Message : e.Message)
                + Environment.NewLine + details, e);
        }
    }

    /// <summary>
    /// "Listening on" comes before the playground reads its configuration; a bad file makes it exit just after. So wait
    /// for the page itself, and stop early if the process is gone.
    /// </summary>
    private void WaitUntilServing()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Agents Playground exited with code {_process.ExitCode}.");
            }
            try
            {
                using var response = http.GetAsync(PageUri).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Agents Playground page at {PageUri} did not answer within {StartTimeout.TotalSeconds} s.");
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>Its console output and the end of its log file, for failure messages.</summary>
    public string Describe()
    {
        string output;
        lock (_output)
        {
            output = _output.ToString();
        }
        var logPath = Path.Combine(_workDirectory, "playground.log");
        var log = File.Exists(logPath)
            ? string.Join(Environment.NewLine, File.ReadLines(logPath).Where(l => !l.StartsWith("debug Telemetry", StringComparison.Ordinal)).TakeLast(60))
            : "(no log file)";
        return $"""
            playground page: {PageUri}
            playground output:
            {output}
            playground log (last lines):
            {log}
            """;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
        finally
        {
            _process.Dispose();
            try
            {
                System.IO.Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// The playground's mock tenant. The current user is the employee under test; the schema wants five more users, so
    /// colleagues with object ids the HR directory does not know fill the group chat and the team.
    /// </summary>
    private static string Configuration(PlaygroundUser user)
    {
        var colleagues = new StringBuilder();
        for (var i = 1; i <= 5; i++)
        {
            colleagues.Append(CultureInfo.InvariantCulture, $"""
                  - id: e2e-colleague-{i}
                    name: Colleague {i}
                    userPrincipleName: colleague{i}@example.com
                    aadObjectId: 00000000-0000-4000-9000-00000000000{i}
                    givenName: Colleague
                    surname: Number {i}
                    email: colleague{i}@example.com

                """);
        }
        var (given, surname) = user.Name.Split(' ', 2) is [var first, var rest] ? (first, rest) : (user.Name, user.Name);
        return $"""
            version: "0.1.1"
            tenantId: 00000000-0000-4000-8000-0000000000aa
            bot:
              id: 00000000-0000-4000-8000-0000000000b0
              name: {BotName}
            currentUser:
              id: {user.Id}
              name: {user.Name}
              userPrincipleName: {user.Email}
              aadObjectId: {user.AadObjectId}
              givenName: {given}
              surname: {surname}
              email: {user.Email}
            users:
            {colleagues}personalChat:
              id: __PERSONAL_CHAT_ID__
            groupChat:
              id: __GROUP_CHAT_ID__
              name: Group Chat
            team:
              id: e2e-team
              name: Helpdesk E2E
              aadGroupId: 00000000-0000-4000-8000-0000000000c0
              channels:
                - id: e2e-channel-general
                  name: Announcements

            """;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}
