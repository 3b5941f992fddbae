using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Embeddings;

/// <summary>
/// Embeddings from a server that speaks OpenAI's <c>POST {BaseUrl}/embeddings</c> (OpenAI, Ollama, vLLM, LM Studio,
/// llama.cpp), over the named <see cref="HttpClientName"/> client whose timeout is <see cref="EmbeddingOptions.TimeoutSeconds"/>.
/// Inputs go in requests of <see cref="EmbeddingOptions.BatchSize"/>, one after another (a server that rate-limits
/// would refuse them in parallel); the result is in input order and every vector is unit length. Every failure is an
/// <see cref="EmbeddingServiceException"/>; only the caller's own cancellation is an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class OpenAiCompatibleEmbeddingGenerator(
    IHttpClientFactory clients,
    IOptions<EmbeddingOptions> settings,
    ILogger<OpenAiCompatibleEmbeddingGenerator> logger)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string HttpClientName = "HelpdeskBot.Knowledge.Embeddings";

    public const string ProviderName = "openai-compatible";

    // Enough for any real error message; a proxy's HTML page is cut rather than carried around in exceptions and logs.
    private const int MaxProviderMessageLength = 300;

    private static readonly string[] MessageProperties = ["message", "detail"];

    private readonly EmbeddingOptions _options = settings.Value;
    private readonly Uri _baseUrl = BaseUrlOf(settings.Value);
    private readonly Uri _endpoint = new(BaseUrlOf(settings.Value).AbsoluteUri.TrimEnd('/') + "/embeddings");
    private readonly string _model = string.IsNullOrWhiteSpace(settings.Value.Model)
        ? throw new InvalidOperationException($"{EmbeddingOptions.SectionName}:Model is not set.")
        : settings.Value.Model;

    // 0 until the first answer when Dimensions is not configured; then the model's length, which later answers must keep.
    private int _learnedDimensions;

    /// <summary>The configured length, else the one learned from the first answer, else null.</summary>
    public int? Dimensions => _options.Dimensions ?? (Volatile.Read(ref _learnedDimensions) is > 0 and var learned ? learned : null);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? [.. values];
        if (inputs.Any(input => input is null))
        {
            throw new ArgumentException("An input is null.", nameof(values));
        }

        var model = options?.ModelId ?? _model;
        var requestedDimensions = options?.Dimensions ?? _options.Dimensions;

        // Only the configured model's length is learned: a call that names another model or length is checked on its own.
        var learns = model == _model && requestedDimensions is null;

        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        long? inputTokens = null;
        long? totalTokens = null;
        for (var start = 0; start < inputs.Count; start += _options.BatchSize)
        {
            var batch = inputs.Skip(start).Take(_options.BatchSize).ToArray();
            var expected = requestedDimensions ?? (learns ? Dimensions : null);
            var (vectors, usage) = await SendAsync(model, batch, requestedDimensions, expected, cancellationToken).ConfigureAwait(false);
            if (learns && expected is null && !Learn(vectors[0].Length))
            {
                var message = $"The embedding service returned {vectors[0].Length}-dimensional vectors where {Dimensions} dimensions were expected.";
                LogMalformed(message);
                throw new EmbeddingServiceException(message, HttpStatusCode.OK);
            }

            foreach (var vector in vectors)
            {
                result.Add(new Embedding<float>(vector) { ModelId = model });
            }

            inputTokens = Add(inputTokens, usage?.PromptTokens);
            totalTokens = Add(totalTokens, usage?.TotalTokens);
        }

        if (inputTokens is not null || totalTokens is not null)
        {
            result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens };
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata(ProviderName, _baseUrl, _model, Dimensions)
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    // Owns nothing: the client comes from the factory, which owns its handler.
    public void Dispose()
    {
    }

    private async Task<(float[][] Vectors, UsageBody? Usage)> SendAsync(
        string model,
        string[] batch,
        int? dimensions,
        int? expectedDimensions,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = JsonContent.Create(new RequestBody(model, batch, dimensions), EmbeddingJson.Default.RequestBody),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var providerMessage = Redact(ProviderMessage(body) ?? response.ReasonPhrase ?? "");
                LogRefused((int)response.StatusCode, batch.Length, providerMessage);
                throw new EmbeddingServiceException(
                    $"The embedding service answered {(int)response.StatusCode} ({response.StatusCode}): {providerMessage}",
                    response.StatusCode,
                    providerMessage,
                    response.Headers.RetryAfter?.Delta);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var answer = await JsonSerializer.DeserializeAsync(stream, EmbeddingJson.Default.ResponseBody, cancellationToken).ConfigureAwait(false);
                if (Unusable(answer, batch.Length, expectedDimensions) is { } problem)
                {
                    LogMalformed(problem);
                    throw new EmbeddingServiceException(problem, response.StatusCode);
                }

                LogEmbedded(batch.Length, model, answer!.Usage?.PromptTokens);
                return (InInputOrder(answer.Data!), answer.Usage);
            }
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
            LogTimedOut(_options.TimeoutSeconds, batch.Length);
            throw new EmbeddingServiceException(
                $"The embedding service did not answer within {_options.TimeoutSeconds} s.",
                statusCode: null,
                innerException: exception);
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(exception.HttpRequestError, exception);
            throw new EmbeddingServiceException(
                $"The embedding service could not be reached ({exception.HttpRequestError}).",
                statusCode: null,
                innerException: exception);
        }
        catch (JsonException exception)
        {
            LogMalformed(exception.Message);
            throw new EmbeddingServiceException("The embedding service answered with malformed JSON.", HttpStatusCode.OK, innerException: exception);
        }
    }

    /// <summary>Why the answer is not one vector per input, all of one length with a usable norm; null when it is.</summary>
    private static string? Unusable(ResponseBody? answer, int count, int? expectedDimensions)
    {
        var data = answer?.Data;
        if (data is null || data.Count != count)
        {
            return $"The embedding service returned {data?.Count ?? 0} embeddings for {count} inputs.";
        }

        var indexed = data.Count(item => item.Index is not null);
        if (indexed != 0 && indexed != count)
        {
            return "The embedding service gave an index to some embeddings and not to others.";
        }

        var dimensions = expectedDimensions ?? data[0].Embedding?.Length ?? 0;
        var seen = new bool[count];
        for (var position = 0; position < count; position++)
        {
            var index = data[position].Index ?? position;
            if (index < 0 || index >= count || seen[index])
            {
                return $"The embedding service returned index {index} out of range or twice for {count} inputs.";
            }

            seen[index] = true;
            var vector = data[position].Embedding;
            if (vector is null || vector.Length == 0)
            {
                return $"The embedding service returned no vector for input {index}.";
            }

            if (vector.Length != dimensions)
            {
                return $"The embedding service returned a {vector.Length}-dimensional vector where {dimensions} dimensions were expected.";
            }

            var norm = TensorPrimitives.Norm(vector);
            if (!float.IsFinite(norm) || norm == 0)
            {
                return $"The embedding service returned a vector for input {index} that cannot be scaled to unit length.";
            }
        }

        return null;
    }

    /// <summary>
    /// The vectors, scaled to unit length in place, at the positions their <c>index</c> gives (servers may answer out of
    /// order), or by position when there is none. The answer has passed <see cref="Unusable"/>.
    /// </summary>
    private static float[][] InInputOrder(IReadOnlyList<EmbeddingItem> data)
    {
        var vectors = new float[data.Count][];
        for (var position = 0; position < data.Count; position++)
        {
            var vector = data[position].Embedding!;
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[data[position].Index ?? position] = vector;
        }

        return vectors;
    }

    /// <summary>
    /// The message out of the usual error shapes: OpenAI's <c>{"error": {"message": …}}</c>, Ollama's <c>{"error": "…"}</c>,
    /// and <c>{"message": …}</c> or <c>{"detail": …}</c>; otherwise the body itself, shortened.
    /// </summary>
    private static string? ProviderMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return Shorten(error.GetString());
                    }

                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                    {
                        return Shorten(nested.GetString());
                    }
                }

                foreach (var name in MessageProperties)
                {
                    if (root.TryGetProperty(name, out var message) && message.ValueKind == JsonValueKind.String)
                    {
                        return Shorten(message.GetString());
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, plain text): the text itself is the best message there is.
        }

        return Shorten(body);
    }

    private static string? Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= MaxProviderMessageLength ? flat : flat[..MaxProviderMessageLength] + "…";
    }

    // Some servers echo the key they were sent in their 401 message; it must reach neither exceptions nor logs.
    private string Redact(string message) =>
        _options.ApiKey is { Length: >= 4 } key ? message.Replace(key, "[redacted]", StringComparison.Ordinal) : message;

    /// <summary>Takes the first answer's length as the model's; false when another answer got there first with another length.</summary>
    private bool Learn(int dimensions)
    {
        var before = Interlocked.CompareExchange(ref _learnedDimensions, dimensions, 0);
        return before == 0 || before == dimensions;
    }

    private static long? Add(long? sum, long? value) => value is null ? sum : (sum ?? 0) + value;

    private static Uri BaseUrlOf(EmbeddingOptions options) =>
        options.HasValidBaseUrl
            ? new Uri(options.BaseUrl!, UriKind.Absolute)
            : throw new InvalidOperationException($"{EmbeddingOptions.SectionName}:BaseUrl must be an absolute http or https URL.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} inputs with {Model} ({InputTokens} input tokens)")]
    private partial void LogEmbedded(int count, string model, long? inputTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding service answered {StatusCode} to a request of {Count} inputs: {ProviderMessage}")]
    private partial void LogRefused(int statusCode, int count, string providerMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding service did not answer a request of {Count} inputs within {TimeoutSeconds} s")]
    private partial void LogTimedOut(int timeoutSeconds, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding service could not be reached ({Failure})")]
    private partial void LogUnreachable(HttpRequestError failure, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedding service's answer is unusable: {Problem}")]
    private partial void LogMalformed(string problem);

    internal sealed record RequestBody(
        string Model,
        IReadOnlyList<string> Input,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Dimensions);

    internal sealed record ResponseBody(IReadOnlyList<EmbeddingItem>? Data, UsageBody? Usage);

    internal sealed record EmbeddingItem(int? Index, float[]? Embedding);

    internal sealed record UsageBody(long? PromptTokens, long? TotalTokens);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiCompatibleEmbeddingGenerator.RequestBody))]
[JsonSerializable(typeof(OpenAiCompatibleEmbeddingGenerator.ResponseBody))]
internal sealed partial class EmbeddingJson : JsonSerializerContext;
