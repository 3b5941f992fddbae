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

    [Theory]
    [InlineData("Never mind!", "never mind")]
    [InlineData("  (Halo),   KAK… ", "halo kak")]
    [InlineData("?!", "")]
    [InlineData("", "")]
    [InlineData("don't\tstop\u00a0NOW.", "don't stop now")]
    public void Normalize_lowers_the_case_and_keeps_the_words_without_the_marks_around_them(string text, string expected) =>
        Assert.Equal(expected, Interruptions.Normalize(text));

    /// <summary>The one-pass Normalize against the plain definition, over random text short and long (the long goes past the stack buffer).</summary>
    [Fact]
    public void Normalize_matches_lowering_splitting_at_white_space_trimming_and_joining()
    {
        static string Reference(string text) => string.Join(' ', text.ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim('.', ',', '!', '?', '"', '\'', ':', ';', '(', ')', '…'))
            .Where(word => word.Length > 0));

        var random = new Random(5);
        const string alphabet = "aBcDeÉİıßΣ .,!?\"':;()…\t\n\u00a0\u2003-_09";
        for (var i = 0; i < 5_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(i % 10 == 0 ? 600 : 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(Reference(text), Interruptions.Normalize(text));
        }
    }
}
