using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class PasswordResetFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static PasswordResetFormState At(PasswordResetStage stage, int failedAttempts = 0) => new()
    {
        LastActivityAt = Now,
        Stage = stage,
        Action = stage == PasswordResetStage.AskAction ? null : AccountAction.PasswordReset,
        Channel = stage is PasswordResetStage.AskAction or PasswordResetStage.AskChannel ? null : ContactChannel.Sms,
        ChallengeId = stage == PasswordResetStage.AwaitCode ? "CH-1" : null,
        SentTo = stage is PasswordResetStage.AwaitCode or PasswordResetStage.OfferNewCode ? "+62***0007" : null,
        FailedAttempts = failedAttempts,
    };

    [Theory]
    [InlineData("I forgot my password", AccountAction.PasswordReset)]
    [InlineData("saya lupa kata sandi", AccountAction.PasswordReset)]
    [InlineData("please reset my password", AccountAction.PasswordReset)]
    [InlineData("I'm locked out", AccountAction.Unlock)]
    [InlineData("akun saya terkunci", AccountAction.Unlock)]
    [InlineData("unlock my account please", AccountAction.Unlock)]
    public void Begin_infers_a_clear_action_and_asks_where_to_send_the_code(string utterance, AccountAction expected)
    {
        var step = PasswordResetForm.Begin(utterance, "en", Now);

        Assert.Equal(expected, step.State!.Action);
        Assert.Equal(PasswordResetStage.AskChannel, step.State.Stage);
        Assert.Equal(["Phone (SMS)", "E-mail on file"], step.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void Begin_without_a_clear_action_asks_which_one()
    {
        var step = PasswordResetForm.Begin("I have trouble signing in", "id", Now);

        Assert.Equal(PasswordResetStage.AskAction, step.State!.Stage);
        Assert.Equal("Baik. Anda ingin mereset kata sandi, atau membuka akun yang terkunci?", step.Reply!.Text);
        Assert.Equal(["Reset kata sandi", "Buka kunci akun"], step.Reply.SuggestedActions.Select(a => a.Title));
    }

    [Theory]
    [InlineData("Phone (SMS)", ContactChannel.Sms)]
    [InlineData("sms", ContactChannel.Sms)]
    [InlineData("ke HP saja", ContactChannel.Sms)]
    [InlineData("E-mail on file", ContactChannel.Email)]
    [InlineData("Email terdaftar", ContactChannel.Email)]
    public void A_channel_answer_asks_the_skill_to_send_a_code(string answer, ContactChannel expected)
    {
        var step = PasswordResetForm.NextTurn(At(PasswordResetStage.AskChannel), answer, "en", Now);

        Assert.Equal(PasswordResetFormAction.SendCode, step.Action);
        Assert.Equal(expected, step.State!.Channel);
    }

    [Fact]
    public void An_unknown_channel_is_asked_again_with_the_choices_and_the_third_gives_up()
    {
        var first = PasswordResetForm.NextTurn(At(PasswordResetStage.AskChannel), "carrier pigeon", "en", Now);
        var third = PasswordResetForm.NextTurn(At(PasswordResetStage.AskChannel, failedAttempts: 2), "fax", "en", Now);

        Assert.StartsWith("Sorry, I need one of: phone (SMS), or e-mail. First I need to check it's you.", first.Reply!.Text, StringComparison.Ordinal);
        Assert.Equal(PasswordResetFormAction.GiveUp, third.Action);
        Assert.Equal(["Help", "Talk to a person"], third.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Fact]
    public void A_sent_code_keeps_the_challenge_and_the_masked_destination_only()
    {
        var challenge = new OneTimeCodeChallenge("CH-9", ContactChannel.Sms, "+62***0007", Now.AddMinutes(10));

        var step = PasswordResetForm.CodeSent(At(PasswordResetStage.AskChannel) with { Channel = ContactChannel.Sms }, challenge, "en", Now);

        Assert.Equal(PasswordResetStage.AwaitCode, step.State!.Stage);
        Assert.Equal("CH-9", step.State.ChallengeId);
        Assert.Equal("I've sent a 6-digit code to +62***0007. Please type it here.", step.Reply!.Text);
    }

    [Fact]
    public void No_contact_on_file_ends_the_form_with_help_or_a_person()
    {
        var step = PasswordResetForm.CodeSent(At(PasswordResetStage.AskChannel) with { Channel = ContactChannel.Email }, null, "id", Now);

        Assert.Equal(PasswordResetFormAction.GiveUp, step.Action);
        Assert.StartsWith("Tidak ada alamat email yang terdaftar untuk Anda", step.Reply!.Text, StringComparison.Ordinal);
        Assert.Equal(IntentActions.HelpOrAgent("id"), step.Reply.SuggestedActions);
    }

    [Theory]
    [InlineData("246810", "246810")]
    [InlineData("246 810", "246810")]
    [InlineData("246-810", "246810")]
    [InlineData("the code is 246810", "246810")]
    [InlineData("kodenya 246810", "246810")]
    public void A_six_digit_answer_is_checked_and_not_kept_in_the_state(string answer, string code)
    {
        var state = At(PasswordResetStage.AwaitCode);

        var step = PasswordResetForm.NextTurn(state, answer, "en", Now);

        Assert.Equal(PasswordResetFormAction.VerifyCode, step.Action);
        Assert.Equal(code, step.Code);
        Assert.DoesNotContain(code, (ConversationState.New with { ActiveForm = step.State }).ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain(code, step.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("where is ORD-100123")]
    [InlineData("I haven't got it")]
    public void Anything_else_is_not_a_code(string answer)
    {
        Assert.Null(PasswordResetForm.FindCode(answer));
        Assert.False(PasswordResetForm.Accepts(At(PasswordResetStage.AwaitCode), answer));
    }

    [Fact]
    public void Verified_asks_to_confirm_the_action_and_forgets_the_challenge()
    {
        var step = PasswordResetForm.CodeChecked(At(PasswordResetStage.AwaitCode), new OneTimeCodeCheck(OneTimeCodeOutcome.Verified, 0), "en", Now);

        Assert.Equal(PasswordResetStage.Confirm, step.State!.Stage);
        Assert.Null(step.State.ChallengeId);
        Assert.Equal(["Yes", "No"], step.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Theory]
    [InlineData(2, "That code isn't right. You have 2 attempts left; please type the code again.")]
    [InlineData(1, "That code isn't right. You have 1 attempt left; please type the code again.")]
    public void A_wrong_code_says_how_many_attempts_are_left(int left, string expected)
    {
        var step = PasswordResetForm.CodeChecked(At(PasswordResetStage.AwaitCode), new OneTimeCodeCheck(OneTimeCodeOutcome.Wrong, left), "en", Now);

        Assert.Equal(PasswordResetFormAction.Reprompt, step.Action);
        Assert.Equal(expected, step.Reply!.Text);
    }

    [Theory]
    [InlineData(OneTimeCodeOutcome.LockedOut, 0)]
    [InlineData(OneTimeCodeOutcome.Wrong, 0)]
    public void Locked_out_ends_the_form_and_sends_the_user_to_a_person(OneTimeCodeOutcome outcome, int left)
    {
        var step = PasswordResetForm.CodeChecked(At(PasswordResetStage.AwaitCode), new OneTimeCodeCheck(outcome, left), "en", Now);

        Assert.Equal(PasswordResetFormAction.LockedOut, step.Action);
        Assert.Null(step.State);
        Assert.Equal(["Help", "Talk to a person"], step.Reply!.SuggestedActions.Select(a => a.Title));
    }

    [Theory]
    [InlineData(OneTimeCodeOutcome.Expired)]
    [InlineData(OneTimeCodeOutcome.NotFound)]
    public void An_expired_code_offers_a_new_one(OneTimeCodeOutcome outcome)
    {
        var offered = PasswordResetForm.CodeChecked(At(PasswordResetStage.AwaitCode), new OneTimeCodeCheck(outcome, 0), "en", Now);
        var resend = PasswordResetForm.NextTurn(offered.State!, "yes", "en", Now);

        Assert.Equal("That code has expired. Shall I send a new one to +62***0007?", offered.Reply!.Text);
        Assert.Equal(PasswordResetFormAction.SendCode, resend.Action);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("iya")]
    [InlineData("yep")]
    public void Yes_at_the_confirmation_runs_the_action(string answer)
    {
        var step = PasswordResetForm.NextTurn(At(PasswordResetStage.Confirm), answer, "en", Now);

        Assert.Equal(PasswordResetFormAction.Run, step.Action);
        Assert.Equal(AccountAction.PasswordReset, step.AccountAction);
        Assert.Null(step.State);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("nggak")]
    [InlineData("jangan")]
    public void No_at_the_confirmation_does_nothing(string answer)
    {
        var step = PasswordResetForm.NextTurn(At(PasswordResetStage.Confirm), answer, "en", Now);

        Assert.Equal(PasswordResetFormAction.Declined, step.Action);
        Assert.Null(step.AccountAction);
    }

    [Fact]
    public void Cancel_and_expiry_end_the_form()
    {
        Assert.Equal(PasswordResetFormAction.Cancelled, PasswordResetForm.NextTurn(At(PasswordResetStage.AwaitCode), "cancel", "en", Now).Action);
        Assert.Equal(PasswordResetFormAction.Expired, PasswordResetForm.NextTurn(At(PasswordResetStage.AwaitCode), "246810", "en", Now.AddMinutes(31)).Action);
    }

    [Fact]
    public void NextTurn_leaves_the_input_state_untouched()
    {
        var state = At(PasswordResetStage.AwaitCode);
        var copy = state with { };

        PasswordResetForm.NextTurn(state, "nonsense", "en", Now.AddMinutes(1));

        Assert.Equal(copy, state);
    }
}
