using HelpdeskBot.Classifier.Intents;

namespace HelpdeskBot.Classifier.Tests;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Where is ORD-100123?", "where is xordnumx")]
    [InlineData("status #100123", "status xordnumx")]
    [InlineData("order 100123", "order xordnumx")]
    [InlineData("pesanan saya ORD100123 sudah sampai mana?", "pesanan saya xordnumx sudah sampai mana")]
    public void Order_number_like_tokens_become_one_placeholder(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("INV-2026-00001", "inv xnumx xnumx")]
    [InlineData("Rp 100.000", "rp xnumx xnumx")]
    [InlineData("call 08123456789", "call xnumx")]
    public void Other_numbers_become_the_number_placeholder(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("  What's UP?!  ", "whats up")]
    [InlineData("Café crème", "cafe creme")]
    [InlineData("Haloooo kakkkk", "haloo kakk")]
    [InlineData("?!...", "")]
    public void Case_diacritics_punctuation_and_stretched_letters_are_normalised(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }
}
