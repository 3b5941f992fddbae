namespace HelpdeskBot.Skills.Conversations;

public enum ConfirmationAnswer { Unclear, Yes, No }

/// <summary>
/// Reads a yes/no answer in English or Indonesian, formal or chatty ("yep", "iya", "betul", "nggak", "jangan"). The whole
/// message must be the answer, give or take politeness ("yes please", "ya, lanjut", "tidak, terima kasih"): "no, I meant
/// ORD-100125" is not a plain no, so the form can read the rest.
/// </summary>
public static class Confirmation
{
    private static readonly HashSet<string> YesWords = new(StringComparer.Ordinal)
    {
        "yes", "y", "yep", "yeah", "yup", "ya", "yah", "sure", "ok", "okay", "k", "confirm", "confirmed", "correct", "right",
        "go ahead", "do it", "please do", "yes please", "please", "of course", "absolutely", "definitely", "affirmative",
        "iya", "iyaa", "iyes", "yoi", "betul", "benar", "bener", "oke", "okey", "sip", "siap", "boleh", "lanjut", "lanjutkan",
        "setuju", "jadi", "konfirmasi", "tentu", "pasti", "mau", "yes lanjut", "ya lanjut", "ya betul", "iya betul", "ya benar",
        "iya benar", "ya boleh", "ya tolong", "ya silakan", "silakan", "gas",
    };

    private static readonly HashSet<string> NoWords = new(StringComparer.Ordinal)
    {
        "no", "n", "nope", "nah", "not really", "don't", "dont", "do not", "no thank you", "negative", "no way", "not now",
        "tidak", "tdk", "nggak", "ngga", "enggak", "engga", "gak", "ga", "gk", "ndak", "tak", "jangan", "bukan", "belum",
        "tidak usah", "jangan dulu", "nggak mau", "gak mau", "tidak mau", "ga mau",
    };

    private static readonly HashSet<string> Politeness = new(StringComparer.Ordinal)
    {
        "please", "thanks", "thank you", "terima kasih", "makasih", "thx", "tolong", "dong", "deh", "aja", "saja", "kak", "pak", "bu",
    };

    /// <summary>Yes words that may echo the action after them ("iya, batalin aja", "yes, send it").</summary>
    public static readonly IReadOnlySet<string> CancelEchoes = new HashSet<string>(StringComparer.Ordinal)
    {
        "cancel", "cancel it", "cancel the order", "cancel my order", "batalkan", "batalin", "batalkan pesanannya", "batalin pesanannya",
        "dibatalkan", "dibatalin",
    };

    /// <summary>Echoes of "return it" after a yes.</summary>
    public static readonly IReadOnlySet<string> ReturnEchoes = new HashSet<string>(StringComparer.Ordinal)
    {
        "return it", "send it back", "submit it", "go ahead", "retur", "returnya", "retur aja", "ajukan", "ajukan returnya", "diretur", "lanjut retur",
    };

    /// <summary>Echoes of "send it" after a yes.</summary>
    public static readonly IReadOnlySet<string> SendEchoes = new HashSet<string>(StringComparer.Ordinal)
    {
        "send", "send it", "send the copy", "send me the copy", "kirim", "kirimkan", "kirimin", "kirim salinannya", "dikirim",
    };

    /// <summary>
    /// The answer to a yes/no question; <paramref name="echoes"/> are the question's own action, which a yes may repeat
    /// ("iya, batalin" to "shall I cancel it?"). Only the question's own action: "ya, batalkan" to "shall I send it?" is unclear.
    /// </summary>
    public static ConfirmationAnswer Parse(string? text, IReadOnlySet<string>? echoes = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ConfirmationAnswer.Unclear;
        }

        var normalized = Interruptions.Normalize(text);
        foreach (var candidate in Candidates(normalized))
        {
            if (YesWords.Contains(candidate) || IsYesWithEcho(candidate, echoes))
            {
                return ConfirmationAnswer.Yes;
            }

            if (NoWords.Contains(candidate))
            {
                return ConfirmationAnswer.No;
            }
        }

        return ConfirmationAnswer.Unclear;
    }

    private static bool IsYesWithEcho(string candidate, IReadOnlySet<string>? echoes)
    {
        if (echoes is null)
        {
            return false;
        }

        foreach (var echo in echoes)
        {
            if (candidate.EndsWith(" " + echo, StringComparison.Ordinal))
            {
                var before = candidate[..^(echo.Length + 1)];
                if (YesWords.Contains(before) && !Politeness.Contains(before))
                {
                    return true;
                }

                foreach (var yes in Candidates(before))
                {
                    if (YesWords.Contains(yes) && !Politeness.Contains(yes))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Yes / No buttons in the user's language; pressing one sends a word <see cref="Parse"/> reads.</summary>
    public static IReadOnlyList<SuggestedAction> Buttons(string language)
    {
        var yes = DialogPhrases.Yes.In(language);
        var no = DialogPhrases.No.In(language);
        return [new SuggestedAction(yes, yes), new SuggestedAction(no, no)];
    }

    /// <summary>The message itself, then the message without trailing or leading politeness ("ya, terima kasih" → "ya").</summary>
    private static IEnumerable<string> Candidates(string normalized)
    {
        yield return normalized;
        var stripped = normalized;
        bool changed;
        do
        {
            changed = false;
            foreach (var word in Politeness)
            {
                if (stripped.EndsWith(" " + word, StringComparison.Ordinal))
                {
                    stripped = stripped[..^(word.Length + 1)];
                    changed = true;
                }
                else if (stripped.StartsWith(word + " ", StringComparison.Ordinal))
                {
                    stripped = stripped[(word.Length + 1)..];
                    changed = true;
                }
            }
        }
        while (changed && stripped.Length > 0);

        if (stripped != normalized)
        {
            yield return stripped;
        }
    }
}
