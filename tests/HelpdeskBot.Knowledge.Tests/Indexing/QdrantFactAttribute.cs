namespace HelpdeskBot.Knowledge.Tests.Indexing;

/// <summary>
/// A test that needs a Qdrant server: skipped, with the reason, unless <c>QDRANT_URL</c> names one. On a subclass of
/// <see cref="KnowledgeIndexContract"/> it skips every inherited contract test the same way (see <see cref="ContractFactAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class QdrantFactAttribute : FactAttribute
{
    public const string UrlVariable = "QDRANT_URL";
    public const string ApiKeyVariable = "QDRANT_API_KEY";

    public QdrantFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            Skip = "Needs a Qdrant server: set QDRANT_URL (e.g. http://localhost:6334); none can run on the CI machine";
        }
    }

    /// <summary>The gRPC address of the test server, e.g. <c>http://localhost:6334</c>; null when none is configured.</summary>
    public static string? Url => Environment.GetEnvironmentVariable(UrlVariable);

    public static string? ApiKey => Environment.GetEnvironmentVariable(ApiKeyVariable);
}
