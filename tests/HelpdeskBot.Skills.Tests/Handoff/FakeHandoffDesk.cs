using HelpdeskBot.Skills.Handoff;

namespace HelpdeskBot.Skills.Tests.Handoff;

/// <summary>The host's desk, faked: records what the skills asked for and answers with a configurable placement.</summary>
internal sealed class FakeHandoffDesk : IHandoffDesk
{
    public List<HandoffRequest> Requests { get; } = [];

    public List<CallbackRequest> Callbacks { get; } = [];

    public List<(string ConversationId, long CaseId, int Score)> Ratings { get; } = [];

    /// <summary>When set, the queue is closed and opens at this time.</summary>
    public DateTimeOffset? ClosedUntil { get; set; }

    public int Position { get; set; } = 2;

    public Task<HandoffPlacement> RequestAsync(HandoffRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        HandoffPlacement placement = ClosedUntil is { } opening
            ? new HandoffPlacement.OutsideHours(request.Queue, opening)
            : new HandoffPlacement.Queued(Requests.Count, request.Queue, Position, TimeSpan.FromMinutes(Position * 6));
        return Task.FromResult(placement);
    }

    public Task<string> RequestCallbackAsync(CallbackRequest request, CancellationToken cancellationToken)
    {
        Callbacks.Add(request);
        return Task.FromResult($"CB-{Callbacks.Count:D6}");
    }

    public Task RecordSatisfactionAsync(string conversationId, long caseId, int score, CancellationToken cancellationToken)
    {
        Ratings.Add((conversationId, caseId, score));
        return Task.CompletedTask;
    }
}
