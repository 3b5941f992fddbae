using HelpdeskBot.Bot.Analytics;

namespace HelpdeskBot.Bot.Tests.Analytics;

/// <summary>The definitions' edges, on events written by hand (the scripted-conversation test covers the whole host).</summary>
public sealed class AnalyticsComputeTests
{
    private static readonly AnalyticsQuery Nov27 = new(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 27), null, null);
    private long _id;

    private AnalyticsEvent Turn(string conversation, string user, string intent, DateTime at, string outcome = "answered", string channel = "directline") =>
        new()
        {
            Id = ++_id, ChannelId = channel, ConversationId = conversation, UserKey = user, Language = "en", Intent = intent,
            Confidence = 0.9f, Outcome = outcome, ResponseMs = 5, AtUtc = at,
        };

    private static DateTime At(int day, int hour) => new(2026, 11, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_conversation_that_began_before_the_range_is_not_counted_and_is_no_return_either()
    {
        AnalyticsEvent[] events = [Turn("old", "u1", "order.status", At(27, 9)), Turn("new", "u1", "order.status", At(27, 8))];

        var report = AnalyticsService.Compute(Nov27, events, new HashSet<(string, string)> { ("directline", "old") }, []);

        Assert.Equal((1, 1, 1), (report.Conversations, report.Contained, report.Turns));
    }

    [Fact]
    public void Small_talk_only_has_no_top_intent_so_coming_back_to_say_hello_is_no_return()
    {
        AnalyticsEvent[] events =
        [
            Turn("a", "u1", "smalltalk.greeting", At(27, 8)), Turn("a", "u1", "oos", At(27, 8), "fallback"),
            Turn("b", "u1", "smalltalk.greeting", At(27, 10)),
        ];

        var report = AnalyticsService.Compute(Nov27, events, new HashSet<(string, string)>(), []);

        Assert.Equal((2, 2), (report.Conversations, report.Contained));
        Assert.Equal((1, 0.3333), (report.FallbackTurns, report.FallbackRate));
    }

    [Fact]
    public void A_return_is_the_same_user_key_about_the_same_top_intent_on_any_channel_and_a_handoff_before_the_first_turn_does_not_count()
    {
        AnalyticsEvent[] events =
        [
            Turn("a", "u1", "hr.leave_balance", At(27, 8), channel: "msteams"),
            Turn("b", "u1", "hr.leave_balance", At(29, 8), channel: "directline"),
            Turn("c", "u2", "order.status", At(27, 9)),
            Turn("d", "u2", "invoice.status", At(27, 11)),
        ];
        AnalyticsService.HandoffFact[] cases = [new("directline", "c", At(27, 7), 4, At(27, 7))];

        var report = AnalyticsService.Compute(Nov27, events, new HashSet<(string, string)>(), cases);

        // a: not contained (b came back within 72 h); c: its only case predates it, and d is about something else.
        Assert.Equal((3, 2, 0, 0), (report.Conversations, report.Contained, report.Escalated, report.Csat.Ratings));
    }
}
