namespace HelpdeskBot.Bot.Feedback;

/// <summary>
/// A message the bot sent in a turn, kept so that feedback on it (a 👍 reaction in Teams, a button on the answer's card)
/// can be tied to what was said and to the knowledge article it cited. <see cref="ActivityId"/> is the id the channel
/// gave the message (the Bot Connector's or Direct Line's <c>{"id"}</c>), once it was delivered.
/// </summary>
internal sealed class SentMessage
{
    /// <summary>The bot's own reference, written into the message's card buttons before the channel gives it an id.</summary>
    public required string Key { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    public string? ActivityId { get; set; }

    /// <summary>The reply's text with personal data masked.</summary>
    public required string Text { get; set; }

    /// <summary>The knowledge article the message quoted ("Returns and refunds › Refunds (version 2)"), if any.</summary>
    public string? Citation { get; set; }

    /// <summary>The knowledge document and version cited; null when none was, or in rows written before they were recorded.</summary>
    public Guid? DocumentId { get; set; }
    public int? DocumentVersion { get; set; }
    public DateTime AtUtc { get; set; }
}

/// <summary>One user's verdict on one bot message: helpful or not, from a reaction or from the answer card's buttons.</summary>
internal sealed class MessageFeedback
{
    public long Id { get; set; }
    public required string MessageKey { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }

    /// <summary>The channel's id of the user who gave it (needed to take a removed reaction back).</summary>
    public required string UserId { get; set; }
    public bool Helpful { get; set; }

    /// <summary>"reaction" or "card".</summary>
    public required string Source { get; set; }

    /// <summary>The reaction type as the channel sent it ("like", "+1"), or the card verb.</summary>
    public required string Kind { get; set; }

    /// <summary>Copied from the message, so feedback per article is one query for the admin console.</summary>
    public string? Citation { get; set; }

    /// <summary>The knowledge document and version cited; null when none was, or in rows written before they were recorded.</summary>
    public Guid? DocumentId { get; set; }
    public int? DocumentVersion { get; set; }
    public DateTime AtUtc { get; set; }
}
