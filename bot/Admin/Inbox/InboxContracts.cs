using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>The filters of <c>GET /api/admin/inbox</c>; dates are whole UTC days, both ends included.</summary>
internal sealed record InboxQuery(string? Reason, string? Language, string? Channel, DateOnly? From, DateOnly? To);

/// <summary>How many of a group's items came in for one reason.</summary>
internal sealed record InboxReasonCount(string Reason, int Count);

/// <summary>One item as the console shows it: masked text and what the classifier made of it.</summary>
internal sealed record InboxExampleView(
    long Id, string Text, string Reason, string Language, string Channel, string? Intent, float? Confidence, DateTime AtUtc);

/// <summary>
/// Similar questions. <see cref="Id"/> is the group's first item ("item-12"): stable while that item is open.
/// <see cref="ItemIds"/> are every item of the group (for the actions), <see cref="Examples"/> a few distinct ones, newest first.
/// </summary>
internal sealed record InboxGroupView(
    string Id,
    int Count,
    IReadOnlyList<InboxReasonCount> Reasons,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Channels,
    string? TopIntent,
    DateTime FirstSeenUtc,
    DateTime LastSeenUtc,
    IReadOnlyList<InboxExampleView> Examples,
    IReadOnlyList<long> ItemIds);

/// <summary>
/// The open items grouped, most asked first. <see cref="Truncated"/>: there were more open items than
/// <see cref="InboxService.MaxItems"/>; the newest were grouped. <see cref="Intents"/>: what examples may be added to.
/// </summary>
internal sealed record InboxView(int Items, bool Truncated, IReadOnlyList<InboxGroupView> Groups, IReadOnlyList<string> Intents, IReadOnlyList<string> Reasons);

internal sealed record InboxItemsRequest(IReadOnlyList<long>? ItemIds);

internal sealed record AddExamplesRequest(string? Intent, IReadOnlyList<long>? ItemIds);

internal sealed record DraftRequest(IReadOnlyList<long>? ItemIds, string? Title);

internal sealed record TrainingExampleView(long Id, string Intent, string Language, string Text, long? ItemId, string AddedBy, DateTime AddedUtc, DateTime? PromotedUtc);

internal sealed record AddExamplesResponse(string Intent, IReadOnlyList<TrainingExampleView> Added, int Pending);

internal sealed record DismissResponse(int Dismissed);

internal sealed record DraftResponse(Guid DocumentId, string Title, int Questions, string Url);

/// <summary>One evaluation on the held-out test split, as the console compares them.</summary>
internal sealed record EvaluationView(
    int Total, double Accuracy, double InScopeAccuracy, double OosRecall, int Ambiguous,
    IReadOnlyList<LanguageEvaluation> Languages, IReadOnlyList<IntentConfusion> TopConfusions)
{
    public static EvaluationView Of(IntentEvaluationReport report) => new(
        report.Overall.Total, report.Overall.Accuracy, report.Overall.InScopeAccuracy, report.Overall.OosRecall, report.Ambiguous,
        report.Languages, report.TopConfusions);
}

/// <summary>
/// A retraining run: <c>running</c>, then <c>promoted</c> (the candidate is live), <c>kept</c> (it was worse: the old
/// model stays, <see cref="Reason"/> says why) or <c>failed</c>.
/// </summary>
internal sealed record RetrainJobView(
    string Id,
    string Status,
    string StartedBy,
    DateTime StartedUtc,
    DateTime? FinishedUtc,
    int AddedExamples,
    double? TrainingSeconds,
    EvaluationView? Current,
    EvaluationView? Candidate,
    string? Reason);
