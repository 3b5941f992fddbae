using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Channels.BotFramework;

namespace HelpdeskBot.Bot.Cli;

/// <summary>
/// What goes into the Teams app package besides the bot's app id, from <c>Teams:Package</c>. The defaults are the
/// template's (bot/deploy/teams/manifest.json); an organisation sets its own name, version and developer pages.
/// </summary>
public sealed class TeamsPackageOptions
{
    public const string SectionName = "Teams:Package";

    /// <summary>The Teams app's own id; empty means the bot's app id, which is what a single-bot app usually uses.</summary>
    public string? AppId { get; set; }

    public string? Version { get; set; }

    /// <summary>The short name shown under the app's icon (at most 30 characters).</summary>
    public string? ShortName { get; set; }

    public string? FullName { get; set; }

    public string? DeveloperName { get; set; }

    public string? WebsiteUrl { get; set; }

    public string? PrivacyUrl { get; set; }

    public string? TermsOfUseUrl { get; set; }

    /// <summary>Host names the app may open (e.g. the bot's own host); a bot-only app needs none.</summary>
    public List<string> ValidDomains { get; set; } = [];
}

/// <summary>
/// <c>dotnet run --project bot -- teams package [--app-id GUID] [--output FILE]</c>: the Teams app package (manifest,
/// Indonesian localization, icons) for the bot registered as <c>BotFramework:AppId</c>, ready to upload to Teams. The
/// template lives in bot/deploy/teams/ and is embedded in the assembly, so the command works from any directory.
/// </summary>
internal static partial class TeamsCommand
{
    public const string DefaultFileName = "helpdeskbot-teams.zip";

    private const string Usage = """
        usage:
          teams package [--app-id GUID] [--output FILE]
                             write the Teams app package (manifest.json, id.json, color.png, outline.png) as a zip;
                             the bot id is --app-id or BotFramework:AppId, the output defaults to ./helpdeskbot-teams.zip
        Configuration keys work as for the host, e.g. --BotFramework:AppId=<GUID> --Teams:Package:Version=1.2.0
        (also Teams:Package:AppId, ShortName, FullName, DeveloperName, WebsiteUrl, PrivacyUrl, TermsOfUseUrl, ValidDomains:0).
        """;

    /// <summary>The package's files: zip entry name → embedded resource (see HelpdeskBot.Bot.csproj).</summary>
    private static readonly (string Entry, string Resource)[] TemplateFiles =
    [
        ("manifest.json", "HelpdeskBot.Bot.deploy.teams.manifest.json"),
        ("id.json", "HelpdeskBot.Bot.deploy.teams.id.json"),
        ("color.png", "HelpdeskBot.Bot.deploy.teams.color.png"),
        ("outline.png", "HelpdeskBot.Bot.deploy.teams.outline.png"),
    ];

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };

    public static bool IsInvocation(string[] args) => args.Length > 0 && args[0] == "teams";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? problem = null;
        var parsed = new ParsedArguments();
        if (args.Length < 2 || args[1] != "package" || !TryParse(args[2..], out parsed, out problem))
        {
            if (problem is not null)
            {
                await error.WriteLineAsync(problem);
            }
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. parsed.Configuration] });
        var botFramework = builder.Configuration.GetSection(BotFrameworkOptions.SectionName).Get<BotFrameworkOptions>() ?? new BotFrameworkOptions();
        var package = builder.Configuration.GetSection(TeamsPackageOptions.SectionName).Get<TeamsPackageOptions>() ?? new TeamsPackageOptions();

        var botId = parsed.AppId ?? botFramework.AppId;
        var problems = Validate(botId, package);
        if (problems.Count > 0)
        {
            foreach (var line in problems)
            {
                await error.WriteLineAsync("teams package: " + line);
            }
            return 1;
        }

        var manifest = BuildManifest(Guid.Parse(botId!), package);
        var path = Path.GetFullPath(parsed.Output ?? DefaultFileName);
        if (Directory.Exists(path) || Path.EndsInDirectorySeparator(path))
        {
            path = Path.Combine(path, DefaultFileName);
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await WritePackageAsync(path, manifest, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"teams package: cannot write {path}: {ex.Message}");
            return 1;
        }

        await output.WriteLineAsync(
            $"Wrote {path}: Teams app {manifest["id"]} version {manifest["version"]} for bot {botId}. " +
            "Upload it in Teams (Apps > Manage your apps > Upload an app) or in the Teams admin center.");
        return 0;
    }

    /// <summary>Every problem at once, so a deployer fixes the configuration in one go.</summary>
    private static List<string> Validate(string? botId, TeamsPackageOptions package)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(botId))
        {
            problems.Add("no bot app id. Set BotFramework:AppId to the Microsoft App ID of the Azure Bot " +
                "(--BotFramework:AppId=<GUID>, or the environment variable BotFramework__AppId), or pass --app-id <GUID>.");
        }
        else if (!IsAppId(botId))
        {
            problems.Add($"the bot app id '{botId}' is not a valid app id (a GUID other than all zeros). Use the Microsoft App ID of the Azure Bot, e.g. 7f1f3c52-2b8e-4d3a-9c51-2f4b8e1d0a6c.");
        }
        if (!string.IsNullOrWhiteSpace(package.AppId) && !IsAppId(package.AppId))
        {
            problems.Add($"Teams:Package:AppId '{package.AppId}' is not a GUID.");
        }
        if (package.Version is { } version && !VersionPattern().IsMatch(version))
        {
            problems.Add($"Teams:Package:Version '{version}' must be MAJOR.MINOR.PATCH, e.g. 1.2.0.");
        }
        if (package.ShortName is { } shortName && (shortName.Trim().Length == 0 || shortName.Length > 30))
        {
            problems.Add("Teams:Package:ShortName must have 1 to 30 characters.");
        }
        if (package.DeveloperName is { Length: > 32 })
        {
            problems.Add("Teams:Package:DeveloperName may have at most 32 characters.");
        }
        if (package.FullName is { Length: > 100 })
        {
            problems.Add("Teams:Package:FullName may have at most 100 characters.");
        }
        foreach (var (key, url) in new[] { ("WebsiteUrl", package.WebsiteUrl), ("PrivacyUrl", package.PrivacyUrl), ("TermsOfUseUrl", package.TermsOfUseUrl) })
        {
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                problems.Add($"Teams:Package:{key} '{url}' must be an absolute https:// URL.");
            }
        }
        foreach (var domain in package.ValidDomains)
        {
            if (!DomainPattern().IsMatch(domain))
            {
                problems.Add($"Teams:Package:ValidDomains entry '{domain}' must be a host name such as helpdesk.example.com (no scheme or path).");
            }
        }
        return problems;
    }

    private static bool IsAppId(string value) => Guid.TryParse(value, out var id) && id != Guid.Empty;

    /// <summary>The template with the ids and the configured texts put in; everything else stays as designed.</summary>
    internal static JsonObject BuildManifest(Guid botId, TeamsPackageOptions package)
    {
        var manifest = JsonNode.Parse(ReadTemplate("manifest.json"))!.AsObject();
        var appId = string.IsNullOrWhiteSpace(package.AppId) ? botId : Guid.Parse(package.AppId);
        manifest["id"] = appId.ToString("D");
        foreach (var bot in manifest["bots"]!.AsArray())
        {
            bot!["botId"] = botId.ToString("D");
        }
        SetIfGiven(manifest, "version", package.Version);
        SetIfGiven(manifest["name"]!.AsObject(), "short", package.ShortName);
        SetIfGiven(manifest["name"]!.AsObject(), "full", package.FullName);
        var developer = manifest["developer"]!.AsObject();
        SetIfGiven(developer, "name", package.DeveloperName);
        SetIfGiven(developer, "websiteUrl", package.WebsiteUrl);
        SetIfGiven(developer, "privacyUrl", package.PrivacyUrl);
        SetIfGiven(developer, "termsOfUseUrl", package.TermsOfUseUrl);
        manifest["validDomains"] = new JsonArray([.. package.ValidDomains.Distinct(StringComparer.OrdinalIgnoreCase).Select(d => (JsonNode)JsonValue.Create(d.ToLowerInvariant())!)]);
        return manifest;
    }

    private static void SetIfGiven(JsonObject target, string property, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            target[property] = value.Trim();
        }
    }

    private static async Task WritePackageAsync(string path, JsonObject manifest, CancellationToken ct)
    {
        // Written next to the target and moved into place, so a failed run never leaves half a zip behind.
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary))
        await using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            foreach (var (entry, _) in TemplateFiles)
            {
                await using var stream = await zip.CreateEntry(entry, CompressionLevel.Optimal).OpenAsync(ct);
                if (entry == "manifest.json")
                {
                    await JsonSerializer.SerializeAsync(stream, manifest, ManifestJson, ct);
                }
                else
                {
                    await using var template = OpenTemplate(entry);
                    await template.CopyToAsync(stream, ct);
                }
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static string ReadTemplate(string entry)
    {
        using var reader = new StreamReader(OpenTemplate(entry));
        return reader.ReadToEnd();
    }

    private static Stream OpenTemplate(string entry)
    {
        var resource = TemplateFiles.Single(f => f.Entry == entry).Resource;
        return Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The Teams package template {resource} is not embedded in the assembly; check HelpdeskBot.Bot.csproj.");
    }

    private static bool TryParse(string[] options, out ParsedArguments parsed, out string? problem)
    {
        parsed = new ParsedArguments();
        problem = null;
        for (var i = 0; i < options.Length; i++)
        {
            var option = options[i];
            if (option is "--app-id" or "--output")
            {
                if (i + 1 >= options.Length)
                {
                    problem = $"{option} needs a value.";
                    return false;
                }
                if (option == "--app-id")
                {
                    parsed.AppId = options[++i];
                }
                else
                {
                    parsed.Output = options[++i];
                }
            }
            else if (option.StartsWith("--", StringComparison.Ordinal) && option.Contains('=', StringComparison.Ordinal))
            {
                parsed.Configuration.Add(option);
            }
            else
            {
                problem = $"Unknown argument '{option}'.";
                return false;
            }
        }
        return true;
    }

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex DomainPattern();

    private sealed class ParsedArguments
    {
        public List<string> Configuration { get; } = [];

        public string? AppId { get; set; }

        public string? Output { get; set; }
    }
}
