using System.Text.Json;
using System.Text.RegularExpressions;
using HelpdeskBot.Bot.Protocol;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>
/// How Teams (and other Bot Framework channels) say what happened: the bot joined a conversation, a message in a channel
/// or group chat is addressed to the bot by an @mention, and the <c>&lt;at&gt;…&lt;/at&gt;</c> markup that mention leaves in
/// the text.
/// </summary>
internal static partial class TeamsActivity
{
    public const string ChannelId = "msteams";

    /// <summary>
    /// The bot was installed or added: its own id in <c>membersAdded</c> (personal install, added to a team or group chat;
    /// the Emulator too), or an <c>installationUpdate</c> whose action is <c>add</c>. Other members joining a team is not a
    /// reason to greet the whole channel again.
    /// </summary>
    public static bool BotWasAdded(Activity activity) => activity.Type switch
    {
        ActivityTypes.ConversationUpdate => activity.Recipient?.Id is { Length: > 0 } botId && activity.MembersAdded?.Any(m => m.Id == botId) == true,
        ActivityTypes.InstallationUpdate => string.Equals(activity.Action, "add", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>
    /// The turn that greets a conversation the bot was added to. Teams announces one install twice (a
    /// <c>conversationUpdate</c> and an <c>installationUpdate</c>), so both become one activity id per conversation and
    /// the pipeline's de-duplication greets once; the member added is the person who added the bot.
    /// </summary>
    public static Activity WelcomeTurn(Activity activity) => new()
    {
        Type = ActivityTypes.ConversationUpdate,
        Id = $"{activity.Conversation!.Id}|welcome",
        ChannelId = activity.ChannelId,
        ServiceUrl = activity.ServiceUrl,
        Conversation = activity.Conversation,
        From = activity.From,
        Recipient = activity.Recipient,
        MembersAdded = [activity.From!],
        Locale = activity.Locale,
    };

    /// <summary>A channel conversation or a group chat, where the bot answers only when @mentioned.</summary>
    public static bool IsGroupConversation(Activity activity) =>
        activity.Conversation?.IsGroup == true || activity.Conversation?.ConversationType is "channel" or "groupChat";

    /// <summary>Whether an <c>entities</c> entry of type <c>mention</c> names the bot (<c>mentioned.id</c> is the recipient).</summary>
    public static bool MentionsBot(Activity activity) => BotMentions(activity).Any();

    /// <summary>
    /// The text the user meant: the bot's mention (<c>&lt;at&gt;Helpdesk&lt;/at&gt;</c>) removed, other people's mentions
    /// left as their plain names, so the classifier sees words rather than markup.
    /// </summary>
    public static string WithoutMentions(Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        foreach (var mention in BotMentions(activity))
        {
            if (mention.TryGetValue("text", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } markup)
            {
                text = text.Replace(markup, " ", StringComparison.Ordinal);
            }
        }
        text = AtTag().Replace(text, m => m.Groups[1].Value);
        return Whitespace().Replace(text, " ").Trim();
    }

    private static IEnumerable<Dictionary<string, JsonElement>> BotMentions(Activity activity)
    {
        var botId = activity.Recipient?.Id;
        if (string.IsNullOrEmpty(botId) || activity.Entities is null)
        {
            yield break;
        }
        foreach (var entity in activity.Entities)
        {
            if (entity.Type == "mention" && entity.ExtensionData is { } data &&
                data.TryGetValue("mentioned", out var mentioned) && mentioned.ValueKind == JsonValueKind.Object &&
                mentioned.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == botId)
            {
                yield return data;
            }
        }
    }

    [GeneratedRegex("<at>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
