namespace HelpdeskBot.EndToEnd.Playground;

/// <summary>
/// A <see cref="FactAttribute"/> that needs the Agents Playground (Node.js, restored by the build's npm ci) and Debian's
/// Chromium and ChromeDriver. Without them the test is skipped and says why, except on CI (<c>CI=true</c>), where a
/// missing part must fail the run instead of hiding it.
/// </summary>
public sealed class PlaygroundFactAttribute : FactAttribute
{
    public PlaygroundFactAttribute()
    {
        var missing = ChromiumInstallation.MissingFiles().Concat(AgentsPlayground.MissingParts()).ToList();
        if (missing.Count > 0 && !ChromiumInstallation.IsCi)
        {
            Skip = $"Agents Playground test skipped: {string.Join(" and ", missing)} not found " +
                   "(needs Node.js with npm, and apt-get install chromium chromium-driver; with CI=true this test fails instead).";
        }
    }
}
