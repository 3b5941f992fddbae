using HelpdeskBot.Classifier.Entities;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Tests.Entities;

internal static class Recognizers
{
    /// <summary>Friday 27 November 2026, 10:00 in Jakarta.</summary>
    public static readonly DateTimeOffset FridayMorningInJakarta = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Friday 27 November 2026, 20:00 UTC: already Saturday 28 November, 03:00, in Jakarta.</summary>
    public static readonly DateTimeOffset SaturdayNightInJakartaFridayInUtc = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    /// <summary>The recogniser on Friday 27 November 2026 in Jakarta, which most tests use.</summary>
    public static EntityRecognizer Friday { get; } = At(FridayMorningInJakarta);

    public static EntityRecognizer At(DateTimeOffset now, string timeZone = "Asia/Jakarta") =>
        new(new FixedTimeProvider(now), Options.Create(new EntityOptions { TimeZone = timeZone }));

    /// <summary>The one match of <paramref name="type"/> in <paramref name="text"/>, checked to be where it says it is.</summary>
    public static EntityMatch Single(this EntityRecognizer recognizer, string text, string type)
    {
        var matches = recognizer.Recognize(text);
        AssertWellFormed(text, matches);
        return Assert.Single(matches, m => m.Type == type);
    }

    /// <summary>Every match is exactly the text at its position, inside the message, and none overlap.</summary>
    public static void AssertWellFormed(string text, IReadOnlyList<EntityMatch> matches)
    {
        var end = 0;
        foreach (var match in matches)
        {
            Assert.InRange(match.Start, end, text.Length);
            Assert.InRange(match.Length, 1, text.Length - match.Start);
            Assert.Equal(text.Substring(match.Start, match.Length), match.Text);
            Assert.False(string.IsNullOrEmpty(match.Value));
            end = match.Start + match.Length;
        }
    }
}
