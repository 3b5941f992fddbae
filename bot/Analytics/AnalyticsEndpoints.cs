using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Admin;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Skills.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpdeskBot.Bot.Analytics;

/// <summary>
/// The analytics API for the admin console: <c>GET /api/admin/analytics</c> (JSON) and <c>/api/admin/analytics.csv</c>
/// (one row per day × channel × language). Admins only: an admin API key, or the console cookie of an account with the
/// admin role (<see cref="AdminAccess"/>).
/// </summary>
internal static partial class AnalyticsEndpoints
{
    /// <summary>The longest range one request may ask for.</summary>
    public const int MaxDays = 366;

    public const string CsvHeader = "date,channel,language,conversations,contained,escalated,turns,fallback_turns,ratings,csat_average";

    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin")
            .RequireAuthorization(AdminAccess.Policy)
            .WithTags("Analytics")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/analytics", ReportAsync);
        api.MapGet("/analytics.csv", CsvAsync);
        return app;
    }

    private static async Task<Results<Ok<AnalyticsReport>, ValidationProblem>> ReportAsync(
        AnalyticsService analytics, TimeProvider time, string? from, string? to, string? channel, string? language, CancellationToken ct)
    {
        if (!TryParse(time, from, to, channel, language, out var query, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await analytics.ComputeAsync(query, ct));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> CsvAsync(
        AnalyticsService analytics, TimeProvider time, string? from, string? to, string? channel, string? language, CancellationToken ct)
    {
        if (!TryParse(time, from, to, channel, language, out var query, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var report = await analytics.ComputeAsync(query, ct);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"analytics-{query.From:yyyy-MM-dd}-{query.To:yyyy-MM-dd}.csv");
        return TypedResults.File(Encoding.UTF8.GetBytes(ToCsv(report)), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote or line break.</summary>
    internal static string ToCsv(AnalyticsReport report)
    {
        var csv = new StringBuilder(CsvHeader).Append("\r\n");
        foreach (var cell in report.Cells)
        {
            var c = cell.Counts;
            string[] fields =
            [
                cell.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                TextCell(cell.Channel),
                TextCell(cell.Language),
                Number(c.Conversations), Number(c.Contained), Number(c.Escalated), Number(c.Turns), Number(c.FallbackTurns), Number(c.Ratings),
                c.CsatAverage?.ToString("0.##", CultureInfo.InvariantCulture) ?? string.Empty,
            ];
            csv.AppendJoin(',', fields).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// A text field a spreadsheet shows as text: one that starts like a formula (= + - @, tab, carriage return) gets a
    /// leading apostrophe, then RFC 4180 quoting.
    /// </summary>
    internal static string TextCell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static bool TryParse(
        TimeProvider time, string? from, string? to, string? channel, string? language, out AnalyticsQuery query, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var toDay = ParseDay(to, "to", today, errors);
        var fromDay = ParseDay(from, "from", toDay.AddDays(-6), errors);
        if (errors.Count == 0 && fromDay > toDay)
        {
            errors["from"] = ["'from' must not be after 'to'."];
        }
        else if (errors.Count == 0 && toDay.DayNumber - fromDay.DayNumber + 1 > MaxDays)
        {
            errors["to"] = [$"The range may span at most {MaxDays} days."];
        }

        if (string.IsNullOrEmpty(channel))
        {
            channel = null;
        }
        else if (!ChannelFormat().IsMatch(channel))
        {
            errors["channel"] = ["A channel id is 1–64 lower-case letters, digits, '.', '_' or '-' (e.g. 'directline', 'msteams')."];
        }

        if (string.IsNullOrEmpty(language))
        {
            language = null;
        }
        else if (!Languages.IsSupported(language))
        {
            errors["language"] = [$"Language must be '{Languages.English}' or '{Languages.Indonesian}'."];
        }

        query = new AnalyticsQuery(fromDay, toDay, channel, language);
        return errors.Count == 0;
    }

    private static DateOnly ParseDay(string? value, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = [$"'{name}' is a UTC date as yyyy-MM-dd."];
        return fallback;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelFormat();
}

/// <summary>Registration of the analytics recorder, service and the API's sign-in.</summary>
internal static class AnalyticsExtensions
{
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName);
        builder.Services.AddSingleton(sp => AnalyticsUserKeys.Resolve(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnalyticsOptions>>().Value.UserKeySalt,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.HelpdeskOptions>>().Value.DataDirectory));
        builder.Services.AddSingleton<AnalyticsRecorder>();
        builder.Services.AddSingleton<AnalyticsService>();
        builder.Services.AddAdminAccess();
        return builder;
    }
}
