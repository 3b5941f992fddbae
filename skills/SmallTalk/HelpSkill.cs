using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.SmallTalk;

/// <summary>"What can you do?": lists the bot's capabilities with a button for each. Leaves any active form as it is.</summary>
internal sealed class HelpSkill : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.BotHelp];

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        Task.FromResult(new SkillResult(turn.State, [Reply(turn.Language)]));

    public static Reply Reply(string language) =>
        new(
            SmallTalkPhrases.Help.Format(language, ("capabilities", IntentActions.CapabilityList(language))),
            IntentActions.Menu(language, withHelp: false));
}
