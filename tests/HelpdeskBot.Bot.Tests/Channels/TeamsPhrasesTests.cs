using System.Reflection;
using HelpdeskBot.Bot.Channels.BotFramework;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Bot.Tests.Channels;

/// <summary>The bot's own phrases (the skills' are checked in the skills tests): both languages, same placeholders.</summary>
public sealed class TeamsPhrasesTests
{
    public static TheoryData<string> Keys() => [.. All().Select(p => p.Key)];

    private static IEnumerable<Phrase> All() => typeof(TeamsPhrases)
        .GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
        .Where(f => f.FieldType == typeof(Phrase))
        .Select(f => (Phrase)f.GetValue(null)!);

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_teams_phrase_is_translated_with_the_same_placeholders(string key)
    {
        var phrase = All().Single(p => p.Key == key);

        Assert.False(string.IsNullOrWhiteSpace(phrase.En));
        Assert.False(string.IsNullOrWhiteSpace(phrase.Id));
        Assert.NotEqual(phrase.En, phrase.Id);
        Assert.Equal(Phrase.PlaceholdersOf(phrase.En).Order(StringComparer.Ordinal), Phrase.PlaceholdersOf(phrase.Id).Order(StringComparer.Ordinal));
    }
}
