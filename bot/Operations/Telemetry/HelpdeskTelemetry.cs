using System.Diagnostics;
using System.Diagnostics.Metrics;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Operations.Telemetry;

/// <summary>
/// The bot's own traces and metrics, under one name (<see cref="Name"/>) for both the <see cref="ActivitySource"/> and the
/// <see cref="Meter"/>, so an operator subscribes with one line. Tags carry only bounded, non-personal values (channel,
/// language, intent, turn kind, handoff queue and reason): never text, user ids or conversation ids. With nobody listening
/// (no OTLP exporter, no <c>dotnet-counters</c>) a span is never created and a measurement is one branch.
/// </summary>
internal sealed class HelpdeskTelemetry : IDisposable
{
    public const string Name = "HelpdeskBot";

    /// <summary>Tag names, shared by spans and metrics.</summary>
    public static class Tags
    {
        public const string Channel = "helpdesk.channel";
        public const string ActivityType = "helpdesk.activity.type";
        public const string Language = "helpdesk.language";
        public const string Intent = "helpdesk.intent";
        public const string Confidence = "helpdesk.classifier.confidence";
        public const string TurnKind = "helpdesk.turn.kind";
        public const string Queue = "helpdesk.handoff.queue";
        public const string Reason = "helpdesk.handoff.reason";
        public const string HandoffMode = "helpdesk.handoff.mode";
    }

    /// <summary>Turn kinds besides the conversation engine's own (<see cref="TurnKind"/>, lower-cased).</summary>
    public static class Kinds
    {
        public const string Duplicate = "duplicate";
        public const string WithPerson = "with_person";
        public const string Feedback = "feedback";
        public const string Welcome = "welcome";
        public const string Ignored = "ignored";
        public const string Failed = "failed";
        public const string Error = "error";
    }

    /// <summary>What a turn's intent tag says when no classifier ran.</summary>
    public const string NoIntent = "none";

    private static readonly ActivitySource Source = new(Name, typeof(HelpdeskTelemetry).Assembly.GetName().Version?.ToString());

    private readonly Meter _meter;
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _confidence;
    private readonly Counter<long> _handoffs;
    private readonly TimeProvider _time;

    /// <param name="embedder">When it is the message-vector cache, its hits and misses are published as well.</param>
    /// <param name="search">Its question-vector cache's hits and misses are published as well.</param>
    public HelpdeskTelemetry(
        IMeterFactory meters, TimeProvider time, HelpdeskBot.Classifier.Intents.ISentenceEmbedder? embedder = null, HelpdeskBot.Knowledge.Retrieval.KnowledgeSearch? search = null)
    {
        _time = time;
        _meter = meters.Create(Name, typeof(HelpdeskTelemetry).Assembly.GetName().Version?.ToString());
        _turns = _meter.CreateCounter<long>("helpdesk.turns", "{turn}", "Turns the bot processed, by channel, language, intent and kind.");
        _turnDuration = _meter.CreateHistogram(
            "helpdesk.turn.duration", "ms", "Time from an activity's arrival to the bot's replies being stored, locks and database included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 75, 100, 150, 250, 500, 1000, 2500, 5000, 10000] });
        _confidence = _meter.CreateHistogram(
            "helpdesk.classifier.confidence", "1", "The intent classifier's confidence in the intent it chose, per classified message.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0] });
        _handoffs = _meter.CreateCounter<long>("helpdesk.handoffs", "{handoff}", "Conversations handed to a person, by queue, reason and mode.");
        if (embedder is HelpdeskBot.Classifier.Intents.CachedSentenceEmbedder cache)
        {
            _meter.CreateObservableCounter(
                "helpdesk.embedding_cache.lookups",
                () => (Measurement<long>[])[new(cache.Hits, new KeyValuePair<string, object?>("helpdesk.cache.result", "hit")), new(cache.Misses, new KeyValuePair<string, object?>("helpdesk.cache.result", "miss"))],
                "{lookup}",
                "Messages whose sentence vector came from the cache (hit) or from a model run (miss).");
        }
        if (search?.QueryVectors is { } queries)
        {
            _meter.CreateObservableCounter(
                "helpdesk.knowledge_query_cache.lookups",
                () => (Measurement<long>[])[new(queries.Hits, new KeyValuePair<string, object?>("helpdesk.cache.result", "hit")), new(queries.Misses, new KeyValuePair<string, object?>("helpdesk.cache.result", "miss"))],
                "{lookup}",
                "Knowledge searches whose question vector came from the cache (hit) or from the embedding model (miss).");
        }
    }

    /// <summary>Starts timing one turn (and its span, when someone listens). Dispose it when the turn is over.</summary>
    public TurnTelemetry StartTurn(string channelId, string? activityType)
    {
        var activity = Source.StartActivity("helpdesk.turn", ActivityKind.Internal);
        activity?.SetTag(Tags.Channel, channelId);
        activity?.SetTag(Tags.ActivityType, activityType);
        return new TurnTelemetry(this, activity, channelId, _time.GetTimestamp());
    }

    /// <summary>A conversation went to a person's queue (or to an external hub, or a callback was filed).</summary>
    public void HandoffOpened(string queue, string reason, string mode)
    {
        if (_handoffs.Enabled)
        {
            _handoffs.Add(1, new TagList { { Tags.Queue, queue }, { Tags.Reason, reason }, { Tags.HandoffMode, mode } });
        }
        Activity.Current?.AddEvent(new ActivityEvent("helpdesk.handoff", tags: new ActivityTagsCollection
        {
            [Tags.Queue] = queue, [Tags.Reason] = reason, [Tags.HandoffMode] = mode,
        }));
    }

    internal void Completed(TurnTelemetry turn, string kind, string language, string intent, float? confidence)
    {
        var elapsed = _time.GetElapsedTime(turn.Started).TotalMilliseconds;
        var tags = new TagList { { Tags.Channel, turn.ChannelId }, { Tags.Language, language }, { Tags.Intent, intent }, { Tags.TurnKind, kind } };
        _turns.Add(1, tags);
        _turnDuration.Record(elapsed, tags);
        if (confidence is { } value)
        {
            _confidence.Record(value, new TagList { { Tags.Language, language }, { Tags.Intent, intent } });
        }
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>
/// One turn being measured. The pipeline says how the turn went (<see cref="Ran"/>, <see cref="Duplicate"/>,
/// <see cref="WithPerson"/>); a turn disposed without having said so threw, and is counted as an error.
/// </summary>
internal sealed class TurnTelemetry(HelpdeskTelemetry telemetry, Activity? activity, string channelId, long started) : IDisposable
{
    private string? _kind;
    private string _language = "unknown";
    private string _intent = HelpdeskTelemetry.NoIntent;
    private float? _confidence;

    internal string ChannelId => channelId;

    internal long Started => started;

    /// <summary>A redelivered activity, answered with nothing.</summary>
    public void Duplicate() => _kind = HelpdeskTelemetry.Kinds.Duplicate;

    /// <summary>The message went to the person who has (or will take) the conversation.</summary>
    public void WithPerson(string language)
    {
        _kind = HelpdeskTelemetry.Kinds.WithPerson;
        _language = language;
    }

    /// <summary>The bot ran the turn; <paramref name="nlu"/> is null when no message was classified (or the engine threw).</summary>
    public void Ran(string? activityType, bool feedback, TurnResult? nlu, string language, int replies)
    {
        _language = language;
        if (nlu is not null)
        {
            _kind = nlu.Kind.ToString().ToLowerInvariant();
            _intent = nlu.Intent;
            _confidence = nlu.Confidence;
            return;
        }

        _kind = feedback ? HelpdeskTelemetry.Kinds.Feedback
            : replies == 0 ? HelpdeskTelemetry.Kinds.Ignored
            : activityType == Protocol.ActivityTypes.Message ? HelpdeskTelemetry.Kinds.Failed
            : HelpdeskTelemetry.Kinds.Welcome;
    }

    public void Dispose()
    {
        var kind = _kind ?? HelpdeskTelemetry.Kinds.Error;
        if (activity is not null)
        {
            activity.SetTag(HelpdeskTelemetry.Tags.TurnKind, kind);
            activity.SetTag(HelpdeskTelemetry.Tags.Language, _language);
            activity.SetTag(HelpdeskTelemetry.Tags.Intent, _intent);
            if (_confidence is { } confidence)
            {
                activity.SetTag(HelpdeskTelemetry.Tags.Confidence, confidence);
            }
            if (_kind is null || _kind == HelpdeskTelemetry.Kinds.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
            activity.Dispose();
        }
        telemetry.Completed(this, kind, _language, _intent, _confidence);
    }
}
