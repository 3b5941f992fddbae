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
/// (the same report as sections a spreadsheet can chart: summary, per day, per channel, per language, top intents, CSAT
/// distribution, and day × channel × language). Admins only: an admin API key, or the console cookie of an account with the
/// admin role (<see cref="AdminAccess"/>).
/// </summary>
internal static partial class AnalyticsEndpoints
{
    /// <summary>The longest range one request may ask for.</summary>
    public const int MaxDays = 366;

    /// <summary>The columns every counting section of the CSV shares, after its key column(s).</summary>
    public const string CsvMetrics =
        "conversations,contained,containment_rate,escalated,escalation_rate,turns,fallback_turns,fallback_rate,ratings,csat_average,response_p50_ms,response_p95_ms";

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

    /// <summary>
    /// The report as CSV sections, each a title line, a header row and its rows, separated by an empty line (a
    /// spreadsheet opens it as one sheet; select a section to chart or pivot it). Counting sections share
    /// <see cref="CsvMetrics"/>; rates are fractions (0–1), as in the JSON. Fields follow RFC 4180: CRLF line ends, quoted
    /// when they hold a comma, quote or line break, and text never starts like a formula.
    /// </summary>
    internal static string ToCsv(AnalyticsReport report)
    {
        var csv = new StringBuilder();
        Section(csv, "Summary", "from,to,channel,language," + CsvMetrics,
        [
            [
                Day(report.From), Day(report.To), TextCell(report.Channel ?? "all"), TextCell(report.Language ?? "all"),
                .. Metrics(new AnalyticsBreakdown(
                    string.Empty, report.Conversations, report.Contained, report.ContainmentRate, report.Escalated, report.EscalationRate,
                    report.Turns, report.FallbackTurns, report.FallbackRate, report.Csat.Ratings, report.Csat.Average,
                    report.ResponseTimes.P50Ms, report.ResponseTimes.P95Ms)),
            ],
        ]);
        Section(csv, "By day", "date," + CsvMetrics, report.ByDay.Select(b => (string[])[b.Key, .. Metrics(b)]));
        Section(csv, "By channel", "channel," + CsvMetrics, report.ByChannel.Select(b => (string[])[TextCell(b.Key), .. Metrics(b)]));
        Section(csv, "By language", "language," + CsvMetrics, report.ByLanguage.Select(b => (string[])[TextCell(b.Key), .. Metrics(b)]));
        Section(csv, "Top intents", "intent,turns,share_of_turns", report.TopIntents.Select(i => (string[])
        [
            TextCell(i.Intent), Number(i.Turns), Fraction(report.Turns == 0 ? 0 : Math.Round((double)i.Turns / report.Turns, 4)),
        ]));
        Section(csv, "CSAT distribution", "rating,ratings", report.Csat.Distribution.OrderBy(d => d.Key).Select(d => (string[])[Number(d.Key), Number(d.Value)]));
        Section(csv, "By day, channel and language", "date,channel,language," + CsvMetrics, report.Cells.Select(cell => (string[])
        [
            Day(cell.Day), TextCell(cell.Channel), TextCell(cell.Language), .. Metrics(cell.Counts),
        ]));
        return csv.ToString();
    }

    private static void Section(StringBuilder csv, string title, string header, IEnumerable<string[]> rows)
    {
        if (csv.Length > 0)
        {
            csv.Append("\r\n");
        }

        csv.Append(title).Append("\r\n").Append(header).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row).Append("\r\n");
        }
    }

    private static string[] Metrics(AnalyticsBreakdown b) =>
    [
        Number(b.Conversations), Number(b.Contained), Fraction(b.ContainmentRate), Number(b.Escalated), Fraction(b.EscalationRate),
        Number(b.Turns), Number(b.FallbackTurns), Fraction(b.FallbackRate), Number(b.Ratings),
        b.CsatAverage?.ToString("0.##", CultureInfo.InvariantCulture) ?? string.Empty,
        b.P50Ms is { } p50 ? Number(p50) : string.Empty,
        b.P95Ms is { } p95 ? Number(p95) : string.Empty,
    ];

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Fraction(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

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
