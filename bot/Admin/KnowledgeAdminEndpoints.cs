using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Bot.Admin.Audit;
using System.Text.Json;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Library;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Admin;

/// <summary>
/// <c>/api/admin/kb</c>: the knowledge base for admins — documents and their versions, upload (a new document or a new
/// version), publish, retire, delete, reindex, and a search that shows the ranking behind the bot's answers. Every call
/// needs an admin: an admin API key, or the console cookie of an admin with the page's antiforgery token on changes
/// (<see cref="AdminAccess"/>); the key's name or the admin's user name is the actor in the audit fields.
/// The library's refusals become ProblemDetails: not found 404, conflict 409, invalid 400, too large 413, unavailable 503.
/// </summary>
internal static partial class KnowledgeAdminEndpoints
{
    private const string Prefix = "/api/admin/kb";

    public static IEndpointRouteBuilder MapKnowledgeAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
        var requestLimit = DocumentUploadForms.RequestLimit(options);
        var serverLimit = DocumentUploadForms.ServerLimit(options);
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(AdminAccess.Policy)
            .RequireConsoleAntiforgery()
            .AddEndpointFilter(RefusalsAsProblems)
            .WithTags("Knowledge admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/documents", ListAsync);
        api.MapGet("/documents/{id:guid}", GetAsync);
        api.MapGet("/documents/{id:guid}/versions/{version:int}", GetVersionAsync);
        // Uploads may carry the largest document plus the form around it (checked while the form is read, see
        // DocumentUploadForms); Kestrel's limit sits above that so a refused body can be drained and the 413 delivered.
        api.MapPost("/documents", CreateAsync)
            .WithMetadata(new RequestSizeLimit(serverLimit))
            .WithFormOptions(multipartBodyLengthLimit: requestLimit);
        api.MapPut("/documents/{id:guid}", AddVersionAsync)
            .WithMetadata(new RequestSizeLimit(serverLimit))
            .WithFormOptions(multipartBodyLengthLimit: requestLimit);
        api.MapPost("/documents/{id:guid}/versions/{version:int}/submit", SubmitForReviewAsync);
        api.MapPost("/documents/{id:guid}/versions/{version:int}/return", ReturnToDraftAsync);
        api.MapPost("/documents/{id:guid}/versions/{version:int}/publish", PublishAsync);
        api.MapPost("/documents/{id:guid}/versions/{version:int}/retire", RetireAsync);
        api.MapDelete("/documents/{id:guid}", DeleteAsync);
        api.MapPost("/reindex", ReindexAsync);
        api.MapGet("/search", SearchAsync);
        api.MapGet("/documents/{id:guid}/diff", DiffAsync);
        api.MapGet("/documents/{id:guid}/usage", UsageAsync);
        api.MapPost("/preview", PreviewAsync);
        api.MapGet("/publishing", (KnowledgeLibrary library) =>
            TypedResults.Ok(new PublishingRulesResponse(library.PublishingRules.RequireReview, library.PublishingRules.TwoPersonRule)));
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<DocumentResponse>>, ValidationProblem>> ListAsync(
        KnowledgeLibrary library, string? status, string? audience, string? language, string? owner, string? q, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DocumentStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (KnowledgeWire.TryParseStatus(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = ["status must be draft, review, published or retired."];
            }
        }

        Audience? audienceFilter = null;
        if (!string.IsNullOrWhiteSpace(audience))
        {
            if (Audiences.TryParse(audience, out var parsed))
            {
                audienceFilter = parsed;
            }
            else
            {
                errors["audience"] = ["audience must be customer, employee or everyone."];
            }
        }

        if (!KnowledgeWire.TryParseLanguage(language, out var languageFilter))
        {
            errors["language"] = ["language must be en or id."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var filter = new DocumentListFilter(statusFilter, audienceFilter, languageFilter, Blank(owner), Blank(q));
        var documents = await library.ListAsync(filter, ct);
        return TypedResults.Ok<IReadOnlyList<DocumentResponse>>([.. documents.Select(d => d.ToResponse())]);
    }

    private static async Task<Ok<DocumentDetailResponse>> GetAsync(KnowledgeLibrary library, Guid id, CancellationToken ct) =>
        TypedResults.Ok((await library.GetAsync(id, ct)).ToResponse());

    private static async Task<Ok<VersionContentResponse>> GetVersionAsync(KnowledgeLibrary library, Guid id, int version, CancellationToken ct)
    {
        var (info, markdown) = await library.GetVersionAsync(id, version, ct);
        return TypedResults.Ok(new VersionContentResponse(id, info.ToResponse(), markdown));
    }

    private static async Task<Results<Created<UploadResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, KnowledgeLibrary library, IOptions<KnowledgeOptions> options, AuditLog audit, CancellationToken ct)
    {
        var read = await DocumentUploadForms.ReadAsync(request, options.Value, ct);
        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        if (read.Refused is { } refused)
        {
            return refused;
        }

        var form = read.Form!;
        if (PublishOnUploadRefused(library, form) is { } notNow)
        {
            return notNow;
        }

        var result = await library.CreateAsync(new DocumentUpload(form.FileName, form.Content, AdminAccess.Actor(request.HttpContext).Name, form.Fields, form.Publish), ct);
        await audit.RecordAsync(KnowledgeAudit.Uploaded(audit, request.HttpContext, "kb.document.create", null, result));
        return TypedResults.Created($"{Prefix}/documents/{result.Document.Summary.Id}", result.ToResponse());
    }

    /// <summary>
    /// A new version of the document. What the form and the file leave unsaid — title, owner, audience, language — stays
    /// as the latest version has it, so an edited file does not silently rename the document or change who may read it.
    /// </summary>
    private static async Task<Results<Created<UploadResponse>, Ok<UploadResponse>, ValidationProblem, ProblemHttpResult>> AddVersionAsync(
        HttpRequest request, KnowledgeLibrary library, IOptions<KnowledgeOptions> options, AuditLog audit, Guid id, CancellationToken ct)
    {
        var current = await library.GetAsync(id, ct);
        var read = await DocumentUploadForms.ReadAsync(request, options.Value, ct);
        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        if (read.Refused is { } refused)
        {
            return refused;
        }

        var form = read.Form!;
        if (PublishOnUploadRefused(library, form) is { } notNow)
        {
            return notNow;
        }

        var latest = current.Versions[^1];
        var fields = form.Fields with
        {
            Title = form.Fields.Title ?? latest.Title,
            Owner = form.Fields.Owner ?? latest.Owner,
            Audience = form.Fields.Audience ?? latest.Audience,
            Language = form.Fields.Language ?? latest.Language,
        };
        var result = await library.AddVersionAsync(id, new DocumentUpload(form.FileName, form.Content, AdminAccess.Actor(request.HttpContext).Name, fields, form.Publish), ct);
        await audit.RecordAsync(KnowledgeAudit.Uploaded(audit, request.HttpContext, "kb.document.version", current, result));
        return result.Outcome == IngestOutcome.Unchanged
            ? TypedResults.Ok(result.ToResponse())
            : TypedResults.Created($"{Prefix}/documents/{id}/versions/{result.Version}", result.ToResponse());
    }

    /// <summary>
    /// Publishes a version. With the publishing rules on, a draft must have been in review and the publisher must not be
    /// its author; a refusal by the rules is a 409 or 403 ProblemDetails and is audited as refused.
    /// </summary>
    private static async Task<NoContent> PublishAsync(
        KnowledgeLibrary library, AuditLog audit, HttpContext http, Guid id, int version, CancellationToken ct)
    {
        var before = await library.GetAsync(id, ct);
        DocumentDetail after;
        try
        {
            after = await library.PublishAsync(id, version, AdminAccess.Actor(http).Name, ct);
        }
        catch (KnowledgeException refused) when (refused.Kind is KnowledgeErrorKind.Conflict or KnowledgeErrorKind.Forbidden)
        {
            await audit.RecordAsync(KnowledgeAudit.Refused(audit, http, "kb.document.publish", version, before, refused.Kind));
            throw;
        }

        await audit.RecordAsync(KnowledgeAudit.VersionChanged(audit, http, "kb.document.publish", version, before, after));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SubmitForReviewAsync(
        KnowledgeLibrary library, AuditLog audit, HttpContext http, Guid id, int version, CancellationToken ct)
    {
        var before = await library.GetAsync(id, ct);
        var after = await library.SubmitForReviewAsync(id, version, AdminAccess.Actor(http).Name, ct);
        await audit.RecordAsync(KnowledgeAudit.VersionChanged(audit, http, "kb.document.submit", version, before, after));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReturnToDraftAsync(
        KnowledgeLibrary library, AuditLog audit, HttpContext http, Guid id, int version, CancellationToken ct)
    {
        var before = await library.GetAsync(id, ct);
        var after = await library.ReturnToDraftAsync(id, version, AdminAccess.Actor(http).Name, ct);
        await audit.RecordAsync(KnowledgeAudit.VersionChanged(audit, http, "kb.document.return", version, before, after));
        return TypedResults.NoContent();
    }

    /// <summary>A line diff of two versions' Markdown (<c>?from=1&amp;to=2</c>), oldest first or not.</summary>
    private static async Task<Results<Ok<DiffResponse>, ValidationProblem>> DiffAsync(
        KnowledgeLibrary library, Guid id, string? from, string? to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!int.TryParse(from, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fromVersion) || fromVersion < 1)
        {
            errors["from"] = ["from is the version number to compare from (1 or more)."];
        }

        if (!int.TryParse(to, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var toVersion) || toVersion < 1)
        {
            errors["to"] = ["to is the version number to compare with (1 or more)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok((await library.DiffAsync(id, fromVersion, toVersion, ct)).ToResponse());
    }

    /// <summary>Citations per version, 👍 / 👎 counts and the latest 👎 with the (masked) message it was given on.</summary>
    private static async Task<Ok<DocumentUsageResponse>> UsageAsync(
        KnowledgeLibrary library, IDbContextFactory<StateDbContext> dbFactory, PersonalDataMasker masker, Guid id, CancellationToken ct)
    {
        var detail = await library.GetAsync(id, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return TypedResults.Ok(await KnowledgeUsage.ForDocumentAsync(
            db, masker, id, [.. detail.Versions.Select(v => (v.Version, v.Status.ToWire()))], ct));
    }

    /// <summary>
    /// The console editor's preview: the Markdown parsed and chunked as an upload would be, returned as the passages the
    /// bot would quote and the reasons it would be refused. Nothing is stored.
    /// </summary>
    private static async Task<Results<Ok<PreviewResponse>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        KnowledgeLibrary library, IOptions<KnowledgeOptions> options, HttpContext http, CancellationToken ct)
    {
        var (request, refused) = await ReadPreviewAsync(http.Request, DocumentUploadForms.RequestLimit(options.Value), ct);
        if (refused is not null)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request?.Markdown is null)
        {
            errors["markdown"] = ["markdown is the document's text."];
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(request.Markdown) > options.Value.MaxDocumentBytes)
        {
            errors["markdown"] = ["markdown is larger than the largest document accepted."];
        }

        Audience? audience = null;
        if (!string.IsNullOrWhiteSpace(request?.Audience))
        {
            if (Audiences.TryParse(request.Audience, out var parsed))
            {
                audience = parsed;
            }
            else
            {
                errors["audience"] = ["audience must be customer, employee or everyone."];
            }
        }

        if (!KnowledgeWire.TryParseLanguage(request?.Language, out var language))
        {
            errors["language"] = ["language must be en or id."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var fields = new Knowledge.Documents.DocumentFields(
            Blank(request!.Title), Blank(request.Owner), audience, language, null, request.EffectiveFrom, request.EffectiveTo);
        var preview = library.Preview(new DocumentUpload(
            "preview.md", System.Text.Encoding.UTF8.GetBytes(request.Markdown!), AdminAccess.Actor(http).Name, fields));
        return TypedResults.Ok(preview.ToResponse());
    }

    /// <summary>
    /// The preview's JSON body, read here rather than bound, so that every way it can be wrong (not JSON, malformed, too
    /// large) is a 4xx ProblemDetails and never an exception. Up to the upload limit: a preview may be as large as a document.
    /// </summary>
    private static async Task<(MarkdownPreviewRequest? Body, ProblemHttpResult? Refused)> ReadPreviewAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type", detail: "Send the preview as application/json."));
        }

        var tooLarge = TypedResults.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "The document is too large", detail: "The Markdown is larger than the largest document accepted.");
        if (request.ContentLength > limit)
        {
            return (null, tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return (JsonSerializer.Deserialize<MarkdownPreviewRequest>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Hosting.InboundJson.Web), null);
        }
        catch (JsonException)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON",
                detail: "The body must be {\"markdown\": \"…\"} with optional title, owner, audience, language, effectiveFrom and effectiveTo (yyyy-MM-dd)."));
        }
    }

    /// <summary>Publishing in the same request as the upload skips review and is the author publishing: refused when a rule is on.</summary>
    private static ProblemHttpResult? PublishOnUploadRefused(KnowledgeLibrary library, DocumentUploadForm form)
    {
        var rules = library.PublishingRules;
        if (!form.Publish || !(rules.RequireReview || rules.TwoPersonRule))
        {
            return null;
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The request conflicts with the knowledge base",
            detail: rules.RequireReview
                ? "Versions must be reviewed before they are published (Knowledge:Publishing:RequireReview): upload without publish, then submit it for review."
                : "The author of a version cannot publish it (Knowledge:Publishing:TwoPersonRule): upload without publish and ask another admin to publish it.");
    }

    private static async Task<NoContent> RetireAsync(
        KnowledgeLibrary library, AuditLog audit, HttpContext http, Guid id, int version, CancellationToken ct)
    {
        var before = await library.GetAsync(id, ct);
        var after = await library.RetireAsync(id, version, AdminAccess.Actor(http).Name, ct);
        await audit.RecordAsync(KnowledgeAudit.VersionChanged(audit, http, "kb.document.retire", version, before, after));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DeleteAsync(KnowledgeLibrary library, AuditLog audit, HttpContext http, Guid id, CancellationToken ct)
    {
        var before = await library.GetAsync(id, ct);
        await library.DeleteAsync(id, AdminAccess.Actor(http).Name, ct);
        await audit.RecordAsync(KnowledgeAudit.Deleted(audit, http, before));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ReindexResponse>> ReindexAsync(KnowledgeLibrary library, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var documents = 0;
        var chunks = await library.ReindexAsync(new SynchronousProgress<(int Done, int Total)>(p => documents = p.Total), ct);
        await audit.RecordAsync(audit.Entry(AdminAccess.Actor(http), "kb.reindex", "kb.index", library.Index.Name, null, new { documents, chunks }));
        return TypedResults.Ok(new ReindexResponse(chunks, documents, library.Index.Name));
    }

    /// <summary>
    /// The ranking behind an answer, for admins: <paramref name="q"/> searched as a customer or an employee reads (published,
    /// effective, their audiences), in <paramref name="language"/> (guessed when absent), by <paramref name="mode"/>.
    /// </summary>
    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        KnowledgeSearch search,
        KnowledgeClock clock,
        IOptions<KnowledgeOptions> options,
        string? q,
        string? language,
        string? mode,
        int? limit,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "as")] string? reader,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(q) || q.Length > 1000)
        {
            errors["q"] = ["q is the question to search for, 1 to 1000 characters."];
        }

        if (!KnowledgeWire.TryParseLanguage(language, out var questionLanguage))
        {
            errors["language"] = ["language must be en or id."];
        }

        if (!KnowledgeWire.TryParseMode(mode, out var searchMode))
        {
            errors["mode"] = ["mode must be hybrid, vector or lexical."];
        }

        if (!KnowledgeWire.TryParseReader(reader, out var readerKind))
        {
            errors["as"] = ["as must be customer or employee."];
        }

        if (limit is < 1 or > 50)
        {
            errors["limit"] = ["limit must be between 1 and 50."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var minimum = options.Value.MinimumSimilarity;
        var hits = await search.SearchAsync(
            q!, questionLanguage, new IndexFilter(Audiences.ReadableBy(readerKind), clock.Today), limit ?? 10, searchMode, ct);
        return TypedResults.Ok(new SearchResponse(
            q!,
            KnowledgeWire.ReaderWire(readerKind),
            searchMode.ToWire(),
            minimum,
            [.. hits.Select((hit, i) => new SearchHitResponse(
                i + 1,
                hit.Chunk.DocumentId,
                hit.Chunk.Version,
                hit.Chunk.Title,
                hit.Chunk.HeadingPath,
                hit.Chunk.Audience.ToWire(),
                hit.Chunk.Language,
                hit.Score,
                hit.Similarity,
                hit.LexicalRank,
                hit.Similarity >= minimum,
                hit.Chunk.Text))]));
    }

    /// <summary>The library's refusals, as the ProblemDetails an admin (or the admin console) can act on.</summary>
    private static async ValueTask<object?> RefusalsAsProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (KnowledgeException exception)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KnowledgeAdminEndpoints));
            var request = context.HttpContext.Request;
            var path = request.Path.Value ?? "";
            LogRefused(logger, exception.Kind, request.Method, path, exception.Message);
            var (status, title) = exception.Kind switch
            {
                KnowledgeErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                KnowledgeErrorKind.Conflict => (StatusCodes.Status409Conflict, "The request conflicts with the knowledge base"),
                KnowledgeErrorKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "The document is too large"),
                KnowledgeErrorKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "The knowledge base is unavailable"),
                KnowledgeErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Not allowed by the publishing rules"),
                _ => (StatusCodes.Status400BadRequest, "The document was not accepted"),
            };
            return TypedResults.Problem(statusCode: status, title: title, detail: exception.Message);
        }
        catch (EmbeddingServiceException exception)
        {
            // A search's question could not be embedded (the remote embedding endpoint failed); nothing changed.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "The knowledge base is unavailable", detail: exception.Message);
        }
    }


    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge admin request refused ({Kind}): {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, KnowledgeErrorKind kind, string method, string path, string reason);

    /// <summary><c>[RequestSizeLimit]</c> for an endpoint: Kestrel applies it to the request before the body is read.</summary>
    private sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
