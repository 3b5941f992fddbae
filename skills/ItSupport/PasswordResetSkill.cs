using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>
/// "I forgot my password" / "my account is locked": runs <see cref="PasswordResetForm"/>, with a one-time code to the
/// contact on file as the identity check before anything happens to the account. The code is passed to the
/// notification service and forgotten; it is never logged, stored or repeated.
/// </summary>
internal sealed partial class PasswordResetSkill(
    IItSupportService it, INotificationService notifications, ILogger<PasswordResetSkill> logger) : IFormSkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.ItPasswordReset];

    public string FormIntent => IntentNames.ItPasswordReset;

    public bool Owns(FormState form) => form is PasswordResetFormState;

    public bool Accepts(FormState form, TurnContext turn) =>
        form is PasswordResetFormState state && PasswordResetForm.Accepts(state, turn.Message.Text);

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        ApplyAsync(PasswordResetForm.Begin(turn.Message.Text, turn.Language, turn.Now), turn, cancellationToken);

    public async Task<SkillResult?> ContinueAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var form = turn.ActiveForm<PasswordResetFormState>(this);

        var step = PasswordResetForm.NextTurn(form, turn.Message.Text, turn.Language, turn.Now);
        return step.Action == PasswordResetFormAction.Expired ? null : await ApplyAsync(step, turn, cancellationToken);
    }

    public Reply Reminder(FormState form, string language) =>
        form is PasswordResetFormState state
            ? new Reply(PasswordResetForm.Question(state, language), PasswordResetForm.Buttons(state, language))
            : new Reply(ItPhrases.AskAccountAction.In(language));

    private async Task<SkillResult> ApplyAsync(PasswordResetFormStep step, TurnContext turn, CancellationToken cancellationToken)
    {
        var language = turn.Language;
        var requester = turn.Requester;

        if (step.Action == PasswordResetFormAction.SendCode)
        {
            var state = step.State!;
            var challenge = await notifications.SendOneTimeCodeAsync(requester, state.Channel!.Value, PasswordResetForm.Purpose, cancellationToken);
            LogCodeSent(logger, state.Channel.Value, challenge is not null);
            step = PasswordResetForm.CodeSent(state, challenge, language, turn.Now);
        }
        else if (step.Action == PasswordResetFormAction.VerifyCode)
        {
            var state = step.State!;
            var check = await notifications.VerifyOneTimeCodeAsync(state.ChallengeId!, step.Code!, requester, cancellationToken);
            LogCodeChecked(logger, check.Outcome, check.AttemptsLeft);
            step = PasswordResetForm.CodeChecked(state, check, language, turn.Now);
        }
        else if (step.Action == PasswordResetFormAction.Run)
        {
            var action = step.AccountAction!.Value;
            var result = await it.RunAccountActionAsync(action, requester, cancellationToken);
            LogAccountAction(logger, action, result.Done, requester.Kind);
            IReadOnlyList<SuggestedAction> actions = result.Done ? [] : IntentActions.HelpOrAgent(language);
            return new SkillResult(turn.State with { ActiveForm = null }, [new Reply(ItReplies.AccountActionDone(result, language), actions)]);
        }

        var reply = step.Action == PasswordResetFormAction.Cancelled
            ? step.Reply! with { SuggestedActions = IntentActions.Menu(language, requester) }
            : step.Reply!;
        return new SkillResult(turn.State with { ActiveForm = step.State }, [reply]);
    }

    [LoggerMessage(LogLevel.Information, "One-time code over {Channel} requested for an account action; sent: {Sent}")]
    private static partial void LogCodeSent(ILogger logger, ContactChannel channel, bool sent);

    [LoggerMessage(LogLevel.Information, "One-time code checked: {Outcome}, {AttemptsLeft} attempts left")]
    private static partial void LogCodeChecked(ILogger logger, OneTimeCodeOutcome outcome, int attemptsLeft);

    [LoggerMessage(LogLevel.Information, "Account action {Action} for a verified {RequesterKind} requester: done {Done}")]
    private static partial void LogAccountAction(ILogger logger, AccountAction action, bool done, RequesterKind requesterKind);
}
