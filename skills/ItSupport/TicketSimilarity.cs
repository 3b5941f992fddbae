using System.Collections.Frozen;
using System.Text;
using HelpdeskBot.Connectors.ItSupport;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>
/// Whether a new problem looks like one the user already reported, so the bot can offer to comment on the open ticket
/// instead of opening a duplicate.
/// <para>
/// The rule: the same category, and the new description and the ticket's title + description share content words —
/// at least <see cref="MinSharedWords"/> of them, or one when that one word is at least half of the shorter text's
/// content words ("printer jammed" vs "printer on floor 3 not working": "printer" is 1 of 2). Content words are
/// lower-cased letters and digits (hyphens dropped, so "wi-fi" is "wifi") of two or more characters that are not
/// English or Indonesian stop words nor generic helpdesk words ("problem", "masalah", "tolong"). No stemming: cheap,
/// predictable, and wrong only towards asking, since the user still chooses.
/// </para>
/// </summary>
public static class TicketSimilarity
{
    public const int MinSharedWords = 2;

    private static readonly FrozenSet<string> StopWords = new[]
    {
        // English
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "up",
        "down", "out", "off", "over", "about", "as", "is", "am", "are", "was", "were", "be", "been", "being", "do", "does",
        "did", "doing", "done", "have", "has", "had", "having", "can", "could", "cannot", "cant", "can't", "will", "would",
        "wont", "won't", "shall", "should", "may", "might", "must", "not", "no", "dont", "don't", "doesnt", "doesn't", "didnt",
        "didn't", "isnt", "isn't", "arent", "aren't", "wasnt", "wasn't", "it", "its", "it's", "this", "that", "these", "those",
        "i", "i'm", "im", "me", "my", "mine", "we", "our", "you", "your", "he", "she", "they", "them", "their", "his", "her",
        "there", "here", "what", "which", "who", "when", "where", "why", "how", "all", "any", "some", "again", "still", "just",
        "also", "very", "too", "so", "than", "then", "now", "since", "yesterday", "today", "morning", "keeps", "keep", "get",
        "gets", "getting", "got", "work", "works", "working", "anymore", "any", "more", "since",
        // Indonesian
        "yang", "dan", "atau", "tapi", "tetapi", "di", "ke", "dari", "pada", "untuk", "dengan", "dalam", "oleh", "itu", "ini",
        "saya", "aku", "kami", "kita", "anda", "kamu", "dia", "mereka", "nya", "ada", "adalah", "tidak", "tak", "gak", "ga",
        "nggak", "enggak", "bisa", "dapat", "sudah", "udah", "belum", "masih", "lagi", "juga", "akan", "mau", "ingin", "sedang",
        "lagi", "sejak", "kemarin", "hari", "pagi", "tadi", "terus", "selalu", "sangat", "sekali", "banget", "apa", "kenapa",
        "mengapa", "bagaimana", "kapan", "mana", "sih", "dong", "deh", "ya", "kok", "jadi", "karena", "kalau", "kalo", "bila",
        // Generic helpdesk words: every ticket has them, so they say nothing about which problem it is.
        "problem", "problems", "issue", "issues", "error", "help", "please", "ticket", "tiket", "masalah", "kendala", "tolong",
        "bantu", "bantuan", "mohon", "need", "needs", "want", "perlu", "butuh", "report", "lapor", "laporkan", "create", "open",
        "make", "buat", "buatkan", "bikin", "new", "baru", "support", "helpdesk", "desk", "it",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="description"/> in <paramref name="category"/> looks like <paramref name="ticket"/>.</summary>
    public static bool IsSimilar(TicketCategory category, string description, TicketInfo ticket)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.Category == category && AreSimilar(description, $"{ticket.Title} {ticket.Description}");
    }

    /// <summary>The word-overlap half of the rule, without the category.</summary>
    public static bool AreSimilar(string first, string second)
    {
        var a = ContentWords(first);
        var b = ContentWords(second);
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var shared = a.Count(b.Contains);
        return shared >= MinSharedWords || (shared >= 1 && shared * 2 >= Math.Min(a.Count, b.Count));
    }

    /// <summary>The distinct content words of <paramref name="text"/>, as the rule counts them.</summary>
    public static IReadOnlySet<string> ContentWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        foreach (var c in text.ToLowerInvariant().Append(' '))
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                word.Append(c);
            }
            else if (c == '-' && word.Length > 0)
            {
                // "wi-fi" and "e-mail" are one word.
                continue;
            }
            else if (word.Length > 0)
            {
                var candidate = word.ToString().Trim('\'');
                if (candidate.Length >= 2 && !StopWords.Contains(candidate))
                {
                    words.Add(candidate);
                }

                word.Clear();
            }
        }

        return words;
    }

    /// <summary>
    /// Whether a request to open a ticket already describes the problem ("my laptop won't connect to the VPN"), rather
    /// than only asking for a ticket ("I want to report an IT problem"): at least two content words.
    /// </summary>
    public static bool IsDescriptive(string text) => ContentWords(text).Count >= 2;
}
