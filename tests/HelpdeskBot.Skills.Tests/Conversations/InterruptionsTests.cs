using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Conversations;

public sealed class InterruptionsTests
{
    [Theory]
    [InlineData("gak jadi deh")]
    [InlineData("batalin aja")]
    [InlineData("nggak jadi dulu ya")]
    [InlineData("Never mind!")]
    [InlineData("batal")]
    public void Cancel_words_with_a_trailing_particle_still_cancel(string text) =>
        Assert.True(Interruptions.IsCancel(text));

    [Theory]
    [InlineData("ya")]
    [InlineData("deh")]
    [InlineData("batalkan pesanan saya")]
    [InlineData("jadi dong")]
    public void Other_words_do_not_cancel(string text) =>
        Assert.False(Interruptions.IsCancel(text));
}
