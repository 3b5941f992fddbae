using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Operations.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SignalRRedisOptions = Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions;

namespace HelpdeskBot.Bot.Scaling;

internal static class ScalingExtensions
{
    /// <summary>
    /// Several instances: with <c>Redis:Connection</c> set, the agent console's SignalR hub uses the Redis backplane,
    /// Direct Line announces new activities to the other instances, turns of one conversation take a Redis lock, agent
    /// presence is shared, and <c>/health/ready</c> checks Redis. Without it nothing changes: one instance, in process.
    /// </summary>
    public static IHostApplicationBuilder AddSeveralInstances(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var configured = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (!configured.IsEnabled)
        {
            return builder;
        }

        services.AddSingleton<RedisConnection>();
        services.AddSingleton<DirectLineStreamBus>();
        services.AddSingleton<RedisTurnLocks>();
        services.AddSingleton<RemoteAgentPresence>();
        services.AddSingleton<AgentPresenceBoard>();
        services.AddHostedService<RedisBackplaneService>();

        // The in-process services, given their Redis parts (each takes it as an optional constructor argument).
        services.Replace(ServiceDescriptor.Singleton(sp => new DirectLineStreams(sp.GetRequiredService<DirectLineStreamBus>())));
        services.Replace(ServiceDescriptor.Singleton(sp => new Conversations.ConversationLocks(sp.GetRequiredService<RedisTurnLocks>())));
        services.Replace(ServiceDescriptor.Singleton(sp => new AgentPresence(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RemoteAgentPresence>())));
        services.Replace(ServiceDescriptor.Singleton<IHandoffNotifier>(sp => new BackplaneTolerantNotifier(
            ActivatorUtilities.CreateInstance<SignalRHandoffNotifier>(sp), sp.GetRequiredService<RedisConnection>())));

        services.AddSignalR().AddStackExchangeRedis();
        services.AddOptions<SignalRRedisOptions>().Configure<RedisConnection, IOptions<RedisOptions>>((o, redis, options) =>
        {
            o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal(options.Value.ChannelPrefix + ":signalr");
            o.ConnectionFactory = async _ => await redis.GetAsync();
        });

        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, [HealthTags.Ready]);
        return builder;
    }
}

/// <summary>Connects to Redis once the host starts, listens for other instances' Direct Line notices, runs the presence board.</summary>
internal sealed partial class RedisBackplaneService(
    RedisConnection redis, DirectLineStreamBus bus, DirectLineStreams streams, AgentPresenceBoard board, ILogger<RedisBackplaneService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await redis.GetAsync().WaitAsync(stoppingToken);
        // Until the first subscription succeeds (Redis away at start); afterwards the client restores it after reconnects.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await bus.ListenAsync(streams.Notice);
                LogListening(logger, redis.InstanceId);
                break;
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                redis.NoteUnavailable(ex);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        await board.RunAsync(stoppingToken);
    }

    [LoggerMessage(LogLevel.Information, "Instance {InstanceId} listens for other instances' Direct Line activities on Redis")]
    private static partial void LogListening(ILogger logger, string instanceId);
}
