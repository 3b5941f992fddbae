namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// Text a reply writes while the user watches (a language model's answer, token by token). Channels that can show a
/// message growing (Web Chat, Teams personal chats) show <see cref="Chunks"/> as they come; every channel then sends one
/// final message, and only that final message is stored (transcript, feedback, analytics). Where the chunks come from is
/// the producer's business: the channel plumbing only needs the pieces and what to say at the end.
/// </summary>
/// <param name="Chunks">The text in pieces, in order; their concatenation is the answer. May throw midway.</param>
public sealed record StreamedText(IAsyncEnumerable<string> Chunks)
{
    /// <summary>
    /// Said before the first words arrive ("Looking through the policies…"), already in the turn's language: Teams shows it
    /// as a progress line. Null: the channel's own short "writing the answer" phrase.
    /// </summary>
    public string? Informative { get; init; }

    /// <summary>
    /// The final message, from the carrying reply (the fallback, with whatever the engine added to it since: buttons, a
    /// card) and the whole streamed text: set the text, add a citation, or check the text and return something else (the
    /// extractive answer) when it does not hold. Returning null sends the fallback, followed by <see cref="FallbackRest"/>.
    /// Null: the carrying reply with the streamed text. If this throws, the fallback is sent.
    /// </summary>
    public Func<Reply, string, Reply?>? Complete { get; init; }

    /// <summary>
    /// Replies sent after the fallback whenever the fallback is the final message (the stream failed, said nothing, or
    /// <see cref="Complete"/> refused the text): the rest of an answer that takes several messages, such as the extractive
    /// answer's one quote per passage. Never sent when the streamed text becomes the final message.
    /// </summary>
    public IReadOnlyList<Reply> FallbackRest { get; init; } = [];
}
