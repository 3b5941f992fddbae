using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// Where the Qdrant index lives, bound from <c>Knowledge:Qdrant</c> when <c>Knowledge:VectorStore</c> is <c>Qdrant</c>
/// (see <c>docs/qdrant.md</c>).
/// </summary>
public sealed class QdrantIndexOptions
{
    public const string SectionName = "Knowledge:Qdrant";

    /// <summary>
    /// Qdrant's gRPC endpoint (port 6334 by default, not the REST port 6333), e.g. <c>http://localhost:6334</c>; use
    /// <c>https</c> for a server with TLS, such as Qdrant Cloud.
    /// </summary>
    [Required]
    public string Url { get; set; } = "http://localhost:6334";

    /// <summary>Sent as Qdrant's <c>api-key</c>; from user secrets or the environment, never a committed file. Empty for a server without one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The collection that holds the chunks. One collection holds vectors of one embedding model: a new model is indexed
    /// into a new collection, and the setting switched when it is complete.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,255}$", ErrorMessage = "Collection may only contain letters, digits, '-' and '_'.")]
    public string Collection { get; set; } = "helpdeskbot-knowledge";

    /// <summary>The deadline of one call to Qdrant, so a server that hangs fails a search instead of holding a user's turn.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
