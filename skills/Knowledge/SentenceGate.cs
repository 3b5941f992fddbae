using System.Text;

namespace HelpdeskBot.Skills.Knowledge;

/// <summary>
/// Holds a model's streamed text back until it is checked, a sentence at a time: text is released only when every complete
/// sentence so far, as one answer, passes the whole-answer check (<see cref="GroundedPolicyAnswers.Verify"/>), so what a
/// user has seen is always an answer that could have been sent. A sentence that cannot pass yet — it states a figure of a
/// passage it has not cited, or nothing is cited so far — is held until a later sentence cites it; one that can never pass
/// (a figure no passage states, a citation of a passage not given, a run of the rules, the other language) stops the gate,
/// and nothing more is released. A sentence ends at <c>. ! ?</c> followed by a space, or at a line break, and takes the
/// citation marks that follow it ("… 14 days. [1]"); "Rp 5.000.000" and "1.5" are not ends.
/// </summary>
/// <param name="verify">The whole-answer check of a text.</param>
/// <param name="inventsFact">Whether a text states a figure no passage states at all.</param>
internal sealed class SentenceGate(Func<string, GroundingVerdict> verify, Func<string, bool> inventsFact)
{
    private readonly StringBuilder text = new();
    private int released;
    private int sentencesEnd;

    /// <summary>Why the gate stopped releasing for good; null while it has not.</summary>
    public GroundingVerdict? Stopped { get; private set; }

    /// <summary>Everything the model wrote so far.</summary>
    public string Text => text.ToString();

    /// <summary>Adds what the model wrote next; returns the text that may now be shown (empty when none), in order.</summary>
    public string Push(string? delta)
    {
        if (Stopped is not null || string.IsNullOrEmpty(delta))
        {
            return string.Empty;
        }

        text.Append(delta);
        var whole = text.ToString();
        var end = LastSentenceEnd(whole, sentencesEnd);
        if (end <= sentencesEnd)
        {
            return string.Empty;
        }

        sentencesEnd = end;
        return Decide(whole[..end]);
    }

    /// <summary>
    /// The model finished: the whole text is checked as the answer. Returns what is still to be shown when it passed (the
    /// verdict's <see cref="GroundingVerdict.Passed"/>), else nothing, with the reason in <see cref="Stopped"/>.
    /// </summary>
    public (string Release, GroundingVerdict Verdict) Finish()
    {
        if (Stopped is { } stopped)
        {
            return (string.Empty, stopped);
        }

        var whole = text.ToString().TrimEnd();
        var verdict = verify(whole);
        if (!verdict.Passed)
        {
            Stopped = verdict;
            return (string.Empty, verdict);
        }

        var release = whole.Length > released ? whole[released..] : string.Empty;
        released = whole.Length;
        return (release, verdict);
    }

    private string Decide(string candidate)
    {
        var verdict = verify(candidate);
        if (verdict.Passed)
        {
            var next = candidate.Length > released ? candidate[released..] : string.Empty;
            released = Math.Max(released, candidate.Length);
            return next;
        }

        if (verdict.Failure is not (GroundingFailure.NoCitation or GroundingFailure.Empty or GroundingFailure.UnsupportedFact))
        {
            Stopped = verdict;
        }
        else if (inventsFact(candidate))
        {
            Stopped = verdict with { Failure = GroundingFailure.UnsupportedFact };
        }

        return string.Empty;
    }

    /// <summary>Where the last complete sentence after <paramref name="from"/> ends (<paramref name="from"/> when none does yet).</summary>
    internal static int LastSentenceEnd(string text, int from)
    {
        var last = from;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                last = i + 1;
                continue;
            }

            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            // The terminator, its citation marks ("… days. [1][2]") and closing punctuation; decided once something else follows.
            var j = i + 1;
            while (j < text.Length && text[j] is '.' or '!' or '?' or ')' or '"' or '\'' or '”' or '’')
            {
                j++;
            }

            var afterSpace = j;
            while (afterSpace < text.Length && text[afterSpace] is ' ' or '\t')
            {
                afterSpace++;
            }

            if (afterSpace < text.Length && text[afterSpace] == '[')
            {
                var citation = GroundedAnswerCheck.CitationLengthAt(text, afterSpace);
                if (citation == 0)
                {
                    if (text.IndexOf(']', afterSpace) < 0)
                    {
                        // A citation mark still being written: wait for it.
                        return last;
                    }

                    // Brackets that are no citation start the next sentence.
                    last = afterSpace == j ? last : j;
                    continue;
                }

                // Marks after the full stop belong to the sentence before; the next sentence starts after them.
                var k = afterSpace + citation;
                while (k < text.Length && (GroundedAnswerCheck.CitationLengthAt(text, k) is var more && more > 0))
                {
                    k += more;
                }

                while (k < text.Length && text[k] is '.' or ',' or ';')
                {
                    k++;
                }

                if (k >= text.Length)
                {
                    return last;
                }

                if (char.IsWhiteSpace(text[k]))
                {
                    last = k;
                    i = k - 1;
                }

                continue;
            }

            if (afterSpace > j && afterSpace < text.Length)
            {
                // "days. Next": the sentence ends at the full stop, the space goes with the next one.
                last = j;
                i = j - 1;
            }
            else if (j < text.Length && text[j] == '\n')
            {
                last = j;
            }
        }

        return last;
    }
}
