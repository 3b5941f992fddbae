using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Knowledge.Embeddings;

/// <summary>Which model turns passages and questions into vectors.</summary>
public enum EmbeddingProvider
{
    /// <summary>all-MiniLM-L6-v2 in the process (the classifier's embedder): no network, no key, 384 dimensions.</summary>
    Local = 0,

    /// <summary>Any server that speaks OpenAI's <c>POST /embeddings</c>: OpenAI itself, Ollama, vLLM, LM Studio, llama.cpp.</summary>
    OpenAI = 1,
}

/// <summary>
/// How the knowledge base embeds text, bound from "Knowledge:Embeddings". Changing the provider, model or dimensions
/// changes <see cref="EmbeddingExtensions.ModelKey"/>, so vectors of the old model are never searched with the new one.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Knowledge:Embeddings";

    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.Local;

    /// <summary>
    /// The API root that <c>/embeddings</c> is appended to, e.g. <c>https://api.openai.com/v1</c> or
    /// <c>http://localhost:11434/v1</c>. Required for <see cref="EmbeddingProvider.OpenAI"/>.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model name the server knows, e.g. <c>text-embedding-3-small</c> or <c>nomic-embed-text</c>. Required for <see cref="EmbeddingProvider.OpenAI"/>.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a bearer token when set (a local server usually needs none). From user secrets or the environment, never a committed file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Vector length. When set it is sent as <c>dimensions</c> (models that can shorten their vectors honour it) and every
    /// answer must have it; when not set, the length of the first answer is taken as the model's. Set it whenever the
    /// model is known, so the index can be created before anything is embedded.
    /// </summary>
    [Range(1, 16_384, ErrorMessage = "Dimensions must be between 1 and 16384.")]
    public int? Dimensions { get; set; }

    /// <summary>Inputs per request; OpenAI accepts up to 2048, smaller servers often far fewer.</summary>
    [Range(1, 2048, ErrorMessage = "BatchSize must be between 1 and 2048.")]
    public int BatchSize { get; set; } = 64;

    /// <summary>How long one request (one batch) may take, reading the answer included.</summary>
    [Range(1, 600, ErrorMessage = "TimeoutSeconds must be between 1 and 600.")]
    public int TimeoutSeconds { get; set; } = 30;

    internal bool HasValidBaseUrl =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}
