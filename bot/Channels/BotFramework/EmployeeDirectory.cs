using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Protocol;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Channels.BotFramework;

/// <summary>Why the bot will not run a turn for a Bot Framework user.</summary>
internal enum IdentityRefusal
{
    /// <summary>A Teams user whose Entra object id is not in the HR directory.</summary>
    NotRegistered,

    /// <summary>The HR directory did not answer, so nobody can say who the user is.</summary>
    DirectoryUnavailable,
}

/// <summary>The user a turn runs for, or why none runs.</summary>
internal sealed record ChannelIdentity(ChannelUser User, IdentityRefusal? Refusal);

/// <summary>
/// Employees are who the HR directory says their Entra object id (<c>from.aadObjectId</c>, set by Teams in an
/// authenticated activity) is. Teams is for employees only: anyone else there is told whom to contact, and no skill runs.
/// Identity never comes from the message text, and without authentication (no app id) not from the activity either,
/// unless a developer opted in.
/// </summary>
internal static partial class EmployeeDirectory
{
    public static async Task<ChannelIdentity> IdentifyAsync(Activity activity, BotFrameworkOptions options, IHrService hr, ILogger logger, CancellationToken ct)
    {
        var from = activity.From!;
        var anonymous = new ChannelUser(from.Id!, from.Name, Requester.Anonymous);
        if (!options.TrustsIdentity)
        {
            return new(anonymous, null);
        }

        var employeesOnly = activity.ChannelId == TeamsActivity.ChannelId;
        if (Guid.TryParse(from.AadObjectId, out var objectId))
        {
            try
            {
                if (await hr.FindByAadObjectIdAsync(objectId, ct) is { } employee)
                {
                    return new(new ChannelUser(from.Id!, employee.Name, Requester.Employee(employee.EmployeeId)), null);
                }
            }
            catch (BackOfficeUnavailableException ex)
            {
                LogDirectoryDown(logger, ex, activity.ChannelId!);
                return new(anonymous, IdentityRefusal.DirectoryUnavailable);
            }
        }

        if (employeesOnly)
        {
            LogNotRegistered(logger, activity.ChannelId!);
            return new(anonymous, IdentityRefusal.NotRegistered);
        }
        return new(anonymous, null);
    }

    /// <summary>The polite answer to a user the bot cannot act for, in the language of the client's locale.</summary>
    public static Activity ReplyTo(Activity incoming, IdentityRefusal refusal, BotFrameworkOptions options)
    {
        var language = Languages.FromLocale(incoming.Locale);
        var text = refusal switch
        {
            IdentityRefusal.NotRegistered => TeamsPhrases.NotRegistered.Format(language,
                ("contact", string.IsNullOrWhiteSpace(options.DirectoryContact) ? TeamsPhrases.DefaultContact.In(language) : options.DirectoryContact)),
            _ => TeamsPhrases.DirectoryUnavailable.In(language),
        };
        var reply = ChannelDelivery.FromBot(new Reply(text), language, incoming.From?.Id);
        reply.ChannelId = incoming.ChannelId;
        reply.ServiceUrl = incoming.ServiceUrl;
        reply.Conversation = incoming.Conversation;
        reply.From = incoming.Recipient;
        reply.Recipient = incoming.From;
        reply.ReplyToId = incoming.Id;
        return reply;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The HR directory did not answer; a {ChannelId} user was told to try again later")]
    private static partial void LogDirectoryDown(ILogger logger, Exception exception, string channelId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A {ChannelId} user is not in the HR directory; no turn runs for them")]
    private static partial void LogNotRegistered(ILogger logger, string channelId);
}
