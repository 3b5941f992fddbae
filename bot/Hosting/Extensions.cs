using HelpdeskBot.Bot.Admin;
using HelpdeskBot.Bot.Channels.BotFramework;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Classifier;
using HelpdeskBot.Connectors.BackOffice;
using HelpdeskBot.Knowledge;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Hosting;

internal static partial class Extensions
{
    /// <summary>Options, the data directory every store lives under, ProblemDetails and the clock.</summary>
    public static IHostApplicationBuilder AddHelpdeskHost(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HelpdeskOptions>()
            .BindConfiguration(HelpdeskOptions.SectionName)
            .PostConfigure(o =>
            {
                o.DataDirectory = Path.GetFullPath(o.DataDirectory);
                Directory.CreateDirectory(o.DataDirectory);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Process-wide, so set here, before the host starts taking requests (an out-of-range value fails the options'
        // validation at start and is not applied).
        ThreadPoolMinimum.Apply(builder.Configuration.GetValue(
            $"{HelpdeskOptions.SectionName}:{nameof(HelpdeskOptions.MinWorkerThreadsPerCore)}", ThreadPoolMinimum.DefaultPerCore));

        // The libraries keep their files under the data directory unless configured otherwise.
        builder.Services.AddOptions<BackOfficeOptions>().PostConfigure<IOptions<HelpdeskOptions>>((o, h) =>
        {
            if (string.IsNullOrWhiteSpace(o.DatabasePath))
            {
                o.DatabasePath = Path.Combine(h.Value.DataDirectory, "backoffice.db");
            }
        });
        builder.Services.AddOptions<KnowledgeOptions>().PostConfigure<IOptions<HelpdeskOptions>>((o, h) =>
        {
            if (string.IsNullOrWhiteSpace(o.DatabasePath))
            {
                o.DatabasePath = Path.Combine(h.Value.DataDirectory, "knowledge.db");
            }

            if (string.IsNullOrWhiteSpace(o.IndexPath))
            {
                o.IndexPath = Path.Combine(h.Value.DataDirectory, "knowledge-index.db");
            }

            o.EmbeddingCachePath ??= Path.Combine(h.Value.DataDirectory, "embedding-cache.db");
        });
        builder.Services.AddOptions<ClassifierOptions>().PostConfigure<IOptions<HelpdeskOptions>>((o, h) =>
        {
            if (string.IsNullOrWhiteSpace(o.ModelDirectory))
            {
                o.ModelDirectory = Path.Combine(h.Value.DataDirectory, "models");
            }
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The turn pipeline and the conversation state store (its context comes from <c>AddDatabase</c>).</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        // The SQLite state database's connection settings (busy timeout, synchronous); its context comes from AddDatabase.
        builder.Services.AddOptions<SqliteOptions>().BindConfiguration(SqliteOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SqliteConnectionSettings>();
        builder.Services.AddHostedService<StateDatabaseInitializer>();
        builder.Services.AddSingleton<ConversationLocks>();
        builder.Services.AddSingleton<TurnPipeline>();
        builder.Services.AddSingleton<HelpdeskBot.Bot.Feedback.MessageFeedbackStore>();
        return builder;
    }

    /// <summary>Direct Line 3.0 for Web Chat, and the demo page's token endpoint.</summary>
    public static IHostApplicationBuilder AddDirectLine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectLineOptions>()
            .BindConfiguration(DirectLineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => DirectLineSecret.Resolve(
            sp.GetRequiredService<IOptions<DirectLineOptions>>().Value.Secret,
            sp.GetRequiredService<IOptions<HelpdeskOptions>>().Value.DataDirectory));
        builder.Services.AddSingleton<DirectLineTokens>();
        builder.Services.AddSingleton<DirectLineStreams>();
        builder.Services.AddSingleton<DirectLineConversations>();
        return builder;
    }

    /// <summary><c>/api/messages</c> for Azure Bot Service, Teams and the Emulator.</summary>
    public static IHostApplicationBuilder AddBotFramework(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotFrameworkOptions>()
            .BindConfiguration(BotFrameworkOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHttpClient(BotFrameworkAuthentication.MetadataClient);
        builder.Services.AddSingleton<BotFrameworkAuthentication>();
        builder.Services.AddHttpClient(BotFrameworkCredentials.TokenClient);
        builder.Services.AddSingleton<BotFrameworkCredentials>();
        // Each attempt has its own timeout (BotFramework:ConnectorTimeout); the client's would cut across the retries.
        builder.Services.AddHttpClient<BotConnectorClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return builder;
    }

    /// <summary>
    /// The admin API's authentication (scheme <c>AdminApiKey</c>: keys from <c>AdminApi:Keys</c>, validated at start) and
    /// its policies. Nothing else uses the scheme: Direct Line and Bot Framework check their own Bearer tokens.
    /// </summary>
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        // With one scheme registered ASP.NET Core would make it the default and run it on every request, comparing each
        // Direct Line token with the admin keys; the scheme runs only where a policy names it.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        builder.Services.AddOptions<AdminApiOptions>()
            .BindConfiguration(AdminApiOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminApiOptions>, AdminApiOptionsValidator>());
        builder.Services.AddSingleton<AdminApiKeys>();
        builder.Services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AdminApiKeyHandler>(AdminApiKeyHandler.SchemeName, null);
        builder.Services.AddAdminAccess();
        return builder;
    }

    /// <summary>
    /// Human handoff: the queue (in the state database), the agent console's sign-in (cookie, accounts from <c>Agents</c>)
    /// and hub, and the desk the skills hand conversations to.
    /// </summary>
    public static IHostApplicationBuilder AddHandoff(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HandoffOptions>, HandoffOptionsValidator>());
        services.AddOptions<AgentAccountsOptions>().BindConfiguration(AgentAccountsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentAccountsOptions>, AgentAccountsValidator>());

        services.AddSingleton<ISignInFailures, StateDatabaseSignInFailures>();
        services.AddSingleton<AgentAccounts>();
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<ChannelDelivery>();
        services.AddSingleton<IHandoffNotifier, SignalRHandoffNotifier>();
        services.AddSingleton<HandoffService>();
        services.AddScoped<TurnChannel>();
        services.AddScoped<HelpdeskBot.Skills.Handoff.IHandoffDesk, HandoffDesk>();
        services.AddHostedService<HandoffSweeper>();

        services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "helpdesk.agent.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddAgentCookie();
        services.AddAuthorizationBuilder()
            .AddPolicy(AgentRoles.ConsolePolicy, policy => policy
                .AddAuthenticationSchemes(AgentConsoleEndpoints.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(AgentRoles.Agent, AgentRoles.Admin));
        return builder;
    }

    /// <summary>Says where to point a browser, Web Chat or the Emulator once the server listens.</summary>
    public static WebApplication AnnounceUrlsOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var dataDirectory = app.Services.GetRequiredService<IOptions<HelpdeskOptions>>().Value.DataDirectory;
            foreach (var address in addresses.Select(a => a.TrimEnd('/')))
            {
                LogServing(app.Logger, address);
            }
            LogDataDirectory(app.Logger, dataDirectory);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "HelpdeskBot serves {Url}/ (customer chat demo), {Url}/agent (agent console), {Url}/v3/directline (Direct Line 3.0) and {Url}/api/messages (Bot Framework)")]
    private static partial void LogServing(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "State lives in {DataDirectory}")]
    private static partial void LogDataDirectory(ILogger logger, string dataDirectory);
}
