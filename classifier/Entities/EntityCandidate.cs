using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>One reading of a stretch of text, before overlapping readings are settled by <see cref="EntityRecognizer"/>.</summary>
internal readonly record struct EntityCandidate(string Type, string Value, int Start, int Length);

/// <summary>What every entity pattern shares.</summary>
internal static class EntityPatterns
{
    /// <summary>
    /// Every pattern is written to run in linear time; the timeout is the safety net that keeps a turn from hanging if
    /// one is not. 200 ms is thousands of times what a normal message takes.
    /// </summary>
    public const int MatchTimeoutMilliseconds = 200;

    /// <summary>Patterns are laid out over several lines with comments, match any case, and capture only named groups.</summary>
    public const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture;
}
