using HelpdeskBot.Bot.Operations.Health;
using HelpdeskBot.Bot.Operations.Telemetry;
using HelpdeskBot.Connectors.Http;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HelpdeskBot.Bot.Operations;

internal static class OperationsExtensions
{
    /// <summary>Where load balancers and orchestrators probe.</summary>
    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    /// <summary>
    /// Health checks (the state database, the knowledge base, the intent model, each back-office system; tagged
    /// <see cref="HealthTags.Ready"/>), the bot's meter and activity source, and — only when an OTLP endpoint is configured
    /// — the OpenTelemetry SDK exporting them with ASP.NET Core and HttpClient metrics.
    /// </summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HelpdeskTelemetry>();

        services.AddHealthChecks()
            .AddCheck<StateDatabaseHealthCheck>("state-database", tags: [HealthTags.Ready])
            .AddCheck<KnowledgeHealthCheck>("knowledge", tags: [HealthTags.Ready])
            .AddCheck<IntentModelHealthCheck>("intent-model", tags: [HealthTags.Ready]);

        // Which back-office systems are real is known once the connectors are registered; their checks follow it.
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>>(sp => new ConfigureOptions<HealthCheckServiceOptions>(o =>
        {
            var reachability = sp.GetRequiredService<BackOfficeReachability>();
            var systems = reachability.HttpSystems.Cast<Connectors.BackOfficeSystem?>();
            if (reachability.DemoSystems.Count > 0)
            {
                systems = systems.Prepend(null);
            }
            foreach (var system in systems)
            {
                o.Registrations.Add(new HealthCheckRegistration(
                    BackOfficeHealthCheck.NameFor(system), _ => new BackOfficeHealthCheck(reachability, system), HealthStatus.Unhealthy, [HealthTags.Ready]));
            }
        }));

        // Every readiness check without a deadline of its own (a later Redis check too) gets Health:Timeout.
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<IOptions<HealthOptions>>((o, health) =>
        {
            foreach (var registration in o.Registrations.Where(r => r.Timeout == Timeout.InfiniteTimeSpan))
            {
                registration.Timeout = health.Value.Timeout;
            }
        });

        AddOpenTelemetryWhenConfigured(builder);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> runs no check (the process answers); <c>/health/ready</c> runs the checks tagged
    /// <see cref="HealthTags.Ready"/> and answers 503 when one fails. Both are anonymous and answer only fixed words.
    /// </summary>
    public static WebApplication MapOperationsEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        return app;
    }

    private static void AddOpenTelemetryWhenConfigured(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var standardEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint) && string.IsNullOrWhiteSpace(standardEndpoint))
        {
            // No SDK, no listener: the bot's spans are never created and its instruments record nothing.
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                .AddSource(HelpdeskTelemetry.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal);
                    o.EnrichWithHttpResponse = WithoutIdsInUrl;
                })
                .AddOtlpExporter(o => Configure(o, options, "v1/traces")))
            .WithMetrics(metrics => metrics
                .AddMeter(HelpdeskTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                // Client metrics carry the server's address and the status, never the path (order numbers live there);
                // client spans are left out for that reason.
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Configure(o, options, "v1/metrics")));
    }

    /// <summary>
    /// A request span keeps its route template (<c>v3/directline/conversations/{conversationId}/activities</c>) instead of the
    /// path, which carries conversation ids, and no query, which carries the Direct Line stream's token.
    /// </summary>
    private static void WithoutIdsInUrl(System.Diagnostics.Activity activity, HttpResponse response)
    {
        var route = (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.SetTag("url.path", route is null ? "(unrouted)" : "/" + route.TrimStart('/'));
        activity.SetTag("url.query", null);
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        if (options.BaseUri is not { } endpoint)
        {
            // The standard OTEL_EXPORTER_OTLP_* variables, read by the SDK itself.
            return;
        }

        exporter.Protocol = options.OtlpProtocol == OtlpTransport.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = options.OtlpProtocol == OtlpTransport.Grpc ? endpoint : new Uri(endpoint, signalPath);
    }
}
