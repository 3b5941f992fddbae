using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Http;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Library;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Operations.Health;

/// <summary>
/// The state database (conversations, transcripts, handoff, Direct Line activities) runs a query on the conversations
/// table, so a file or server that opens but has lost its schema fails too. The failure's own message is logged at Debug
/// only: a provider's message may carry a host name or a connection-string fragment, and readiness is anonymous.
/// </summary>
internal sealed partial class StateDatabaseHealthCheck(IDbContextFactory<StateDbContext> dbFactory, ILogger<StateDatabaseHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Conversations.AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The state database answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex);
            return new HealthCheckResult(context.Registration.FailureStatus, "The state database does not answer.");
        }
    }

    [LoggerMessage(LogLevel.Debug, "The state database failed its readiness check")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>
/// The knowledge base: its document database (the source of truth) and its search index — the embedded SQLite index, or
/// Qdrant when <c>Knowledge:VectorStore</c> is <c>Qdrant</c>, asked for its point count over gRPC. Qdrant not answering is
/// Degraded, not a failure, while the database answers: the search then answers policy questions lexically from the
/// database (<see cref="Knowledge.Retrieval.LexicalFallback"/>), so taking every instance out of the load balancer would
/// cost more than it saves. The embedded index has no such fallback, and the database none at all: those stay failures.
/// </summary>
internal sealed partial class KnowledgeHealthCheck(
    KnowledgeLibrary library, IOptions<KnowledgeOptions> options, ILogger<KnowledgeHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var store = library.Index.Name;
        var data = new Dictionary<string, object> { ["index"] = store };
        try
        {
            await library.IsEmptyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, "database", ex);
            return new HealthCheckResult(context.Registration.FailureStatus, "The knowledge database does not answer.", data: data);
        }

        try
        {
            await library.Index.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy($"The knowledge database and the {store} index answer.", data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, store, ex);
            return options.Value.VectorStore == VectorStoreKind.Qdrant
                ? HealthCheckResult.Degraded($"The {store} knowledge index does not answer; policy questions are answered lexically from the knowledge database.", data: data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"The {store} knowledge index does not answer.", data: data);
        }
    }

    [LoggerMessage(LogLevel.Debug, "The knowledge base's {Part} failed its readiness check")]
    private static partial void LogFailed(ILogger logger, string part, Exception exception);
}

/// <summary>The intent model was loaded or trained (the host's start does it before serving), so messages can be classified.</summary>
internal sealed class IntentModelHealthCheck(IIntentClassifier classifier) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(classifier switch
        {
            IntentClassifier { Model: { } model } => HealthCheckResult.Healthy($"The intent model is loaded ({model.Intents.Count} intents)."),
            IntentClassifier => new HealthCheckResult(context.Registration.FailureStatus, "The intent model is not loaded."),

            // A host that brings its own classifier loads it its own way.
            _ => HealthCheckResult.Healthy("The host's own intent classifier is in use."),
        });
}

/// <summary>
/// One back-office system behind a REST API (its circuit breaker, then a TCP connection to its base URL's host), or the
/// embedded demo back office that serves the other systems (one query). Descriptions name the system, never its URL.
/// </summary>
internal sealed class BackOfficeHealthCheck(BackOfficeReachability reachability, BackOfficeSystem? system) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = system is { } real
            ? await reachability.ProbeHttpAsync(real, cancellationToken)
            : await reachability.ProbeDemoAsync(cancellationToken);
        var who = system is { } named ? $"The {named} system" : "The demo back office";
        return result switch
        {
            BackOfficeProbeResult.Reachable => HealthCheckResult.Healthy($"{who} is reachable."),
            BackOfficeProbeResult.CircuitOpen => new HealthCheckResult(context.Registration.FailureStatus, $"{who}'s circuit breaker is open after failed calls."),
            BackOfficeProbeResult.DatabaseUnavailable => new HealthCheckResult(context.Registration.FailureStatus, $"{who}'s database does not answer."),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"{who} is unreachable."),
        };
    }

    /// <summary>The check's name in <c>/health/ready</c>: <c>backoffice-demo</c>, <c>backoffice-orders</c>, <c>backoffice-itsupport</c>…</summary>
    public static string NameFor(BackOfficeSystem? system) =>
        "backoffice-" + (system?.ToString().ToLowerInvariant() ?? "demo");
}
