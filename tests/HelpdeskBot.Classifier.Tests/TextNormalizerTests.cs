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

public sealed class IndonesianSpellingTests
{
    [Theory]
    [InlineData("sy blm dapet slip gaji", "saya belum dapat slip gaji")]
    [InlineData("gimana cara reset password", "bagaimana cara reset password")]
    [InlineData("pesanan udah dikirim ga", "pesanan sudah dikirim tidak")]
    [InlineData("where is my order", "where is my order")]
    public void Informal_spellings_become_the_formal_word(string normalized, string expected) =>
        Assert.Equal(expected, HelpdeskBot.Classifier.Intents.IndonesianSpelling.Formalize(normalized));
}

public sealed class ScriptTests
{
    [Theory]
    [InlineData("where is my order", true)]
    [InlineData("pesanan saya xordnumx", true)]
    [InlineData("cafe ole", true)]
    [InlineData("你好 我想知道明天的天气", false)]
    [InlineData("привет как дела", false)]
    [InlineData("order 你好", true)]
    public void Text_mostly_in_a_non_latin_script_is_not_classified(string normalized, bool latin) =>
        Assert.Equal(latin, HelpdeskBot.Classifier.Intents.IntentModel.MostlyLatin(normalized));
}
