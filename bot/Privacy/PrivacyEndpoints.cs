using HelpdeskBot.Bot.Admin;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Connectors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>An admin's erasure request: the user as their channel knows them (<c>dl_…</c> on Direct Line, <c>29:…</c> in Teams).</summary>
internal sealed record ErasureRequest(string? ChannelId, string? UserId);

/// <summary>What was erased; counts only.</summary>
internal sealed record ErasureResponse(string ChannelId, ErasureCounts Erased);

/// <summary>
/// The admin's privacy API, under the admin API's auth and role, audit-logged with the admin as actor.
/// <c>POST /api/admin/privacy/erasures</c> erases a user's conversation data (GDPR art. 17, UU PDP art. 8 and 43): 404 when
/// no conversation of that user on that channel is known, 409 while one of them is with a person.
/// <c>GET /api/admin/privacy/subjects</c> reads it for an access request (GDPR art. 15, UU PDP art. 7).
/// </summary>
internal static class PrivacyEndpoints
{
    public const string Erasures = "/api/admin/privacy/erasures";

    public const string Subjects = "/api/admin/privacy/subjects";

    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Erasures, EraseAsync)
            .RequireAuthorization(AdminAccess.Policy)
            .RequireConsoleAntiforgery()
            .WithTags("Privacy")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet(Subjects, ReadAsync)
            .RequireAuthorization(AdminAccess.Policy)
            .WithTags("Privacy")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary><c>GET …/subjects?channelId=&amp;userId=</c>: what is held of that user (masked transcripts), for an access request.</summary>
    private static async Task<Results<Ok<SubjectDataResponse>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        string? channelId, string? userId, HttpContext context, ConversationDataExport export, CancellationToken ct)
    {
        if (Validate(channelId, userId) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await export.ReadAsync(new ErasureSubject(channelId!.Trim(), userId!.Trim(), Requester.Anonymous), AdminAccess.Actor(context), ct) is { } data
            ? TypedResults.Ok(data)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Nothing known about this user",
                detail: $"No conversation of that user on channel '{channelId!.Trim()}' is stored.");
    }

    private static Dictionary<string, string[]>? Validate(string? channelId, string? userId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        channelId = channelId?.Trim();
        userId = userId?.Trim();
        if (string.IsNullOrEmpty(channelId) || channelId.Length > 64)
        {
            errors["channelId"] = ["channelId is the channel the user is on (\"directline\", \"msteams\"), at most 64 characters."];
        }

        if (string.IsNullOrEmpty(userId) || userId.Length > 256)
        {
            errors["userId"] = ["userId is the user's id on that channel, at most 256 characters."];
        }

        return errors.Count > 0 ? errors : null;
    }

    private static async Task<Results<Ok<ErasureResponse>, ValidationProblem, ProblemHttpResult>> EraseAsync(
        HttpRequest request, ConversationDataEraser eraser, CancellationToken ct)
    {
        var (body, failure) = await JsonBodies.ReadAsync<ErasureRequest>(request, ct);
        if (failure is ProblemHttpResult problem)
        {
            return problem;
        }

        var channelId = body?.ChannelId?.Trim();
        var userId = body?.UserId?.Trim();
        if (Validate(channelId, userId) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Not the request's token: once started, an erasure finishes (and is audited) even if the caller hangs up.
        var result = await eraser.EraseAsync(new ErasureSubject(channelId!, userId!, Requester.Anonymous), AdminAccess.Actor(request.HttpContext), CancellationToken.None);
        return result switch
        {
            { Status: ErasureStatus.Erased, Counts: { } counts } => TypedResults.Ok(new ErasureResponse(channelId!, counts)),
            { Status: ErasureStatus.HandoffOpen } => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Conversation with a person",
                detail: "One of the user's conversations is queued for or with an agent; nothing was erased. Erase it once the handoff has ended."),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Nothing known about this user",
                detail: $"No conversation of that user on channel '{channelId}' is stored."),
        };
    }
}
