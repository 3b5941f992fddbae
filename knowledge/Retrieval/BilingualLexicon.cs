using System.Text;
using HelpdeskBot.Knowledge.Indexing;

namespace HelpdeskBot.Knowledge.Retrieval;

/// <summary>
/// An Indonesian–English dictionary for cross-language retrieval without a translation model (dictionary-based CLIR):
/// Indonesian text is rendered word by word, longest phrase first, as an English gloss ("cuti melahirkan berapa bulan" →
/// "maternity leave how many months"), and English text yields the Indonesian words for its terms. The embedding model
/// is English-trained, so an Indonesian passage or question is embedded through its gloss, and BM25 matches words, so
/// either side's terms are added in the other language. The entries are data (Retrieval/Lexicon/indonesian-english.tsv,
/// its format described at its top); words are looked up as written and then by their possible roots
/// (<see cref="IndonesianMorphology"/>). Indonesian chunks are embedded through their gloss, so the library keys their
/// vectors by <see cref="Fingerprint"/>: after an edit to the entries, kb reindex embeds them again.
/// </summary>
public sealed class BilingualLexicon
{
    private const string ResourceName = "HelpdeskBot.Knowledge.Retrieval.Lexicon.indonesian-english.tsv";
    private const string Dropped = "-";
    private const int MostIndonesianPerEnglishTerm = 4;

    private static readonly Lazy<BilingualLexicon> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, string[]> _indonesian;
    private readonly int _longestIndonesian;
    private readonly Dictionary<string, string[]> _english;
    private readonly int _longestEnglish;

    private BilingualLexicon(Dictionary<string, string[]> indonesian)
    {
        _indonesian = indonesian;
        var canonical = string.Join('\n', indonesian.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "\t" + string.Join('|', p.Value)));
        Fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12].ToLowerInvariant();
        _longestIndonesian = indonesian.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();

        // English → Indonesian by reading the entries backwards, keyed by the English words' stems. Renderings that are
        // only function words ("in", "for") point nowhere: they would turn every English question into Indonesian noise.
        var english = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, renderings) in indonesian)
        {
            foreach (var rendering in renderings.Where(r => r != Dropped))
            {
                var stems = EnglishStems(rendering);
                if (stems.Count == 0 || stems.All(TextAnalyzer.IsStopWord))
                {
                    continue;
                }

                var englishKey = string.Join(' ', stems);
                if (!english.TryGetValue(englishKey, out var list))
                {
                    english[englishKey] = list = [];
                }

                if (!list.Contains(key, StringComparer.Ordinal))
                {
                    list.Add(key);
                }
            }
        }

        _english = english.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.OrderBy(k => k.Count(c => c == ' ')).Take(MostIndonesianPerEnglishTerm).ToArray(),
            StringComparer.Ordinal);
        _longestEnglish = _english.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    /// <summary>The lexicon that ships with the library.</summary>
    public static BilingualLexicon Default => Embedded.Value;

    /// <summary>Identifies the entries (not their order or comments): what an embedding recipe built on glosses is keyed by.</summary>
    public string Fingerprint { get; }

    /// <summary>Number of Indonesian entries (words and phrases).</summary>
    public int Count => _indonesian.Count;

    /// <summary>
    /// Reads entries in the shipped format: "indonesian\tenglish|english…" a line, '#' comments and blank lines
    /// ignored. An Indonesian entry listed twice keeps its first gloss and gains the second line's renderings.
    /// </summary>
    /// <exception cref="InvalidDataException">A line lacks its tab or one of its two sides.</exception>
    public static BilingualLexicon Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var key = tab < 0 ? string.Empty : Normalize(line[..tab]);
            var renderings = tab < 0 ? [] : line[(tab + 1)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (key.Length == 0 || renderings.Length == 0)
            {
                throw new InvalidDataException($"Lexicon line {number}: expected 'indonesian<TAB>english|english…', got '{line}'.");
            }

            entries[key] = entries.TryGetValue(key, out var earlier) ? [.. earlier.Union(renderings, StringComparer.Ordinal)] : renderings;
        }

        return new BilingualLexicon(entries);
    }

    /// <summary>
    /// The English renderings of one Indonesian word or phrase, its gloss first; the word is also tried by its possible
    /// roots. Empty when the lexicon does not know it; ["-"] for a function word a gloss leaves out.
    /// </summary>
    public IReadOnlyList<string> Lookup(string indonesian)
    {
        ArgumentNullException.ThrowIfNull(indonesian);
        var key = Normalize(indonesian);
        if (_indonesian.TryGetValue(key, out var direct))
        {
            return direct;
        }

        if (key.Contains(' ', StringComparison.Ordinal))
        {
            return [];
        }

        foreach (var root in IndonesianMorphology.Candidates(key))
        {
            if (_indonesian.TryGetValue(root, out var renderings))
            {
                return renderings;
            }
        }

        return [];
    }

    /// <summary>
    /// An English gloss of Indonesian <paramref name="text"/>: each known phrase or word replaced by its first
    /// rendering, function words without one left out, and everything else (names, numbers, e-mail addresses, English
    /// words already in the text) kept as written.
    /// </summary>
    public string ToEnglish(string text) => Render(text, allRenderings: false, keepUnknown: true);

    /// <summary>
    /// Every English rendering of the Indonesian words and phrases in <paramref name="text"/> that the lexicon knows,
    /// space-separated, without repeats: terms for the English side of lexical matching.
    /// </summary>
    public string EnglishTerms(string text) => Render(text, allRenderings: true, keepUnknown: false);

    /// <summary>
    /// The Indonesian words for the terms of English <paramref name="text"/> (longest phrase first: "annual leave" →
    /// "cuti tahunan"), space-separated, without repeats; empty when it uses none the lexicon knows.
    /// </summary>
    public string IndonesianTerms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = TextAnalyzer.Tokenize(text).Select(EnglishStemmer.Stem).ToArray();
        var found = new List<string>();
        for (var i = 0; i < words.Length;)
        {
            var matched = 0;
            for (var length = Math.Min(_longestEnglish, words.Length - i); length >= 1 && matched == 0; length--)
            {
                if (_english.TryGetValue(string.Join(' ', words, i, length), out var indonesian))
                {
                    found.AddRange(indonesian);
                    matched = length;
                }
            }

            i += Math.Max(matched, 1);
        }

        return string.Join(' ', found.Distinct(StringComparer.Ordinal));
    }

    private string Render(string text, bool allRenderings, bool keepUnknown)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<string>();
        foreach (var run in Runs(text))
        {
            if (!run.IsWords)
            {
                if (keepUnknown)
                {
                    output.Add(run.Tokens[0]);
                }

                continue;
            }

            var words = run.Tokens;
            for (var i = 0; i < words.Count;)
            {
                var (length, renderings) = LongestMatch(words, i);
                if (renderings.Count == 0)
                {
                    if (keepUnknown)
                    {
                        output.Add(words[i]);
                    }

                    i++;
                    continue;
                }

                foreach (var rendering in allRenderings ? renderings : renderings.Take(1))
                {
                    if (rendering != Dropped)
                    {
                        output.Add(rendering);
                    }
                }

                i += length;
            }
        }

        var rendered = allRenderings ? output.Distinct(StringComparer.Ordinal) : output;
        return string.Join(' ', rendered);
    }

    private (int Length, IReadOnlyList<string> Renderings) LongestMatch(IReadOnlyList<string> words, int start)
    {
        for (var length = Math.Min(_longestIndonesian, words.Count - start); length >= 2; length--)
        {
            var phrase = string.Join(' ', words.Skip(start).Take(length));
            if (_indonesian.TryGetValue(phrase, out var renderings))
            {
                return (length, renderings);
            }

            // A phrase may end in a particle or possessive: "cuti tahunannya", "kata sandinya".
            foreach (var ending in (string[])["nya", "lah", "kah", "pun", "ku", "mu"])
            {
                if (phrase.EndsWith(ending, StringComparison.Ordinal) && _indonesian.TryGetValue(phrase[..^ending.Length], out renderings))
                {
                    return (length, renderings);
                }
            }
        }

        return (1, Lookup(words[start]));
    }

    /// <summary>
    /// The text as runs of lower-case words (letters, with inner hyphens: "rata-rata", "e-mail") between which phrases
    /// may match, and single tokens of anything else (numbers, amounts, addresses), which end a run.
    /// </summary>
    private static IEnumerable<(bool IsWords, IReadOnlyList<string> Tokens)> Runs(string text)
    {
        var words = new List<string>();
        foreach (var raw in text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Trim('.', ',', ';', ':', '?', '!', '(', ')', '[', ']', '"', '\'', '*', '_', '|', '“', '”', '‘', '’', '…');
            if (token.Length == 0)
            {
                // Punctuation on its own (a table's pipes, a list's dash) ends a phrase.
                if (words.Count > 0)
                {
                    yield return (true, words);
                    words = [];
                }

                continue;
            }

            var lower = token.ToLowerInvariant();
            if (IsWord(lower))
            {
                words.Add(lower);
                if (raw.Length > 0 && raw[^1] is '.' or ',' or ';' or ':' or '?' or '!' or ')')
                {
                    yield return (true, words);
                    words = [];
                }

                continue;
            }

            if (words.Count > 0)
            {
                yield return (true, words);
                words = [];
            }

            yield return (false, [token]);
        }

        if (words.Count > 0)
        {
            yield return (true, words);
        }
    }

    private static bool IsWord(string token) =>
        token.Length > 0 && char.IsLetter(token[0]) && char.IsLetter(token[^1]) && token.All(c => char.IsLetter(c) || c == '-');

    private static string Normalize(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static List<string> EnglishStems(string english) => [.. TextAnalyzer.Tokenize(english).Select(EnglishStemmer.Stem)];

    private static BilingualLexicon LoadEmbedded()
    {
        using var stream = typeof(BilingualLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The lexicon resource {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    }
}
