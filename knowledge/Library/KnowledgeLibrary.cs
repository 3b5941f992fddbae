using System.Security.Cryptography;
using System.Runtime.InteropServices;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Embeddings;
using HelpdeskBot.Knowledge.Indexing;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>
/// The documents of the knowledge base and their lifecycle: upload (a new document or a new version of one), publish,
/// retire, delete, list, reindex. Every version is kept with its chunks and vectors; only published versions are in the
/// search index. A file is parsed, chunked and embedded before anything is written, and the database changes in one
/// transaction, so a file that fails anywhere leaves the knowledge base exactly as it was — the published version
/// keeps serving.
/// </summary>
public sealed partial class KnowledgeLibrary : IDisposable
{
    private readonly IDbContextFactory<KnowledgeDbContext> databases;
    private readonly IKnowledgeIndex index;
    private readonly IEmbeddingGenerator<string, Embedding<float>> embedder;
    private readonly KnowledgeClock clock;
    private readonly IOptions<KnowledgeOptions> options;
    private readonly ILogger<KnowledgeLibrary> logger;

    internal KnowledgeLibrary(
        IDbContextFactory<KnowledgeDbContext> databases,
        IKnowledgeIndex index,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        KnowledgeClock clock,
        IOptions<KnowledgeOptions> options,
        ILogger<KnowledgeLibrary> logger)
    {
        this.databases = databases;
        this.index = index;
        this.embedder = embedder;
        this.clock = clock;
        this.options = options;
        this.logger = logger;
        cache = new EmbeddingCache(options.Value.EmbeddingCachePath);
    }

    private readonly EmbeddingCache cache;

    // One writer at a time: version numbers and the published version of a document are read, then changed.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    // What the database says is published, checked against every search hit: if an index update half-failed (the index
    // went down between two calls), a draft or retired version the index still holds is never quoted.
    private volatile HashSet<(Guid DocumentId, int Version)> _published = [];

    public IKnowledgeIndex Index => index;

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Whether the database says this version is published (whatever the index says).</summary>
    public bool IsPublished(Guid documentId, int version) => _published.Contains((documentId, version));

    /// <summary>
    /// Creates or upgrades the database (migrations, unless <see cref="KnowledgeOptions.MigrateOnStart"/> is off) and the
    /// index if they do not exist yet; idempotent.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(options.Value.MigrateOnStart, cancellationToken).ConfigureAwait(false);

        var dimensions = await embedder.GetDimensionsAsync(cancellationToken).ConfigureAwait(false);
        var reachable = true;
        try
        {
            await index.EnsureCreatedAsync(dimensions, cancellationToken).ConfigureAwait(false);
        }
        catch (KnowledgeIndexUnavailableException exception)
        {
            reachable = false;
            // A remote index that is down must not keep the bot from starting: questions are answered from the database's
            // lexical fallback until it is back, and readiness says it is down. (A collection that does not exist yet is
            // created by the next start, or by kb reindex.)
            LogIndexUnavailableAtStart(logger, exception, index.Name);
        }

        _indexReady = reachable;
        await RefreshPublishedAsync(cancellationToken).ConfigureAwait(false);

        // A new instance over a shared (PostgreSQL) database starts with an empty embedded index of its own: it is built
        // from the published versions' stored vectors, as kb reindex would.
        // (Not while a remote index is down: the first sync after it is back fills it.)
        if (reachable && _published.Count > 0 && await index.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            var chunks = await ReindexAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            LogIndexBuilt(logger, chunks);
        }

        // An index that outlived a stop (the embedded file, a Qdrant collection) missed what other instances changed
        // meanwhile: compared with the database, version by version, and put right before the host serves.
        if (reachable)
        {
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(bool migrate, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await KnowledgeDatabase.MigrateAsync(db, migrate, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes (to another instance) whenever the published versions change: a fallback index built from them is stale then.</summary>
    internal object PublishedGeneration => _published;

    /// <summary>
    /// Every chunk of every published version, as the index holds them (vectors included), read from the database: what a
    /// fallback index is built from while the real one is unreachable.
    /// </summary>
    internal async Task<IReadOnlyList<IndexedChunk>> PublishedChunksAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var versions = await db.Versions.AsNoTracking().Where(v => v.Status == DocumentStatus.Published)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var chunks = new List<IndexedChunk>();
        foreach (var version in versions)
        {
            var rows = await db.Chunks.AsNoTracking()
                .Where(c => c.DocumentId == version.DocumentId && c.Version == version.Version)
                .OrderBy(c => c.Ordinal)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            chunks.AddRange(rows.Select(c => ToIndexed(version, c, version.Status)));
        }

        return chunks;
    }

    private async Task RefreshPublishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var published = await db.Versions.Where(v => v.Status == DocumentStatus.Published)
            .Select(v => new { v.DocumentId, v.Version }).ToListAsync(cancellationToken).ConfigureAwait(false);
        _published = published.Select(v => (v.DocumentId, v.Version)).ToHashSet();
    }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return !await db.Documents.AnyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new document. Its title must not be taken by another document.</summary>
    public Task<IngestResult> CreateAsync(DocumentUpload upload, CancellationToken cancellationToken = default) =>
        WriteAsync(upload, documentId: null, matchByTitle: false, cancellationToken);

    /// <summary>A new version of an existing document (an edit); the old versions stay, citable.</summary>
    public Task<IngestResult> AddVersionAsync(Guid documentId, DocumentUpload upload, CancellationToken cancellationToken = default) =>
        WriteAsync(upload, documentId, matchByTitle: false, cancellationToken);

    /// <summary>
    /// The CLI's and the seed's upload: a file whose title names an existing document becomes its new version, unless
    /// it is byte for byte the latest version, which is left alone (and published if asked).
    /// </summary>
    public Task<IngestResult> IngestAsync(DocumentUpload upload, CancellationToken cancellationToken = default) =>
        WriteAsync(upload, documentId: null, matchByTitle: true, cancellationToken);

    public async Task<DocumentDetail> PublishAsync(Guid documentId, int version, string actor, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var row = await FindVersionAsync(db, documentId, version, cancellationToken).ConfigureAwait(false);
            if (row.Status == DocumentStatus.Published)
            {
                return await DetailAsync(db, documentId, cancellationToken).ConfigureAwait(false);
            }

            if (row.Status == DocumentStatus.Retired)
            {
                throw new KnowledgeException(
                    KnowledgeErrorKind.Conflict,
                    $"Version {version} of \"{row.Title}\" is retired and cannot be published again; upload it as a new version.");
            }

            CheckPublishingRules(row, actor);
            await PublishRowAsync(db, row, actor, cancellationToken).ConfigureAwait(false);
            return await DetailAsync(db, documentId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await AfterWriteAsync().ConfigureAwait(false);
            _writeGate.Release();
        }
    }

    public async Task<DocumentDetail> RetireAsync(Guid documentId, int version, string actor, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var row = await FindVersionAsync(db, documentId, version, cancellationToken).ConfigureAwait(false);
            if (row.Status != DocumentStatus.Retired)
            {
                // Out of the index first: if that fails the version is still published and still findable, never half-retired.
                await IndexCallAsync(() => index.DeleteAsync(documentId, version, cancellationToken)).ConfigureAwait(false);
                row.Status = DocumentStatus.Retired;
                row.RetiredAt = clock.Now;
                row.RetiredBy = actor;
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                LogRetired(logger, documentId, version, actor);
            }

            return await DetailAsync(db, documentId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await AfterWriteAsync().ConfigureAwait(false);
            _writeGate.Release();
        }
    }

    public async Task DeleteAsync(Guid documentId, string actor, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var document = await db.Documents.FindAsync([documentId], cancellationToken).ConfigureAwait(false)
                ?? throw NotFound(documentId);
            await IndexCallAsync(() => index.DeleteAsync(documentId, null, cancellationToken)).ConfigureAwait(false);
            db.Documents.Remove(document);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogDeleted(logger, documentId, actor);
        }
        finally
        {
            await AfterWriteAsync().ConfigureAwait(false);
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<DocumentSummary>> ListAsync(DocumentListFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new DocumentListFilter();
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // Everything but the Markdown, which a list never shows.
        var versions = await db.Versions.AsNoTracking()
            .Select(v => new VersionRow
            {
                DocumentId = v.DocumentId, Version = v.Version, Title = v.Title, Owner = v.Owner, Audience = v.Audience,
                Language = v.Language, Status = v.Status, CreatedAt = v.CreatedAt, PublishedAt = v.PublishedAt, RetiredAt = v.RetiredAt,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return versions
            .GroupBy(v => v.DocumentId)
            .Select(Summarize)
            .Where(s => filter.Status is null || s.LatestStatus == filter.Status || (filter.Status == DocumentStatus.Published && s.PublishedVersion is not null))
            .Where(s => filter.Audience is null || s.Audience == filter.Audience)
            .Where(s => filter.Language is null || string.Equals(s.Language, filter.Language, StringComparison.OrdinalIgnoreCase))
            .Where(s => filter.Owner is null || s.Owner.Contains(filter.Owner, StringComparison.OrdinalIgnoreCase))
            .Where(s => filter.TitleContains is null || s.Title.Contains(filter.TitleContains, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Title, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public async Task<DocumentDetail> GetAsync(Guid documentId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await DetailAsync(db, documentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One version as Markdown, for display and diffs; any status, so old versions stay citable.</summary>
    public async Task<(VersionInfo Version, string Markdown)> GetVersionAsync(Guid documentId, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await FindVersionAsync(db, documentId, version, cancellationToken).ConfigureAwait(false);
        var chunks = await db.Chunks.CountAsync(c => c.DocumentId == documentId && c.Version == version, cancellationToken).ConfigureAwait(false);
        return (Describe(row, chunks), row.Markdown);
    }

    /// <summary>
    /// Rebuilds the index from the database: every published version is put back (re-embedded when its vectors come from
    /// another model), and nothing else is left in it. Reports each document done.
    /// </summary>
    public async Task<int> ReindexAsync(IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var documents = await db.Documents.Select(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            var chunkCount = 0;
            for (var i = 0; i < documents.Count; i++)
            {
                var documentId = documents[i];
                await IndexCallAsync(() => index.DeleteAsync(documentId, null, cancellationToken)).ConfigureAwait(false);
                var published = await db.Versions
                    .Where(v => v.DocumentId == documentId && v.Status == DocumentStatus.Published)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                foreach (var version in published)
                {
                    var chunks = await db.Chunks
                        .Where(c => c.DocumentId == documentId && c.Version == version.Version)
                        .OrderBy(c => c.Ordinal)
                        .ToListAsync(cancellationToken).ConfigureAwait(false);
                    var model = EmbeddingKey(version.Language);
                    if (version.EmbeddingModel != model)
                    {
                        var vectors = await cache.EmbedAsync(embedder, chunks.Select(c => EmbeddingText(version.Title, c.HeadingPath, c.Text, version.Language)).ToArray(), cancellationToken)
                            .ConfigureAwait(false);
                        for (var c = 0; c < chunks.Count; c++)
                        {
                            chunks[c].Vector = ToBytes(vectors[c]);
                        }

                        version.EmbeddingModel = model;
                    }

                    await IndexCallAsync(() => index.UpsertAsync(chunks.Select(c => ToIndexed(version, c, version.Status)).ToArray(), cancellationToken)).ConfigureAwait(false);
                    chunkCount += chunks.Count;
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                progress?.Report((i + 1, documents.Count));
            }

            return chunkCount;
        }
        finally
        {
            await AfterWriteAsync().ConfigureAwait(false);
            _writeGate.Release();
        }
    }

    private async Task<IngestResult> WriteAsync(DocumentUpload upload, Guid? documentId, bool matchByTitle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var prepared = await PrepareAsync(upload, cancellationToken).ConfigureAwait(false);

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var titleKey = TitleKey(prepared.Title);
            var holder = await db.Documents.FirstOrDefaultAsync(d => d.TitleKey == titleKey, cancellationToken).ConfigureAwait(false);
            if (matchByTitle && holder is not null)
            {
                documentId = holder.Id;
            }

            DocumentRow document;
            int number;
            if (documentId is { } id)
            {
                document = await db.Documents.FindAsync([id], cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
                if (holder is not null && holder.Id != id)
                {
                    throw DuplicateTitle(prepared.Title);
                }

                var latest = await db.Versions.Where(v => v.DocumentId == id).OrderByDescending(v => v.Version)
                    .FirstAsync(cancellationToken).ConfigureAwait(false);
                if (latest.ContentHash == prepared.Hash && SameFields(latest, prepared))
                {
                    if (prepared.Status == DocumentStatus.Published && latest.Status == DocumentStatus.Draft)
                    {
                        await PublishRowAsync(db, latest, upload.Actor, cancellationToken).ConfigureAwait(false);
                    }

                    return new IngestResult(
                        await DetailAsync(db, id, cancellationToken).ConfigureAwait(false), latest.Version, IngestOutcome.Unchanged, prepared.Chunks.Count);
                }

                number = latest.Version + 1;
                document.TitleKey = titleKey;
            }
            else
            {
                if (holder is not null)
                {
                    throw DuplicateTitle(prepared.Title);
                }

                document = new DocumentRow { Id = Guid.NewGuid(), TitleKey = titleKey, CreatedAt = clock.Now };
                db.Documents.Add(document);
                number = 1;
            }

            var row = new VersionRow
            {
                DocumentId = document.Id,
                Version = number,
                Title = prepared.Title,
                Owner = prepared.Owner,
                Audience = prepared.Audience,
                Language = prepared.Language,
                Status = prepared.Status == DocumentStatus.Retired ? DocumentStatus.Retired : DocumentStatus.Draft,
                EffectiveFrom = prepared.EffectiveFrom,
                EffectiveTo = prepared.EffectiveTo,
                SourceFileName = Path.GetFileName(upload.FileName),
                ContentHash = prepared.Hash,
                SizeBytes = upload.Content.Length,
                Markdown = prepared.Markdown,
                EmbeddingModel = prepared.Model,
                CreatedAt = clock.Now,
                CreatedBy = upload.Actor,
            };
            db.Versions.Add(row);
            for (var i = 0; i < prepared.Chunks.Count; i++)
            {
                db.Chunks.Add(new ChunkRow
                {
                    Id = ChunkId(document.Id, number, i),
                    DocumentId = document.Id,
                    Version = number,
                    Ordinal = i,
                    HeadingPath = prepared.Chunks[i].HeadingPath,
                    Text = prepared.Chunks[i].Text,
                    Vector = ToBytes(prepared.Vectors[i]),
                });
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogStored(logger, document.Id, number, prepared.Chunks.Count, upload.Actor);

            // Stored as a draft first: if publishing fails (the index is down) the new version waits as a draft and the
            // previous published version keeps serving.
            if (prepared.Status == DocumentStatus.Published)
            {
                await PublishRowAsync(db, row, upload.Actor, cancellationToken).ConfigureAwait(false);
            }

            return new IngestResult(
                await DetailAsync(db, document.Id, cancellationToken).ConfigureAwait(false),
                number,
                number == 1 ? IngestOutcome.Created : IngestOutcome.NewVersion,
                prepared.Chunks.Count);
        }
        finally
        {
            await AfterWriteAsync().ConfigureAwait(false);
            _writeGate.Release();
        }
    }

    private async Task PublishRowAsync(KnowledgeDbContext db, VersionRow row, string actor, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        if (row.EffectiveTo is { } to && to < today)
        {
            throw new KnowledgeException(
                KnowledgeErrorKind.Invalid,
                $"Version {row.Version} of \"{row.Title}\" stopped being effective on {to:yyyy-MM-dd}; set a later effective_to to publish it.");
        }

        var chunks = await db.Chunks.Where(c => c.DocumentId == row.DocumentId && c.Version == row.Version)
            .OrderBy(c => c.Ordinal).ToListAsync(cancellationToken).ConfigureAwait(false);
        var others = await db.Versions
            .Where(v => v.DocumentId == row.DocumentId && v.Version != row.Version && v.Status == DocumentStatus.Published)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        await IndexCallAsync(() => index.UpsertAsync(chunks.Select(c => ToIndexed(row, c, DocumentStatus.Published)).ToArray(), cancellationToken))
            .ConfigureAwait(false);
        try
        {
            // The new version takes over from the old ones on its first effective day: until then they keep serving.
            var handover = row.EffectiveFrom is { } from && from > today ? from : (DateOnly?)null;
            foreach (var other in others)
            {
                if (handover is { } start && (other.EffectiveFrom is null || other.EffectiveFrom < start))
                {
                    var lastDay = start.AddDays(-1);
                    if (other.EffectiveTo is null || other.EffectiveTo > lastDay)
                    {
                        other.EffectiveTo = lastDay;
                        var otherChunks = await db.Chunks.Where(c => c.DocumentId == other.DocumentId && c.Version == other.Version)
                            .ToListAsync(cancellationToken).ConfigureAwait(false);
                        await IndexCallAsync(() => index.UpsertAsync(otherChunks.Select(c => ToIndexed(other, c, other.Status)).ToArray(), cancellationToken))
                            .ConfigureAwait(false);
                    }
                }
                else
                {
                    await IndexCallAsync(() => index.DeleteAsync(other.DocumentId, other.Version, cancellationToken)).ConfigureAwait(false);
                    other.Status = DocumentStatus.Retired;
                    other.RetiredAt = clock.Now;
                    other.RetiredBy = actor;
                }
            }

            row.Status = DocumentStatus.Published;
            row.PublishedAt = clock.Now;
            row.PublishedBy = actor;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The database still says what it said before; make the index say it too, so a draft never serves.
            await RestoreIndexAsync(db, row, others).ConfigureAwait(false);
            throw;
        }

        LogPublished(logger, row.DocumentId, row.Version, actor);
    }

    private async Task RestoreIndexAsync(KnowledgeDbContext db, VersionRow row, IReadOnlyList<VersionRow> others)
    {
        try
        {
            await index.DeleteAsync(row.DocumentId, row.Version, CancellationToken.None).ConfigureAwait(false);
            foreach (var other in others)
            {
                var entry = db.Entry(other);
                await entry.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
                var chunks = await db.Chunks.AsNoTracking().Where(c => c.DocumentId == other.DocumentId && c.Version == other.Version)
                    .ToListAsync(CancellationToken.None).ConfigureAwait(false);
                await index.UpsertAsync(chunks.Select(c => ToIndexed(other, c, other.Status)).ToArray(), CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The publish error is what the caller needs; this one is logged for the operator.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogRestoreFailed(logger, exception, row.DocumentId, row.Version);
        }
    }

    private async Task<Prepared> PrepareAsync(DocumentUpload upload, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (upload.Content.LongLength > settings.MaxDocumentBytes)
        {
            throw new KnowledgeException(
                KnowledgeErrorKind.TooLarge,
                $"{Path.GetFileName(upload.FileName)} is {upload.Content.LongLength / (1024.0 * 1024):0.0} MB; the largest document accepted is " +
                $"{settings.MaxDocumentBytes / (1024.0 * 1024):0.#} MB. Split it into smaller documents.");
        }

        ParsedDocument parsed;
        try
        {
            parsed = DocumentParser.Parse(upload.FileName, upload.Content);
        }
        catch (DocumentFormatException exception)
        {
            throw new KnowledgeException(KnowledgeErrorKind.Invalid, $"{Path.GetFileName(upload.FileName)}: {exception.Message}", exception);
        }

        var file = parsed.Fields;
        var given = upload.Fields ?? new DocumentFields();
        var title = (file.Title ?? given.Title ?? Path.GetFileNameWithoutExtension(upload.FileName)).Trim();
        if (title.Length is 0 or > 200)
        {
            throw new KnowledgeException(KnowledgeErrorKind.Invalid, "A document needs a title of 1 to 200 characters.");
        }

        var chunker = new TextChunker(new ChunkingOptions { MaxCharacters = settings.ChunkCharacters, OverlapCharacters = settings.ChunkOverlapCharacters });
        var pieces = chunker.Split(parsed);
        if (pieces.Count == 0)
        {
            throw new KnowledgeException(KnowledgeErrorKind.Invalid, $"{Path.GetFileName(upload.FileName)} has no text to index.");
        }

        var language = (file.Language ?? given.Language ?? LanguageGuess.Of(parsed)).ToLowerInvariant();
        var chunks = pieces.Select(p => (HeadingPath: SectionOf(title, p.HeadingPath), p.Text)).ToArray();
        float[][] vectors;
        try
        {
            vectors = await cache.EmbedAsync(embedder, chunks.Select(c => EmbeddingText(title, c.HeadingPath, c.Text, language)).ToArray(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (EmbeddingServiceException exception)
        {
            throw new KnowledgeException(KnowledgeErrorKind.Unavailable, "The embedding service failed; nothing was changed. " + exception.Message, exception);
        }

        var effectiveFrom = file.EffectiveFrom ?? given.EffectiveFrom;
        var effectiveTo = file.EffectiveTo ?? given.EffectiveTo;
        if (effectiveFrom is { } f && effectiveTo is { } t && t < f)
        {
            throw new KnowledgeException(KnowledgeErrorKind.Invalid, $"effective_to ({t:yyyy-MM-dd}) is before effective_from ({f:yyyy-MM-dd}).");
        }

        var status = file.Status ?? given.Status ?? (upload.Publish ? DocumentStatus.Published : DocumentStatus.Draft);
        if (upload.Publish && file.Status is null)
        {
            status = DocumentStatus.Published;
        }

        return new Prepared(
            title,
            (file.Owner ?? given.Owner ?? upload.Actor).Trim(),
            // A document that says nothing about its readers is internal: a forgotten field must not publish to customers.
            file.Audience ?? given.Audience ?? Audience.Employee,
            language,
            status,
            effectiveFrom,
            effectiveTo,
            Convert.ToHexString(SHA256.HashData(upload.Content)),
            parsed.ToMarkdown(),
            chunks,
            vectors,
            EmbeddingKey(language));
    }

    private static bool SameFields(VersionRow row, Prepared prepared) =>
        row.Title == prepared.Title && row.Owner == prepared.Owner && row.Audience == prepared.Audience
        && row.Language == prepared.Language && row.EffectiveFrom == prepared.EffectiveFrom && row.EffectiveTo == prepared.EffectiveTo
        && (row.Status == DocumentStatus.Retired) == (prepared.Status == DocumentStatus.Retired);

    private static async Task<VersionRow> FindVersionAsync(KnowledgeDbContext db, Guid documentId, int version, CancellationToken cancellationToken) =>
        await db.Versions.FindAsync([documentId, version], cancellationToken).ConfigureAwait(false)
        ?? throw new KnowledgeException(KnowledgeErrorKind.NotFound, $"Document {documentId} has no version {version}.");

    private static async Task<DocumentDetail> DetailAsync(KnowledgeDbContext db, Guid documentId, CancellationToken cancellationToken)
    {
        var versions = await db.Versions.AsNoTracking().Where(v => v.DocumentId == documentId).OrderBy(v => v.Version)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw NotFound(documentId);
        }

        var counts = await db.Chunks.Where(c => c.DocumentId == documentId).GroupBy(c => c.Version)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken).ConfigureAwait(false);
        return new DocumentDetail(Summarize(versions), versions.Select(v => Describe(v, counts.GetValueOrDefault(v.Version))).ToArray());
    }

    private static DocumentSummary Summarize(IEnumerable<VersionRow> versions)
    {
        var ordered = versions.OrderBy(v => v.Version).ToArray();
        var latest = ordered[^1];
        var published = ordered.LastOrDefault(v => v.Status == DocumentStatus.Published);
        var shown = published ?? latest;
        return new DocumentSummary(
            latest.DocumentId,
            latest.Title,
            shown.Owner,
            shown.Audience,
            shown.Language,
            latest.Version,
            latest.Status,
            published?.Version,
            ordered.Max(v => Latest(v)));
    }

    private static DateTimeOffset Latest(VersionRow row) =>
        new[] { row.CreatedAt, row.PublishedAt ?? row.CreatedAt, row.RetiredAt ?? row.CreatedAt }.Max();

    private static VersionInfo Describe(VersionRow v, int chunks) => new(
        v.Version, v.Title, v.Owner, v.Audience, v.Language, v.Status, v.EffectiveFrom, v.EffectiveTo, v.SourceFileName, v.SizeBytes,
        chunks, v.CreatedAt, v.CreatedBy, v.PublishedAt, v.PublishedBy, v.RetiredAt, v.RetiredBy);

    private static IndexedChunk ToIndexed(VersionRow version, ChunkRow chunk, DocumentStatus status) => new(
        chunk.Id,
        chunk.DocumentId,
        chunk.Version,
        chunk.Ordinal,
        version.Title,
        chunk.HeadingPath,
        chunk.Text,
        LexicalText(version.Title, chunk.HeadingPath, chunk.Text, version.Language),
        version.Audience,
        version.Language,
        status,
        version.EffectiveFrom,
        version.EffectiveTo,
        MemoryMarshal.Cast<byte, float>(chunk.Vector).ToArray());

    /// <summary>
    /// What is embedded for a chunk: where it sits carries meaning the paragraph alone may not repeat. An Indonesian chunk
    /// is embedded through its English gloss (<see cref="BilingualLexicon.ToEnglish"/>): the model is English-trained, so
    /// the gloss is what English questions, and the gloss of Indonesian ones, can meet; measured in
    /// docs/knowledge-benchmarks.md. The passage quoted is always the original text.
    /// </summary>
    internal static string EmbeddingText(string title, string headingPath, string text, string? language = null)
    {
        var header = string.IsNullOrEmpty(headingPath) ? title : $"{title} › {headingPath}";
        if (!IsIndonesian(language))
        {
            return $"{header}\n{text}";
        }

        var lexicon = BilingualLexicon.Default;
        return $"{lexicon.ToEnglish(header)}\n{lexicon.ToEnglish(text)}";
    }

    /// <summary>
    /// The terms a chunk is matched by on the lexical side: its title, section and text analysed in its language, and
    /// for an Indonesian chunk also the English renderings of its words, so that an English question's words find it.
    /// </summary>
    internal static string LexicalText(string title, string headingPath, string text, string? language)
    {
        var own = TextAnalyzer.Analyze(title + "\n" + headingPath + "\n" + text, language);
        return IsIndonesian(language)
            ? own + " " + TextAnalyzer.Analyze(BilingualLexicon.Default.EnglishTerms(title + "\n" + headingPath + "\n" + text), "en")
            : own;
    }

    private static bool IsIndonesian(string? language) => string.Equals(language, "id", StringComparison.OrdinalIgnoreCase);

    // Stored with each version's vectors: the model and the recipe of EmbeddingText for the version's language. English
    // chunks are embedded as in recipe "g1"; Indonesian ones through the lexicon ("lex", with a fingerprint of its entries,
    // so that editing the lexicon makes kb reindex embed them again). A change to either makes kb reindex embed the version
    // again instead of mixing vectors of two recipes.
    private string EmbeddingKey(string language) =>
        embedder.ModelKey() + (IsIndonesian(language) ? "+lex-" + BilingualLexicon.Default.Fingerprint : "+g1");

    /// <summary>The section a chunk is cited by: its heading path without the top heading when that only repeats the title.</summary>
    internal static string SectionOf(string title, IReadOnlyList<string> headingPath)
    {
        var path = headingPath.Count > 0 && string.Equals(headingPath[0].Trim(), title.Trim(), StringComparison.OrdinalIgnoreCase)
            ? headingPath.Skip(1).ToArray()
            : headingPath;
        return TextChunker.HeadingPathText(path);
    }

    // Deterministic, so re-indexing a version replaces its points instead of adding new ones.
    internal static Guid ChunkId(Guid documentId, int version, int ordinal)
    {
        Span<byte> input = stackalloc byte[24];
        documentId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], version);
        BitConverter.TryWriteBytes(input[20..], ordinal);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }

    private static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static string TitleKey(string title) => string.Join(' ', title.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static KnowledgeException NotFound(Guid documentId) =>
        new(KnowledgeErrorKind.NotFound, $"There is no document {documentId}.");

    private static KnowledgeException DuplicateTitle(string title) =>
        new(KnowledgeErrorKind.Conflict, $"A document titled \"{title}\" already exists; upload a new version of it or choose another title.");

    private static async Task IndexCallAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (KnowledgeException or OperationCanceledException or ArgumentException))
        {
            throw new KnowledgeException(KnowledgeErrorKind.Unavailable, "The search index could not be updated; nothing was published or retired. Try again.", exception);
        }
    }

    private sealed record Prepared(
        string Title,
        string Owner,
        Audience Audience,
        string Language,
        DocumentStatus Status,
        DateOnly? EffectiveFrom,
        DateOnly? EffectiveTo,
        string Hash,
        string Markdown,
        IReadOnlyList<(string HeadingPath, string Text)> Chunks,
        float[][] Vectors,
        string Model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Index} knowledge index did not answer at start; policy questions are answered from the knowledge database's lexical fallback until it does")]
    private static partial void LogIndexUnavailableAtStart(ILogger logger, Exception exception, string index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored document {DocumentId} version {Version} ({Chunks} chunks) for {Actor}")]
    private static partial void LogStored(ILogger logger, Guid documentId, int version, int chunks, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published document {DocumentId} version {Version} by {Actor}")]
    private static partial void LogPublished(ILogger logger, Guid documentId, int version, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retired document {DocumentId} version {Version} by {Actor}")]
    private static partial void LogRetired(ILogger logger, Guid documentId, int version, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "The search index was empty and the database has published documents: indexed {Chunks} passages from the database")]
    private static partial void LogIndexBuilt(ILogger logger, int chunks);

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing document {DocumentId} version {Version} failed and the index could not be put back; run kb reindex")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception, Guid documentId, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted document {DocumentId} by {Actor}")]
    private static partial void LogDeleted(ILogger logger, Guid documentId, string actor);
}
