using System.Globalization;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Documents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HelpdeskBot.Bot.Admin;

/// <summary>An upload as the admin sent it: the file and the form fields that say what it is (the file's own front matter wins).</summary>
internal sealed record DocumentUploadForm(string FileName, byte[] Content, DocumentFields Fields, bool Publish);

/// <summary>Either the form, or why it was refused: field errors (400) or a body that cannot be read (413, 415, 400).</summary>
internal sealed record DocumentUploadRead(DocumentUploadForm? Form, ValidationProblem? Invalid, ProblemHttpResult? Refused);

/// <summary>
/// Reads <c>multipart/form-data</c> with <c>file</c> and the optional fields title, owner, audience, language,
/// effectiveFrom, effectiveTo (yyyy-MM-dd) and publish (true/false). Every way the body can be wrong becomes a 4xx answer:
/// too large (declared or discovered while reading) is a 413, never a reset connection or a 500.
/// </summary>
internal static class DocumentUploadForms
{
    /// <summary>Room for the multipart boundaries, part headers and fields around the largest accepted document.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    /// <summary>
    /// How much of a refused body the server still reads (and discards) after answering, on top of the limit. A client
    /// sending a body over HTTP/1.1 reads the answer only once it has sent everything; if the server closed the connection
    /// instead, the client would see a reset rather than the 413. Bodies larger still are cut off.
    /// </summary>
    public const long DrainBytes = 256L * 1024 * 1024;

    /// <summary>The most an upload request may carry: the largest document plus the form around it.</summary>
    public static long RequestLimit(KnowledgeOptions options) => options.MaxDocumentBytes + FormOverheadBytes;

    /// <summary>The server's (Kestrel's) limit for the upload endpoints: the request limit, enforced here, plus what is drained.</summary>
    public static long ServerLimit(KnowledgeOptions options) => RequestLimit(options) + DrainBytes;

    public static async Task<DocumentUploadRead> ReadAsync(HttpRequest request, KnowledgeOptions options, CancellationToken ct)
    {
        var limit = RequestLimit(options);
        // Refused before a byte is read when the body says its length; otherwise counted while the form is read. The
        // limit is enforced here rather than by Kestrel because Kestrel, once its own limit is hit, closes the connection
        // under the client's feet; here the rest of the body is drained and the client reads its 413.
        if (request.ContentLength > limit)
        {
            return Refused(TooLarge(options));
        }

        if (!request.HasFormContentType)
        {
            return Refused(TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported content type",
                detail: "Send the document as multipart/form-data with the file in a field named 'file'."));
        }

        IFormCollection form;
        try
        {
            request.Body = new LengthLimitedStream(request.Body, limit);
            form = await request.ReadFormAsync(ct);
        }
        catch (RequestBodyTooLargeException)
        {
            return Refused(TooLarge(options));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (beyond what is drained): the connection is closed, but the answer is still a 413.
            return Refused(TooLarge(options));
        }
        catch (InvalidDataException exception) when (exception.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            // The form reader's MultipartBodyLengthLimit for one part.
            return Refused(TooLarge(options));
        }
        catch (InvalidDataException exception)
        {
            return Refused(TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "The form could not be read", detail: exception.Message));
        }
        catch (BadHttpRequestException exception)
        {
            return Refused(TypedResults.Problem(
                statusCode: exception.StatusCode, title: "The form could not be read", detail: exception.Message));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var file = form.Files.GetFile("file");
        var fileName = file is null ? "" : Path.GetFileName(file.FileName);
        if (file is null)
        {
            errors["file"] = ["Attach the document as a file in the field 'file'."];
        }
        else if (fileName.Length == 0)
        {
            errors["file"] = ["The file needs a name with its extension (.md, .txt, .html, .pdf or .docx)."];
        }

        var title = Text(form, "title", 200, errors);
        var owner = Text(form, "owner", 200, errors);
        Audience? audience = null;
        if (Given(form, "audience") is { } audienceText)
        {
            if (Audiences.TryParse(audienceText, out var parsed))
            {
                audience = parsed;
            }
            else
            {
                errors["audience"] = ["audience must be customer, employee or everyone."];
            }
        }

        string? language = null;
        if (Given(form, "language") is { } languageText && !KnowledgeWire.TryParseLanguage(languageText, out language))
        {
            errors["language"] = ["language must be en or id."];
        }

        var effectiveFrom = Date(form, "effectiveFrom", errors);
        var effectiveTo = Date(form, "effectiveTo", errors);
        if (effectiveFrom is { } from && effectiveTo is { } to && to < from)
        {
            errors["effectiveTo"] = ["effectiveTo is before effectiveFrom."];
        }

        var publish = false;
        if (Given(form, "publish") is { } publishText)
        {
            switch (publishText.ToLowerInvariant())
            {
                case "true" or "1" or "on" or "yes":
                    publish = true;
                    break;
                case "false" or "0" or "off" or "no":
                    break;
                default:
                    errors["publish"] = ["publish must be true or false."];
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return new DocumentUploadRead(null, TypedResults.ValidationProblem(errors), null);
        }

        // Bounded by the form limit above; an over-size file still reaches the library, whose 413 names the limit.
        var content = new byte[file!.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        return new DocumentUploadRead(
            new DocumentUploadForm(fileName, content, new DocumentFields(title, owner, audience, language, null, effectiveFrom, effectiveTo), publish),
            null,
            null);
    }

    public static ProblemHttpResult TooLarge(KnowledgeOptions options) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The document is too large",
        detail: string.Create(CultureInfo.InvariantCulture,
            $"The largest document accepted is {options.MaxDocumentBytes / (1024.0 * 1024):0.#} MB. Split it into smaller documents."));

    private static DocumentUploadRead Refused(ProblemHttpResult problem) => new(null, null, problem);

    private static string? Given(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.ToString().Trim() is { Length: > 0 } value ? value : null;

    private static string? Text(IFormCollection form, string name, int maxLength, Dictionary<string, string[]> errors)
    {
        var value = Given(form, name);
        if (value is { Length: var length } && length > maxLength)
        {
            errors[name] = [$"{name} is longer than {maxLength} characters."];
            return null;
        }

        return value;
    }

    private static DateOnly? Date(IFormCollection form, string name, Dictionary<string, string[]> errors)
    {
        if (Given(form, name) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [$"{name} must be a date as yyyy-MM-dd."];
        return null;
    }

    /// <summary>Thrown by <see cref="LengthLimitedStream"/>; the request body itself stays readable, so the server can drain it.</summary>
    private sealed class RequestBodyTooLargeException(long limit) : IOException($"The request body is larger than {limit} bytes.");

    /// <summary>The request body, refusing to give more than <c>limit</c> bytes.</summary>
    private sealed class LengthLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new RequestBodyTooLargeException(limit) : read;
        }
    }
}
