using System.Reflection;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Classifier.Languages;
using Xunit.Abstractions;

namespace HelpdeskBot.Classifier.Tests;

public sealed class TrainingDataTests(ITestOutputHelper output)
{
    private static readonly string[] Languages = [LanguageCodes.English, LanguageCodes.Indonesian];

    public static TheoryData<string, string> InScopeIntentsByLanguage()
    {
        var data = new TheoryData<string, string>();
        foreach (var intent in IntentNames.InScope)
        {
            foreach (var language in Languages)
            {
                data.Add(intent, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InScopeIntentsByLanguage))]
    public void Every_in_scope_intent_has_at_least_40_training_and_10_held_out_utterances_per_language(string intent, string language)
    {
        Assert.True(Count(IntentExamples.Training, intent, language) >= 40);
        Assert.True(Count(IntentExamples.HeldOut, intent, language) >= 10);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("id")]
    public void Out_of_scope_has_at_least_150_training_and_40_held_out_utterances_per_language(string language)
    {
        Assert.True(Count(IntentExamples.Training, IntentNames.OutOfScope, language) >= 150);
        Assert.True(Count(IntentExamples.HeldOut, IntentNames.OutOfScope, language) >= 40);
    }

    [Fact]
    public void Train_and_test_splits_share_no_utterance_even_after_normalisation()
    {
        // Normalised, so "order ORD-100123" and "Order #200456!" count as the same utterance.
        var training = IntentExamples.Training.Select(e => TextNormalizer.Normalize(e.Text)).ToHashSet();
        var overlap = IntentExamples.HeldOut.Where(e => training.Contains(TextNormalizer.Normalize(e.Text))).Select(e => e.Text);

        Assert.Empty(overlap);
    }

    [Fact]
    public void No_utterance_appears_twice_in_a_language_or_with_two_intents()
    {
        // "bye" is as Indonesian as it is English: the same text in both languages is fine, with the same intent.
        foreach (var split in new[] { IntentExamples.Training, IntentExamples.HeldOut })
        {
            var duplicates = split.GroupBy(e => (e.Language, Text: TextNormalizer.Normalize(e.Text))).Where(g => g.Count() > 1).Select(g => g.Key);
            var conflicts = split.GroupBy(e => TextNormalizer.Normalize(e.Text)).Where(g => g.Select(e => e.Intent).Distinct().Count() > 1).Select(g => g.Key);
            Assert.Empty(duplicates);
            Assert.Empty(conflicts);
        }
    }

    [Fact]
    public void The_data_uses_only_the_published_intent_names_and_languages()
    {
        var published = typeof(IntentNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();

        var all = IntentExamples.Training.Concat(IntentExamples.HeldOut).ToList();
        Assert.All(all, e => Assert.Contains(e.Intent, published));
        Assert.All(all, e => Assert.Contains(e.Language, Languages));
        Assert.Equal(published.Order(), IntentExamples.Training.Select(e => e.Intent).Distinct().Order());
    }

    [Fact]
    public void The_language_detector_agrees_with_the_language_column_on_nearly_all_utterances()
    {
        var detector = new LanguageDetector();
        var all = IntentExamples.Training.Concat(IntentExamples.HeldOut).ToList();
        var disagreements = all.Where(e => detector.Detect(e.Text) != e.Language).ToList();
        foreach (var e in disagreements)
        {
            output.WriteLine($"{e.Language}: {e.Text}");
        }

        // Measured 99%: the rest are single words such as "p" or "helo" that carry no language, and mixed "help min".
        var agreement = 1.0 - (double)disagreements.Count / all.Count;
        output.WriteLine($"agreement {agreement:P1} ({all.Count - disagreements.Count}/{all.Count})");
        Assert.True(agreement >= 0.98, $"agreement {agreement:P1}");
    }

    [Fact]
    public void A_data_row_without_three_columns_is_rejected_with_its_line_number()
    {
        using var reader = new StringReader("lang\tintent\ttext\nen\torder.status\twhere is my order\nen\tbot.help\n");

        var error = Assert.Throws<InvalidDataException>(() => IntentExamples.Parse(reader, "broken.tsv"));
        Assert.Contains("broken.tsv:3", error.Message);
    }

    private static int Count(IEnumerable<IntentExample> examples, string intent, string language) =>
        examples.Count(e => e.Intent == intent && e.Language == language);
}
