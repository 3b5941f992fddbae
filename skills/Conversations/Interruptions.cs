using System.Buffers;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// The words that interrupt whatever the bot is doing, in either language. They are matched on the whole message, not
/// as substrings: "cancel my order" is a request about an order, not an interruption.
/// </summary>
internal static class Interruptions
{
    private static readonly HashSet<string> CancelWords = new(StringComparer.Ordinal)
    {
        "cancel", "cancel that", "cancel it", "stop", "quit", "never mind", "nevermind", "forget it", "no thanks",
        "batal", "batalkan", "batalin", "gak jadi", "ga jadi", "nggak jadi", "enggak jadi", "ngga jadi", "tidak jadi", "tak jadi",
        "ndak jadi", "gak usah", "nggak usah", "tidak usah",
    };

    private static readonly HashSet<string> HelpWords = new(StringComparer.Ordinal)
    {
        "help", "help me", "menu", "what can you do", "what can you do for me",
        "bantuan", "tolong", "minta bantuan", "apa yang bisa kamu lakukan", "apa yang bisa anda lakukan", "bisa bantu apa",
    };

    // Chat particles around the words ("gak jadi deh", "batal aja ya", "udah nggak usah") don't change what is meant.
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "deh", "dah", "aja", "saja", "dong", "ya", "yah", "sih", "lah", "kok", "nih", "dulu", "udah", "udh", "sudah", "eh", "oh",
        "ok", "oke", "kak", "mas", "mbak", "pak", "bu", "please", "pls", "thanks",
    };

    public static bool IsCancel(string text)
    {
        var normalized = Normalize(text);
        return CancelWords.Contains(normalized) || CancelWords.Contains(WithoutParticles(normalized));
    }

    private static string WithoutParticles(string normalized)
    {
        var words = normalized.Split(' ');
        var start = 0;
        var end = words.Length;
        while (start < end && Particles.Contains(words[start]))
        {
            start++;
        }

        while (end > start && Particles.Contains(words[end - 1]))
        {
            end--;
        }

        return string.Join(' ', words[start..end]);
    }

    public static bool IsHelp(string text) => HelpWords.Contains(Normalize(text));

    private static readonly HashSet<string> GreetingWords = new(StringComparer.Ordinal)
    {
        "hello", "hi", "hey", "hi there", "hello there", "hey there", "good morning", "good afternoon", "good evening",
        "halo", "hallo", "hai", "selamat pagi", "selamat siang", "selamat sore", "selamat malam", "pagi", "siang", "sore",
        "malam", "permisi", "assalamualaikum",
    };

    /// <summary>
    /// A bare greeting ("hello", "selamat pagi"). A form waiting for free text (a description, a reason) does not take it
    /// as the answer, so the greeting is answered and the form is offered back.
    /// </summary>
    public static bool IsGreeting(string text)
    {
        var normalized = Normalize(text);
        return GreetingWords.Contains(normalized) || GreetingWords.Contains(WithoutParticles(normalized));
    }

    private static readonly SearchValues<char> Marks = SearchValues.Create(".,!?\"':;()…");

    /// <summary>
    /// Lower case, single spaces, no punctuation around the words ("Never mind!" → "never mind"). Words are split at white
    /// space as <see cref="string.Split(char[])"/> splits them. One string is allocated: every message goes through this
    /// several times (cancel, help, greeting, the forms' answers).
    /// </summary>
    public static string Normalize(string text)
    {
        char[]? rented = null;
        var lower = text.Length <= 256 ? stackalloc char[text.Length] : (rented = ArrayPool<char>.Shared.Rent(text.Length)).AsSpan(0, text.Length);
        text.AsSpan().ToLowerInvariant(lower);
        // The words move left in place: each is written after the words before it, which ended at least one space earlier.
        var written = 0;
        var i = 0;
        while (i < lower.Length)
        {
            while (i < lower.Length && char.IsWhiteSpace(lower[i]))
            {
                i++;
            }

            var start = i;
            while (i < lower.Length && !char.IsWhiteSpace(lower[i]))
            {
                i++;
            }

            var word = TrimMarks(lower[start..i]);
            if (word.Length > 0)
            {
                if (written > 0)
                {
                    lower[written++] = ' ';
                }

                word.CopyTo(lower[written..]);
                written += word.Length;
            }
        }

        var normalized = new string(lower[..written]);
        if (rented is not null)
        {
            // What the user typed does not stay in the shared pool.
            lower.Clear();
            ArrayPool<char>.Shared.Return(rented);
        }

        return normalized;
    }

    private static Span<char> TrimMarks(Span<char> word)
    {
        var first = word.IndexOfAnyExcept(Marks);
        return first < 0 ? [] : word[first..(word.LastIndexOfAnyExcept(Marks) + 1)];
    }
}
