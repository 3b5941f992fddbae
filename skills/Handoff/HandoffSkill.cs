using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Handoff;

/// <summary>When the bot hands a conversation to a person without being asked. Section <c>Skills:Handoff</c>.</summary>
public sealed class HandoffTriggerOptions
{
    public const string SectionName = "Skills:Handoff";

    /// <summary>Messages in a row the bot could not understand before it fetches a person (0: never).</summary>
    public int FallbacksBeforeHandoff { get; set; } = 2;

    /// <summary>Messages in a row the classifier was unsure about (it had to ask which was meant) before it fetches a person (0: never).</summary>
    public int LowConfidenceTurnsBeforeHandoff { get; set; } = 3;

    /// <summary>Whether a frustrated message ("this is useless", "tidak membantu") fetches a person at once.</summary>
    public bool OnFrustration { get; set; } = true;

    /// <summary>Refunds above this amount (rupiah) are approved by a person: the return goes to the Orders queue.</summary>
    public decimal RefundApprovalLimitIdr { get; set; } = 5_000_000m;
}

/// <summary>"I want to talk to a person": the engine hands the conversation off (see <see cref="SkillResult.Handoff"/>).</summary>
internal sealed class HandoffSkill : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.AgentHandoff];

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        Task.FromResult(new SkillResult(turn.State, []) { Handoff = new SkillHandoff(null, null, HandoffReason.UserAsked) });
}
