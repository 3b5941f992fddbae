using HelpdeskBot.Skills.Handoff;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>The channel of the turn being processed, set by the turn pipeline for the turn's scope.</summary>
internal sealed class TurnChannel
{
    public string ChannelId { get; set; } = "";

    /// <summary>The Bot Connector service URL of a Bot Framework channel; null for Direct Line.</summary>
    public string? ServiceUrl { get; set; }
}

/// <summary>The skills' <see cref="IHandoffDesk"/>: the host's queue, for the channel of the current turn.</summary>
internal sealed class HandoffDesk(HandoffService handoff, TurnChannel channel) : IHandoffDesk
{
    public Task<HandoffPlacement> RequestAsync(HandoffRequest request, CancellationToken cancellationToken) =>
        handoff.RequestAsync(request, channel.ChannelId, channel.ServiceUrl, cancellationToken);

    public Task<string> RequestCallbackAsync(CallbackRequest request, CancellationToken cancellationToken) =>
        handoff.FileCallbackAsync(request, channel.ChannelId, cancellationToken);

    public Task RecordSatisfactionAsync(string conversationId, long caseId, int score, CancellationToken cancellationToken) =>
        handoff.RecordSatisfactionAsync(channel.ChannelId, conversationId, caseId, score, cancellationToken);
}
