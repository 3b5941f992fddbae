using System.Diagnostics;

namespace HelpdeskBot.Bot.Tests.Operations;

/// <summary>
/// <c>.ci/check-dependencies</c>, the CI's vulnerable-package gate, run as CI runs it but with <c>dotnet</c>, <c>curl</c>
/// and <c>npm</c> replaced by scripts that answer as a registry with vulnerability data would (the registries reachable
/// here serve none, so the real tools can only show the "no data" path). Node.js is the real one: the script parses the
/// reports with it.
/// </summary>
public sealed class DependencyCheckTests : IDisposable
{
    private const string ServiceIndexWithData = """{"resources":[{"@id":"https://x/vuln/index.json","@type":"VulnerabilityInfo/6.7.0"}]}""";
    private const string ServiceIndexWithout = """{"resources":[{"@id":"https://x/query","@type":"SearchQueryService"}]}""";

    private const string CleanNuGet = """
        {"version":1,"projects":[{"path":"/r/bot/HelpdeskBot.Bot.csproj","frameworks":[{"framework":"net10.0",
          "topLevelPackages":[{"id":"Npgsql","requestedVersion":"10.0.0","resolvedVersion":"10.0.0"}],"transitivePackages":[]}]}]}
        """;

    private const string VulnerableTransitive = """
        {"version":1,"projects":[{"path":"/r/bot/HelpdeskBot.Bot.csproj","frameworks":[{"framework":"net10.0",
          "topLevelPackages":[],
          "transitivePackages":[{"id":"System.Text.RegularExpressions","resolvedVersion":"4.3.0",
            "vulnerabilities":[{"severity":"High","advisoryurl":"https://github.com/advisories/GHSA-cmhx-cq75-c4mj"}]}]}]}]}
        """;

    private const string NpmClean = """{"auditReportVersion":2,"vulnerabilities":{},"metadata":{"vulnerabilities":{"info":0,"low":0,"moderate":0,"high":0,"critical":0,"total":0}}}""";

    private const string NpmModerate = """
        {"auditReportVersion":2,"vulnerabilities":{"marked":{"name":"marked","severity":"moderate"}},
         "metadata":{"vulnerabilities":{"info":0,"low":0,"moderate":1,"high":0,"critical":0,"total":1}}}
        """;

    private const string NpmHigh = """
        {"auditReportVersion":2,"vulnerabilities":{"dompurify":{"name":"dompurify","severity":"high"}},
         "metadata":{"vulnerabilities":{"info":0,"low":0,"moderate":0,"high":1,"critical":0,"total":1}}}
        """;

    private const string NpmUnavailable = """{"message":"405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk","statusCode":405,"error":{"summary":"","detail":""}}""";

    private readonly string _root = Directory.CreateTempSubdirectory("dependency-check-").FullName;

    [Fact]
    public async Task A_vulnerable_transitive_NuGet_package_fails_the_check_and_is_named()
    {
        var (exit, output) = await RunAsync(ServiceIndexWithData, VulnerableTransitive, NpmClean);

        Assert.Equal(1, exit);
        Assert.Contains("System.Text.RegularExpressions 4.3.0 (High) https://github.com/advisories/GHSA-cmhx-cq75-c4mj", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_reports_from_sources_with_data_pass()
    {
        var (exit, output) = await RunAsync(ServiceIndexWithData, CleanNuGet, NpmClean);

        Assert.Equal(0, exit);
        Assert.Contains("no known-vulnerable NuGet packages (1 source(s) with vulnerability data)", output, StringComparison.Ordinal);
        Assert.Contains("no high or critical npm advisories", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_high_npm_advisory_fails_the_check_and_a_moderate_one_does_not()
    {
        var (highExit, highOutput) = await RunAsync(ServiceIndexWithData, CleanNuGet, NpmHigh);
        var (moderateExit, _) = await RunAsync(ServiceIndexWithData, CleanNuGet, NpmModerate);

        Assert.Equal(1, highExit);
        Assert.Contains("vulnerable npm packages: dompurify (high)", highOutput, StringComparison.Ordinal);
        Assert.Equal(0, moderateExit);
    }

    [Fact]
    public async Task Without_vulnerability_data_the_check_says_so_instead_of_reporting_all_clear()
    {
        // The NuGet report would be "clean", but a source without VulnerabilityInfo cannot know: it is not even asked.
        var (exit, output) = await RunAsync(ServiceIndexWithout, VulnerableTransitive, NpmUnavailable);

        Assert.Equal(0, exit);
        Assert.Contains("no NuGet source serves vulnerability data", output, StringComparison.Ordinal);
        Assert.Contains("npm audit gave no report (405 Method Not Allowed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("no known-vulnerable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_vulnerability_data_fails_when_the_CI_requires_it()
    {
        var (exit, output) = await RunAsync(ServiceIndexWithout, CleanNuGet, NpmUnavailable, requireData: true);

        Assert.Equal(1, exit);
        Assert.Contains("vulnerability data is required", output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output)> RunAsync(string serviceIndex, string nugetReport, string npmReport, bool requireData = false)
    {
        // A repository with the bot's package lock (the script audits bot/ when it has one) and fake tools in front of PATH.
        var repo = Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName;
        Directory.CreateDirectory(Path.Combine(repo, "bot"));
        await File.WriteAllTextAsync(Path.Combine(repo, "bot", "package-lock.json"), "{}");
        var bin = Directory.CreateDirectory(Path.Combine(repo, "fake-bin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bin, "service-index.json"), serviceIndex);
        await File.WriteAllTextAsync(Path.Combine(bin, "nuget.json"), nugetReport);
        await File.WriteAllTextAsync(Path.Combine(bin, "npm.json"), npmReport);
        await Fake(bin, "dotnet", """
            case "$1 $2" in
              "nuget list") echo "E https://nuget.example/v3/index.json" ;;
              "list HelpdeskBot.sln") cat "$(dirname "$0")/nuget.json" ;;
              *) echo "unexpected: dotnet $*" >&2; exit 9 ;;
            esac
            """);
        await Fake(bin, "curl", """cat "$(dirname "$0")/service-index.json" """);
        // npm audit exits non-zero when it finds something or fails; the script must read the report either way.
        await Fake(bin, "npm", """cat "$(dirname "$0")/npm.json"; exit 1""");

        var script = Path.Combine(RepositoryRoot(), ".ci", "check-dependencies");
        var start = new ProcessStartInfo("bash", [script, repo]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["CI_REQUIRE_VULNERABILITY_DATA"] = requireData ? "1" : "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task Fake(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        await File.WriteAllTextAsync(path, "#!/usr/bin/env bash\n" + body + "\n");
        // The CI runs on Linux (a bash script); elsewhere the script cannot run at all.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HelpdeskBot.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("HelpdeskBot.sln not found above the test's directory.");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
