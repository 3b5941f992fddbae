using System.Buffers;
using System.Text.Json;

namespace HelpdeskBot.Bot.Hosting;

/// <summary>
/// Reads JSON request bodies with a size limit and turns every way a body can be wrong into a ProblemDetails answer,
/// so a bad request never reaches a handler half-parsed and never becomes a 500.
/// </summary>
internal static class JsonBodies
{
    private const int MaxBodyBytes = 256 * 1024;

    public static async Task<(T? Body, IResult? Failure)> ReadOptionalAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType()))
        {
            return (null, null);
        }
        if (!request.HasJsonContentType())
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", "Send the body as application/json."));
        }
        return await ReadAsync<T>(request, ct);
    }

    public static async Task<(T? Body, IResult? Failure)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"Bodies are limited to {MaxBodyBytes} bytes."));
        }
        // A pooled buffer sized by Content-Length when it is given: every Direct Line message comes through here, and a
        // fresh 16 KB array a request was 4 % of the host's allocations under load. Cleared before it goes back.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length + 1 : 4096);
        var filled = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
            {
                filled += read;
                if (filled > MaxBodyBytes)
                {
                    return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"Bodies are limited to {MaxBodyBytes} bytes."));
                }
                if (filled == buffer.Length)
                {
                    // Below the limit plus one, so the next buffer is larger and a body one byte over still shows.
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    Return(buffer, filled);
                    buffer = larger;
                }
            }
            if (filled == 0)
            {
                return (null, Problem(StatusCodes.Status400BadRequest, "Empty body", "The request needs a JSON body."));
            }
            try
            {
                var body = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, filled), InboundJson.Protocol);
                if (body is not null && !InboundJson.CanBeWritten(body))
                {
                    return (null, Problem(StatusCodes.Status400BadRequest, "Malformed JSON",
                        "The body holds text that is not valid Unicode (an unpaired surrogate escape such as \\ud800)."));
                }
                return (body, null);
            }
            catch (JsonException ex)
            {
                return (null, Problem(StatusCodes.Status400BadRequest, "Malformed JSON", ex.Path is { Length: > 0 } path
                    ? $"The body is not valid JSON for this request (at {path})."
                    : "The body is not valid JSON for this request."));
            }
        }
        finally
        {
            Return(buffer, filled);
        }
    }

    private static void Return(byte[] buffer, int filled)
    {
        buffer.AsSpan(0, filled).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    public static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

}
