using System.Text.RegularExpressions;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

public enum PasswordResetStage
{
    AskAction,
    AskChannel,
    AwaitCode,

    /// <summary>The code expired: send a new one?</summary>
    OfferNewCode,
    Confirm,
}

/// <summary>
/// Password reset or account unlock behind a one-time-code identity check. The state holds the challenge id and the
/// masked destination, never the code: the code the user types lives only in the step of the turn that checks it.
/// </summary>
public sealed record PasswordResetFormState : FormState
{
    public const string Discriminator = "it.password_reset";

    public override bool AwaitsSecret => Stage == PasswordResetStage.AwaitCode;

    public PasswordResetStage Stage { get; init; }

    public AccountAction? Action { get; init; }

    public ContactChannel? Channel { get; init; }

    public string? ChallengeId { get; init; }

    /// <summary>Where the code went, masked by the notification service (<c>+62***0007</c>).</summary>
    public string? SentTo { get; init; }

    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= PasswordResetForm.Timeout;
}

public enum PasswordResetFormAction
{
    Ask,
    Reprompt,

    /// <summary>Send a one-time code over <see cref="PasswordResetFormState.Channel"/>; then call <see cref="PasswordResetForm.CodeSent"/>.</summary>
    SendCode,

    /// <summary>Check <see cref="PasswordResetFormStep.Code"/> against the challenge; then call <see cref="PasswordResetForm.CodeChecked"/>.</summary>
    VerifyCode,

    Confirm,

    /// <summary>Identity checked and confirmed: run <see cref="PasswordResetFormStep.AccountAction"/>; the form is done.</summary>
    Run,
    Declined,

    /// <summary>No contact on file, or too many unusable answers; the form ends.</summary>
    GiveUp,

    /// <summary>Too many wrong codes; the form ends and the user is sent to a person.</summary>
    LockedOut,
    Cancelled,
    Expired,
}

/// <param name="Code">The code the user typed (<see cref="PasswordResetFormAction.VerifyCode"/> only); never stored, never shown.</param>
public sealed record PasswordResetFormStep(
    PasswordResetFormAction Action,
    PasswordResetFormState? State,
    Reply? Reply = null,
    string? Code = null,
    AccountAction? AccountAction = null)
{
    // A record prints its members; keep the code out of any log or debugger output that prints a step.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Action = {Action}, State = {State}, Code = {(Code is null ? "null" : "***")}, AccountAction = {AccountAction}");
        return true;
    }
}

/// <summary>Which action, where to send the code, the code, then a confirmation. Pure: the skill sends and checks codes.</summary>
public static partial class PasswordResetForm
{
    public const int MaxFailedAttempts = 3;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public const string Purpose = "it.account";

    public static PasswordResetFormStep Begin(string utterance, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        return BeginWith(InferAction(utterance), language, now);
    }

    /// <summary>Starts with the action known (or not): the next question is where to send the code.</summary>
    public static PasswordResetFormStep BeginWith(AccountAction? action, string language, DateTimeOffset now)
    {
        var state = new PasswordResetFormState
        {
            LastActivityAt = now,
            Action = action,
            Stage = action is null ? PasswordResetStage.AskAction : PasswordResetStage.AskChannel,
        };
        return Ask(state, language);
    }

    public static PasswordResetFormStep NextTurn(PasswordResetFormState state, string input, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);

        if (state.IsExpiredAt(now))
        {
            return new PasswordResetFormStep(PasswordResetFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new PasswordResetFormStep(PasswordResetFormAction.Cancelled, null, new Reply(DialogPhrases.Cancelled.In(language)));
        }

        state = state with { LastActivityAt = now };
        switch (state.Stage)
        {
            case PasswordResetStage.AskAction:
                return ParseAction(input) is { } action
                    ? Ask(state with { Action = action, Stage = PasswordResetStage.AskChannel, FailedAttempts = 0 }, language)
                    : Fail(state, ItPhrases.UnknownAccountAction.In(language), language);

            case PasswordResetStage.AskChannel:
                return ParseChannel(input) is { } channel
                    ? new PasswordResetFormStep(PasswordResetFormAction.SendCode, state with { Channel = channel })
                    : Fail(state, ItPhrases.UnknownChannel.In(language), language);

            case PasswordResetStage.AwaitCode:
                if (IsNewCodeRequest(input))
                {
                    return new PasswordResetFormStep(PasswordResetFormAction.SendCode, state);
                }

                return FindCode(input) is { } code
                    ? new PasswordResetFormStep(PasswordResetFormAction.VerifyCode, state, Code: code)
                    : Fail(state, ItPhrases.NotACode.Format(language, ("destination", state.SentTo ?? "-")), language);

            case PasswordResetStage.OfferNewCode:
                if (IsNewCodeRequest(input) || Confirmation.Parse(input) == ConfirmationAnswer.Yes)
                {
                    return new PasswordResetFormStep(PasswordResetFormAction.SendCode, state);
                }

                return Confirmation.Parse(input) == ConfirmationAnswer.No
                    ? new PasswordResetFormStep(PasswordResetFormAction.Declined, null, new Reply(ItPhrases.AccountDeclined.In(language)))
                    : Fail(state, null, language);

            case PasswordResetStage.Confirm:
                return Confirmation.Parse(input) switch
                {
                    ConfirmationAnswer.Yes => new PasswordResetFormStep(PasswordResetFormAction.Run, null, AccountAction: state.Action),
                    ConfirmationAnswer.No => new PasswordResetFormStep(PasswordResetFormAction.Declined, null, new Reply(ItPhrases.AccountDeclined.In(language))),
                    _ => Fail(state, null, language),
                };

            default:
                return Ask(state, language);
        }
    }

    /// <summary>The notification service sent a code (or found no contact of that kind on file).</summary>
    public static PasswordResetFormStep CodeSent(PasswordResetFormState state, OneTimeCodeChallenge? challenge, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (challenge is null)
        {
            var contact = state.Channel == ContactChannel.Sms ? ItPhrases.PhoneNumber : ItPhrases.EmailAddress;
            return new PasswordResetFormStep(
                PasswordResetFormAction.GiveUp,
                null,
                new Reply(ItPhrases.NoContact.Format(language, ("channel", contact.In(language))), IntentActions.HelpOrAgent(language)));
        }

        var waiting = state with
        {
            Stage = PasswordResetStage.AwaitCode,
            Channel = challenge.Channel,
            ChallengeId = challenge.ChallengeId,
            SentTo = challenge.SentTo,
            FailedAttempts = 0,
            LastActivityAt = now,
        };
        return new PasswordResetFormStep(
            PasswordResetFormAction.Ask,
            waiting,
            new Reply(ItPhrases.CodeSent.Format(language, ("destination", challenge.SentTo)), Buttons(waiting, language)));
    }

    /// <summary>The notification service checked the code the user typed.</summary>
    public static PasswordResetFormStep CodeChecked(PasswordResetFormState state, OneTimeCodeCheck check, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(check);
        state = state with { LastActivityAt = now };
        switch (check.Outcome)
        {
            case OneTimeCodeOutcome.Verified:
                // The challenge is spent; nothing about it needs to stay in the state.
                return Ask(state with { Stage = PasswordResetStage.Confirm, ChallengeId = null, FailedAttempts = 0 }, language);

            case OneTimeCodeOutcome.Wrong when check.AttemptsLeft > 0:
                var text = check.AttemptsLeft == 1
                    ? ItPhrases.WrongCodeOneLeft.In(language)
                    : ItPhrases.WrongCode.Format(language, ("attempts", check.AttemptsLeft.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return new PasswordResetFormStep(PasswordResetFormAction.Reprompt, state, new Reply(text, Buttons(state, language)));

            case OneTimeCodeOutcome.Wrong:
            case OneTimeCodeOutcome.LockedOut:
                return new PasswordResetFormStep(
                    PasswordResetFormAction.LockedOut,
                    null,
                    new Reply(ItPhrases.LockedOut.In(language), IntentActions.HelpOrAgent(language)));

            default:
                // Expired, or a challenge the service no longer knows: the only way on is a fresh code.
                var offering = state with { Stage = PasswordResetStage.OfferNewCode, ChallengeId = null, FailedAttempts = 0 };
                return Ask(offering, language);
        }
    }

    public static string Question(PasswordResetFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            PasswordResetStage.AskAction => ItPhrases.AskAccountAction.In(language),
            PasswordResetStage.AwaitCode => ItPhrases.TypeTheCode.In(language),
            PasswordResetStage.OfferNewCode => ItPhrases.CodeExpired.Format(language, ("destination", state.SentTo ?? "-")),
            PasswordResetStage.Confirm => state.Action == AccountAction.Unlock ? ItPhrases.ConfirmUnlock.In(language) : ItPhrases.ConfirmReset.In(language),
            _ => ItPhrases.AskChannel.In(language),
        };
    }

    public static IReadOnlyList<SuggestedAction> Buttons(PasswordResetFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            PasswordResetStage.AskAction =>
                [ItVocabulary.Button(ItPhrases.ResetPasswordTitle.In(language)), ItVocabulary.Button(ItPhrases.UnlockAccountTitle.In(language))],
            PasswordResetStage.AskChannel =>
                [ItVocabulary.Button(ItPhrases.SmsTitle.In(language)), ItVocabulary.Button(ItPhrases.EmailTitle.In(language))],
            PasswordResetStage.AwaitCode => [ItVocabulary.Button(ItPhrases.NewCodeTitle.In(language))],
            PasswordResetStage.OfferNewCode => [ItVocabulary.Button(ItPhrases.NewCodeTitle.In(language)), ItVocabulary.Button(DialogPhrases.No.In(language))],
            _ => Confirmation.Buttons(language),
        };
    }

    public static bool Accepts(PasswordResetFormState state, string input)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        return state.Stage switch
        {
            PasswordResetStage.AskAction => ParseAction(input) is not null,
            PasswordResetStage.AskChannel => ParseChannel(input) is not null,
            PasswordResetStage.AwaitCode => FindCode(input) is not null || IsNewCodeRequest(input),
            PasswordResetStage.OfferNewCode => IsNewCodeRequest(input) || Confirmation.Parse(input) != ConfirmationAnswer.Unclear,
            _ => Confirmation.Parse(input) != ConfirmationAnswer.Unclear,
        };
    }

    /// <summary>The action a request clearly asks for ("locked out", "terkunci" → unlock; "forgot", "lupa", "reset" → reset), or null.</summary>
    public static AccountAction? InferAction(string text)
    {
        var words = ItVocabulary.Padded(text);
        if (ItVocabulary.ContainsAny(words, "unlock", "locked", "locked out", "lockout", "terkunci", "kekunci", "ke-lock", "buka kunci", "buka blokir", "terblokir", "diblokir"))
        {
            return AccountAction.Unlock;
        }

        return ItVocabulary.ContainsAny(words, "forgot", "forgotten", "forget", "lupa", "reset", "direset", "mereset", "expired", "kedaluwarsa")
            ? AccountAction.PasswordReset
            : null;
    }

    /// <summary>The answer to "reset or unlock?": the clear words, the button titles, or just "password"/"account".</summary>
    public static AccountAction? ParseAction(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (InferAction(text) is { } action)
        {
            return action;
        }

        var words = ItVocabulary.Padded(text);
        if (ItVocabulary.ContainsAny(words, "password", "kata sandi", "sandi", "change password", "ganti"))
        {
            return AccountAction.PasswordReset;
        }

        return ItVocabulary.ContainsAny(words, "account", "akun", "buka", "open") ? AccountAction.Unlock : null;
    }

    public static ContactChannel? ParseChannel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = ItVocabulary.Padded(text);
        if (ItVocabulary.ContainsAny(words, "sms", "phone", "text", "text message", "mobile", "telepon", "telpon", "hp", "ponsel", "handphone", "nomor hp", "wa"))
        {
            return ContactChannel.Sms;
        }

        return ItVocabulary.ContainsAny(words, "email", "e-mail", "mail", "surel", "surat elektronik") ? ContactChannel.Email : null;
    }

    /// <summary>
    /// A 6-digit code: the whole answer ("123456", "123 456"), or six digits right after a code word in a short answer
    /// ("my code is 123456", "kodenya 123456"). Other six digits in a sentence ("where is ORD-100123") are not a code.
    /// </summary>
    public static string? FindCode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = text.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (compact.Length == 6 && compact.All(char.IsAsciiDigit))
        {
            return compact;
        }

        var match = text.Length <= 60 ? CodeAfterCodeWord().Match(text) : Match.Empty;
        return match.Success ? match.Groups["code"].Value : null;
    }

    private static bool IsNewCodeRequest(string text)
    {
        var words = ItVocabulary.Padded(text);
        return ItVocabulary.ContainsAny(
            words, "new code", "send a new code", "another code", "resend", "send again", "kode baru", "kirim kode baru", "kirim ulang", "kirim lagi");
    }

    private static PasswordResetFormStep Ask(PasswordResetFormState state, string language) =>
        new(PasswordResetFormAction.Ask, state, new Reply(Question(state, language), Buttons(state, language)));

    private static PasswordResetFormStep Fail(PasswordResetFormState state, string? reason, string language)
    {
        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= MaxFailedAttempts)
        {
            var giveUp = ItPhrases.AccountGiveUp.In(language);
            return new PasswordResetFormStep(
                PasswordResetFormAction.GiveUp,
                null,
                new Reply(reason is null ? giveUp : $"{reason} {giveUp}", IntentActions.HelpOrAgent(language)));
        }

        state = state with { FailedAttempts = failedAttempts };
        var question = state.Stage is PasswordResetStage.Confirm or PasswordResetStage.OfferNewCode
            ? ItPhrases.ConfirmReprompt.In(language)
            : Question(state, language);
        return new PasswordResetFormStep(
            PasswordResetFormAction.Reprompt,
            state,
            new Reply(reason is null ? question : $"{reason} {question}", Buttons(state, language)));
    }

    [GeneratedRegex(
        @"\b(?:code|kode|kodenya|otp)\b[^0-9]{0,12}(?<code>[0-9]{6})(?![0-9])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex CodeAfterCodeWord();
}
