using System.Text;
using System.Text.Json;
using CsCheck;
using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Hosting;
using HelpdeskBot.Bot.Notifications;
using HelpdeskBot.Tests.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Xunit.Abstractions;
using Activity = HelpdeskBot.Bot.Protocol.Activity;
using ProtocolJson = HelpdeskBot.Bot.Protocol.ProtocolJson;

namespace HelpdeskBot.Bot.Tests.Protocol;

/// <summary>
/// Volume fuzzing of the inbound JSON reader every endpoint uses (<see cref="JsonBodies"/>), straight through the
/// parser: hostile activities, mutated bytes and every other request body either parse or become a 400/413
/// ProblemDetails, never another exception; a parsed activity can be written back (it is stored as JSON).
/// The same bodies go through the real endpoints in <see cref="HostileJsonEndpointTests"/>.
/// </summary>
public sealed class InboundJsonFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerBody = TimeSpan.FromSeconds(5);

    private static readonly Gen<string> AnyServiceUrl = Gen.OneOf("\"http://127.0.0.1:5000/\"", "\"https://smba.trafficmanager.net/amer/\"", "\"javascript:alert(1)\"", "\"\"", "\"not a url\"");

    [Fact]
    public void Hostile_activities_parse_or_are_refused_with_a_problem()
    {
        Fuzzing.Run("JsonBodies.ReadAsync<Activity> (generated activities)", HostileJson.Activity(AnyServiceUrl),
            json => AssertParsedOrRefused<Activity>(Encoding.UTF8.GetBytes(json), RoundTrips), iterations: 800, output);
    }

    [Fact]
    public void Mutated_activity_bytes_parse_or_are_refused_with_a_problem()
    {
        Fuzzing.Run("JsonBodies.ReadAsync<Activity> (mutated bytes)", HostileJson.Mutated(HostileJson.Activity(AnyServiceUrl)),
            bytes => AssertParsedOrRefused<Activity>(bytes, RoundTrips), iterations: 1_000, output);
    }

    [Fact]
    public void Random_bytes_parse_or_are_refused_with_a_problem()
    {
        Fuzzing.Run("JsonBodies.ReadAsync<Activity> (random bytes)", Gen.Byte.Array[0, 512],
            bytes => AssertParsedOrRefused<Activity>(bytes, RoundTrips), iterations: 2_000, output);
    }

    [Fact]
    public void Every_other_request_body_parses_or_is_refused_with_a_problem()
    {
        var bodies = Gen.Frequency((2, HostileJson.Value(3)), (1, HostileJson.Activity(AnyServiceUrl)));
        var gen = Gen.Select(Gen.Int[0, 6], HostileJson.Mutated(bodies), bodies, static (which, mutated, plain) => (which, mutated.Length % 2 == 0 ? mutated : Encoding.UTF8.GetBytes(plain)));

        Fuzzing.Run("JsonBodies.ReadAsync<token, inbox, demo bodies>", gen, t =>
        {
            var (which, bytes) = t;
            switch (which)
            {
                case 0: AssertParsedOrRefused<DirectLineStartRequest>(bytes); break;
                case 1: AssertParsedOrRefused<AddExamplesRequest>(bytes); break;
                case 2: AssertParsedOrRefused<InboxItemsRequest>(bytes); break;
                case 3: AssertParsedOrRefused<DraftRequest>(bytes); break;
                case 4: AssertParsedOrRefused<DemoTokenRequest>(bytes); break;
                case 5: AssertParsedOrRefused<DemoStatusRequest>(bytes); break;
                default: AssertParsedOrRefused<HelpdeskBot.Bot.Admin.MarkdownPreviewRequest>(bytes, options: InboundJson.Web); break;
            }
        }, iterations: 1_500, output, print: t => $"body type {t.Item1}: {Encoding.UTF8.GetString(t.Item2.AsSpan(0, Math.Min(t.Item2.Length, 300)))}");
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"channelData\":{\"a\":\"\\ud800\"}}")]
    [InlineData("{\"type\":\"message\",\"value\":[\"\\udc00x\"]}")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"futureField\":\"\\ud83d\"}")]
    public void An_unpaired_surrogate_escape_in_a_json_value_is_a_400_problem_not_a_failure_when_stored(string json)
    {
        var (body, failure) = Read<Activity>(Encoding.UTF8.GetBytes(json));

        Assert.Null(body);
        var problem = Assert.IsType<ProblemHttpResult>(failure);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Contains("Unicode", problem.ProblemDetails.Detail);
    }

    [Theory]
    [InlineData(10_000, false)]
    [InlineData(10_000, true)]
    [InlineData(33, false)]
    [InlineData(33, true)]
    public void Nesting_deeper_than_the_limit_is_a_400_problem(int depth, bool objects)
    {
        var json = $"{{\"type\":\"message\",\"text\":\"hi\",\"channelData\":{HostileJson.Nested(depth, objects)}}}";

        var (body, failure) = Read<Activity>(Encoding.UTF8.GetBytes(json));

        Assert.Null(body);
        var problem = Assert.IsType<ProblemHttpResult>(failure);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Equal("Malformed JSON", problem.ProblemDetails.Title);
    }

    [Fact]
    public void Nesting_within_the_limit_is_accepted()
    {
        // The activity itself is one level and channelData's value the second: 30 more levels fit under 32.
        var json = $"{{\"type\":\"message\",\"text\":\"hi\",\"channelData\":{HostileJson.Nested(InboundJson.MaxDepth - 2, objects: true)}}}";

        var (body, failure) = Read<Activity>(Encoding.UTF8.GetBytes(json));

        Assert.Null(failure);
        Assert.Equal("hi", body!.Text);
    }

    [Fact]
    public void A_wide_object_within_the_size_limit_is_parsed_quickly()
    {
        var json = $"{{\"type\":\"message\",\"text\":\"hi\",\"channelData\":{HostileJson.Wide(20_000)}}}";
        Assert.True(json.Length < 256 * 1024);

        var (body, failure) = Fuzzing.Within(PerBody, "a wide object", () => Read<Activity>(Encoding.UTF8.GetBytes(json)));

        Assert.Null(failure);
        Assert.Equal(20_000, body!.ChannelData!.Value.EnumerateObject().Count());
    }

    [Fact]
    public void Deep_nesting_in_the_preview_body_is_a_400_problem()
    {
        var json = $"{{\"markdown\":\"# x\",\"title\":{HostileJson.Nested(10_000, objects: false)}}}";

        var (body, failure) = Read<HelpdeskBot.Bot.Admin.MarkdownPreviewRequest>(Encoding.UTF8.GetBytes(json), InboundJson.Web);

        Assert.Null(body);
        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsType<ProblemHttpResult>(failure).StatusCode);
    }

    /// <summary>A parsed activity is stored and sent on as JSON: writing it back must not throw.</summary>
    private static void RoundTrips(Activity activity) => JsonSerializer.Serialize(activity, ProtocolJson.Options);

    private static void AssertParsedOrRefused<T>(byte[] bytes, Action<T>? parsed = null, JsonSerializerOptions? options = null) where T : class
    {
        var (body, failure) = Fuzzing.Within(PerBody, "JsonBodies.ReadAsync", () => Read<T>(bytes, options));
        if (failure is null)
        {
            // "null" is valid JSON for no body; the endpoints refuse it themselves (DirectLineBadInputTests, BotFrameworkEndpointTests).
            if (body is not null)
            {
                parsed?.Invoke(body);
            }

            return;
        }

        Assert.Null(body);
        var problem = Assert.IsType<ProblemHttpResult>(failure);
        Assert.True(problem.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge, $"status {problem.StatusCode}");
        Assert.False(string.IsNullOrWhiteSpace(problem.ProblemDetails.Detail));
    }

    /// <summary>The reader the endpoints use (the preview's own reader is the same with web defaults; both honour <see cref="InboundJson.MaxDepth"/>).</summary>
    private static (T? Body, IResult? Failure) Read<T>(byte[] bytes, JsonSerializerOptions? options = null) where T : class
    {
        if (options is not null)
        {
            try
            {
                return (JsonSerializer.Deserialize<T>(bytes, options), null);
            }
            catch (JsonException)
            {
                return (null, JsonBodies.Problem(StatusCodes.Status400BadRequest, "Malformed JSON", "The body is not valid JSON."));
            }
        }

        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        return JsonBodies.ReadAsync<T>(context.Request, CancellationToken.None).GetAwaiter().GetResult();
    }
}
