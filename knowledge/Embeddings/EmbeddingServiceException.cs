using System.Net;

namespace HelpdeskBot.Knowledge.Embeddings;

/// <summary>
/// The embedding service failed: it refused the request, answered with an error, did not answer in time, could not be
/// reached, or answered with something that is not a usable set of embeddings. The message never contains the API key.
/// </summary>
public sealed class EmbeddingServiceException : Exception
{
    public EmbeddingServiceException()
    {
    }

    public EmbeddingServiceException(string message)
        : base(message)
    {
    }

    public EmbeddingServiceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public EmbeddingServiceException(
        string message,
        HttpStatusCode? statusCode,
        string? providerMessage = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ProviderMessage = providerMessage;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the answer (a success status when its body was unusable); null when there was no answer (timeout, unreachable).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The error message the service gave, with the API key removed should the service have echoed it.</summary>
    public string? ProviderMessage { get; }

    /// <summary>The delay the service asked for (<c>Retry-After</c>), typically with 429.</summary>
    public TimeSpan? RetryAfter { get; }
}
