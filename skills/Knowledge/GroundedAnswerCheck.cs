using System.Text.RegularExpressions;

namespace HelpdeskBot.Skills.Knowledge;

/// <summary>Why a model's answer was not sent.</summary>
internal enum GroundingFailure
{
    None,

    /// <summary>Nothing but whitespace and citation marks.</summary>
    Empty,

    /// <summary>No [n] citation of a given passage.</summary>
    NoCitation,

    /// <summary>A citation of a passage number that was not given.</summary>
    UnknownCitation,

    /// <summary>A number, amount or date that no cited passage states.</summary>
    UnsupportedFact,

    /// <summary>A run of the system prompt's words (<see cref="Llm.PromptGuard.RepeatsInstructions"/>): the model was talked into revealing its rules.</summary>
    RepeatsInstructions,

    /// <summary>Clearly written in the other language than the asker's (<see cref="AnswerLanguage"/>).</summary>
    WrongLanguage,
}

/// <summary>
/// The verdict on one answer. <see cref="Cited"/> are the passage numbers (1-based) the answer cites, in the order it first
/// cites them; <see cref="Detail"/> names the offending citation or fact (model text: log it at Debug only).
/// </summary>
internal sealed record GroundingVerdict(GroundingFailure Failure, IReadOnlyList<int> Cited, string? Detail = null)
{
    public bool Passed => Failure == GroundingFailure.None;
}

/// <summary>
/// Checks a model's answer against the passages it was given before anyone reads it: it must cite at least one of them
/// as [n], cite nothing else, and every number, amount, percentage, duration and date it states must appear in a passage
/// it cites (<see cref="PolicyFacts"/> normalises English and Indonesian writing). A model that paraphrases is fine; one
/// that invents or misremembers a figure is not, because a wrong refund window or fee is worse than a quoted passage.
/// </summary>
internal static partial class GroundedAnswerCheck
{
    public static GroundingVerdict Check(string? answer, IReadOnlyList<string> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        if (string.IsNullOrWhiteSpace(answer))
        {
            return new GroundingVerdict(GroundingFailure.Empty, []);
        }

        var cited = new List<int>();
        foreach (Match citation in CitationPattern().Matches(answer))
        {
            foreach (var number in citation.Groups["n"].Captures.Select(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                if (number < 1 || number > passages.Count)
                {
                    return new GroundingVerdict(GroundingFailure.UnknownCitation, cited, $"[{number}]");
                }

                if (!cited.Contains(number))
                {
                    cited.Add(number);
                }
            }
        }

        var body = CitationPattern().Replace(answer, " ");
        if (!body.Any(char.IsLetterOrDigit))
        {
            return new GroundingVerdict(GroundingFailure.Empty, cited);
        }

        if (cited.Count == 0)
        {
            return new GroundingVerdict(GroundingFailure.NoCitation, cited);
        }

        var support = cited.SelectMany(n => PolicyFacts.InPassage(passages[n - 1])).ToList();
        var unsupported = PolicyFacts.InAnswer(body).FirstOrDefault(fact => !support.Any(fact.IsSupportedBy));
        return unsupported is null
            ? new GroundingVerdict(GroundingFailure.None, cited)
            : new GroundingVerdict(GroundingFailure.UnsupportedFact, cited, unsupported.Text);
    }

    /// <summary>
    /// Whether <paramref name="answer"/> states a figure that none of the <paramref name="passages"/> states, cited or not:
    /// a later citation cannot make it right, so a stream can stop at once instead of waiting for one.
    /// </summary>
    public static bool StatesFactOfNoPassage(string answer, IReadOnlyList<string> passages)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(passages);
        var support = passages.SelectMany(PolicyFacts.InPassage).ToList();
        return PolicyFacts.InAnswer(WithoutCitations(answer)).Any(fact => !support.Any(fact.IsSupportedBy));
    }

    /// <summary>The text with its [n] citation marks replaced by spaces.</summary>
    public static string WithoutCitations(string text) => CitationPattern().Replace(text, " ");

    /// <summary>Whether <paramref name="text"/> at <paramref name="index"/> is a whole citation mark; its length when it is.</summary>
    public static int CitationLengthAt(string text, int index)
    {
        var match = CitationPattern().Match(text, index);
        return match.Success && match.Index == index ? match.Length : 0;
    }

    // [1], [1, 2], [1][3], [1; 2]; "[Passage 2]" too, as models sometimes write it.
    [GeneratedRegex(@"\[\s*(?:passage\s+|bagian\s+)?(?<n>\d{1,3})(?:\s*[,;]\s*(?:passage\s+|bagian\s+)?(?<n>\d{1,3}))*\s*\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex CitationPattern();
}
