using HelpdeskBot.Bot.Admin.Inbox;
using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Bot.Tests.Admin.Inbox;

/// <summary>Where "not worse" ends: the tolerances of <see cref="InboxRetrainer.Decide"/> on the held-out split's own sizes.</summary>
public sealed class InboxRetrainDecisionTests
{
    // The held-out split's shape: 500 in-scope utterances, 100 out-of-scope ones.
    private static IntentEvaluationReport Report(int inScopeCorrect, int oosCorrect) =>
        new(new LanguageEvaluation("all", 600, inScopeCorrect + oosCorrect, 500, inScopeCorrect, 100, oosCorrect), [], [], [], 0);

    [Theory]
    [InlineData(450, 80, true, "Promoted:")] // the same
    [InlineData(460, 70, false, "Kept the model in use: the candidate's out-of-scope recall is 70.0 % against 80.0 %")] // better in scope, 10 points worse out of scope
    [InlineData(445, 80, true, "Promoted:")] // 1.0 point lower in scope: within the tolerance
    [InlineData(444, 80, false, "Kept the model in use: the candidate's in-scope accuracy is 88.8 % against 90.0 %, 1.2 points lower")]
    [InlineData(450, 78, true, "Promoted:")] // 2 points lower out of scope: within the tolerance
    [InlineData(450, 77, false, "Kept the model in use: the candidate's out-of-scope recall is 77.0 % against 80.0 %, 3.0 points lower")]
    [InlineData(490, 95, true, "Promoted: in-scope accuracy 98.0 % (was 90.0 %)")]
    public void A_candidate_goes_live_unless_in_scope_accuracy_drops_more_than_1_point_or_oos_recall_more_than_2(
        int inScopeCorrect, int oosCorrect, bool promote, string reason)
    {
        var (promoted, why) = InboxRetrainer.Decide(Report(450, 80), Report(inScopeCorrect, oosCorrect));

        Assert.Equal(promote, promoted);
        Assert.StartsWith(reason, why, StringComparison.Ordinal);
    }
}
