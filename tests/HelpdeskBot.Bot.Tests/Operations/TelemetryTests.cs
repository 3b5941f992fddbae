using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Trace;

namespace HelpdeskBot.Bot.Tests.Operations;

/// <summary>
/// The bot's meter and activity source ("HelpdeskBot") seen from outside, as <c>dotnet-counters</c> or an OpenTelemetry
/// collector would see them, for real Direct Line turns; and the OTLP exporter posting to a real loopback receiver.
/// </summary>
public sealed class TelemetryTests
{
    private const string MeterName = "HelpdeskBot";
    private static readonly HelpdeskBot.Connectors.Requester Customer = HelpdeskBot.Connectors.Requester.Customer("CUS-0001");

    [Fact]
    public async Task A_direct_line_turn_is_counted_timed_and_its_confidence_recorded_with_bounded_tags()
    {
        using var host = new BotHost();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        // Only this host's meter: other tests' hosts run in the same process.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Customer);

        var reply = await session.AskAsync("where is my order ORD-100123");

        Assert.Contains("ORD-100123", reply);
        var turn = Assert.Single(measurements, m => m.Instrument == "helpdesk.turns" && (string?)m.Tags["helpdesk.turn.kind"] == "answered");
        Assert.Equal(1, turn.Value);
        Assert.Equal("directline", turn.Tags["helpdesk.channel"]);
        Assert.Equal("en", turn.Tags["helpdesk.language"]);
        Assert.Equal("order.status", turn.Tags["helpdesk.intent"]);
        var duration = Assert.Single(measurements, m => m.Instrument == "helpdesk.turn.duration" && (string?)m.Tags["helpdesk.turn.kind"] == "answered");
        Assert.True(duration.Value >= 0);
        var confidence = Assert.Single(measurements, m => m.Instrument == "helpdesk.classifier.confidence");
        Assert.InRange(confidence.Value, 0.01, 1.0);
        Assert.Equal("order.status", confidence.Tags["helpdesk.intent"]);
        Assert.All(measurements.SelectMany(m => m.Tags.Keys), key => Assert.StartsWith("helpdesk.", key));
    }

    [Fact]
    public async Task The_message_and_question_vector_caches_publish_their_hits_and_misses()
    {
        // Test hosts share one uncached MiniLM; this one puts the production cache in front of it.
        var cache = new HelpdeskBot.Classifier.Intents.CachedSentenceEmbedder(BotHost.SharedEmbedder, 64);
        using var host = new BotHost().WithServices(services =>
            services.Replace(ServiceDescriptor.Singleton<HelpdeskBot.Classifier.Intents.ISentenceEmbedder>(cache)));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Customer);

        Assert.Contains("ORD-100123", await session.AskAsync("where is my order ORD-100123"));
        Assert.Contains("ORD-100123", await session.AskAsync("where is my order ORD-100123"));
        var policy = await session.AskAsync("how many days do I have to return an item");
        Assert.Equal(policy, await session.AskAsync("how many days do I have to return an item"));

        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name.EndsWith("cache.lookups", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen[i.Name + ":" + (string)ToDictionary(tags)["helpdesk.cache.result"]!] = v);
        listener.Start();
        listener.RecordObservableInstruments();

        // The second time the same message is read from the cache: the counters are the cache's own.
        Assert.Equal(cache.Hits, seen["helpdesk.embedding_cache.lookups:hit"]);
        Assert.Equal(cache.Misses, seen["helpdesk.embedding_cache.lookups:miss"]);
        Assert.True(cache.Hits >= 2, $"{cache.Hits} hits");
        Assert.True(cache.Misses >= 2, $"{cache.Misses} misses");
        // The policy question's second search took its vector from the knowledge search's own cache.
        var queries = host.Services.GetRequiredService<HelpdeskBot.Knowledge.Retrieval.KnowledgeSearch>().QueryVectors;
        Assert.Equal(queries.Hits, seen["helpdesk.knowledge_query_cache.lookups:hit"]);
        Assert.Equal(queries.Misses, seen["helpdesk.knowledge_query_cache.lookups:miss"]);
        Assert.Equal((1L, 1L), (queries.Hits, queries.Misses));
    }

    [Fact]
    public async Task A_handoff_request_is_counted_by_queue_reason_and_mode()
    {
        using var host = new BotHost();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var handoffs = new ConcurrentQueue<Dictionary<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "helpdesk.handoffs" && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => handoffs.Enqueue(ToDictionary(tags)));
        listener.Start();
        // Queues are open 07:00–22:00 Jakarta time; the test clock starts at 08:00 UTC (15:00 in Jakarta).
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Customer);

        await session.AskAsync("talk to a person");

        var handoff = Assert.Single(handoffs);
        Assert.Equal("UserAsked", handoff["helpdesk.handoff.reason"]);
        Assert.Equal("console", handoff["helpdesk.handoff.mode"]);
        Assert.False(string.IsNullOrEmpty((string?)handoff["helpdesk.handoff.queue"]));
    }

    [Fact]
    public async Task A_turn_span_joins_the_callers_trace_with_bounded_tags_and_no_user_text_or_ids()
    {
        using var host = new BotHost();
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "HelpdeskBot" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var http = host.CreateClient();
        http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var session = await new DirectLineClient(http).StartAsync("en-US", Customer);
        const string said = "where is my order ORD-100124 for quokka-parcel-7731";

        await session.AskAsync(said);

        var turns = spans.Where(s => s.Source.Name == "HelpdeskBot").ToList();
        var message = Assert.Single(turns, s => (string?)s.GetTagItem("helpdesk.activity.type") == "message");
        Assert.Equal("helpdesk.turn", message.OperationName);
        Assert.Equal("directline", message.GetTagItem("helpdesk.channel"));
        Assert.Equal("order.status", message.GetTagItem("helpdesk.intent"));
        Assert.Equal("answered", message.GetTagItem("helpdesk.turn.kind"));
        Assert.Equal("en", message.GetTagItem("helpdesk.language"));
        Assert.NotNull(message.ParentSpanId.ToString());
        Assert.Contains(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.SpanId == message.ParentSpanId);
        var tagValues = turns.SelectMany(s => s.TagObjects).Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList();
        Assert.All(turns.SelectMany(s => s.TagObjects), t => Assert.StartsWith("helpdesk.", t.Key));
        Assert.DoesNotContain(tagValues, v => v.Contains("quokka", StringComparison.OrdinalIgnoreCase) || v.Contains("ORD-100124", StringComparison.Ordinal));
        Assert.DoesNotContain(tagValues, v => v.Contains(session.ConversationId, StringComparison.Ordinal) || v.Contains("CUS-0001", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_an_otlp_endpoint_the_opentelemetry_sdk_is_not_started()
    {
        using var host = new BotHost();
        host.CreateClient().Dispose();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }

    [Fact]
    public void An_otlp_endpoint_that_is_not_a_url_fails_the_start_naming_the_setting()
    {
        using var host = new BotHost().With("Telemetry:OtlpEndpoint", "collector:4318");

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => host.CreateClient());

        Assert.Contains("Telemetry:OtlpEndpoint", error.Message);
    }

    [Fact]
    public async Task The_otlp_exporter_posts_protobuf_traces_and_metrics_to_the_configured_endpoint()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, byte[] Body)>();
        await using var collector = await StartCollectorAsync(received);
        using var host = new BotHost()
            .With("Telemetry:OtlpEndpoint", collector.Urls.Single())
            .With("OTEL_METRIC_EXPORT_INTERVAL", "300")
            .With("OTEL_BSP_SCHEDULE_DELAY", "100");
        var session = await new DirectLineClient(host.CreateClient()).StartAsync("en-US", Customer);

        await session.AskAsync("where is my order ORD-100123 for quokka-parcel-7731");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string Traces() => string.Join("\n", received.Where(r => r.Path == "/v1/traces").Select(r => System.Text.Encoding.UTF8.GetString(r.Body)));
        while (DateTime.UtcNow < deadline
            && !(Traces().Contains("helpdesk.turn", StringComparison.Ordinal)
                && Traces().Contains("/v3/directline/conversations/{conversationId}/activities", StringComparison.Ordinal)
                && received.Any(r => r.Path == "/v1/metrics")))
        {
            await Task.Delay(100);
        }

        Assert.Contains(received, r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf" && r.Body.Length > 0);
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.ContentType == "application/x-protobuf" && r.Body.Length > 0);
        // Strings travel as UTF-8 in protobuf: the spans name the bot's turn and the route, never the ids or what was said.
        var traces = Traces();
        Assert.Contains("helpdesk.turn", traces);
        Assert.Contains("/v3/directline/conversations/{conversationId}/activities", traces);
        Assert.DoesNotContain(session.ConversationId, traces);
        Assert.DoesNotContain(session.Token, traces);
        Assert.DoesNotContain("quokka", traces);
        Assert.DoesNotContain("ORD-100123", traces);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }
        return result;
    }

    /// <summary>A stand-in OpenTelemetry collector: real Kestrel on loopback, accepting OTLP/HTTP and remembering what came.</summary>
    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path.Value!, context.Request.ContentType, body.ToArray()));
            // An empty Export*ServiceResponse is zero bytes of protobuf.
            return Results.Bytes([], "application/x-protobuf");
        });
        await collector.StartAsync();
        return collector;
    }
}
