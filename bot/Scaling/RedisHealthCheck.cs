using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace HelpdeskBot.Bot.Scaling;

/// <summary>
/// Redis answers a PING. Registered as Degraded on failure rather than Unhealthy: an instance without Redis still serves
/// every conversation (per instance), so a load balancer must not take all instances out because Redis is away.
/// </summary>
internal sealed partial class RedisHealthCheck(RedisConnection redis, ILogger<RedisHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = await redis.GetAsync().WaitAsync(cancellationToken);
            var took = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            redis.NoteAvailable();
            return HealthCheckResult.Healthy($"Redis answers ({took.TotalMilliseconds:0} ms).");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFailed(logger, ex);
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer; this instance delivers to its own clients only.");
        }
    }

    [LoggerMessage(LogLevel.Debug, "Redis failed its readiness check")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
