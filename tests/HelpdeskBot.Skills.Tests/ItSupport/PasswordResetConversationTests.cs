using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Connectors;
using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Connectors.Notifications;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class PasswordResetConversationTests
{
    private const string Reset = IntentNames.ItPasswordReset;

    [Fact]
    public async Task Forgotten_password_is_reset_after_the_code_and_a_yes_and_the_code_never_appears_in_replies_or_state()
    {
        var conversation = EmployeeConversation.Start();
        var seen = new List<string>();

        var channel = await conversation.AskAsync("I forgot my password", Reset);
        seen.Add(channel.Everything(conversation));
        var sent = await conversation.SayAsync("Phone (SMS)");
        seen.Add(sent.Everything(conversation));
        var verified = await conversation.SayAsync(FakeNotifications.Code);
        seen.Add(verified.Everything(conversation));
        var done = await conversation.SayAsync("yes");
        seen.Add(done.Everything(conversation));

        Assert.StartsWith("First I need to check it's you.", channel.Text(), StringComparison.Ordinal);
        Assert.Equal(["Phone (SMS)", "E-mail on file"], channel.ActionTitles());
        Assert.Equal("I've sent a 6-digit code to +62***0007. Please type it here.", sent.Text());
        Assert.Equal((EmployeeConversation.Employee, ContactChannel.Sms, PasswordResetForm.Purpose), Assert.Single(conversation.Notifications.Sent));
        Assert.Equal("Thanks, that's you. Reset your password now? A reset link will be sent to your e-mail on file.", verified.Text());
        Assert.Equal("Done: a reset link was sent to b***@corp.example. I never see or show passwords.", done.Text());
        Assert.Equal((AccountAction.PasswordReset, EmployeeConversation.Employee), Assert.Single(conversation.It.AccountActions));
        Assert.All(seen, text => Assert.DoesNotContain(FakeNotifications.Code, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Locked_account_is_unlocked_in_Indonesian()
    {
        var conversation = EmployeeConversation.Start("id-ID");

        var channel = await conversation.AskAsync("akun saya terkunci", Reset);
        var sent = await conversation.SayAsync("Email terdaftar");
        var verified = await conversation.SayAsync("246 810");
        var done = await conversation.SayAsync("iya");

        Assert.StartsWith("Pertama saya perlu memastikan ini benar Anda.", channel.Text(), StringComparison.Ordinal);
        Assert.Equal("Saya sudah mengirim kode 6 digit ke b***@corp.example. Silakan ketik kodenya di sini.", sent.Text());
        Assert.Equal("Terima kasih, identitas Anda sudah terverifikasi. Buka kunci akun Anda sekarang?", verified.Text());
        Assert.Equal("Selesai: akun Anda sudah tidak terkunci. Anda bisa masuk kembali.", done.Text());
        Assert.Equal(AccountAction.Unlock, Assert.Single(conversation.It.AccountActions).Action);
    }

    [Fact]
    public async Task Unclear_request_asks_reset_or_unlock_with_buttons()
    {
        var conversation = EmployeeConversation.Start();

        var asked = await conversation.AskAsync("I can't sign in", Reset);
        var channel = await conversation.SayAsync("Unlock account");

        Assert.Equal("Sure. Do you want to reset your password, or unlock your account?", asked.Text());
        Assert.Equal(["Reset password", "Unlock account"], asked.ActionTitles());
        Assert.Equal(AccountAction.Unlock, Assert.IsType<PasswordResetFormState>(conversation.State.ActiveForm).Action);
        Assert.StartsWith("First I need to check it's you.", channel.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_wrong_codes_lock_the_check_and_send_the_user_to_a_person()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I forgot my password", Reset);
        await conversation.SayAsync("SMS");

        var first = await conversation.SayAsync("111111");
        var second = await conversation.SayAsync("222222");
        var third = await conversation.SayAsync("333333");

        Assert.Equal("That code isn't right. You have 2 attempts left; please type the code again.", first.Text());
        Assert.Equal("That code isn't right. You have 1 attempt left; please type the code again.", second.Text());
        Assert.Equal("That was the last attempt, so I've stopped here to keep your account safe. Please talk to a person at the IT desk.", third.Text());
        Assert.Equal(["Help", "Talk to a person"], third.ActionTitles());
        Assert.Null(conversation.State.ActiveForm);
        Assert.Empty(conversation.It.AccountActions);
        Assert.DoesNotContain("333333", third.Everything(conversation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_code_in_Indonesian_says_how_many_attempts_are_left()
    {
        var conversation = EmployeeConversation.Start("id-ID");
        await conversation.AskAsync("saya lupa kata sandi", Reset);
        await conversation.SayAsync("SMS");

        var wrong = await conversation.SayAsync("111111");

        Assert.Equal("Kode tersebut salah. Kesempatan Anda tinggal 2 kali; silakan ketik kodenya lagi.", wrong.Text());
    }

    [Fact]
    public async Task Expired_code_offers_a_new_one_which_then_works()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I forgot my password", Reset);
        await conversation.SayAsync("e-mail");
        conversation.Notifications.ExpireNext = true;

        var expired = await conversation.SayAsync("246810");
        var resent = await conversation.SayAsync("Send a new code");
        var verified = await conversation.SayAsync("246810");

        Assert.Equal("That code has expired. Shall I send a new one to b***@corp.example?", expired.Text());
        Assert.Equal(["Send a new code", "No"], expired.ActionTitles());
        Assert.Equal("I've sent a 6-digit code to b***@corp.example. Please type it here.", resent.Text());
        Assert.Equal(2, conversation.Notifications.Sent.Count);
        Assert.StartsWith("Thanks, that's you.", verified.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_phone_on_file_says_so_and_offers_help_or_a_person()
    {
        var conversation = EmployeeConversation.Start();
        conversation.Notifications.NothingOnFile.Add(ContactChannel.Sms);
        await conversation.AskAsync("I forgot my password", Reset);

        var result = await conversation.SayAsync("SMS");

        Assert.Equal("There's no phone number on file for you, so I can't check it's you this way. Please contact the IT desk.", result.Text());
        Assert.Equal(["Help", "Talk to a person"], result.ActionTitles());
        Assert.Null(conversation.State.ActiveForm);
    }

    [Fact]
    public async Task No_at_the_confirmation_changes_nothing()
    {
        var conversation = EmployeeConversation.Start("id-ID");
        await conversation.AskAsync("saya lupa kata sandi", Reset);
        await conversation.SayAsync("SMS");
        await conversation.SayAsync("246810");

        var result = await conversation.SayAsync("jangan");

        Assert.Equal("Baik, tidak ada yang saya ubah pada akun Anda.", result.Text());
        Assert.Empty(conversation.It.AccountActions);
    }

    [Fact]
    public async Task A_non_code_answer_is_reprompted_with_the_reason()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I forgot my password", Reset);
        await conversation.SayAsync("SMS");

        var result = await conversation.SayAsync("I didn't get anything yet");

        Assert.Equal(
            "The code is the 6 digits I sent to +62***0007. Please type the 6-digit code, or say \"new code\" to get another one.",
            result.Text());
        Assert.Empty(conversation.Notifications.Checks);
    }

    [Fact]
    public async Task Notification_system_down_keeps_the_question_and_the_code_goes_out_once_it_is_back()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I forgot my password", Reset);
        var before = conversation.State.ActiveForm;

        conversation.Notifications.Down = true;
        var down = await conversation.SayAsync("SMS");
        conversation.Notifications.Down = false;
        var sent = await conversation.SayAsync("SMS");

        Assert.StartsWith("Sorry, the notification system is not answering right now.", down.Text(), StringComparison.Ordinal);
        Assert.Equal(before, down.State.ActiveForm);
        Assert.StartsWith("I've sent a 6-digit code", sent.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_reset_is_for_employees_only()
    {
        var conversation = EmployeeConversation.Start(requester: Requester.Anonymous);

        var result = await conversation.AskAsync("I forgot my password", Reset);

        Assert.StartsWith("That's something I do for employees", result.Text(), StringComparison.Ordinal);
        Assert.Empty(conversation.Notifications.Sent);
    }

    [Fact]
    public async Task An_order_question_while_waiting_for_the_code_is_answered_and_the_reset_is_offered_back()
    {
        var conversation = EmployeeConversation.Start();
        await conversation.AskAsync("I forgot my password", Reset);
        await conversation.SayAsync("SMS");

        var interrupted = await conversation.SayAsync("where is my order ORD-100123");
        var resumed = await conversation.SayAsync("yes");
        var verified = await conversation.SayAsync("246810");

        Assert.EndsWith("Shall we get back to your request to reset your password or unlock your account?", interrupted.Text(), StringComparison.Ordinal);
        Assert.Equal("Please type the 6-digit code, or say \"new code\" to get another one.", resumed.Text());
        Assert.StartsWith("Thanks, that's you.", verified.Text(), StringComparison.Ordinal);
    }
}
