using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.SmallTalk;

internal sealed class ThanksSkill : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.SmalltalkThanks];

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        Task.FromResult(new SkillResult(turn.State, [new Reply(SmallTalkPhrases.Thanks.In(turn.Language))]));
}

/// <summary>Saying goodbye also ends whatever form was waiting: the user has left it.</summary>
internal sealed class GoodbyeSkill : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.SmalltalkGoodbye];

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        Task.FromResult(new SkillResult(turn.State with { ActiveForm = null }, [new Reply(SmallTalkPhrases.Goodbye.In(turn.Language))]));
}
