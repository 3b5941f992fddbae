using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.AI;

namespace HelpdeskBot.Skills.Llm;

/// <summary>
/// The per-conversation token budget (<see cref="LlmOptions.TokenBudgetPerConversation"/>), kept in
/// <see cref="ConversationState.ModelTokens"/>. A call is allowed while the conversation has budget left; what it cost is
/// the server's reported usage, or an estimate from the text when the server reports none (about four characters a token),
/// so a server that hides its usage cannot make calls free.
/// </summary>
public static class ModelBudget
{
    /// <summary>Characters per token for the estimate; English and Indonesian prose both come close.</summary>
    private const int CharactersPerToken = 4;

    /// <summary>Tokens this conversation may still be charged for (0 when spent).</summary>
    public static int Left(LlmOptions options, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        return Math.Max(0, options.TokenBudgetPerConversation - state.ModelTokens);
    }

    /// <summary>Whether a model call may start: some budget left.</summary>
    public static bool Allows(LlmOptions options, ConversationState state) => Left(options, state) > 0;

    /// <summary>What one exchange cost: the reported total, else an estimate from what was sent and received.</summary>
    public static int Cost(UsageDetails? usage, IEnumerable<ChatMessage> sent, string? received)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (usage?.TotalTokenCount is { } total and > 0)
        {
            return (int)Math.Min(total, int.MaxValue);
        }

        if (usage is { InputTokenCount: { } input, OutputTokenCount: { } output } && input + output > 0)
        {
            return (int)Math.Min(input + output, int.MaxValue);
        }

        var characters = sent.Sum(message => (long)(message.Text?.Length ?? 0)) + (received?.Length ?? 0);
        return (int)Math.Min(Math.Max(1, characters / CharactersPerToken), int.MaxValue);
    }

    /// <summary>The state with <paramref name="tokens"/> more charged (saturating, never negative).</summary>
    public static ConversationState Charge(ConversationState state, int tokens)
    {
        ArgumentNullException.ThrowIfNull(state);
        return tokens <= 0 ? state : state with { ModelTokens = (int)Math.Min((long)state.ModelTokens + tokens, int.MaxValue) };
    }
}
