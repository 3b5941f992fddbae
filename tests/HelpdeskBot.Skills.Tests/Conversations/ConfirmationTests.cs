using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Conversations;

public sealed class ConfirmationTests
{
    [Theory]
    [InlineData("iya, batalin aja")]
    [InlineData("ya batalkan")]
    [InlineData("yes, cancel it")]
    [InlineData("Yes cancel it please")]
    public void A_yes_that_repeats_the_question_s_action_is_a_yes(string text) =>
        Assert.Equal(ConfirmationAnswer.Yes, Confirmation.Parse(text, Confirmation.CancelEchoes));

    [Theory]
    [InlineData("ya, kirim")]
    [InlineData("yes send it")]
    public void A_yes_that_repeats_send_is_a_yes(string text) =>
        Assert.Equal(ConfirmationAnswer.Yes, Confirmation.Parse(text, Confirmation.SendEchoes));

    [Theory]
    [InlineData("ya batalkan", null)]
    [InlineData("ya batalkan", "send")]
    [InlineData("please cancel it", "cancel")]
    [InlineData("tolong batalkan", "cancel")]
    public void Another_action_or_no_yes_is_unclear(string text, string? echoes)
    {
        var set = echoes switch { "send" => Confirmation.SendEchoes, "cancel" => Confirmation.CancelEchoes, _ => null };
        Assert.Equal(ConfirmationAnswer.Unclear, Confirmation.Parse(text, set));
    }
}
