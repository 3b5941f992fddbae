using HelpdeskBot.Knowledge.Documents;

namespace HelpdeskBot.Knowledge.Retrieval;

/// <summary>English or Indonesian, by which language's most common words a text uses more; for files that do not say.</summary>
public static class LanguageGuess
{
    private static readonly HashSet<string> Indonesian = new(StringComparer.OrdinalIgnoreCase)
    {
        "yang", "dan", "di", "untuk", "dengan", "tidak", "ini", "dari", "dalam", "akan", "pada", "atau", "ke", "karyawan",
        "adalah", "dapat", "harus", "oleh", "kami", "anda",
    };

    private static readonly HashSet<string> English = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "of", "to", "in", "is", "for", "you", "with", "your", "are", "be", "on", "that", "we", "or", "will",
        "can", "an", "by",
    };

    public static string Of(ParsedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Of(string.Join(' ', document.Sections.SelectMany(s => s.HeadingPath.Concat(s.Paragraphs))));
    }

    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int id = 0, en = 0;
        foreach (var word in text.Split((char[])[' ', '\n', '\t', '.', ',', ';', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Indonesian.Contains(word))
            {
                id++;
            }
            else if (English.Contains(word))
            {
                en++;
            }
        }

        return id > en ? "id" : "en";
    }
}
