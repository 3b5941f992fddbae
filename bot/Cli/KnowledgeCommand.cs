using System.Diagnostics;
using System.Globalization;
using System.Text;
using HelpdeskBot.Bot.Admin;
using HelpdeskBot.Bot.Database;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Classifier;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Cli;

/// <summary>
/// <c>dotnet run --project bot -- kb ingest | search | list | reindex</c>: the knowledge base from the command line, over
/// the same files and configuration as the host (data directory, vector store, embedding model). The command builds the
/// host without starting it, so it creates the stores itself and never loads the demo seed: ingesting into a fresh data
/// directory gives a knowledge base of exactly the files given.
/// </summary>
internal static class KnowledgeCommand
{
    private const string Usage = """
        usage:
          kb ingest <folder> [--audience customer|employee|everyone] [--language en|id] [--owner NAME] [--publish]
                             every supported file under the folder (.md .txt .html .pdf .docx); a file's front matter
                             wins over these defaults; a title already in the knowledge base gets a new version
          kb search "<query>" [--as customer|employee] [--language en|id] [--mode hybrid|vector|lexical] [--limit N]
                             ranked passages with fused score, cosine similarity and lexical rank
          kb list            documents with their latest and published versions
          kb reindex         rebuild the search index from the documents' published versions
        Configuration keys work as for the host, e.g. --Helpdesk:DataDirectory=/srv/helpdesk
        The demo policies are loaded by the host on its first start, never by these commands.
        """;

    private static readonly string[] ValueOptions = ["--audience", "--language", "--owner", "--as", "--mode", "--limit"];

    private static readonly string[] SwitchOptions = ["--publish"];

    public static bool IsInvocation(string[] args) => args.Length > 0 && args[0] == "kb";

    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        bool errorIsTerminal = false,
        Action<IServiceCollection>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Length > 1 ? args[1] : null;
        string? problem = null;
        var parsed = new ParsedArguments();
        if (command is not ("ingest" or "search" or "list" or "reindex") || !TryParse(args[2..], out parsed, out problem))
        {
            if (problem is not null)
            {
                await error.WriteLineAsync(problem);
            }

            await error.WriteLineAsync(Usage);
            return 2;
        }

        // A query may come unquoted ("kb search how long is the warranty"); a folder is one argument.
        var positional = string.Join(' ', parsed.Positional);
        if ((command is "ingest" or "search" && positional.Length == 0) || (command == "ingest" && parsed.Positional.Count > 1)
            || (command is "list" or "reindex" && positional.Length > 0))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. parsed.Configuration] });
        builder.Logging.ClearProviders();
        builder.AddHelpdeskHost();
        builder.AddDatabase();
        builder.AddClassifier();
        builder.AddKnowledge();
        configure?.Invoke(builder.Services);
        using var host = builder.Build();
        var services = host.Services;
        var library = services.GetRequiredService<KnowledgeLibrary>();
        await library.InitializeAsync(cancellationToken);
        var progress = new ConsoleProgress(error, errorIsTerminal);

        switch (command)
        {
            case "ingest":
                return await IngestAsync(library, positional, parsed, output, error, progress, cancellationToken);
            case "search":
                return await SearchAsync(services, positional, parsed, output, error, cancellationToken);
            case "list":
                return await ListAsync(library, output, cancellationToken);
            default:
                return await ReindexAsync(library, output, progress, cancellationToken);
        }
    }

    private static async Task<int> IngestAsync(
        KnowledgeLibrary library, string folder, ParsedArguments arguments, TextWriter output, TextWriter error, ConsoleProgress progress, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            await error.WriteLineAsync($"There is no folder {folder}.");
            return 1;
        }

        var all = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToArray();
        var files = all.Where(DocumentParser.IsSupported).Order(StringComparer.Ordinal).ToArray();
        if (all.Length > files.Length)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Skipping {all.Length - files.Length} file(s) of other types (supported: {string.Join(' ', DocumentParser.SupportedExtensions.Order(StringComparer.Ordinal))})."));
        }

        var fields = new DocumentFields(Owner: arguments.Owner, Audience: arguments.Audience, Language: arguments.Language);
        var actor = string.IsNullOrWhiteSpace(Environment.UserName) ? "cli" : Environment.UserName;
        int created = 0, newVersions = 0, unchanged = 0, failed = 0, chunks = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < files.Length; i++)
        {
            var name = Path.GetRelativePath(folder, files[i]);
            progress.Show(i, files.Length, name);
            string line;
            try
            {
                var content = await File.ReadAllBytesAsync(files[i], ct);
                var result = await library.IngestAsync(new DocumentUpload(files[i], content, actor, fields, arguments.Publish), ct);
                var status = result.Document.Versions.Single(v => v.Version == result.Version).Status.ToWire();
                var title = result.Document.Summary.Title;
                switch (result.Outcome)
                {
                    case IngestOutcome.Created:
                        created++;
                        chunks += result.Chunks;
                        line = Invariant($"created      {name}: \"{title}\" version {result.Version}, {status}, {result.Chunks} chunks");
                        break;
                    case IngestOutcome.NewVersion:
                        newVersions++;
                        chunks += result.Chunks;
                        line = Invariant($"new version  {name}: \"{title}\" version {result.Version}, {status}, {result.Chunks} chunks");
                        break;
                    default:
                        unchanged++;
                        line = Invariant($"unchanged    {name}: \"{title}\" version {result.Version}, {status}");
                        break;
                }
            }
            catch (Exception exception) when (exception is KnowledgeException or IOException or UnauthorizedAccessException)
            {
                // One bad file is reported and the rest still go in; the exit code says something failed.
                failed++;
                line = $"failed       {name}: {exception.Message}";
            }

            progress.Clear();
            await output.WriteLineAsync(line);
        }

        progress.Show(files.Length, files.Length, "done");
        progress.Clear();
        var seconds = clock.Elapsed.TotalSeconds;
        await output.WriteLineAsync(Invariant(
            $"{files.Length} files: {created} created, {newVersions} new versions, {unchanged} unchanged, {failed} failed (chunks: {chunks}, {(seconds > 0 ? chunks / seconds : 0):0.0} chunks/s)"));
        return failed > 0 || files.Length == 0 ? 1 : 0;
    }

    private static async Task<int> SearchAsync(
        IServiceProvider services, string query, ParsedArguments arguments, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var search = services.GetRequiredService<KnowledgeSearch>();
        var clock = services.GetRequiredService<KnowledgeClock>();
        var minimum = services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.MinimumSimilarity;
        var filter = new IndexFilter(Audiences.ReadableBy(arguments.Reader), clock.Today);
        var hits = await search.SearchAsync(query, arguments.Language, filter, arguments.Limit, arguments.Mode, ct);
        await output.WriteLineAsync(Invariant(
            $"\"{query}\" as {KnowledgeWire.ReaderWire(arguments.Reader)}, {arguments.Mode.ToWire()}: {hits.Count} passage(s); the bot answers from cosine ≥ {minimum:0.00}"));
        if (hits.Count == 0)
        {
            await error.WriteLineAsync("No published passage matches.");
            return 0;
        }

        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var where = string.IsNullOrEmpty(hit.Chunk.HeadingPath) ? hit.Chunk.Title : $"{hit.Chunk.Title} › {hit.Chunk.HeadingPath}";
            var lexical = hit.LexicalRank is { } rank ? Invariant($"#{rank}") : "-";
            var answers = hit.Similarity >= minimum ? "" : "  (below the answer threshold)";
            await output.WriteLineAsync();
            await output.WriteLineAsync(Invariant($"{i + 1,2}. {where}  (version {hit.Chunk.Version}, {hit.Chunk.Language}, {hit.Chunk.Audience.ToWire()})"));
            await output.WriteLineAsync(Invariant($"    score {hit.Score:0.0000}  cosine {hit.Similarity:0.000}  lexical {lexical}{answers}"));
            await output.WriteLineAsync($"    {Excerpt(hit.Chunk.Text, 200)}");
        }

        return 0;
    }

    private static async Task<int> ListAsync(KnowledgeLibrary library, TextWriter output, CancellationToken ct)
    {
        var documents = await library.ListAsync(null, ct);
        var titleWidth = Math.Clamp(documents.Count == 0 ? 5 : documents.Max(d => d.Title.Length), 5, 48);
        await output.WriteLineAsync(Invariant(
            $"{"Title".PadRight(titleWidth)}  {"Latest",-14}  {"Published",-9}  {"Audience",-8}  {"Lang",-4}  {"Owner",-20}  Updated"));
        foreach (var d in documents)
        {
            var latest = Invariant($"v{d.LatestVersion} {d.LatestStatus.ToWire()}");
            var published = d.PublishedVersion is { } p ? Invariant($"v{p}") : "-";
            await output.WriteLineAsync(Invariant(
                $"{Fit(d.Title, titleWidth).PadRight(titleWidth)}  {latest,-14}  {published,-9}  {d.Audience.ToWire(),-8}  {d.Language,-4}  {Fit(d.Owner, 20),-20}  {d.UpdatedAt:yyyy-MM-dd HH:mm}"));
        }

        await output.WriteLineAsync(Invariant($"{documents.Count} documents, {documents.Count(d => d.PublishedVersion is not null)} published"));
        return 0;
    }

    private static async Task<int> ReindexAsync(KnowledgeLibrary library, TextWriter output, ConsoleProgress progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var documents = 0;
        var chunks = await library.ReindexAsync(
            new SynchronousProgress<(int Done, int Total)>(p =>
            {
                documents = p.Total;
                progress.Show(p.Done, p.Total, "documents");
            }),
            ct);
        progress.Clear();
        await output.WriteLineAsync(Invariant(
            $"Reindexed {chunks} chunks of {documents} documents into the {library.Index.Name} index in {clock.Elapsed.TotalSeconds:0.0} s"));
        return 0;
    }

    private static bool TryParse(string[] options, out ParsedArguments parsed, out string? problem)
    {
        parsed = new ParsedArguments();
        problem = null;
        for (var i = 0; i < options.Length; i++)
        {
            var option = options[i];
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? option[..equals] : option;
            if (SwitchOptions.Contains(name, StringComparer.Ordinal) && equals < 0)
            {
                parsed.Publish = true;
            }
            else if (ValueOptions.Contains(name, StringComparer.Ordinal))
            {
                string? value = equals > 0 ? option[(equals + 1)..] : i + 1 < options.Length ? options[++i] : null;
                if (value is null || !parsed.TrySet(name, value, out problem))
                {
                    problem ??= $"{name} needs a value.";
                    return false;
                }
            }
            else if (option.StartsWith("--", StringComparison.Ordinal))
            {
                if (equals < 0)
                {
                    problem = $"Unknown option {option}.";
                    return false;
                }

                // "--Section:Key=value": configuration, as for the host.
                parsed.Configuration.Add(option);
            }
            else
            {
                parsed.Positional.Add(option);
            }
        }

        return true;
    }

    private static string Excerpt(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..length].TrimEnd() + "…";
    }

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class ParsedArguments
    {
        public List<string> Positional { get; } = [];

        public List<string> Configuration { get; } = [];

        public Audience? Audience { get; private set; }

        public string? Language { get; private set; }

        public string? Owner { get; private set; }

        public bool Publish { get; set; }

        public ReaderKind Reader { get; private set; } = ReaderKind.Public;

        public SearchMode Mode { get; private set; } = SearchMode.Hybrid;

        public int Limit { get; private set; } = 5;

        public bool TrySet(string name, string value, out string? problem)
        {
            problem = null;
            switch (name)
            {
                case "--audience" when Audiences.TryParse(value, out var audience):
                    Audience = audience;
                    return true;
                case "--audience":
                    problem = "--audience must be customer, employee or everyone.";
                    return false;
                case "--language" when KnowledgeWire.TryParseLanguage(value, out var language) && language is not null:
                    Language = language;
                    return true;
                case "--language":
                    problem = "--language must be en or id.";
                    return false;
                case "--owner" when value.Trim().Length is > 0 and <= 200:
                    Owner = value.Trim();
                    return true;
                case "--owner":
                    problem = "--owner needs a name of 1 to 200 characters.";
                    return false;
                case "--as" when KnowledgeWire.TryParseReader(value, out var reader):
                    Reader = reader;
                    return true;
                case "--as":
                    problem = "--as must be customer or employee.";
                    return false;
                case "--mode" when KnowledgeWire.TryParseMode(value, out var mode):
                    Mode = mode;
                    return true;
                case "--mode":
                    problem = "--mode must be hybrid, vector or lexical.";
                    return false;
                case "--limit" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 50:
                    Limit = limit;
                    return true;
                default:
                    problem = "--limit must be a number from 1 to 50.";
                    return false;
            }
        }
    }
}

/// <summary>
/// Progress on stderr: on a terminal a bar redrawn in place (<c>[#####.....] 12/40 name.md</c>); redirected, one plain
/// line per step, so a log file does not fill with carriage returns.
/// </summary>
internal sealed class ConsoleProgress(TextWriter error, bool terminal)
{
    private const int BarWidth = 20;
    private const int LineWidth = 79;
    private int _drawn;

    public void Show(int done, int total, string label)
    {
        if (!terminal)
        {
            if (done < total)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done + 1}/{total} {label}"));
            }

            return;
        }

        var filled = total == 0 ? BarWidth : done * BarWidth / total;
        var line = new StringBuilder()
            .Append('[').Append('#', filled).Append('.', BarWidth - filled).Append("] ")
            .Append(string.Create(CultureInfo.InvariantCulture, $"{done}/{total} "))
            .Append(label)
            .ToString();
        if (line.Length > LineWidth)
        {
            line = line[..(LineWidth - 1)] + "…";
        }

        error.Write("\r" + line.PadRight(_drawn));
        error.Flush();
        _drawn = line.Length;
    }

    /// <summary>Wipes the bar so the next line on the terminal (a result on stdout) starts clean.</summary>
    public void Clear()
    {
        if (terminal && _drawn > 0)
        {
            error.Write("\r" + new string(' ', _drawn) + "\r");
            error.Flush();
            _drawn = 0;
        }
    }
}
