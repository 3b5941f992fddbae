using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Connectors.Invoices;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace HelpdeskBot.Connectors.Http;

internal static class HttpConnectorExtensions
{
    /// <summary>
    /// Binds <see cref="ConnectorOptions"/> for every back-office system (validated at start) and, for each system whose
    /// <c>Connectors:{System}:Mode</c> is <c>Http</c>, replaces the demo connector with the REST adapter over a named
    /// client that carries the API key and the system's resilience pipeline. Runs after the demo registrations.
    /// </summary>
    internal static void AddHttpConnectors(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        foreach (var system in Enum.GetValues<BackOfficeSystem>())
        {
            AddOptions(services, system);
        }

        services.AddSingleton(new BackOfficeModes(
            Enum.GetValues<BackOfficeSystem>().Where(system => IsHttp(builder.Configuration, system)).ToHashSet()));
        services.TryAddSingleton<BackOfficeCircuits>();
        services.TryAddSingleton(sp => new BackOfficeReachability(
            sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<BackOffice.BackOfficeDbContext>>(),
            sp.GetRequiredService<IOptionsMonitor<ConnectorOptions>>(),
            sp.GetRequiredService<BackOfficeModes>(),
            sp.GetRequiredService<BackOfficeCircuits>()));

        if (IsHttp(builder.Configuration, BackOfficeSystem.Orders))
        {
            AddClient(services, BackOfficeSystem.Orders);
            services.Replace(ServiceDescriptor.Singleton<IOrderService, HttpOrderService>());
        }

        if (IsHttp(builder.Configuration, BackOfficeSystem.ItSupport))
        {
            AddClient(services, BackOfficeSystem.ItSupport);
            services.Replace(ServiceDescriptor.Singleton<IItSupportService, HttpItSupportService>());
        }

        if (IsHttp(builder.Configuration, BackOfficeSystem.Hr))
        {
            AddClient(services, BackOfficeSystem.Hr);
            services.Replace(ServiceDescriptor.Singleton<IHrService, HttpHrService>());
        }

        if (IsHttp(builder.Configuration, BackOfficeSystem.Invoicing))
        {
            AddClient(services, BackOfficeSystem.Invoicing);
            services.Replace(ServiceDescriptor.Singleton<IInvoiceService, HttpInvoiceService>());
        }

        // The change feed goes over HTTP for the systems that are real and stays on the demo change log for the others.
        if (Changes.IBackOfficeChanges.Systems.Any(system => IsHttp(builder.Configuration, system)))
        {
            services.Replace(ServiceDescriptor.Singleton<Changes.IBackOfficeChanges, HttpBackOfficeChanges>());
        }

        if (IsHttp(builder.Configuration, BackOfficeSystem.Notifications))
        {
            AddClient(services, BackOfficeSystem.Notifications);
            services.Replace(ServiceDescriptor.Singleton<INotificationService, HttpNotificationService>());
        }
    }

    private static void AddOptions(IServiceCollection services, BackOfficeSystem system)
    {
        var section = ConnectorOptions.SectionFor(system);
        services.AddOptions<ConnectorOptions>(system.ToString())
            .BindConfiguration(section)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Mode != ConnectorMode.Http || o.HasValidBaseUrl,
                $"{section}:BaseUrl must be an absolute http or https URL without query when {section}:Mode is Http.")
            .Validate(
                o => o.Mode != ConnectorMode.Http || !string.IsNullOrWhiteSpace(o.ApiKey),
                $"{section}:ApiKey is required when {section}:Mode is Http; set it in user secrets or the environment " +
                $"({section.Replace(":", "__", StringComparison.Ordinal)}__ApiKey), never in a committed file.")
            .Validate(
                o => o.AttemptTimeout <= o.TotalTimeout,
                $"{section}:AttemptTimeout must not be longer than {section}:TotalTimeout.")
            .ValidateOnStart();
    }

    // The mode decides which services exist, so it is read while registering; a value that is not a mode is left to
    // the options binder, which fails the start naming the key.
    private static bool IsHttp(IConfiguration configuration, BackOfficeSystem system) =>
        Enum.TryParse<ConnectorMode>(configuration[$"{ConnectorOptions.SectionFor(system)}:{nameof(ConnectorOptions.Mode)}"], ignoreCase: true, out var mode)
        && mode == ConnectorMode.Http;

    private static void AddClient(IServiceCollection services, BackOfficeSystem system)
    {
        services.TryAddSingleton<BackOfficeHttp>();
        var name = system.ToString();

        services.AddHttpClient(BackOfficeHttp.ClientName(system))
            .ConfigureHttpClient((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get(name);
                client.BaseAddress = options.BaseAddress;
                client.DefaultRequestHeaders.Add(BackOfficeHttp.ApiKeyHeader, options.ApiKey);

                // The pipeline's timeouts end waiting for an answer; this one also bounds reading its body.
                client.Timeout = options.TotalTimeout;
            })

            // The factory's own request logs carry full paths (order numbers, invoice ids); BackOfficeHttp logs
            // system, operation and status instead.
            .RemoveAllLoggers()
            .AddResilienceHandler("resilience", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get(name);
                pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();

                // Outermost first: the whole call, retries of reads, the breaker, then each try.
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetries > 0)
                {
                    var retry = new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryDelay,
                    };

                    // A POST changes something (cancels, opens, sends); after a failure the bot cannot know whether it
                    // happened, so it reports the system unavailable instead of doing it twice.
                    retry.DisableForUnsafeHttpMethods();
                    pipeline.AddRetry(retry);
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.CircuitBreakerFailureRatio,
                    SamplingDuration = options.CircuitBreakerSamplingDuration,
                    MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                    BreakDuration = options.CircuitBreakerBreakDuration,
                    StateProvider = context.ServiceProvider.GetRequiredService<BackOfficeCircuits>().For(system),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });
    }
}
