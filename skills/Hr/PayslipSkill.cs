using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Hr;

/// <summary>"When is payday?" / "my payslip": the next pay date and a summary of the latest payslip with its document link.</summary>
internal sealed class PayslipSkill(IHrService hr, HrCalendar calendar) : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.HrPayslip];

    public async Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var today = calendar.Today(turn.Now);
        var next = await hr.GetNextPayDateAsync(turn.Requester, today, cancellationToken);
        var latest = await hr.GetLatestPayslipAsync(turn.Requester, today, cancellationToken);
        var language = turn.Language;
        return new SkillResult(turn.State, [new Reply($"{HrReplies.NextPayday(next, language)}\n{HrReplies.Payslip(latest, language)}")]);
    }
}
