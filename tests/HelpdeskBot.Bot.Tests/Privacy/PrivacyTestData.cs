using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Bot.Tests.Privacy;

/// <summary>What the privacy tests read back from the host's real state database, and how they start conversations as a given user.</summary>
internal static class PrivacyTestData
{
    /// <summary>A Direct Line conversation opened as Web Chat does for a site that names its user (<c>user.id</c> in the token request).</summary>
    public static async Task<DirectLineSession> StartAsAsync(BotHost host, string userId, string? locale = null)
    {
        var client = new DirectLineClient(host.CreateClient());
        var generated = await client.GenerateTokenAsync(new { user = new { id = userId, name = "Budi Santoso" }, locale });
        var token = generated.GetProperty("token").GetString()!;
        using var response = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new DirectLineSession(client, started.GetProperty("conversationId").GetString()!, token, started.GetProperty("streamUrl").GetString()!);
    }

    public static async Task<StateDbContext> DbAsync(BotHost host) =>
        await host.Services.GetRequiredService<IDbContextFactory<StateDbContext>>().CreateDbContextAsync();

    public static async Task<int> TranscriptCountAsync(BotHost host, string conversationId)
    {
        await using var db = await DbAsync(host);
        return await db.Transcript.CountAsync(t => t.ConversationId == conversationId);
    }

    public static async Task<List<string>> TranscriptTextsAsync(BotHost host, string conversationId)
    {
        await using var db = await DbAsync(host);
        return await db.Transcript.Where(t => t.ConversationId == conversationId).OrderBy(t => t.Id).Select(t => t.Text).ToListAsync();
    }

    /// <summary>Every stored Direct Line activity of the conversation, as JSON text.</summary>
    public static async Task<List<string>> ActivityLogAsync(BotHost host, string conversationId)
    {
        await using var db = await DbAsync(host);
        return await db.DirectLineActivities.Where(a => a.ConversationId == conversationId).OrderBy(a => a.Sequence).Select(a => a.Json).ToListAsync();
    }

    public static async Task<List<AuditEntry>> AuditAsync(BotHost host, string action)
    {
        await using var db = await DbAsync(host);
        return await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>The bot's reply to a user activity, waiting for it like a client polling the log.</summary>
    public static async Task<HelpdeskBot.Bot.Protocol.Activity> ReplyToAsync(DirectLineSession session, string activityId) =>
        Assert.Single(await session.RepliesToAsync(activityId));

    /// <summary>The data of the card button titled <paramref name="title"/> on a reply.</summary>
    public static JsonElement ButtonData(HelpdeskBot.Bot.Protocol.Activity reply, string title)
    {
        var card = reply.Attachments!.Single(a => a.ContentType == "application/vnd.microsoft.card.adaptive").Content!.Value;
        foreach (var set in card.GetProperty("body").EnumerateArray())
        {
            foreach (var action in set.GetProperty("actions").EnumerateArray())
            {
                if (action.GetProperty("title").GetString() == title)
                {
                    return action.GetProperty("data").Clone();
                }
            }
        }

        throw new InvalidOperationException($"No button '{title}' on the card.");
    }
}
