using System.Globalization;
using System.Text;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace HelpdeskBot.EndToEnd;

/// <summary>
/// Headless Debian Chromium driven through /usr/bin/chromedriver. Both paths are given explicitly and Selenium Manager
/// is told to stay offline: this machine can't download browsers or drivers, and a test must not try.
/// </summary>
public sealed class ChromiumSession : IDisposable
{
    private readonly StringBuilder _console = new();
    private readonly string _profileDirectory;
    private readonly ChromeDriverService _service;

    private ChromiumSession(ChromeDriver driver, ChromeDriverService service, string profileDirectory)
    {
        Driver = driver;
        _service = service;
        _profileDirectory = profileDirectory;
    }

    public ChromeDriver Driver { get; }

    public static ChromiumSession Start()
    {
        var missing = ChromiumInstallation.MissingFiles();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(" and ", missing)} not found. The browser test needs Debian's chromium and chromium-driver " +
                "packages (.ci/run installs them); it only skips itself when CI is not 'true'.");
        }

        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var profileDirectory = Directory.CreateTempSubdirectory("helpdeskbot-chromium-").FullName;

        var options = new ChromeOptions { BinaryLocation = ChromiumInstallation.BrowserPath };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            // This machine's network is closed: without these Chromium keeps trying to reach Google's services.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--lang=en-US",
            "--window-size=1280,900",
            "--user-data-dir=" + profileDirectory);
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);

        var service = ChromeDriverService.CreateDefaultService(
            Path.GetDirectoryName(ChromiumInstallation.DriverPath)!, Path.GetFileName(ChromiumInstallation.DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;

        try
        {
            var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(30));
            driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(20);
            return new ChromiumSession(driver, service, profileDirectory);
        }
        catch
        {
            service.Dispose();
            TryDeleteDirectory(profileDirectory);
            throw;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> returns a non-null value, polling every 200 ms.</summary>
    public T WaitFor<T>(string what, TimeSpan timeout, Func<IWebDriver, T?> condition) where T : class
    {
        var wait = new WebDriverWait(Driver, timeout)
        {
            PollingInterval = TimeSpan.FromMilliseconds(200),
            Message = "Timed out after " + timeout.TotalSeconds + " s waiting for " + what,
        };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait.Until(condition)!;
    }

    /// <summary>Saves a PNG of the current page, e.g. for a person to look at what the demo shows.</summary>
    public string SaveScreenshot(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, fileName);
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>The browser console so far. Chromium hands each entry out once, so they are kept here.</summary>
    public string ConsoleLog()
    {
        try
        {
            foreach (var entry in Driver.Manage().Logs.GetLog(LogType.Browser))
            {
                _console.Append(entry.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))
                    .Append(' ').Append(entry.Level).Append(' ').AppendLine(entry.Message);
            }
        }
        catch (WebDriverException e)
        {
            return _console + "(console log unavailable: " + e.Message + ")";
        }
        return _console.Length == 0 ? "(empty)" : _console.ToString();
    }

    /// <summary>
    /// The console entries in which the browser refused something under the page's Content Security Policy (an inline
    /// script or style, a script, frame or connection from elsewhere). Chromium reports each one as a console error.
    /// </summary>
    public IReadOnlyList<string> CspViolations() =>
        ConsoleLog().Split('\n').Where(line => line.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Fails when the page broke its own Content Security Policy at any point of the session so far.</summary>
    public void AssertNoCspViolations()
    {
        var violations = CspViolations();
        Xunit.Assert.True(violations.Count == 0, "The browser refused content under the page's CSP:\n" + string.Join('\n', violations));
    }

    /// <summary>Screenshot, page source and console next to the test binaries; returns a description for the failure message.</summary>
    public string SaveFailureArtifacts(string name)
    {
        var saved = new List<string>();
        try
        {
            saved.Add(SaveScreenshot($"failure-{name}.png"));
        }
        catch (WebDriverException e)
        {
            saved.Add("(no screenshot: " + e.Message + ")");
        }
        try
        {
            var htmlPath = Path.Combine(AppContext.BaseDirectory, $"failure-{name}.html");
            File.WriteAllText(htmlPath, Driver.PageSource);
            saved.Add(htmlPath);
        }
        catch (WebDriverException e)
        {
            saved.Add("(no page source: " + e.Message + ")");
        }
        return string.Join(Environment.NewLine, saved);
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _service.Dispose();
            TryDeleteDirectory(_profileDirectory);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; a leftover temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
