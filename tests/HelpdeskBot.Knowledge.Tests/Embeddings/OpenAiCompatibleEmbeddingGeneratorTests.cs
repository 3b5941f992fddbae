using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HelpdeskBot.Knowledge.Embeddings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Knowledge.Tests.Embeddings;

/// <summary>The remote generator against a real HTTP server, wired as the bot wires it (<c>AddOpenAiCompatibleEmbeddings</c>).</summary>
public sealed class OpenAiCompatibleEmbeddingGeneratorTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-4f1c9a77e2d04b6b";
    private const string Model = "text-embedding-3-small";

    private FakeEmbeddingServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeEmbeddingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IHost BuildHost(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? before = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Knowledge:Embeddings:Provider"] = "OpenAI",
            ["Knowledge:Embeddings:BaseUrl"] = _server.BaseUrl.ToString(),
            ["Knowledge:Embeddings:Model"] = Model,
            ["Knowledge:Embeddings:ApiKey"] = ApiKey,
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        before?.Invoke(builder.Services);
        builder.Services.AddOpenAiCompatibleEmbeddings();
        return builder.Build();
    }

    private static IEmbeddingGenerator<string, Embedding<float>> GeneratorOf(IHost host) =>
        host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    [Fact]
    public async Task A_request_posts_the_model_and_the_inputs_as_json_with_the_key_as_bearer_token()
    {
        using var host = BuildHost();

        await GeneratorOf(host).GenerateAsync(["How do I reset my password?", "Wie viele Urlaubstage habe ich?"]);

        var call = Assert.Single(_server.Calls);
        Assert.Equal($"Bearer {ApiKey}", call.Authorization);
        Assert.StartsWith("application/json", call.ContentType, StringComparison.Ordinal);
        Assert.Equal(Model, call.Model);
        Assert.Equal(["How do I reset my password?", "Wie viele Urlaubstage habe ich?"], call.Input);
        Assert.False(call.Body.ContainsKey("dimensions"), "dimensions is sent only when configured");
    }

    [Fact]
    public async Task Without_an_api_key_no_authorization_header_is_sent()
    {
        using var host = BuildHost(new() { ["Knowledge:Embeddings:ApiKey"] = null });

        await GeneratorOf(host).GenerateAsync(["hello"]);

        Assert.Null(Assert.Single(_server.Calls).Authorization);
    }

    [Fact]
    public async Task Configured_dimensions_are_sent_and_a_base_url_with_a_trailing_slash_still_reaches_embeddings()
    {
        using var host = BuildHost(new()
        {
            ["Knowledge:Embeddings:Dimensions"] = "16",
            ["Knowledge:Embeddings:BaseUrl"] = _server.BaseUrl + "/",
        });

        var embeddings = await GeneratorOf(host).GenerateAsync(["hello"]);

        Assert.Equal(16, Assert.Single(_server.Calls).Dimensions);
        Assert.Equal(16, Assert.Single(embeddings).Dimensions);
    }

    [Fact]
    public async Task Inputs_beyond_the_batch_size_go_in_several_requests_and_come_back_in_input_order()
    {
        using var host = BuildHost();
        var texts = Enumerable.Range(0, 150).Select(i => $"passage {i}").ToArray();

        var embeddings = await GeneratorOf(host).GenerateAsync(texts);

        Assert.Equal([64, 64, 22], _server.Calls.Select(call => call.Input.Count));
        Assert.Equal(texts, _server.Calls.SelectMany(call => call.Input));
        Assert.Equal(150, embeddings.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            AssertClose(FakeEmbeddingServer.UnitVectorFor(texts[i]), embeddings[i].Vector.Span);
            Assert.Equal(Model, embeddings[i].ModelId);
        }

        Assert.Equal(150, embeddings.Usage?.InputTokenCount);
        Assert.Equal(150, embeddings.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task An_answer_out_of_order_is_put_back_in_input_order_by_its_index()
    {
        using var host = BuildHost();
        _server.Respond = (call, context) => context.Response.WriteAsJsonAsync(FakeEmbeddingServer.Answer(
            call.Input.Select((text, index) => (index, FakeEmbeddingServer.VectorFor(text))).Reverse()));

        var embeddings = await GeneratorOf(host).GenerateAsync(["first", "second", "third"]);

        AssertClose(FakeEmbeddingServer.UnitVectorFor("first"), embeddings[0].Vector.Span);
        AssertClose(FakeEmbeddingServer.UnitVectorFor("second"), embeddings[1].Vector.Span);
        AssertClose(FakeEmbeddingServer.UnitVectorFor("third"), embeddings[2].Vector.Span);
    }

    [Fact]
    public async Task Vectors_are_scaled_to_unit_length()
    {
        using var host = BuildHost();

        var embedding = Assert.Single(await GeneratorOf(host).GenerateAsync(["scale me"]));

        Assert.NotEqual(1.0, Norm(FakeEmbeddingServer.VectorFor("scale me")), precision: 2);
        Assert.Equal(1.0, Norm(embedding.Vector.Span), precision: 5);
    }

    [Theory]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided: sk-test-4f1c9a77e2d04b6b.","type":"invalid_request_error","code":"invalid_api_key"}}""", "Incorrect API key provided: [redacted].")]
    [InlineData(429, """{"error":{"message":"Rate limit reached for text-embedding-3-small.","type":"requests","code":"rate_limit_exceeded"}}""", "Rate limit reached for text-embedding-3-small.")]
    [InlineData(500, """{"error":"model runner has unexpectedly stopped"}""", "model runner has unexpectedly stopped")]
    public async Task An_error_status_raises_EmbeddingServiceException_with_the_status_and_the_providers_message_but_never_the_key(
        int status, string body, string message)
    {
        using var host = BuildHost();
        _server.Respond = FakeEmbeddingServer.Status(status, body);

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => GeneratorOf(host).GenerateAsync(["hello"]));

        Assert.Equal((HttpStatusCode)status, failure.StatusCode);
        Assert.Equal(message, failure.ProviderMessage);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, failure.ToString(), StringComparison.Ordinal);
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, log => log.Level == LogLevel.Warning && log.Message.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, log => log.Message.Contains(ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_tells_how_long_to_wait_when_the_server_says()
    {
        using var host = BuildHost();
        _server.Respond = async (_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "20";
            await context.Response.WriteAsync("slow down");
        };

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => GeneratorOf(host).GenerateAsync(["hello"]));

        Assert.Equal(TimeSpan.FromSeconds(20), failure.RetryAfter);
        Assert.Equal("slow down", failure.ProviderMessage);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_raises_EmbeddingServiceException()
    {
        using var host = BuildHost(new() { ["Knowledge:Embeddings:TimeoutSeconds"] = "1" });
        _server.Respond = (_, context) => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => GeneratorOf(host).GenerateAsync(["hello"]));

        Assert.Null(failure.StatusCode);
        Assert.Contains("did not answer within 1 s", failure.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(failure.InnerException);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        using var host = BuildHost();
        _server.Respond = (_, context) => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GeneratorOf(host).GenerateAsync(["hello"], cancellationToken: cancellation.Token));
    }

    [Theory]
    [InlineData("""{"data": [{"index": 0, "embedding": [0.1, 0.2""")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"data": [{"index": 0, "embedding": "AACAPwAAAEA="}]}""")]
    public async Task A_malformed_answer_raises_EmbeddingServiceException(string body)
    {
        using var host = BuildHost();
        _server.Respond = FakeEmbeddingServer.Status(StatusCodes.Status200OK, body);

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => GeneratorOf(host).GenerateAsync(["hello"]));

        Assert.Equal(HttpStatusCode.OK, failure.StatusCode);
        Assert.Contains("malformed JSON", failure.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> UnusableAnswers => new()
    {
        { """{"data": []}""", "returned 0 embeddings for 2 inputs" },
        { """{"object": "list"}""", "returned 0 embeddings for 2 inputs" },
        { """{"data": [{"index": 0, "embedding": [1, 0]}]}""", "returned 1 embeddings for 2 inputs" },
        { """{"data": [{"index": 0, "embedding": [1, 0]}, {"index": 0, "embedding": [0, 1]}]}""", "index 0 out of range or twice" },
        { """{"data": [{"index": 0, "embedding": [1, 0]}, {"index": 2, "embedding": [0, 1]}]}""", "index 2 out of range or twice" },
        { """{"data": [{"index": 0, "embedding": [1, 0]}, {"embedding": [0, 1]}]}""", "an index to some embeddings and not to others" },
        { """{"data": [{"index": 0, "embedding": [1, 0]}, {"index": 1, "embedding": [0, 1, 0]}]}""", "3-dimensional vector where 2 dimensions were expected" },
        { """{"data": [{"index": 0, "embedding": [1, 0]}, {"index": 1, "embedding": []}]}""", "no vector for input 1" },
        { """{"data": [{"index": 0, "embedding": [1, 0]}, {"index": 1, "embedding": [0, 0]}]}""", "cannot be scaled to unit length" },
    };

    [Theory]
    [MemberData(nameof(UnusableAnswers))]
    public async Task An_answer_that_does_not_match_the_inputs_raises_EmbeddingServiceException(string body, string message)
    {
        using var host = BuildHost();
        _server.Respond = FakeEmbeddingServer.Status(StatusCodes.Status200OK, body);

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => GeneratorOf(host).GenerateAsync(["one", "two"]));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_without_an_index_are_taken_in_the_order_given()
    {
        using var host = BuildHost();
        _server.Respond = FakeEmbeddingServer.Status(StatusCodes.Status200OK, """{"data": [{"embedding": [3, 4]}, {"embedding": [0, 2]}]}""");

        var embeddings = await GeneratorOf(host).GenerateAsync(["one", "two"]);

        Assert.Equal([0.6f, 0.8f], embeddings[0].Vector.ToArray());
        Assert.Equal([0f, 1f], embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task Vectors_of_another_length_than_configured_are_refused()
    {
        using var host = BuildHost(new() { ["Knowledge:Embeddings:Dimensions"] = "1536" });
        _server.Respond = (call, context) => context.Response.WriteAsJsonAsync(FakeEmbeddingServer.Answer([(0, FakeEmbeddingServer.VectorFor("x", 768))]));

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => GeneratorOf(host).GenerateAsync(["hello"]));

        Assert.Contains("768-dimensional vector where 1536 dimensions were expected", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configured_dimensions_the_first_answer_sets_them_and_later_answers_must_keep_them()
    {
        using var host = BuildHost();
        var generator = GeneratorOf(host);
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        Assert.Throws<InvalidOperationException>(() => generator.ModelKey());

        Assert.Equal(FakeEmbeddingServer.DefaultDimensions, await generator.GetDimensionsAsync());
        Assert.Equal($"openai-compatible/{Model}/{FakeEmbeddingServer.DefaultDimensions}", generator.ModelKey());

        _server.Respond = (call, context) => context.Response.WriteAsJsonAsync(FakeEmbeddingServer.Answer([(0, FakeEmbeddingServer.VectorFor("x", 4))]));
        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => generator.GenerateAsync(["hello"]));
        Assert.Contains("4-dimensional vector where 8 dimensions were expected", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_raises_EmbeddingServiceException()
    {
        // A port that was just free and is closed again: the connection is refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var host = BuildHost(new() { ["Knowledge:Embeddings:BaseUrl"] = $"http://127.0.0.1:{port}/v1" });

        var failure = await Assert.ThrowsAsync<EmbeddingServiceException>(() => GeneratorOf(host).GenerateAsync(["hello"]));

        Assert.Null(failure.StatusCode);
        Assert.Contains("could not be reached", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_inputs_send_no_request()
    {
        using var host = BuildHost();

        var embeddings = await GeneratorOf(host).GenerateAsync([]);

        Assert.Empty(embeddings);
        Assert.Empty(_server.Calls);
    }

    [Fact]
    public void The_registration_replaces_an_earlier_generator_and_describes_the_endpoint()
    {
        using var local = new FixedGenerator();
        using var host = BuildHost(
            new() { ["Knowledge:Embeddings:Dimensions"] = "1536" },
            services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(local));

        var generator = GeneratorOf(host);

        Assert.IsType<OpenAiCompatibleEmbeddingGenerator>(generator);
        Assert.Single(host.Services.GetServices<IEmbeddingGenerator<string, Embedding<float>>>());
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal("openai-compatible", metadata?.ProviderName);
        Assert.Equal(_server.BaseUrl, metadata?.ProviderUri);
        Assert.Equal(Model, metadata?.DefaultModelId);
        Assert.Equal(1536, metadata?.DefaultModelDimensions);
        Assert.Equal($"openai-compatible/{Model}/1536", generator.ModelKey());
    }

    [Fact]
    public async Task A_call_may_name_another_model()
    {
        using var host = BuildHost();

        var embedding = Assert.Single(await GeneratorOf(host).GenerateAsync(["hello"], new EmbeddingGenerationOptions { ModelId = "nomic-embed-text", Dimensions = 4 }));

        var call = Assert.Single(_server.Calls);
        Assert.Equal(("nomic-embed-text", 4), (call.Model, call.Dimensions));
        Assert.Equal(("nomic-embed-text", 4), (embedding.ModelId, embedding.Dimensions));
        Assert.Null(GeneratorOf(host).GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    private static double Norm(ReadOnlySpan<float> vector)
    {
        var sum = 0.0;
        foreach (var x in vector)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum);
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }
}
