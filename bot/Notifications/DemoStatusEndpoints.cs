using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Changes;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Notifications;

/// <param name="Status">The new status as the feed spells it: <c>inProgress</c>, <c>resolved</c>, <c>approved</c>, <c>shipped</c>…</param>
internal sealed record DemoStatusRequest(string? Status);

/// <param name="Changed">False when the record already had that status (nothing to tell anyone).</param>
internal sealed record DemoStatusResponse(bool Changed, StatusChange? Change);

/// <summary>
/// "Back-office staff" for the demo: <c>POST /demo/back-office/{tickets|software-requests|leave-requests|orders}/{id}/status</c>
/// changes a record's status in the demo back office as the real system would, so a person trying the demo sees the owner
/// get a notification. Off where the other demo endpoints are off.
/// </summary>
internal static class DemoStatusEndpoints
{
    private static readonly Dictionary<string, ChangedRecordKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tickets"] = ChangedRecordKind.Ticket,
        ["software-requests"] = ChangedRecordKind.SoftwareRequest,
        ["leave-requests"] = ChangedRecordKind.LeaveRequest,
        ["orders"] = ChangedRecordKind.Order,
    };

    public static IEndpointRouteBuilder MapDemoStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/demo/back-office/{records}/{id}/status", SetStatusAsync);
        return app;
    }

    private static async Task<IResult> SetStatusAsync(
        string records,
        string id,
        HttpRequest request,
        IDemoStaffDesk staff,
        IOptions<HelpdeskOptions> options,
        BackOfficeModes modes,
        CancellationToken ct)
    {
        if (DemoEndpoints.Off(options.Value, modes) is { } off)
        {
            return off;
        }

        if (!Kinds.TryGetValue(records, out var kind))
        {
            return JsonBodies.Problem(StatusCodes.Status404NotFound, "Unknown kind of record",
                "Use tickets, software-requests, leave-requests or orders.");
        }

        var (body, failure) = await JsonBodies.ReadAsync<DemoStatusRequest>(request, ct);
        if (failure is not null)
        {
            return failure;
        }

        if (string.IsNullOrWhiteSpace(body?.Status))
        {
            return JsonBodies.Problem(StatusCodes.Status400BadRequest, "Status missing", "Send {\"status\": \"resolved\"} or another status of the record.");
        }

        var result = await staff.SetStatusAsync(kind, id, body.Status, ct);
        return result.Outcome switch
        {
            DemoStatusOutcome.Changed => TypedResults.Ok(new DemoStatusResponse(true, result.Change)),
            DemoStatusOutcome.Unchanged => TypedResults.Ok(new DemoStatusResponse(false, null)),
            DemoStatusOutcome.InvalidStatus => JsonBodies.Problem(StatusCodes.Status400BadRequest, "Unknown status",
                $"'{Truncate(body.Status)}' is not a status of {records}."),
            _ => JsonBodies.Problem(StatusCodes.Status404NotFound, "No such record", $"There is no {records} record with that id."),
        };
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40];
}
