using HelpdeskBot.Connectors;
using System.Text.Json;
using HelpdeskBot.Connectors.Orders;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>The user of a turn as the channel verified them. Skills take identity only from here.</summary>
public sealed record ChannelUser(string Id, string? Name, Requester Requester);

/// <summary>A user's message, channel-agnostic. <see cref="Locale"/> is the client's locale hint (e.g. "id-ID"), if any.</summary>
public sealed record IncomingMessage(string ConversationId, ChannelUser User, string Text, string? Locale = null, JsonElement? Value = null);

/// <summary>A button the user can press instead of typing; pressing it sends <see cref="Value"/> as the message text.</summary>
public sealed record SuggestedAction(string Title, string Value);

/// <summary>One message the bot sends back.</summary>
public sealed record Reply(string Text, IReadOnlyList<SuggestedAction> SuggestedActions)
{
    public Reply(string text) : this(text, []) { }

    /// <summary>The knowledge article the reply quotes ("Returns and refunds › Refunds (version 2)"), for the agent's context.</summary>
    public string? Citation { get; init; }

    /// <summary>The document and version <see cref="Citation"/> names, so citations and feedback count per document in the admin console.</summary>
    public CitedSource? CitedSource { get; init; }

    /// <summary>
    /// An Adaptive Card that goes with <see cref="Text"/>: the form to fill, the buttons to press. The text stays the
    /// transcript's record and what card-less clients show, so the card holds the interactive part, not the text again.
    /// </summary>
    public Cards.AdaptiveCard? Card { get; init; }

    /// <summary>
    /// The card presents <see cref="Text"/> itself (a knowledge answer: passage, citation, feedback buttons), so channels
    /// send the card alone with the text as its summary. <see cref="Text"/> is still the transcript's record.
    /// </summary>
    public bool CardShowsText { get; init; }

    /// <summary>
    /// Set for a reply whose text is written while the user watches. <see cref="Text"/> (with this reply's citation, card
    /// and buttons) is then the fallback: the complete, sensible message sent when the stream fails midway or says nothing,
    /// so a half sentence is never the last word. Otherwise the final message is <see cref="StreamedText.Complete"/> of the
    /// streamed text, or this reply with the streamed text as its <see cref="Text"/>.
    /// </summary>
    public StreamedText? Stream { get; init; }

    /// <summary>A reply streamed from <paramref name="stream"/>, with <paramref name="fallback"/> as described at <see cref="Stream"/>.</summary>
    public static Reply Streamed(Reply fallback, StreamedText stream)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(stream);
        return fallback with { Stream = stream };
    }
}

/// <summary>A knowledge document's id and the version a reply quoted.</summary>
public sealed record CitedSource(Guid DocumentId, int Version);

/// <summary>
/// What a turn produced: the conversation's new state, the replies, and what NLU decided (for transcripts and analytics).
/// </summary>
public sealed record TurnResult(ConversationState State, IReadOnlyList<Reply> Replies, string Language, string Intent, float Confidence)
{
    /// <summary>How the turn went for the user, as routing saw it (analytics: fallback and escalation rates).</summary>
    public TurnKind Kind { get; init; } = TurnKind.Answered;
}

/// <summary>How a turn went for the user.</summary>
public enum TurnKind
{
    /// <summary>A skill, rule or form answered (including a form's last step).</summary>
    Answered,

    /// <summary>The bot could not understand the message and said so (out of scope, nothing in the knowledge base).</summary>
    Fallback,

    /// <summary>The classifier was unsure and the bot asked which was meant.</summary>
    LowConfidence,

    /// <summary>The conversation went (or was offered) to a person.</summary>
    HandedOff,

    /// <summary>A form asked its next question and waits for the answer.</summary>
    FormStep,

    /// <summary>A back-office system did not answer, or the turn failed: the user got an apology.</summary>
    Failed,
}

/// <summary>Runs one turn: NLU, routing (active form first, then intent → skill), the skill itself.</summary>
public interface IConversationEngine
{
    Task<TurnResult> RunTurnAsync(ConversationState state, IncomingMessage message, CancellationToken cancellationToken);

    /// <summary>The greeting sent when a user joins a conversation, with what the bot can do for this user.</summary>
    IReadOnlyList<Reply> Welcome(ChannelUser user, string? locale);

    /// <summary>The apology sent when a turn fails; the conversation stays usable.</summary>
    Reply Apology(string language);
}
