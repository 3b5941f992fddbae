using HelpdeskBot.Connectors;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.SmallTalk;

/// <summary>"What can you do?": lists the bot's capabilities with a button for each. Leaves any active form as it is.</summary>
internal sealed class HelpSkill : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.BotHelp];

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        Task.FromResult(new SkillResult(turn.State, [Reply(turn.Language, turn.Requester)]));

    /// <summary>The menu for this user: a customer sees orders and invoices, an employee IT and HR.</summary>
    public static Reply Reply(string language, Requester requester) =>
        new(
            SmallTalkPhrases.Help.Format(language, ("capabilities", IntentActions.CapabilityList(language, requester))),
            IntentActions.Menu(language, requester, withHelp: false));
}
