using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Database;

/// <summary>Which database engine holds the state, the knowledge metadata and the demo back office.</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file per store under <c>Helpdesk:DataDirectory</c>: nothing to install, one machine.</summary>
    Sqlite,

    /// <summary>One PostgreSQL database (<c>ConnectionStrings:Helpdesk</c>), a schema per store: several instances.</summary>
    Postgres,
}

/// <summary>
/// Section <c>Database</c>. The PostgreSQL connection string is not here but in <c>ConnectionStrings:Helpdesk</c>, the
/// place operators and hosting platforms put secrets (environment <c>ConnectionStrings__Helpdesk</c>); it is never logged.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Helpdesk";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Apply pending schema migrations on start (default). Off for deployments where the app's database account may not
    /// change the schema: <c>dotnet run --project bot -- database migrate</c> applies them with an account that may, and a
    /// start with migrations pending fails naming that command.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>From <c>ConnectionStrings:Helpdesk</c>, filled in at binding.</summary>
    internal string? ConnectionString { get; set; }
}

/// <summary>A clear start-up error for a PostgreSQL provider without a connection string.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        options.Provider switch
        {
            DatabaseProvider.Sqlite => ValidateOptionsResult.Success,
            DatabaseProvider.Postgres when !string.IsNullOrWhiteSpace(options.ConnectionString) => ValidateOptionsResult.Success,
            DatabaseProvider.Postgres => ValidateOptionsResult.Fail(
                $"Database:Provider is Postgres but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is empty: set it (environment ConnectionStrings__{DatabaseOptions.ConnectionStringName}) to an Npgsql connection string, e.g. Host=db;Database=helpdesk;Username=helpdesk;Password=…"),
            _ => ValidateOptionsResult.Fail($"Database:Provider '{options.Provider}' is not known: use Sqlite or Postgres."),
        };
}
