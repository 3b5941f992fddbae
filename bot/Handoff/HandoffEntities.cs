namespace HelpdeskBot.Bot.Handoff;

/// <summary>Where a handoff case stands.</summary>
internal enum HandoffStatus
{
    /// <summary>Waiting in its queue for an agent.</summary>
    Queued,

    /// <summary>An agent (or the external hub) owns the conversation; the bot stays silent in it.</summary>
    Assigned,

    /// <summary>Sent to the external agent hub (<c>handoff.initiate</c>); waiting for its <c>handoff.status</c>.</summary>
    WithHub,

    /// <summary>The agent finished; the bot took the conversation back.</summary>
    Resolved,

    /// <summary>The user stopped waiting, or the hub could not take it.</summary>
    Cancelled,

    /// <summary>A callback request filed outside business hours.</summary>
    Callback,
}

/// <summary>One conversation's trip to a person: queue, assignment, resolution, rating. Stored with the conversation state.</summary>
internal sealed class HandoffCase
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    /// <summary>The Bot Connector service URL to send agent messages to (Teams, Emulator); null for Direct Line.</summary>
    public string? ServiceUrl { get; set; }
    public required string UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>Anonymous, Customer, Employee or Supplier, as the channel verified the user.</summary>
    public required string RequesterKind { get; set; }
    public string? PartyId { get; set; }
    public required string Language { get; set; }
    public required string Queue { get; set; }
    public int Priority { get; set; }
    /// <summary>Order within a priority: lower goes first. A case an agent dropped gets one below the queue's head.</summary>
    public long Rank { get; set; }
    public required string Reason { get; set; }
    /// <summary>What a skill said about why (masked).</summary>
    public string? Detail { get; set; }
    public string? LastIntent { get; set; }
    public HandoffStatus Status { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>When the case (last) started waiting in its queue.</summary>
    public DateTime QueuedUtc { get; set; }
    public string? AgentUserName { get; set; }
    public string? AgentDisplayName { get; set; }
    public DateTime? AssignedUtc { get; set; }
    public DateTime? ClosedUtc { get; set; }
    /// <summary>For callback requests: what the user needs (masked) and how to reach them (as typed; shown to agents only).</summary>
    public string? CallbackDetails { get; set; }
    public string? CallbackContact { get; set; }
    public int? Satisfaction { get; set; }
    public DateTime? SatisfactionUtc { get; set; }
    /// <summary>Bumped by every change; a concurrent change to the same case fails instead of overwriting it.</summary>
    public int Version { get; set; }
}

/// <summary>An agent's note on a case: for agents only, never sent to the user.</summary>
internal sealed class HandoffNote
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public required string AgentUserName { get; set; }
    public required string Text { get; set; }
    public DateTime AtUtc { get; set; }
}

/// <summary>A knowledge article the bot quoted in a conversation, for the agent's context.</summary>
internal sealed class CitedArticle
{
    public long Id { get; set; }
    public required string ChannelId { get; set; }
    public required string ConversationId { get; set; }
    public required string Citation { get; set; }

    /// <summary>The knowledge document and version cited; null in rows written before they were recorded.</summary>
    public Guid? DocumentId { get; set; }
    public int? DocumentVersion { get; set; }
    public DateTime AtUtc { get; set; }
}
