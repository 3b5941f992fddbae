namespace HelpdeskBot.Bot.Handoff;

// What the agent console receives (SignalR, camelCase JSON). Text fields are data: the console renders them as text.

internal sealed record QueueSummary(string Queue, int Waiting, int AgentsOnline, bool Open);

/// <param name="Position">1-based place in its queue; 0 for a conversation an agent has.</param>
/// <param name="WaitingSeconds">How long since it (last) joined its queue.</param>
internal sealed record QueueItem(
    long Id, string Queue, string Status, string User, string RequesterKind, string Language, string Reason, int Priority,
    int Position, int WaitingSeconds, string ChannelId, string? Agent);

internal sealed record CallbackItem(long Id, string Reference, string Queue, string User, string Language, string Details, string? Contact, DateTime CreatedUtc);

internal sealed record QueueSnapshot(
    IReadOnlyList<QueueSummary> Queues, IReadOnlyList<QueueItem> Waiting, IReadOnlyList<QueueItem> Mine, IReadOnlyList<CallbackItem> Callbacks);

internal sealed record ProfileField(string Label, string Value);

internal sealed record IntentSeen(string Intent, float Confidence, DateTime AtUtc);

internal sealed record SlotValue(string Form, string Name, string Value);

/// <param name="Direction">"user", "bot" or "agent".</param>
internal sealed record TranscriptLine(string Direction, string Text, DateTime AtUtc);

internal sealed record NoteLine(string Agent, string Text, DateTime AtUtc);

internal sealed record CaseContext(
    QueueItem Case,
    string RequesterKind,
    string? PartyId,
    IReadOnlyList<ProfileField> Profile,
    string? Detail,
    string? LastSkill,
    IReadOnlyList<IntentSeen> Intents,
    IReadOnlyList<SlotValue> Slots,
    IReadOnlyList<string> CitedArticles,
    IReadOnlyList<TranscriptLine> Transcript,
    IReadOnlyList<NoteLine> Notes);

/// <summary>Pushes queue and conversation changes to the agents' consoles.</summary>
internal interface IHandoffNotifier
{
    Task QueueChangedAsync(string queue, CancellationToken cancellationToken);

    Task UserMessageAsync(long caseId, string queue, TranscriptLine line, CancellationToken cancellationToken);

    Task CaseClosedAsync(long caseId, string queue, CancellationToken cancellationToken);
}
