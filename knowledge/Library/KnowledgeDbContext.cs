using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>
/// Documents, their versions and the chunks (with vectors) of every version: the source of truth the indexes are built from.
/// Abstract: each provider has its own derived context (<see cref="SqliteKnowledgeDbContext"/>,
/// <see cref="PostgresKnowledgeDbContext"/>) so that each has its own migrations.
/// </summary>
internal abstract class KnowledgeDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<DocumentRow> Documents => Set<DocumentRow>();

    public DbSet<VersionRow> Versions => Set<VersionRow>();

    public DbSet<ChunkRow> Chunks => Set<ChunkRow>();

    /// <summary>The one row whose <see cref="KnowledgeChangeRow.Generation"/> every instance polls (<see cref="KnowledgeLibrary.SyncAsync"/>).</summary>
    public DbSet<KnowledgeChangeRow> Changes => Set<KnowledgeChangeRow>();

    /// <summary>
    /// Saves, and when the save changes what is published (a status, effective dates, vectors, a deletion) raises the
    /// change generation in the same transaction, so an instance that sees the old generation has not missed a change.
    /// The raise is one <c>UPDATE … SET generation = generation + 1</c>: on PostgreSQL it holds the row until commit, so
    /// two instances changing the knowledge base at once take turns and neither's raise is lost.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!ChangesWhatIsPublished())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        }

        var own = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            await Changes.Where(c => c.Id == KnowledgeChangeRow.SingleId)
                .ExecuteUpdateAsync(c => c.SetProperty(r => r.Generation, r => r.Generation + 1), cancellationToken).ConfigureAwait(false);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("The knowledge database is saved with SaveChangesAsync, which records the change generation.");

    // Drafts, reviews and newly stored versions are in no index, so storing or moving them between draft and review
    // changes nothing another instance must follow.
    private bool ChangesWhatIsPublished()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case DocumentRow when entry.State == EntityState.Deleted:
                case VersionRow when entry.State == EntityState.Deleted:
                case ChunkRow when entry.State is EntityState.Deleted or EntityState.Modified:
                    return true;
                case VersionRow when entry.State == EntityState.Modified:
                    var status = entry.Property(nameof(VersionRow.Status));
                    if ((status.IsModified && (Equals(status.CurrentValue, DocumentStatus.Published) || Equals(status.OriginalValue, DocumentStatus.Published)))
                        || entry.Property(nameof(VersionRow.EffectiveFrom)).IsModified
                        || entry.Property(nameof(VersionRow.EffectiveTo)).IsModified
                        || entry.Property(nameof(VersionRow.EmbeddingModel)).IsModified)
                    {
                        return true;
                    }

                    break;
                case VersionRow when entry.State == EntityState.Added && Equals(entry.Property(nameof(VersionRow.Status)).CurrentValue, DocumentStatus.Published):
                    return true;
            }
        }

        return false;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DocumentRow>(document =>
        {
            document.ToTable("documents");
            document.HasKey(d => d.Id);
            document.HasIndex(d => d.TitleKey).IsUnique();
        });
        modelBuilder.Entity<VersionRow>(version =>
        {
            version.ToTable("document_versions");
            version.HasKey(v => new { v.DocumentId, v.Version });
            version.HasOne<DocumentRow>().WithMany().HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Cascade);
            version.HasIndex(v => v.Status);
        });
        modelBuilder.Entity<ChunkRow>(chunk =>
        {
            chunk.ToTable("document_chunks");
            chunk.HasKey(c => c.Id);
            chunk.HasIndex(c => new { c.DocumentId, c.Version, c.Ordinal }).IsUnique();
            chunk.HasOne<VersionRow>().WithMany().HasForeignKey(c => new { c.DocumentId, c.Version }).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<KnowledgeChangeRow>(change =>
        {
            change.ToTable("knowledge_changes");
            change.HasKey(c => c.Id);
            change.Property(c => c.Id).ValueGeneratedNever();
            change.HasData(new KnowledgeChangeRow { Id = KnowledgeChangeRow.SingleId, Generation = 0 });
        });
    }
}

internal sealed class DocumentRow
{
    public Guid Id { get; set; }

    /// <summary>The latest version's title, folded (trimmed, lower case): two documents may not share one.</summary>
    public string TitleKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class VersionRow
{
    public Guid DocumentId { get; set; }

    public int Version { get; set; }

    public string Title { get; set; } = "";

    public string Owner { get; set; } = "";

    public Audience Audience { get; set; }

    public string Language { get; set; } = "en";

    public DocumentStatus Status { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    public string SourceFileName { get; set; } = "";

    /// <summary>SHA-256 of the uploaded bytes, so re-ingesting an unchanged file makes no new version.</summary>
    public string ContentHash { get; set; } = "";

    public long SizeBytes { get; set; }

    /// <summary>The document as Markdown, whatever it was uploaded as: for display and diffs between versions.</summary>
    public string Markdown { get; set; } = "";

    /// <summary>The embedding model the chunks' vectors come from (provider/model/dimensions).</summary>
    public string EmbeddingModel { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? PublishedAt { get; set; }

    public string? PublishedBy { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    public string? RetiredBy { get; set; }
}

internal sealed class ChunkRow
{
    public Guid Id { get; set; }

    public Guid DocumentId { get; set; }

    public int Version { get; set; }

    public int Ordinal { get; set; }

    public string HeadingPath { get; set; } = "";

    public string Text { get; set; } = "";

    public byte[] Vector { get; set; } = [];
}

/// <summary>
/// A counter raised in the transaction of every change to what is published (<see cref="KnowledgeDbContext.SaveChangesAsync(bool, CancellationToken)"/>):
/// the cheap question each instance asks every few seconds, "has anything changed since I last looked?".
/// </summary>
internal sealed class KnowledgeChangeRow
{
    public const int SingleId = 1;

    public int Id { get; set; }

    public long Generation { get; set; }
}
