using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using HelpdeskBot.Connectors.Orders;
using Microsoft.Extensions.Logging;
using Polly;

namespace HelpdeskBot.Connectors.Http;

/// <summary>How a back-office system answered a call that reached it.</summary>
internal enum AnswerKind
{
    /// <summary>2xx with a body.</summary>
    Ok,

    /// <summary>404 or 403: no such thing, or not the requester's (indistinguishable on purpose).</summary>
    NotFound,

    /// <summary>400, 409 or 422: the system understood the call and declined it as invalid in its current state.</summary>
    Rejected,
}

internal readonly record struct BackOfficeAnswer<T>(AnswerKind Kind, int StatusCode, T? Value) where T : class;

/// <param name="Operation">A fixed name for logs (<c>GetStatus</c>); never built from user input.</param>
/// <param name="Path">Relative to the system's base URL, without a leading slash; ids in it already escaped.</param>
/// <param name="Requester">Sent as the requester headers; null for calls that are not made on someone's behalf.</param>
internal sealed record BackOfficeCall(
    BackOfficeSystem System,
    string Operation,
    HttpMethod Method,
    string Path,
    Requester? Requester = null,
    object? Body = null);

/// <summary>
/// Sends one call to a back-office REST API through the system's named client (API key, resilience pipeline) and
/// turns what came back into an <see cref="BackOfficeAnswer{T}"/> or a <see cref="BackOfficeUnavailableException"/>.
/// Logs name the system, operation and status only: never paths (they carry ids), requester ids or message text.
/// </summary>
internal sealed partial class BackOfficeHttp(IHttpClientFactory clients, TimeProvider time, ILogger<BackOfficeHttp> logger)
{
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Web defaults, enums as camelCase strings, and a missing or null required field is an error, not a default.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string ClientName(BackOfficeSystem system) => $"HelpdeskBot.Connectors.{system}";

    public async Task<BackOfficeAnswer<T>> SendAsync<T>(BackOfficeCall call, CancellationToken cancellationToken) where T : class
    {
        using var request = new HttpRequestMessage(call.Method, new Uri(call.Path, UriKind.Relative));
        if (call.Requester is { } requester)
        {
            RequesterHeaders.Apply(request.Headers, requester);
        }

        if (call.Body is { } body)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        var started = time.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName(call.System))
                .SendAsync(request, cancellationToken)
                .ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsedMs = time.GetElapsedTime(started).TotalMilliseconds;
            LogAnswered(call.System, call.Operation, status, elapsedMs);

            switch (response.StatusCode)
            {
                case >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices:
                    var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                        ?? throw new JsonException("The response body is empty or null.");
                    return new(AnswerKind.Ok, status, value);

                case HttpStatusCode.NotFound or HttpStatusCode.Forbidden:
                    return new(AnswerKind.NotFound, status, null);

                case HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity:
                    return new(AnswerKind.Rejected, status, null);

                case HttpStatusCode.Unauthorized:
                    LogApiKeyRejected(call.System, call.Operation, status);
                    throw Unavailable(call.System, null);

                default:
                    LogFailed(call.System, call.Operation, status);
                    throw Unavailable(call.System, null);
            }
        }
        catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
        {
            LogUnreachable(call.System, call.Operation, exception.GetType().Name, exception);
            throw Unavailable(call.System, exception);
        }
    }

    /// <summary>
    /// Down, refused, timed out (an attempt, the whole call, or <see cref="HttpClient.Timeout"/>), circuit open, or an
    /// answer that is not the contract's JSON. The caller's own cancellation is not a failure of the system.
    /// </summary>
    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or ExecutionRejectedException or JsonException or NotSupportedException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static BackOfficeUnavailableException Unavailable(BackOfficeSystem system, Exception? inner) =>
        new(system, $"The {system} system is not answering.", inner);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{System} answered {Operation} with {StatusCode} in {ElapsedMs} ms")]
    private partial void LogAnswered(BackOfficeSystem system, string operation, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{System} failed {Operation} with status {StatusCode}; reported as unavailable")]
    private partial void LogFailed(BackOfficeSystem system, string operation, int statusCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "{System} refused the bot's API key on {Operation} (status {StatusCode}); check the connector's ApiKey")]
    private partial void LogApiKeyRejected(BackOfficeSystem system, string operation, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{System} could not be reached for {Operation} ({Failure}); reported as unavailable")]
    private partial void LogUnreachable(BackOfficeSystem system, string operation, string failure, Exception exception);
}

/// <summary>
/// The requester as headers, from the <see cref="Requester"/> argument only. The back office decides what the requester
/// may see from these; the bot's API key proves the headers come from the bot.
/// </summary>
internal static class RequesterHeaders
{
    public const string Kind = "X-Requester-Kind";
    public const string Id = "X-Requester-Id";
    public const string VerifiedOrders = "X-Verified-Orders";

    public static void Apply(HttpRequestHeaders headers, Requester requester)
    {
        headers.Add(Kind, KindName(requester.Kind));

        if (requester.Kind != RequesterKind.Anonymous && !string.IsNullOrWhiteSpace(requester.PartyId))
        {
            headers.Add(Id, requester.PartyId.Trim());
        }

        // Only visitors prove orders one by one; a signed-in party is authorised by its id. Anything that is not a
        // canonical order number is dropped so that it cannot smuggle a separator into the list.
        if (requester.Kind == RequesterKind.Anonymous)
        {
            var verified = requester.VerifiedOrderNumbers
                .Select(OrderNumber.Normalize)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (verified.Count > 0)
            {
                headers.Add(VerifiedOrders, string.Join(',', verified));
            }
        }
    }

    public static string KindName(RequesterKind kind) => kind switch
    {
        RequesterKind.Anonymous => "anonymous",
        RequesterKind.Customer => "customer",
        RequesterKind.Employee => "employee",
        RequesterKind.Supplier => "supplier",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown requester kind."),
    };
}
