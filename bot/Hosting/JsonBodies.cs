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
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"Bodies are limited to {MaxBodyBytes} bytes."));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "Empty body", "The request needs a JSON body."));
        }
        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), InboundJson.Protocol);
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

    public static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

}
