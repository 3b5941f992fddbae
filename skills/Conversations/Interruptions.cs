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

    // Informal Indonesian closes a sentence with a softening particle ("gak jadi deh", "batalin aja"); it changes nothing.
    private static readonly HashSet<string> TrailingParticles = new(StringComparer.Ordinal)
    {
        "deh", "dah", "aja", "saja", "ya", "yah", "dulu", "sih", "dong", "kok", "kak", "mas", "mbak", "pak", "bu",
    };

    public static bool IsCancel(string text) => CancelWords.Contains(WithoutTrailingParticles(Normalize(text)));

    public static bool IsHelp(string text) => HelpWords.Contains(Normalize(text));

    private static string WithoutTrailingParticles(string normalized)
    {
        var words = normalized.Split(' ').ToList();
        while (words.Count > 1 && TrailingParticles.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
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
