using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Database;

internal static class DatabaseExtensions
{
    /// <summary>
    /// <c>Database:Provider</c> for every store: the state database's context (SQLite file or PostgreSQL schema
    /// <c>helpdesk</c>), and the knowledge library's and demo back office's provider and migration setting, which the
    /// libraries read from their own options. Validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());

        services.AddOptions<KnowledgeOptions>().PostConfigure<IOptions<DatabaseOptions>>((o, d) =>
        {
            o.PostgresConnectionString = d.Value.Provider == DatabaseProvider.Postgres ? d.Value.ConnectionString : null;
            o.MigrateOnStart = d.Value.MigrateOnStart;
        });
        services.AddOptions<BackOfficeOptions>().PostConfigure<IOptions<DatabaseOptions>>((o, d) =>
        {
            o.PostgresConnectionString = d.Value.Provider == DatabaseProvider.Postgres ? d.Value.ConnectionString : null;
            o.MigrateOnStart = d.Value.MigrateOnStart;
        });

        // Pooled: a turn opens several short-lived contexts, and a fresh one initialises its services on first use, which
        // showed as several per cent of a turn's CPU in profiles; a pooled context is reset and reused instead.
        services.AddPooledDbContextFactory<SqliteStateDbContext>((sp, db) => StateDatabase.UseSqlite(
            db, Path.Combine(sp.GetRequiredService<IOptions<HelpdeskOptions>>().Value.DataDirectory, "state.db"), sp.GetRequiredService<SqliteConnectionSettings>()));
        services.AddPooledDbContextFactory<PostgresStateDbContext>((sp, db) =>
            StateDatabase.UsePostgres(db, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString!));
        services.AddSingleton<IDbContextFactory<StateDbContext>, ProviderStateDbContextFactory>();
        return builder;
    }

    /// <summary>The configured provider's context behind the one factory type the rest of the bot asks for.</summary>
    private sealed class ProviderStateDbContextFactory(IServiceProvider services, IOptions<DatabaseOptions> options) : IDbContextFactory<StateDbContext>
    {
        private readonly Lazy<Func<StateDbContext>> _create = new(() => options.Value.Provider == DatabaseProvider.Postgres
            ? services.GetRequiredService<IDbContextFactory<PostgresStateDbContext>>().CreateDbContext
            : services.GetRequiredService<IDbContextFactory<SqliteStateDbContext>>().CreateDbContext);

        public StateDbContext CreateDbContext() => _create.Value();
    }
}
