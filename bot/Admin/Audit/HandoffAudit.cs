using System.Globalization;
using HelpdeskBot.Bot.Handoff;

namespace HelpdeskBot.Bot.Admin.Audit;

/// <summary>What the audit log keeps of a handoff case before and after an action: where it stands and who has it.</summary>
internal sealed record HandoffCaseState(string Status, string Queue, string? Agent)
{
    public static HandoffCaseState Of(HandoffCase record) => new(record.Status.ToString(), record.Queue, record.AgentUserName);
}

/// <summary>The handoff actions' audit entries (target <c>handoff.case</c>, its id).</summary>
internal static class HandoffAudit
{
    public const string TargetType = "handoff.case";

    public static string Id(long caseId) => caseId.ToString(CultureInfo.InvariantCulture);

    public static AuditEntry Changed(AuditLog audit, AuditActor actor, string action, long caseId, HandoffCaseState before, HandoffCaseState after) =>
        audit.Entry(actor, action, TargetType, Id(caseId), before, after);

    public static AuditEntry Accepted(AuditLog audit, AgentIdentity agent, HandoffCase before) =>
        audit.Entry(AuditActor.Of(agent), "handoff.accept", TargetType, Id(before.Id),
            HandoffCaseState.Of(before), new HandoffCaseState(nameof(HandoffStatus.Assigned), before.Queue, agent.UserName));

    /// <summary>The accept that lost (taken by someone else), or was not allowed: the case as it stood, and why.</summary>
    public static AuditEntry AcceptRefused(AuditLog audit, AgentIdentity agent, long caseId, HandoffCase? current, AcceptOutcome outcome) =>
        audit.Entry(AuditActor.Of(agent), "handoff.accept", TargetType, Id(caseId),
            current is null ? null : HandoffCaseState.Of(current),
            new { refused = outcome switch
            {
                AcceptOutcome.AlreadyTaken => "alreadyTaken",
                AcceptOutcome.NotYourQueue => "notYourQueue",
                _ => "notFound",
            } },
            AuditOutcome.Refused);
}
