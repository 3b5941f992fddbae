using System.Globalization;
using System.Text;

namespace HelpdeskBot.Knowledge.Indexing;

/// <summary>
/// Turns text into the terms the lexical side matches: lower case, accents folded, numbers kept whole ("Rp 1.500.000" and
/// "1,500,000" both give "1500000"), stop words of English and Indonesian dropped, and words reduced to a stem by the rules
/// of the text's language. Chunks are analysed with their document's language and queries with the question's, so the
/// same word meets the same stem on both sides. The embedded index then only splits on spaces (its BM25 postings are in
/// memory; FTS5 with unicode61 merely stores the terms), and every term is letters and digits only, so user text never
/// reaches SQLite as query syntax.
/// </summary>
public static class TextAnalyzer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "an", "and", "are", "as", "at", "be", "been", "by", "can", "could", "do", "does", "for", "from", "had", "has",
        "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "please", "should",
        "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "us", "was", "we",
        "were", "what", "when", "where", "which", "who", "will", "with", "would", "you", "your", "about", "am", "any",
        "did", "get", "got", "just", "tell", "know", "want",
        // Indonesian
        "ada", "adalah", "agar", "akan", "aku", "anda", "apa", "apakah", "atau", "bagaimana", "bagi", "bahwa", "bisa",
        "boleh", "dan", "dari", "dalam", "dengan", "di", "dia", "harus", "ini", "itu", "jika", "juga", "kah", "kalau",
        "kami", "kamu", "kapan", "ke", "kita", "mau", "mereka", "nya", "oleh", "pada", "saya", "sebagai", "sudah", "tidak",
        "untuk", "yang", "ya", "gimana", "berapa", "mana", "dong", "sih", "tolong", "mohon",
    };

    /// <summary>
    /// The terms of <paramref name="text"/>, space-separated, in order (repeats kept: term frequency matters to BM25).
    /// <paramref name="language"/> is a two-letter code; "id" stems as Indonesian, anything else as English.
    /// </summary>
    public static string Analyze(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var indonesian = string.Equals(language, "id", StringComparison.OrdinalIgnoreCase);
        var output = new StringBuilder(text.Length);
        foreach (var token in Tokenize(text))
        {
            if (StopWords.Contains(token))
            {
                continue;
            }

            if (indonesian)
            {
                foreach (var stem in IndonesianStemmer.Stems(token))
                {
                    Append(output, stem);
                }
            }
            else
            {
                Append(output, EnglishStemmer.Stem(token));
            }
        }

        return output.ToString();
    }

    /// <summary>Whether <paramref name="term"/> (lower case) is an English or Indonesian stop word, which analysis drops.</summary>
    internal static bool IsStopWord(string term) => StopWords.Contains(term);

    /// <summary>Distinct terms of an analysed text, in first-seen order.</summary>
    public static IReadOnlyList<string> DistinctTerms(string lexicalText) =>
        lexicalText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Lower-case runs of letters and digits, accents removed, digit groups joined across '.' and ','.</summary>
    internal static IEnumerable<string> Tokenize(string text)
    {
        var folded = Fold(text);
        var token = new StringBuilder();
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (char.IsLetterOrDigit(c))
            {
                token.Append(c);
                continue;
            }

            // 1.500.000 and 1,500,000 are one number.
            if ((c is '.' or ',') && token.Length > 0 && char.IsDigit(token[^1]) && i + 1 < folded.Length && char.IsDigit(folded[i + 1]))
            {
                continue;
            }

            if (token.Length > 0)
            {
                yield return token.ToString();
                token.Clear();
            }
        }

        if (token.Length > 0)
        {
            yield return token.ToString();
        }
    }

    private static string Fold(string text)
    {
        var decomposed = WellFormed(text).Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder output, string term)
    {
        if (term.Length == 0)
        {
            return;
        }

        if (output.Length > 0)
        {
            output.Append(' ');
        }

        output.Append(term);
    }

    /// <summary>
    /// The text with unpaired UTF-16 surrogates replaced by U+FFFD. <see cref="string.Normalize(NormalizationForm)"/>
    /// throws on them, and a message or document can hold them; found by the fuzz suite (docs/hostile-input.md).
    /// </summary>
    private static string WellFormed(string text)
    {
        char[]? repaired = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(text[i]))
            {
                repaired ??= text.ToCharArray();
                repaired[i] = '\uFFFD';
            }
        }

        return repaired is null ? text : new string(repaired);
    }
}

/// <summary>
/// A light English stemmer: plurals and -ing/-ed/-ly, enough for "refunds", "refunded" and "refunding" to meet "refund"
/// without Porter's over-reach ("policy" and "police" stay apart).
/// </summary>
internal static class EnglishStemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 3 || !word.All(char.IsLetter))
        {
            return word;
        }

        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length >= 6)
        {
            return Undouble(word[..^3]);
        }

        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length >= 5)
        {
            return Undouble(word[..^2]);
        }

        if (word.EndsWith("ly", StringComparison.Ordinal) && word.Length >= 6)
        {
            return word[..^2];
        }

        return word;
    }

    // shipped → shipp → ship; but "staff" or "fill" keep their pair.
    private static string Undouble(string stem) =>
        stem.Length >= 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z' or 'f') ? stem[..^1] : stem;
}

/// <summary>
/// A rule-based Indonesian stemmer after Nazief and Adriani, without a dictionary: particles (-lah, -kah, -pun),
/// possessives (-ku, -mu, -nya), suffixes (-kan, -an) and prefixes (di-, ke-, se-, ter-, ber-, me-, pe-, per-) are
/// stripped. Where a nasal prefix hides the root's first letter (mengembalikan, pengiriman, menulis) both readings are
/// returned ("embali" and "kembali"), so "dikembalikan" and "pengembalian" still share a term.
/// </summary>
internal static class IndonesianStemmer
{
    private static readonly string[] Particles = ["lah", "kah", "tah", "pun"];
    private static readonly string[] Possessives = ["nya", "ku", "mu"];
    // No "-i": too many roots end in it (kembali, garansi, asuransi, beli) to strip it without a dictionary.
    private static readonly string[] Suffixes = ["kan", "an"];

    public static IEnumerable<string> Stems(string word)
    {
        if (word.Length <= 4 || !word.All(char.IsLetter))
        {
            yield return word;
            yield break;
        }

        var stem = StripFirst(word, Particles);
        stem = StripFirst(stem, Possessives);
        var (root, alternative) = StripPrefixes(stem);
        root = StripSuffix(root);
        yield return root;
        if (alternative is not null)
        {
            alternative = StripSuffix(alternative);
            if (alternative != root)
            {
                yield return alternative;
            }
        }
    }

    private static string StripFirst(string word, string[] endings)
    {
        foreach (var ending in endings)
        {
            if (word.EndsWith(ending, StringComparison.Ordinal) && word.Length - ending.Length >= 4)
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }

    private static string StripSuffix(string word)
    {
        foreach (var suffix in Suffixes)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 4)
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    private static (string Root, string? Alternative) StripPrefixes(string word)
    {
        // Up to two prefixes, e.g. di-per-, mem-per-, ke-ber-.
        string? alternative = null;
        for (var round = 0; round < 2; round++)
        {
            var (next, alt) = StripPrefix(word);
            if (next == word || !PlausibleRoot(next))
            {
                break;
            }

            word = next;
            alternative ??= alt;
        }

        return (word, alternative);
    }

    // Indonesian roots do not start with two consonants other than a few clusters, so "kembali" keeps its "ke".
    private static bool PlausibleRoot(string root)
    {
        static bool Consonant(char c) => c is not ('a' or 'e' or 'i' or 'o' or 'u');

        return root.Length < 2 || !Consonant(root[0]) || !Consonant(root[1])
            || root[1] is 'r' or 'l' or 'y' or 'w' or 'h' || root.StartsWith("ng", StringComparison.Ordinal)
            || root.StartsWith("ny", StringComparison.Ordinal);
    }

    private static (string Root, string? Alternative) StripPrefix(string word)
    {
        static bool Vowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

        bool Long(int prefixLength) => word.Length - prefixLength >= 4;

        foreach (var nasal in new[] { "meng", "peng" })
        {
            if (word.StartsWith(nasal, StringComparison.Ordinal) && Long(4))
            {
                var rest = word[4..];
                return Vowel(rest[0]) ? (rest, "k" + rest) : (rest, null);
            }
        }

        foreach (var nasal in new[] { "meny", "peny" })
        {
            if (word.StartsWith(nasal, StringComparison.Ordinal) && Long(4) && Vowel(word[4]))
            {
                return ("s" + word[4..], null);
            }
        }

        foreach (var nasal in new[] { "mem", "pem" })
        {
            if (word.StartsWith(nasal, StringComparison.Ordinal) && Long(3))
            {
                var rest = word[3..];
                return Vowel(rest[0]) ? ("p" + rest, rest) : (rest, null);
            }
        }

        foreach (var nasal in new[] { "men", "pen" })
        {
            if (word.StartsWith(nasal, StringComparison.Ordinal) && Long(3))
            {
                var rest = word[3..];
                return Vowel(rest[0]) ? ("t" + rest, rest) : (rest, null);
            }
        }

        foreach (var prefix in new[] { "ber", "ter", "per" })
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal) && Long(3))
            {
                return (word[3..], null);
            }
        }

        foreach (var prefix in new[] { "me", "pe", "be", "di", "ke", "se" })
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal) && Long(2))
            {
                return (word[2..], null);
            }
        }

        return (word, null);
    }
}
