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
