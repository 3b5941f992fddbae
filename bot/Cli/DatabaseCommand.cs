using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Database;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Library;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Cli;

/// <summary>
/// <c>dotnet run --project bot -- database migrate</c>: applies the pending schema migrations of every store (state,
/// knowledge metadata, demo back office) for the configured <c>Database:Provider</c>, with the same configuration as the
/// host. For production, where the app's own account may not change the schema: run this with an account that may, and
/// start the instances with <c>Database:MigrateOnStart=false</c>. Nothing is seeded.
/// </summary>
internal static class DatabaseCommand
{
    private const string Usage = """
        usage:
          database migrate   apply the pending migrations of the state database, the knowledge metadata and the demo
                             back office (Database:Provider Sqlite or Postgres with ConnectionStrings:Helpdesk)
        Configuration keys work as for the host, e.g. --Database:Provider=Postgres
        """;

    public static bool IsInvocation(string[] args) => args.Length > 0 && args[0] == "database";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2 || args[1] != "migrate" || args[2..].Any(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args[2..] });
        builder.Logging.ClearProviders();
        builder.AddHelpdeskHost();
        builder.AddDatabase();
        builder.AddKnowledge();
        builder.AddConnectors();
        builder.AddConversations();
        using var host = builder.Build();
        var services = host.Services;

        DatabaseOptions options;
        try
        {
            options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }

        var state = ActivatorUtilities.CreateInstance<StateDatabaseInitializer>(services);
        await ReportAsync(output, "state", await state.MigrateAsync(cancellationToken));
        await ReportAsync(output, "knowledge", await services.GetRequiredService<KnowledgeSchema>().MigrateAsync(cancellationToken));
        await ReportAsync(output, "back office", await services.GetRequiredService<BackOfficeInitializer>().MigrateSchemaAsync(cancellationToken));
        await output.WriteLineAsync($"{options.Provider}: every store is at its latest migration.");
        return 0;
    }

    private static Task ReportAsync(TextWriter output, string store, IReadOnlyList<string> applied) =>
        output.WriteLineAsync(applied.Count == 0
            ? $"{store,-12} up to date"
            : $"{store,-12} applied {string.Join(", ", applied)}");
}
