using System.Text.Json;
using HelpdeskBot.Bot.Channels.DirectLine;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Notifications;

/// <summary>
/// Remembers where verified users talk to the bot, so that a status change can be told to them later. Written by the turn
/// pipeline with the turn's own unit of work; identities come from the channel (<see cref="ChannelUser.Requester"/>),
/// never from text, and an anonymous visitor is never remembered.
/// </summary>
internal static class ConversationReferences
{
    public const string Personal = "personal";
    public const string Channel = "channel";
    public const string GroupChat = "groupChat";

    /// <summary>The Teams channel id; the only channel where the bot can open a conversation itself.</summary>
    public const string Teams = "msteams";

    /// <summary>Adds or refreshes the reference of <paramref name="user"/> in this conversation (saved with the turn).</summary>
    public static async Task RecordAsync(
        StateDbContext db, Activity activity, ChannelUser user, string language, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (user.Requester.Kind == RequesterKind.Anonymous || string.IsNullOrWhiteSpace(user.Requester.PartyId)
            || activity.ChannelId is not { Length: > 0 } channelId || activity.Conversation?.Id is not { Length: > 0 } conversationId)
        {
            return;
        }

        var kind = KindName(user.Requester.Kind);
        var partyId = user.Requester.PartyId.Trim();
        var reference = await FindReference.For(db)(db, kind, partyId, channelId, conversationId, cancellationToken);
        if (reference is null)
        {
            reference = new ConversationReferenceRecord
            {
                RequesterKind = kind, PartyId = partyId, ChannelId = channelId, ConversationId = conversationId,
                UserId = user.Id, Language = language, ConversationType = TypeOf(activity),
            };
            db.Add(reference);
        }

        reference.UserId = user.Id;
        reference.Language = language;
        reference.ConversationType = TypeOf(activity);
        reference.ServiceUrl = channelId == DirectLineConversations.ChannelId ? null : activity.ServiceUrl;
        reference.AadObjectId = activity.From?.AadObjectId ?? reference.AadObjectId;
        reference.TenantId = TenantOf(activity) ?? reference.TenantId;
        reference.BotId = activity.Recipient?.Id ?? reference.BotId;
        reference.BotName = activity.Recipient?.Name ?? reference.BotName;
        reference.LastSeenUtc = nowUtc;
    }

    // Compiled (and tracked: the turn updates it): read on every turn of a signed-in user.
    private static readonly PerModelQuery<Func<StateDbContext, string, string, string, string, CancellationToken, Task<ConversationReferenceRecord?>>> FindReference =
        new(() => EF.CompileAsyncQuery((StateDbContext db, string kind, string partyId, string channelId, string conversationId, CancellationToken _) =>
            db.Set<ConversationReferenceRecord>().FirstOrDefault(r =>
                r.RequesterKind == kind && r.PartyId == partyId && r.ChannelId == channelId && r.ConversationId == conversationId)));

    public static string KindName(RequesterKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// A Direct Line conversation is always the user's own; on Bot Framework channels the conversation says what it is,
    /// and anything marked as a group without a type is treated as a group chat (never as personal).
    /// </summary>
    private static string TypeOf(Activity activity) =>
        activity.ChannelId == DirectLineConversations.ChannelId ? Personal
        : activity.Conversation?.ConversationType is { Length: > 0 } type
            ? type switch
            {
                Personal => Personal,
                Channel => Channel,
                _ => GroupChat,
            }
            : activity.Conversation?.IsGroup == true ? GroupChat : Personal;

    private static string? TenantOf(Activity activity) =>
        activity.Conversation?.TenantId is { Length: > 0 } tenant ? tenant
        : activity.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
