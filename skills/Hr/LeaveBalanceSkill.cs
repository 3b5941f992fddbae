using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Hr;

/// <summary>"How much leave do I have left?": this year's balance per leave type, for the turn's employee.</summary>
internal sealed class LeaveBalanceSkill(IHrService hr, HrCalendar calendar) : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.HrLeaveBalance];

    public async Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var year = calendar.Today(turn.Now).Year;
        var balances = await hr.GetLeaveBalancesAsync(turn.Requester, year, cancellationToken);
        var language = turn.Language;
        IReadOnlyList<SuggestedAction> actions = [IntentActions.For(IntentNames.HrLeaveRequest, language)!];
        return new SkillResult(turn.State, [new Reply(HrReplies.Balances(balances, year, language), actions)]);
    }
}
