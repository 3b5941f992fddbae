namespace HelpdeskBot.Bot.Operations.Health;

/// <summary>
/// The tag that puts a health check into <c>/health/ready</c>. A dependency added later (the Redis backplane) registers its
/// check with this tag — <c>builder.Services.AddHealthChecks().AddCheck&lt;RedisHealthCheck&gt;("redis", tags: [HealthTags.Ready])</c>
/// — and gets the readiness endpoint, the <c>Health:Timeout</c> deadline and the safe JSON answer with no other change.
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
