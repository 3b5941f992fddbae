using System.Globalization;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Audit;

/// <summary>One audit entry as the API shows it; before and after are the stored JSON, not strings.</summary>
internal sealed record AuditEntryResponse(
    long Id, DateTime AtUtc, string Actor, string ActorKind, string Action, string TargetType, string? TargetId,
    JsonElement? Before, JsonElement? After, string Outcome, string? ClientIp);

internal sealed record AuditPageResponse(int Page, int PageSize, int Total, IReadOnlyList<AuditEntryResponse> Entries);

/// <summary>
/// <c>GET /api/admin/audit</c>: the audit log for admins, newest first, paged, filtered. Read-only by design: there is no
/// route that changes or removes an entry (and the database refuses it anyway).
/// </summary>
internal static class AuditEndpoints
{
    public const string Path = "/api/admin/audit";

    public const int MaxPageSize = 200;

    /// <summary>The audit log writer and the policy that reads it.</summary>
    public static IHostApplicationBuilder AddAuditLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddAdminAccess();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ListAsync).RequireAuthorization(AdminAccess.Policy).WithTags("Audit log");
        return app;
    }

    private static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> ListAsync(
        IDbContextFactory<StateDbContext> dbFactory,
        string? actor,
        string? action,
        string? target,
        string? from,
        string? to,
        string? outcome,
        string? page,
        string? pageSize,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fromUtc = ParseTime(from, "from", errors);
        var toUtc = ParseTime(to, "to", errors);
        if (fromUtc is not null && toUtc is not null && fromUtc > toUtc)
        {
            errors["to"] = ["to must not be before from."];
        }

        AuditOutcome? outcomeFilter = null;
        if (!string.IsNullOrWhiteSpace(outcome))
        {
            outcomeFilter = outcome.Trim().ToLowerInvariant() switch
            {
                "succeeded" => AuditOutcome.Succeeded,
                "refused" => AuditOutcome.Refused,
                _ => null,
            };
            if (outcomeFilter is null)
            {
                errors["outcome"] = ["outcome must be succeeded or refused."];
            }
        }

        var pageNumber = ParseInt(page, "page", 1, 1, 1_000_000, errors);
        var size = ParseInt(pageSize, "pageSize", 50, 1, MaxPageSize, errors);
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("actor", actor), ("action", action), ("target", target)])
        {
            if (value is { Length: > 200 })
            {
                errors[name] = [$"{name} may have at most 200 characters."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (Blank(actor) is { } actorName)
        {
            // Exactly as recorded: a signed-in user under their configured name, a key under its name.
            query = query.Where(e => e.Actor == actorName);
        }

        if (Blank(action) is { } actionName)
        {
            // "handoff.*" is every handoff action; anything else is one action.
            query = actionName.EndsWith(".*", StringComparison.Ordinal)
                ? query.Where(e => e.Action.StartsWith(actionName.Substring(0, actionName.Length - 1)))
                : query.Where(e => e.Action == actionName);
        }

        if (Blank(target) is { } targetText)
        {
            // "type" or "type:id", e.g. handoff.case:12 or kb.document:<guid>.
            var colon = targetText.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                query = query.Where(e => e.TargetType == targetText);
            }
            else
            {
                var (type, id) = (targetText[..colon], targetText[(colon + 1)..]);
                query = query.Where(e => e.TargetType == type && e.TargetId == id);
            }
        }

        if (fromUtc is { } start)
        {
            query = query.Where(e => e.AtUtc >= start);
        }

        if (toUtc is { } end)
        {
            query = query.Where(e => e.AtUtc <= end);
        }

        if (outcomeFilter is { } wanted)
        {
            query = query.Where(e => e.Outcome == wanted);
        }

        var total = await query.CountAsync(ct);
        // Ids grow with every append, so the newest entry has the highest id even when two share a timestamp.
        var rows = await query.OrderByDescending(e => e.Id).Skip((pageNumber - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new AuditPageResponse(pageNumber, size, total, [.. rows.Select(ToResponse)]));
    }

    private static AuditEntryResponse ToResponse(AuditEntry e) => new(
        e.Id, DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc), e.Actor, e.ActorKind, e.Action, e.TargetType, e.TargetId,
        Parse(e.BeforeJson), Parse(e.AfterJson), e.Outcome == AuditOutcome.Succeeded ? "succeeded" : "refused", e.ClientIp);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    private static DateTime? ParseTime(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed.UtcDateTime;
        }

        errors[name] = [$"{name} must be a date and time such as 2026-11-27T08:00:00Z."];
        return null;
    }

    private static int ParseInt(string? text, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
