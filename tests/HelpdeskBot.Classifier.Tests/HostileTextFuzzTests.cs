using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using HelpdeskBot.Tests.Shared;
using Xunit.Abstractions;

namespace HelpdeskBot.Classifier.Tests;

/// <summary>
/// The text normaliser and the language detector, which see every message before the model does, on hostile text
/// (docs/hostile-input.md): no exception, no hang, whatever the message holds, unpaired surrogates included.
/// </summary>
public sealed class HostileTextFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerMessage = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData("\ud800")]
    [InlineData("refund \udc00 please")]
    [InlineData("pesanan \ud83d saya")]
    public void Unpaired_surrogates_are_read_as_text_not_an_error(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        var language = new LanguageDetector().Detect(text);

        Assert.DoesNotContain('\ud800', normalized);
        Assert.True(language is "en" or "id", language);
    }

    [Fact]
    public void Normalizer_and_language_detector_never_throw_on_hostile_text()
    {
        var detector = new LanguageDetector();

        Fuzzing.Run("TextNormalizer.Normalize + LanguageDetector.Detect", HostileText.Any, text =>
        {
            var (normalized, language) = Fuzzing.Within(PerMessage, "normalise and detect", () => (TextNormalizer.Normalize(text), detector.Detect(text)));

            Assert.NotNull(normalized);
            Assert.False(string.IsNullOrEmpty(language));
        }, iterations: 800, output);
    }
}
