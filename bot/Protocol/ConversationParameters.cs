using System.Text.Json;

namespace HelpdeskBot.Bot.Protocol;

/// <summary>
/// The body of <c>POST {serviceUrl}/v3/conversations</c> (Bot Connector "create conversation"): who the bot is, whom to
/// talk to, and for Teams the tenant (both as <c>tenantId</c> and as <c>channelData.tenant.id</c>, which Teams reads).
/// </summary>
public sealed record ConversationParameters(
    bool IsGroup,
    ChannelAccount Bot,
    IReadOnlyList<ChannelAccount> Members,
    string? TenantId = null,
    JsonElement? ChannelData = null);

/// <summary>The Connector's answer to a created conversation.</summary>
public sealed record ConversationResourceResponse(string? Id, string? ServiceUrl = null, string? ActivityId = null);
