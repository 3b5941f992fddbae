using System.Globalization;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>
/// <c>/api/admin/inbox</c>: the unanswered-question inbox for admins (an admin API key, or the console cookie of an admin
/// with the page's antiforgery token on changes). Read the groups; add a group's questions to an intent; retrain the
/// classifier in the background and see both evaluations; draft a knowledge article from a group; dismiss a group.
/// Refusals are ProblemDetails: 400 invalid, 404 unknown, 409 already handled or a retraining already running.
/// </summary>
internal static partial class InboxEndpoints
{
    public const string Prefix = "/api/admin/inbox";

    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(AdminAccess.Policy)
            .RequireConsoleAntiforgery()
            .AddEndpointFilter(RefusalsAsProblems)
            .WithTags("Inbox")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("", ViewAsync);
        api.MapGet("/examples", async (InboxService inbox, CancellationToken ct) => TypedResults.Ok(await inbox.ExamplesAsync(ct)));
        api.MapPost("/examples", AddExamplesAsync);
        // The id is checked here rather than by a route constraint, so a malformed one is a ProblemDetails 404 like an unknown one.
        api.MapDelete("/examples/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, InboxService inbox, HttpContext http, CancellationToken ct) =>
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var exampleId))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such example", detail: $"'{id}' is not an example id.");
            }

            await inbox.RemoveExampleAsync(exampleId, AdminAccess.Actor(http), ct);
            return TypedResults.NoContent();
        });
        api.MapPost("/dismiss", DismissAsync);
        api.MapPost("/drafts", DraftAsync);
        api.MapPost("/retrain", RetrainAsync);
        api.MapGet("/retrain", async (InboxRetrainer retrainer, CancellationToken ct) => TypedResults.Ok(await retrainer.ListAsync(ct)));
        api.MapGet("/retrain/{id}", async Task<Results<Ok<RetrainJobView>, ProblemHttpResult>> (string id, InboxRetrainer retrainer, CancellationToken ct) =>
            id.Length <= 32 && await retrainer.FindAsync(id, ct) is { } job
                ? TypedResults.Ok(job)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such retraining", detail: $"There is no retraining run {id} (the last {InboxRetrainer.JobsKept} are kept)."));
        return app;
    }

    private static async Task<Results<Ok<InboxView>, ValidationProblem>> ViewAsync(
        InboxService inbox, string? reason, string? language, string? channel, string? from, string? to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(reason) && !InboxReasons.All.Contains(reason))
        {
            errors["reason"] = [$"Reason is one of {string.Join(", ", InboxReasons.All)}."];
        }
        if (!string.IsNullOrEmpty(language) && !Languages.IsSupported(language))
        {
            errors["language"] = [$"Language must be '{Languages.English}' or '{Languages.Indonesian}'."];
        }
        if (!string.IsNullOrEmpty(channel) && !ChannelFormat().IsMatch(channel))
        {
            errors["channel"] = ["A channel id is 1–64 lower-case letters, digits, '.', '_' or '-' (e.g. 'directline', 'msteams')."];
        }

        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay > toDay)
        {
            errors["from"] = ["'from' must not be after 'to'."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await inbox.ViewAsync(new InboxQuery(Blank(reason), Blank(language), Blank(channel), fromDay, toDay), ct));
    }

    private static async Task<IResult> AddExamplesAsync(HttpRequest request, InboxService inbox, CancellationToken ct)
    {
        var (body, failure) = await JsonBodies.ReadAsync<AddExamplesRequest>(request, ct);
        return failure ?? TypedResults.Ok(await inbox.AddExamplesAsync(body?.Intent, body?.ItemIds, AdminAccess.Actor(request.HttpContext), ct));
    }

    private static async Task<IResult> DismissAsync(HttpRequest request, InboxService inbox, CancellationToken ct)
    {
        var (body, failure) = await JsonBodies.ReadAsync<InboxItemsRequest>(request, ct);
        return failure ?? TypedResults.Ok(await inbox.DismissAsync(body?.ItemIds, AdminAccess.Actor(request.HttpContext), ct));
    }

    private static async Task<IResult> DraftAsync(HttpRequest request, InboxService inbox, CancellationToken ct)
    {
        var (body, failure) = await JsonBodies.ReadAsync<DraftRequest>(request, ct);
        if (failure is not null)
        {
            return failure;
        }

        var draft = await inbox.DraftAsync(body?.ItemIds, body?.Title, AdminAccess.Actor(request.HttpContext), ct);
        return TypedResults.Created($"/api/admin/kb/documents/{draft.DocumentId}", draft);
    }

    private static async Task<IResult> RetrainAsync(HttpContext http, InboxRetrainer retrainer, CancellationToken ct)
    {
        var job = await retrainer.StartAsync(AdminAccess.Actor(http), ct);
        return job is null
            ? JsonBodies.Problem(StatusCodes.Status409Conflict, "Retraining already running", "One retraining runs at a time; wait for it to finish.")
            : TypedResults.Accepted($"{Prefix}/retrain/{job.Id}", job);
    }

    private static async ValueTask<object?> RefusalsAsProblems(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (InboxRefusal refusal)
        {
            return JsonBodies.Problem(refusal.Status, refusal.Title, refusal.Message);
        }
    }

    private static DateOnly? Day(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = [$"'{name}' is a UTC date as yyyy-MM-dd."];
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelFormat();
}

/// <summary>Registration of the inbox: collection in the turn pipeline, the admin API's services, the promoted examples for the classifier.</summary>
internal static class InboxExtensions
{
    public static IHostApplicationBuilder AddInbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<InboxCollector>();
        builder.Services.AddSingleton<InboxService>();
        builder.Services.AddSingleton<InboxRetrainer>();
        builder.Services.AddSingleton<IAdditionalIntentExamples, PromotedIntentExamples>();
        builder.Services.AddSingleton<ISharedIntentModels, StateDatabaseIntentModels>();
        builder.Services.AddSingleton<IntentModelGate>();
        builder.Services.AddHostedService<IntentModelSync>();
        builder.Services.AddAdminAccess();
        return builder;
    }
}
