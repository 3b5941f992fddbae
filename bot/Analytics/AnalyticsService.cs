using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Analytics;

/// <summary>What the dashboard is asked for: whole UTC days, both ends included, optionally one channel and one language.</summary>
internal sealed record AnalyticsQuery(DateOnly From, DateOnly To, string? Channel, string? Language)
{
    public DateTime FromUtc => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The first instant after the range.</summary>
    public DateTime EndUtc => To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

/// <summary>
/// Counts, rates and response times for one slice of the range (a day, a channel, a language, or one day × channel ×
/// language), by the same definitions as the whole report, so a chart or a spreadsheet needs no arithmetic of its own.
/// </summary>
internal sealed record AnalyticsBreakdown(
    string Key,
    int Conversations,
    int Contained,
    double ContainmentRate,
    int Escalated,
    double EscalationRate,
    int Turns,
    int FallbackTurns,
    double FallbackRate,
    int Ratings,
    double? CsatAverage,
    int? P50Ms,
    int? P95Ms);

internal sealed record IntentCount(string Intent, int Turns);

internal sealed record CsatSummary(int Ratings, double? Average, IReadOnlyDictionary<int, int> Distribution);

internal sealed record ResponseTimes(int Turns, int? P50Ms, int? P95Ms, string Method);

/// <summary>
/// The dashboard's numbers. Rates are fractions (0–1) rounded to four places; 0 when there is nothing to divide.
/// <see cref="ByDay"/> has every day of the range, in order, days without conversations as zeros (a chart's x axis);
/// <see cref="Channels"/> lists the channels with conversations in the range whatever the filters (the channel filter's choices).
/// </summary>
internal sealed record AnalyticsReport(
    DateOnly From,
    DateOnly To,
    string? Channel,
    string? Language,
    int Conversations,
    int Contained,
    double ContainmentRate,
    int Escalated,
    double EscalationRate,
    int Turns,
    int FallbackTurns,
    double FallbackRate,
    CsatSummary Csat,
    IReadOnlyList<IntentCount> TopIntents,
    ResponseTimes ResponseTimes,
    IReadOnlyList<AnalyticsBreakdown> ByDay,
    IReadOnlyList<AnalyticsBreakdown> ByChannel,
    IReadOnlyList<AnalyticsBreakdown> ByLanguage,
    IReadOnlyList<AnalyticsCell> Cells,
    IReadOnlyList<string> Channels);

/// <summary>One day × channel × language row (the CSV export).</summary>
internal sealed record AnalyticsCell(DateOnly Day, string Channel, string Language, AnalyticsBreakdown Counts);

/// <summary>
/// Computes the dashboard from the turn events (<see cref="AnalyticsEvent"/>) and the handoff cases (escalations and
/// ratings). Definitions, as in the README:
/// <list type="bullet">
/// <item>A <b>conversation</b> is counted on the UTC day of its first recorded bot turn, in the channel and language of
/// that turn; one whose first turn is outside the range is not counted. Its turns are its events inside the range.</item>
/// <item>It is <b>escalated</b> when a handoff case (any status, including callback requests and cases the user
/// cancelled) was opened for it at or after its first turn.</item>
/// <item>Its <b>top intent</b> is its most frequent intent, not counting fallbacks, small talk, help, cancel and handoff
/// requests (ties: the one seen first); a conversation of small talk only has none.</item>
/// <item>It is <b>contained</b> when it was not escalated and the same user key did not start another conversation with
/// the same top intent within 72 hours after its last turn (a conversation without a top intent never counts as a return).
/// Returns are looked for up to 72 hours past the range's end.</item>
/// <item>The <b>fallback rate</b> is per turn: turns whose outcome was fallback over all turns.</item>
/// <item><b>CSAT</b> is the 1–5 rating of the counted conversations' handoff cases.</item>
/// <item><b>Response time</b> is the engine's time per turn; p50 and p95 by the nearest-rank method.</item>
/// </list>
/// </summary>
internal sealed class AnalyticsService(IDbContextFactory<StateDbContext> dbFactory)
{
    public static readonly TimeSpan ReturnWindow = TimeSpan.FromHours(72);

    public const int TopIntentCount = 10;

    private static readonly HashSet<string> NotATopic = new(StringComparer.Ordinal)
    {
        IntentNames.OutOfScope, IntentNames.SmalltalkGreeting, IntentNames.SmalltalkThanks, IntentNames.SmalltalkGoodbye,
        IntentNames.BotHelp, IntentNames.AgentHandoff, ConversationEngine.CancelIntent, AnalyticsRecorder.UnknownIntent,
    };

    public async Task<AnalyticsReport> ComputeAsync(AnalyticsQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var fromUtc = query.FromUtc;
        var returnsEnd = query.EndUtc + ReturnWindow;
        var events = await db.Set<AnalyticsEvent>().AsNoTracking()
            .Where(e => e.AtUtc >= fromUtc && e.AtUtc < returnsEnd)
            .ToListAsync(cancellationToken);

        var conversationIds = events.Select(e => e.ConversationId).Distinct().ToList();
        var startedEarlier = (await db.Set<AnalyticsEvent>().AsNoTracking()
                .Where(e => e.AtUtc < fromUtc && conversationIds.Contains(e.ConversationId))
                .Select(e => new { e.ChannelId, e.ConversationId })
                .Distinct()
                .ToListAsync(cancellationToken))
            .Select(k => (k.ChannelId, k.ConversationId))
            .ToHashSet();

        var cases = (await db.HandoffCases.AsNoTracking()
                .Where(c => conversationIds.Contains(c.ConversationId))
                .Select(c => new HandoffFact(c.ChannelId, c.ConversationId, c.CreatedUtc, c.Satisfaction, c.SatisfactionUtc))
                .ToListAsync(cancellationToken));

        return Compute(query, events, startedEarlier, cases);
    }

    /// <summary>A handoff case as the dashboard needs it.</summary>
    internal sealed record HandoffFact(string ChannelId, string ConversationId, DateTime CreatedUtc, int? Satisfaction, DateTime? SatisfactionUtc);

    private sealed record Conversation(
        string ChannelId, string ConversationId, string UserKey, string Language, DateTime StartUtc, DateTime LastUtc,
        string? TopIntent, IReadOnlyList<AnalyticsEvent> TurnsInRange)
    {
        public bool Escalated { get; set; }
        public bool Contained { get; set; }
        public int? Rating { get; set; }
        public DateOnly Day => DateOnly.FromDateTime(StartUtc);
    }

    /// <summary>The computation itself, on events already loaded (from the range's start to 72 h past its end).</summary>
    internal static AnalyticsReport Compute(
        AnalyticsQuery query, IReadOnlyList<AnalyticsEvent> events, IReadOnlySet<(string, string)> startedEarlier, IReadOnlyList<HandoffFact> cases)
    {
        var fromUtc = query.FromUtc;
        var endUtc = query.EndUtc;

        // Every conversation seen in the loaded window (including the 72 h after the range), for the returns.
        var all = events
            .GroupBy(e => (e.ChannelId, e.ConversationId))
            .Where(g => !startedEarlier.Contains(g.Key))
            .Select(g =>
            {
                var ordered = g.OrderBy(e => e.AtUtc).ThenBy(e => e.Id).ToList();
                var first = ordered[0];
                var inRange = ordered.Where(e => e.AtUtc < endUtc).ToList();
                return new Conversation(
                    g.Key.ChannelId, g.Key.ConversationId, first.UserKey, first.Language, first.AtUtc,
                    (inRange.Count > 0 ? inRange : ordered)[^1].AtUtc, TopIntentOf(ordered), inRange);
            })
            .ToList();

        var counted = all
            .Where(c => c.StartUtc >= fromUtc && c.StartUtc < endUtc)
            .Where(c => query.Channel is null || c.ChannelId == query.Channel)
            .Where(c => query.Language is null || c.Language == query.Language)
            .ToList();

        var casesByConversation = cases.ToLookup(c => (c.ChannelId, c.ConversationId));
        var byUser = all.ToLookup(c => c.UserKey);
        foreach (var conversation in counted)
        {
            var own = casesByConversation[(conversation.ChannelId, conversation.ConversationId)].Where(c => c.CreatedUtc >= conversation.StartUtc).ToList();
            conversation.Escalated = own.Count > 0;
            conversation.Rating = own.Where(c => c.Satisfaction is >= 1 and <= 5).OrderBy(c => c.SatisfactionUtc).Select(c => c.Satisfaction).LastOrDefault();
            conversation.Contained = !conversation.Escalated && !byUser[conversation.UserKey].Any(other =>
                !ReferenceEquals(other, conversation)
                && conversation.TopIntent is not null
                && other.TopIntent == conversation.TopIntent
                && other.StartUtc > conversation.StartUtc
                && other.StartUtc - conversation.LastUtc <= ReturnWindow);
        }

        var turns = counted.SelectMany(c => c.TurnsInRange).ToList();
        var ratings = counted.Where(c => c.Rating is not null).Select(c => c.Rating!.Value).ToList();
        var responseMs = turns.Select(t => t.ResponseMs).ToList();

        return new AnalyticsReport(
            query.From,
            query.To,
            query.Channel,
            query.Language,
            counted.Count,
            counted.Count(c => c.Contained),
            Rate(counted.Count(c => c.Contained), counted.Count),
            counted.Count(c => c.Escalated),
            Rate(counted.Count(c => c.Escalated), counted.Count),
            turns.Count,
            turns.Count(IsFallback),
            Rate(turns.Count(IsFallback), turns.Count),
            new CsatSummary(
                ratings.Count,
                ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2),
                Enumerable.Range(1, 5).ToDictionary(score => score, score => ratings.Count(r => r == score))),
            [.. turns.GroupBy(t => t.Intent)
                .Select(g => new IntentCount(g.Key, g.Count()))
                .OrderByDescending(i => i.Turns).ThenBy(i => i.Intent, StringComparer.Ordinal)
                .Take(TopIntentCount)],
            new ResponseTimes(responseMs.Count, Percentiles.NearestRank(responseMs, 50), Percentiles.NearestRank(responseMs, 95), "nearest-rank"),
            [.. EveryDay(query).GroupJoin(counted, day => day, c => c.Day, (day, group) => Breakdown(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), group))],
            [.. counted.GroupBy(c => c.ChannelId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Breakdown(g.Key, g))],
            [.. counted.GroupBy(c => c.Language).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Breakdown(g.Key, g))],
            [.. counted.GroupBy(c => (c.Day, c.ChannelId, c.Language))
                .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.ChannelId, StringComparer.Ordinal).ThenBy(g => g.Key.Language, StringComparer.Ordinal)
                .Select(g => new AnalyticsCell(g.Key.Day, g.Key.ChannelId, g.Key.Language, Breakdown(string.Empty, g)))],
            [.. all.Where(c => c.StartUtc >= fromUtc && c.StartUtc < endUtc).Select(c => c.ChannelId).Distinct().Order(StringComparer.Ordinal)]);
    }

    private static IEnumerable<DateOnly> EveryDay(AnalyticsQuery query)
    {
        for (var day = query.From; day <= query.To; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static AnalyticsBreakdown Breakdown(string key, IEnumerable<Conversation> group)
    {
        var list = group.ToList();
        var turns = list.SelectMany(c => c.TurnsInRange).ToList();
        var ratings = list.Where(c => c.Rating is not null).Select(c => c.Rating!.Value).ToList();
        var contained = list.Count(c => c.Contained);
        var escalated = list.Count(c => c.Escalated);
        var fallbacks = turns.Count(IsFallback);
        var responseMs = turns.Select(t => t.ResponseMs).ToList();
        return new AnalyticsBreakdown(
            key,
            list.Count,
            contained,
            Rate(contained, list.Count),
            escalated,
            Rate(escalated, list.Count),
            turns.Count,
            fallbacks,
            Rate(fallbacks, turns.Count),
            ratings.Count,
            ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2),
            Percentiles.NearestRank(responseMs, 50),
            Percentiles.NearestRank(responseMs, 95));
    }

    private static bool IsFallback(AnalyticsEvent e) => e.Outcome == AnalyticsRecorder.OutcomeName(TurnKind.Fallback);

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string? TopIntentOf(IReadOnlyList<AnalyticsEvent> ordered) =>
        ordered
            .Select((e, index) => (e.Intent, index))
            .Where(e => !NotATopic.Contains(e.Intent) && !e.Intent.StartsWith("smalltalk.", StringComparison.Ordinal))
            .GroupBy(e => e.Intent)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(e => e.index))
            .Select(g => g.Key)
            .FirstOrDefault();
}
