using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.SmallTalk;

internal sealed class GreetingSkill : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.SmalltalkGreeting];

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        Task.FromResult(new SkillResult(
            turn.State,
            [new Reply(SmallTalkPhrases.Greeting.In(turn.Language), IntentActions.Menu(turn.Language, turn.Requester))]));
}
