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

    /// <summary>Lower case, single spaces, no punctuation around the words ("Never mind!" → "never mind").</summary>
    public static string Normalize(string text)
    {
        var words = text.ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim('.', ',', '!', '?', '"', '\'', ':', ';', '(', ')', '…'))
            .Where(word => word.Length > 0);
        return string.Join(' ', words);
    }
}
