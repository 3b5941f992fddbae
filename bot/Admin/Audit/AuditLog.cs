using HelpdeskBot.Classifier.Entities;
using System.Security.Claims;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Audit;

/// <summary>Who did it, as the audit log names them.</summary>
internal sealed record AuditActor(string Name, string Kind, string? ClientIp)
{
    /// <summary>The background work of the host itself (the requeue sweeper).</summary>
    public static AuditActor System { get; } = new("system", AuditActorKinds.System, null);

    public static AuditActor Of(AgentIdentity agent) =>
        new(agent.UserName, agent.IsAdmin ? AuditActorKinds.Admin : AuditActorKinds.Agent, agent.ClientIp);

    /// <summary>The caller of the admin API: the key's name (the authentication handler makes it the principal's name).</summary>
    public static AuditActor OfApiKey(HttpContext context) =>
        new(context.User.Identity?.Name ?? "unknown", AuditActorKinds.ApiKey, ClientIpOf(context));

    /// <summary>A console user from the sign-in cookie's principal.</summary>
    public static AuditActor? OfConsoleUser(ClaimsPrincipal user, HttpContext context) =>
        AgentIdentity.From(user) is { } agent ? Of(agent with { ClientIp = ClientIpOf(context) }) : null;

    public static string? ClientIpOf(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();
}

/// <summary>
/// Writes the audit log. An action that changes the state database adds its entry to the same context with
/// <see cref="Add"/>, so both are saved together or neither; an action elsewhere (the knowledge library's own database)
/// is recorded right after it succeeded with <see cref="RecordAsync"/>, which logs a failure instead of failing the
/// action that already happened.
/// </summary>
internal sealed partial class AuditLog(
    IDbContextFactory<StateDbContext> dbFactory, PersonalDataMasker masker, TimeProvider time, ILogger<AuditLog> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public AuditEntry Entry(
        AuditActor actor, string action, string targetType, string? targetId, object? before, object? after,
        AuditOutcome outcome = AuditOutcome.Succeeded) => new()
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Actor = Truncate(actor.Name, 128),
            ActorKind = actor.Kind,
            Action = action,
            TargetType = targetType,
            TargetId = targetId is null ? null : Truncate(targetId, 128),
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
            AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
            Outcome = outcome,
            ClientIp = actor.ClientIp,
        };

    /// <summary>Free text (a note, a title) as the audit log keeps it: personal data masked.</summary>
    public string Masked(string text) => masker.Mask(text);

    /// <summary>Adds the entry to the action's own unit of work; the caller's <c>SaveChanges</c> stores both.</summary>
    public static void Add(StateDbContext db, AuditEntry entry) => db.Set<AuditEntry>().Add(entry);

    /// <summary>Stores the entry on its own, after an action outside the state database succeeded. Never throws.</summary>
    public async Task RecordAsync(AuditEntry entry)
    {
        try
        {
            // Not the request's token: the action happened, so its record must not be lost to a client hanging up.
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            Add(db, entry);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            LogRecordFailed(logger, ex, entry.Action, entry.Actor, entry.TargetType, entry.TargetId);
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(LogLevel.Error, "Could not record the audit entry {Action} by {Actor} on {TargetType} {TargetId}; the action itself was done")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string action, string actor, string targetType, string? targetId);
}
