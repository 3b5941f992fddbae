namespace HelpdeskBot.EndToEnd;

/// <summary>
/// A <see cref="FactAttribute"/> that needs Debian's Chromium and ChromeDriver. Without them the test is skipped and
/// says why, except on CI (<c>CI=true</c>), where a missing browser must fail the run instead of hiding it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var missing = ChromiumInstallation.MissingFiles();
        if (missing.Count > 0 && !ChromiumInstallation.IsCi)
        {
            Skip = $"Browser test skipped: {string.Join(" and ", missing)} not found " +
                   "(apt-get install chromium chromium-driver; with CI=true this test fails instead).";
        }
    }
}

/// <summary>Where the browser test expects Debian's <c>chromium</c> and <c>chromium-driver</c> packages.</summary>
public static class ChromiumInstallation
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> MissingFiles() =>
        new[] { BrowserPath, DriverPath }.Where(path => !File.Exists(path)).ToArray();
}
