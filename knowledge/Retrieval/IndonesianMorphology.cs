namespace HelpdeskBot.Knowledge.Retrieval;

/// <summary>
/// The roots an Indonesian word may have, for looking it up in a dictionary: the word itself first, then every reading
/// with one affix removed, then two, then three (breadth first, so the least stripped reading a dictionary knows wins).
/// Covers particles (-lah, -kah, -tah, -pun), possessives (-nya, -ku, -mu), suffixes (-kan, -an, -i and informal -in),
/// prefixes (di-, ke-, se-, ter-, ber-, per-, me(N)- and pe(N)- with the root's first letter restored where the nasal
/// replaced it: mengirim → kirim, memakai → pakai, menerima → terima, menyampaikan → sampaikan) and the informal nasal
/// prefixes of chat Indonesian (ngajuin → ajuin, nelpon → telpon, nyari → cari, ngecek → cek). Unlike
/// <see cref="Indexing.TextAnalyzer"/>'s stemmer it over-generates on purpose: the dictionary decides.
/// </summary>
public static class IndonesianMorphology
{
    private const int MinimumRoot = 3;
    private const int MaximumRemovals = 3;

    private static readonly string[] Particles = ["lah", "kah", "tah", "pun"];
    private static readonly string[] Possessives = ["nya", "ku", "mu"];
    private static readonly string[] Suffixes = ["kan", "an", "i", "in"];

    /// <summary>
    /// <paramref name="word"/> (lower case) and its possible roots, least stripped first, without repeats. A hyphenated
    /// word also yields its parts: the base of a reduplication (anak-anak → anak) and the word after a hyphenated prefix
    /// (di-refund → refund).
    /// </summary>
    public static IReadOnlyList<string> Candidates(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var seen = new HashSet<string>(StringComparer.Ordinal) { word };
        var ordered = new List<string> { word };
        var level = new List<string> { word };
        if (word.Contains('-', StringComparison.Ordinal))
        {
            var parts = word.Split('-', StringSplitOptions.RemoveEmptyEntries);
            var extra = parts.Length == 2 && parts[0] == parts[1] ? [parts[0]]
                : parts.Length == 2 && parts[0] is "di" or "me" or "ke" or "ter" or "ber" or "se" ? [parts[1]]
                : Array.Empty<string>();
            foreach (var part in extra.Where(seen.Add))
            {
                ordered.Add(part);
                level.Add(part);
            }
        }

        for (var round = 0; round < MaximumRemovals && level.Count > 0; round++)
        {
            var next = new List<string>();
            foreach (var candidate in level.Where(c => c.All(char.IsLetter)))
            {
                foreach (var stripped in OneRemoval(candidate))
                {
                    if (stripped.Length >= MinimumRoot && seen.Add(stripped))
                    {
                        ordered.Add(stripped);
                        next.Add(stripped);
                    }
                }
            }

            level = next;
        }

        return ordered;
    }

    private static IEnumerable<string> OneRemoval(string word)
    {
        foreach (var ending in Particles.Concat(Possessives).Concat(Suffixes))
        {
            if (word.EndsWith(ending, StringComparison.Ordinal) && word.Length - ending.Length >= MinimumRoot)
            {
                yield return word[..^ending.Length];
            }
        }

        foreach (var root in WithoutPrefix(word))
        {
            yield return root;
        }
    }

    private static IEnumerable<string> WithoutPrefix(string word)
    {
        static bool Vowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

        string? After(string prefix) =>
            word.StartsWith(prefix, StringComparison.Ordinal) && word.Length - prefix.Length >= MinimumRoot ? word[prefix.Length..] : null;

        foreach (var prefix in new[] { "di", "ke", "se", "ter", "ber", "per" })
        {
            if (After(prefix) is { } rest)
            {
                yield return rest;
            }
        }

        // be-: ber- loses its r before a root starting with r or one whose first syllable ends in er (bekerja → kerja).
        if (After("be") is { } be && !word.StartsWith("ber", StringComparison.Ordinal))
        {
            yield return be;
        }

        foreach (var prefix in new[] { "me", "pe" })
        {
            // me-/pe- before l, m, n, r, w, y: melapor, merawat, menikah, pelapor.
            if (After(prefix) is { } rest && rest[0] is 'l' or 'm' or 'n' or 'r' or 'w' or 'y' && !rest.StartsWith("ng", StringComparison.Ordinal) && !rest.StartsWith("ny", StringComparison.Ordinal))
            {
                yield return rest;
            }

            // menge-/penge- before one-syllable roots: mengecek.
            if (After(prefix + "nge") is { } single)
            {
                yield return single;
            }

            if (After(prefix + "ng") is { } ng)
            {
                yield return ng;
                if (Vowel(ng[0]))
                {
                    yield return "k" + ng;
                }
            }

            if (After(prefix + "ny") is { } ny && Vowel(ny[0]))
            {
                yield return "s" + ny;
            }

            if (After(prefix + "m") is { } m)
            {
                yield return Vowel(m[0]) ? "p" + m : m;
            }

            if (After(prefix + "n") is { } n && !n.StartsWith('g') && !n.StartsWith('y'))
            {
                yield return Vowel(n[0]) ? "t" + n : n;
            }
        }

        // Chat Indonesian drops the me-: ngirim, ngajuin, ngecek, nelpon, nunggu, nyari, nyampe.
        if (After("nge") is { } nge)
        {
            yield return nge;
        }

        if (After("ng") is { } informal && Vowel(informal[0]))
        {
            yield return informal;
            yield return "k" + informal;
        }

        if (After("ny") is { } nasal && Vowel(nasal[0]))
        {
            yield return "s" + nasal;
            yield return "c" + nasal;
        }

        if (word.Length > MinimumRoot && word[0] == 'n' && Vowel(word[1]))
        {
            yield return "t" + word[1..];
        }
    }
}
