using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>
/// The demo company's policies (knowledge/Seed/*.md, shipped inside the assembly). Loaded when the knowledge base is
/// empty, each as its front matter says: most published, one draft and one retired to show that neither is ever quoted.
/// </summary>
public sealed partial class SeedCorpus(KnowledgeLibrary library, ILogger<SeedCorpus> logger)
{
    private const string Prefix = "HelpdeskBot.Knowledge.Seed.";

    public static IReadOnlyList<(string FileName, byte[] Content)> Files()
    {
        var assembly = typeof(SeedCorpus).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (name[Prefix.Length..], Read(assembly, name)))
            .ToArray();
    }

    /// <summary>Loads the seed when the knowledge base has no documents; returns how many were loaded.</summary>
    public async Task<int> LoadIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (!await library.IsEmptyAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var files = Files();
        foreach (var (fileName, content) in files)
        {
            await library.IngestAsync(new DocumentUpload(fileName, content, "seed"), cancellationToken).ConfigureAwait(false);
        }

        LogSeeded(logger, files.Count);
        return files.Count;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} seed policy documents into the empty knowledge base")]
    private static partial void LogSeeded(ILogger logger, int count);
}

/// <summary>Creates the knowledge stores on start and seeds an empty knowledge base, before the host takes requests.</summary>
internal sealed class KnowledgeStartup(KnowledgeLibrary library, SeedCorpus seed, IOptions<KnowledgeOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Instances starting together on one PostgreSQL database take turns: one creates the schema and loads the seed,
        // the others then find it done.
        await using var turn = await KnowledgeDatabase.LockAsync(options.Value, cancellationToken).ConfigureAwait(false);
        await library.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (options.Value.SeedOnFirstRun)
        {
            await seed.LoadIfEmptyAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
