using HelpdeskBot.Skills.Handoff;

namespace HelpdeskBot.Skills.Tests.Handoff;

public sealed class FrustrationTests
{
    [Theory]
    [InlineData("this is useless")]
    [InlineData("Useless!")]
    [InlineData("you are not helping")]
    [InlineData("you're not helpful at all")]
    [InlineData("you don't understand")]
    [InlineData("stupid bot")]
    [InlineData("this bot is so dumb")]
    [InlineData("what a waste of my time")]
    [InlineData("I'm so frustrated")]
    [InlineData("this is ridiculous")]
    [InlineData("not helpful at all")]
    [InlineData("gak membantu")]
    [InlineData("tidak membantu sama sekali")]
    [InlineData("kamu gak ngerti ya")]
    [InlineData("bot bodoh")]
    [InlineData("bodoh banget")]
    [InlineData("buang-buang waktu")]
    [InlineData("saya kesal")]
    [InlineData("kecewa banget")]
    [InlineData("percuma")]
    [InlineData("nyebelin")]
    public void Frustration_with_the_bot_is_recognised(string text) => Assert.True(Frustration.IsExpressedIn(text));

    [Theory]
    [InlineData("my laptop is useless, the screen flickers")]
    [InlineData("the printer is not working")]
    [InlineData("where is my order ORD-100123")]
    [InlineData("is it useful to buy the extended warranty?")]
    [InlineData("I don't understand my invoice")]
    [InlineData("saya tidak mengerti cara retur")]
    [InlineData("laptop saya rusak")]
    [InlineData("barangnya tidak berguna lagi, saya mau retur")]
    [InlineData("help")]
    [InlineData("")]
    public void Complaints_about_things_and_ordinary_requests_are_not_frustration_with_the_bot(string text) =>
        Assert.False(Frustration.IsExpressedIn(text));

    [Fact]
    public void A_long_description_is_never_a_trigger() =>
        Assert.False(Frustration.IsExpressedIn("this is useless " + new string('x', 400)));
}
