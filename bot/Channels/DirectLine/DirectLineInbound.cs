using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Channels.DirectLine;

/// <summary>
/// The user's activity of one Direct Line POST on its way into the log. It goes in with the turn's own transaction
/// (<see cref="DirectLineConversations.StageAsync"/>), ahead of the replies, so the echo keeps its place before them
/// on the stream and a message costs one write instead of two. A livestreamed reply needs the echo on the stream
/// before its first interim update, so a streaming turn stores it first (<see cref="StoreAsync"/>), on its own.
/// </summary>
internal sealed class DirectLineInbound(
    DirectLineConversations conversations, string conversationId, Activity activity, string? clientActivityId, DateTimeOffset receivedAt)
{
    public Activity Activity => activity;

    public string ConversationId => conversationId;

    /// <summary>Web Chat's <c>clientActivityID</c>: a retry of the same message carries the same one.</summary>
    public string? ClientActivityId => clientActivityId;

    /// <summary>When the POST arrived: the activity's timestamp, whenever it is stored.</summary>
    public DateTimeOffset ReceivedAt => receivedAt;

    /// <summary>Not in the log yet (and without an id).</summary>
    public bool Pending { get; private set; } = true;

    /// <inheritdoc cref="ITurnInboundLog.FindStoredAsync"/>
    public async Task FindStoredAsync(StateDbContext db, CancellationToken cancellationToken)
    {
        if (Pending && clientActivityId is not null &&
            await DirectLineConversations.FindClientActivityAsync(db, conversationId, clientActivityId, cancellationToken) is { } sequence)
        {
            Stored(DirectLineConversations.ActivityId(conversationId, sequence));
        }
    }

    /// <summary>Stores the activity now, in its own transaction (before a livestream's first update).</summary>
    public async Task StoreAsync(CancellationToken cancellationToken)
    {
        if (!Pending)
        {
            return;
        }
        var (stored, _) = await conversations.AppendAsync(conversationId, activity, clientActivityId, cancellationToken, receivedAt);
        // A duplicate gives back the stored activity: this one takes its id.
        Stored(stored.Id!);
    }

    /// <summary>In the log (or staged in the turn's unit of work) under <paramref name="id"/>.</summary>
    internal void Stored(string id)
    {
        activity.Id = id;
        Pending = false;
    }

    /// <summary>The turn's attempt that staged it failed: it is pending again, and a retry stages it anew.</summary>
    internal void Unstaged()
    {
        activity.Id = null;
        Pending = true;
    }
}
