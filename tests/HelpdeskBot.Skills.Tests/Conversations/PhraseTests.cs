using System.Reflection;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Conversations;

public sealed class PhraseTests
{
    /// <summary>Every phrase the skills assembly defines, wherever it lives, so a new phrase class is checked too.</summary>
    public static TheoryData<string> PhraseKeys() => [.. AllPhrases().Select(phrase => phrase.Key)];

    private static IReadOnlyList<Phrase> AllPhrases() =>
    [
        .. typeof(ConversationState).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(field => field.FieldType == typeof(Phrase))
            .Select(field => (Phrase)field.GetValue(null)!),
    ];

    [Fact]
    public void The_assembly_defines_phrases()
    {
        Assert.True(AllPhrases().Count > 20);
    }

    [Theory]
    [MemberData(nameof(PhraseKeys))]
    public void Every_phrase_has_English_and_Indonesian_text(string key)
    {
        var phrase = AllPhrases().Single(p => p.Key == key);

        Assert.False(string.IsNullOrWhiteSpace(phrase.En), $"{key} has no English text");
        Assert.False(string.IsNullOrWhiteSpace(phrase.Id), $"{key} has no Indonesian text");
        // Identical texts almost always mean the English was pasted in untranslated.
        Assert.NotEqual(phrase.En, phrase.Id);
    }

    [Theory]
    [MemberData(nameof(PhraseKeys))]
    public void Every_phrase_uses_the_same_placeholders_in_both_languages(string key)
    {
        var phrase = AllPhrases().Single(p => p.Key == key);

        Assert.Equal(
            Phrase.PlaceholdersOf(phrase.En).Order(StringComparer.Ordinal),
            Phrase.PlaceholdersOf(phrase.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Phrase_keys_are_unique()
    {
        var duplicates = AllPhrases().GroupBy(p => p.Key).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Format_fills_named_placeholders_in_the_requested_language()
    {
        var phrase = new Phrase("test.status", "Order {order} via {carrier}.", "Pesanan {order} dengan {carrier}.");

        Assert.Equal("Order ORD-1 via JNE.", phrase.Format("en", ("order", "ORD-1"), ("carrier", "JNE")));
        Assert.Equal("Pesanan ORD-1 dengan JNE.", phrase.Format("id", ("carrier", "JNE"), ("order", "ORD-1")));
    }

    [Fact]
    public void Format_without_a_placeholder_value_throws_instead_of_sending_braces_to_the_user()
    {
        var phrase = new Phrase("test.missing", "Order {order}.", "Pesanan {order}.");

        Assert.Throws<FormatException>(() => phrase.Format("en"));
    }

    [Fact]
    public void Unknown_language_falls_back_to_English()
    {
        var phrase = new Phrase("test.lang", "Hello", "Halo");

        Assert.Equal("Hello", phrase.In("fr"));
    }
}
