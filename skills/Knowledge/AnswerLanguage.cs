using System.Text.RegularExpressions;
using HelpdeskBot.Classifier.Languages;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Knowledge;

/// <summary>
/// Whether a model's answer is clearly in the other language than the asker's. Models drift into the language of the
/// passages (an English policy quoted to an Indonesian asker) even when told otherwise; the extractive answer then does
/// better, because it says the policy is only available in the other language. It uses the classifier's detector with the
/// asker's language as the hint, so text the detector cannot call either way counts as the asker's; and text of fewer than
/// <see cref="MinimumWords"/> words (figures, citations, one short sentence) is never refused: it cannot be told.
/// </summary>
internal sealed partial class AnswerLanguage(ILanguageDetector detector)
{
    /// <summary>Fewer words than this (two letters or more, citations and figures left out) are not judged.</summary>
    public const int MinimumWords = 6;

    /// <summary>Whether there are enough words in <paramref name="answer"/> to judge its language.</summary>
    public static bool CanTell(string answer) =>
        Words().Count(GroundedAnswerCheck.WithoutCitations(answer ?? string.Empty)) >= MinimumWords;

    /// <summary>Whether <paramref name="answer"/> is clearly in the other language than <paramref name="language"/>.</summary>
    public bool IsClearlyOther(string? answer, string language)
    {
        if (string.IsNullOrWhiteSpace(answer) || !CanTell(answer))
        {
            return false;
        }

        var asker = Languages.Normalize(language);
        var hint = asker == Languages.Indonesian ? "id-ID" : "en-US";
        return Languages.Normalize(detector.Detect(GroundedAnswerCheck.WithoutCitations(answer), hint)) != asker;
    }

    [GeneratedRegex(@"\p{L}{2,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex Words();
}
