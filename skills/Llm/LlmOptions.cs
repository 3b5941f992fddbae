using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Skills.Llm;

/// <summary>
/// The optional chat model, bound from "Llm". Any OpenAI-compatible server works: OpenAI, Azure OpenAI's <c>/openai/v1</c>
/// endpoint, Ollama, vLLM, LM Studio. The model is off unless both <see cref="Endpoint"/> and <see cref="Model"/> are set,
/// and then the bot answers exactly as it does without one.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>The API root that <c>/chat/completions</c> is appended to, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name the server knows, e.g. <c>gpt-4o-mini</c> or <c>llama3.1:8b</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Sent as a bearer token. From user secrets or the environment (<c>Llm__ApiKey</c>), never a committed file; a local server needs none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How long one answer may take, the whole request included. When it runs out the bot answers without the model, so a
    /// turn is never more than this much slower than without one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Timeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The most tokens the model may write for one answer (<c>max_tokens</c>).</summary>
    [Range(16, 32_000, ErrorMessage = "MaxOutputTokens must be between 16 and 32000.")]
    public int MaxOutputTokens { get; set; } = 600;

    /// <summary>
    /// The most tokens (prompt plus answer) the model may be charged for in one conversation. Once a conversation has used
    /// them, it goes on exactly as without a model: a chatty or hostile visitor cannot run up the bill, and a loop cannot
    /// either.
    /// </summary>
    [Range(1_000, 10_000_000, ErrorMessage = "TokenBudgetPerConversation must be between 1000 and 10000000.")]
    public int TokenBudgetPerConversation { get; set; } = 20_000;

    /// <summary>E-mail addresses, phone numbers and long account numbers in the user's text are masked before it is sent.</summary>
    public bool MaskPersonalData { get; set; } = true;

    /// <summary>
    /// Whether the model may route messages the classifier cannot (out of scope or ambiguous) to the skills' functions.
    /// Off: the model only writes grounded policy answers.
    /// </summary>
    public bool ToolUse { get; set; } = true;

    /// <summary>Whether a model is configured at all.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);

    internal bool HasValidEndpoint =>
        Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);

    /// <summary>
    /// Whether a model's answer is streamed to channels that can show it growing (Web Chat, Teams personal chats), one
    /// checked sentence at a time. Off: the answer is written whole, checked, then sent.
    /// </summary>
    public bool StreamAnswers { get; set; } = true;
}
