using System.Text;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>
/// The one masker for personal data, used wherever text is stored or leaves the process: transcripts, the agent
/// console, analytics and inbox items (copied from the masked transcript), model prompts and log lines. It recognises
/// e-mail addresses, phone numbers (Indonesian and international), payment card numbers (Luhn-checked), Indonesian NIK
/// and NPWP numbers, bank account numbers named as such, and a password typed after "my password is" / "password saya".
/// Order, invoice and ticket ids, amounts and dates are found by the same <see cref="IEntityRecognizer"/> that
/// understands messages and are never masked.
/// </summary>
public sealed partial class PersonalDataMasker(IEntityRecognizer entities)
{
    /// <summary>What replaces a text the patterns could not finish checking (hostile input hit a timeout): nothing of it is kept.</summary>
    public const string Unchecked = "[withheld: not checked for personal data]";

    /// <summary>Everything hidden: for transcripts, logs, analytics and prompts.</summary>
    public string Mask(string text) => Mask(text, PersonalDataView.Masked);

    /// <summary>Masks <paramref name="text"/> showing each kind as <paramref name="view"/> says (the agent console's view).</summary>
    public string Mask(string text, PersonalDataView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        IReadOnlyList<PersonalDataMatch> found;
        try
        {
            found = Find(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // Failing open would store or log what the user typed; failing closed costs only this one text.
            return Unchecked;
        }

        if (found.Count == 0)
        {
            return text;
        }

        var masked = new StringBuilder(text.Length);
        var position = 0;
        foreach (var match in found)
        {
            masked.Append(text, position, match.Start - position);
            Render(masked, match.Kind, text.AsSpan(match.Start, match.Length), match.Kind == PersonalDataKind.Password ? DataExposure.Hidden : view.For(match.Kind));
            position = match.Start + match.Length;
        }

        return masked.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>The personal data in <paramref name="text"/>, in order and not overlapping.</summary>
    /// <exception cref="RegexMatchTimeoutException">Hostile input made a pattern hit its safety timeout.</exception>
    public IReadOnlyList<PersonalDataMatch> Find(string text) => Find(text, screen: true);

    /// <param name="text">The text.</param>
    /// <param name="screen">
    /// Skip the recognisers and patterns for numbers when <see cref="HasLongDigitChain"/> says no number can be there, and
    /// the entity recogniser too when there is no "@" either (the tests compare both ways).
    /// </param>
    internal IReadOnlyList<PersonalDataMatch> Find(string text, bool screen)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidates = new List<PersonalDataMatch>();
        if (ContainsPasswordCue(text))
        {
            CollectPasswords(text, candidates);
        }

        var hasDigits = screen ? HasLongDigitChain(text) : text.AsSpan().ContainsAnyInRange('0', '9');
        if (!hasDigits && !text.Contains('@'))
        {
            return Settle(text, candidates);
        }

        var recognised = entities.Recognize(text);
        foreach (var entity in recognised)
        {
            if (entity.Type == EntityTypes.Email)
            {
                candidates.Add(new(PersonalDataKind.Email, entity.Start, entity.Length));
            }
            else if (entity.Type == EntityTypes.Phone)
            {
                candidates.Add(new(PersonalDataKind.Phone, entity.Start, entity.Length));
            }
        }

        if (hasDigits)
        {
            for (var m = InternationalPhone().Match(text); m.Success; m = m.NextMatch())
            {
                if (DigitCount(m.ValueSpan) is >= 8 and <= 15)
                {
                    candidates.Add(new(PersonalDataKind.Phone, m.Index, m.Length));
                }
            }

            var previousEnd = 0;
            for (var m = DigitRun().Match(text); m.Success; m = m.NextMatch())
            {
                if (!IsBusinessData(recognised, m.Index, m.Length))
                {
                    CollectNumbers(text, m.Index, m.Length, previousEnd, candidates);
                }

                if (DigitCount(m.ValueSpan) >= 8)
                {
                    previousEnd = m.Index + m.Length;
                }
            }
        }

        return Settle(text, candidates);
    }

    /// <summary>
    /// Whether <paramref name="text"/> has at least <see cref="ShortestNumber"/> ASCII digits in one chain with at most
    /// <see cref="WidestGap"/> characters between two of them, none a letter or another digit. Every number the masker
    /// hides is such a chain: a phone number has at least 8 digits (<see cref="ContactRecognizer.ToE164"/>, the
    /// international pattern) and the others at least 8 (<see cref="Classify"/>), and the patterns allow at most a
    /// separator, or a bracket with a separator on both sides (") (" in "+1 (415) (555) 0100"), between two digits. Most
    /// log lines ("intent order_status (0.93)") and many messages have none, and then need no recognising: the entity
    /// recogniser (dates, amounts, ids) was most of the masker's cost.
    /// </summary>
    internal static bool HasLongDigitChain(ReadOnlySpan<char> text)
    {
        var chain = 0;
        var gap = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                chain = gap <= WidestGap ? chain + 1 : 1;
                gap = 0;
                if (chain >= ShortestNumber)
                {
                    return true;
                }
            }
            else if (char.IsLetterOrDigit(c))
            {
                chain = 0;
            }
            else
            {
                gap++;
            }
        }

        return false;
    }

    private const int ShortestNumber = 8;
    private const int WidestGap = 3;

    /// <summary>
    /// Longest first; on equal length the kind declared later in <see cref="PersonalDataKind"/> (a number named by its cue
    /// or checked by its structure beats a phone-shaped reading of the same digits). A candidate overlapping one already
    /// taken is dropped.
    /// </summary>
    private static List<PersonalDataMatch> Settle(string text, List<PersonalDataMatch> candidates)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }

        candidates.Sort(static (a, b) =>
            a.Length != b.Length ? b.Length.CompareTo(a.Length)
            : a.Kind != b.Kind ? b.Kind.CompareTo(a.Kind)
            : a.Start.CompareTo(b.Start));
        var taken = new bool[text.Length];
        var chosen = new List<PersonalDataMatch>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var span = taken.AsSpan(candidate.Start, candidate.Length);
            if (!span.Contains(true))
            {
                span.Fill(true);
                chosen.Add(candidate);
            }
        }

        chosen.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return chosen;
    }

    /// <summary>
    /// The numbers in a run of digit groups: the whole run when it is one, else the longest stretches of whole groups that
    /// are, left to right — a card number followed by its expiry and code ("4111 1111 1111 1111 12 28 123") is one run.
    /// </summary>
    private static void CollectNumbers(string text, int start, int length, int previousEnd, List<PersonalDataMatch> into)
    {
        if (Classify(text, start, length, previousEnd) is { } whole)
        {
            into.Add(new(whole, start, length));
            return;
        }

        var groups = new List<(int Start, int End)>();
        var groupStart = start;
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                groups.Add((groupStart, i));
                groupStart = i + 1;
            }
        }

        groups.Add((groupStart, start + length));
        if (groups.Count == 1)
        {
            return;
        }

        // Only stretches of at most 19 digits (the longest card) are tried, so a hostile run of thousands of groups costs
        // a bounded number of tries per group, not one per pair of groups.
        for (var first = 0; first < groups.Count; first++)
        {
            var end = first;
            var digits = 0;
            while (end < groups.Count && digits + groups[end].End - groups[end].Start <= 19)
            {
                digits += groups[end].End - groups[end].Start;
                end++;
            }

            for (var last = end - 1; last >= first; last--)
            {
                if (first == 0 && last == groups.Count - 1)
                {
                    continue;
                }

                var from = groups[first].Start;
                var to = groups[last].End;
                if (Classify(text, from, to - from, previousEnd) is { } kind)
                {
                    into.Add(new(kind, from, to - from));
                    first = last;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// What a run of digits is: a number named by the words before it ("NIK", "NPWP", "rekening BCA", "card"), a
    /// Luhn-valid card number, an NPWP in its printed form, or a 16-digit number shaped like a NIK. Null: none of them.
    /// A cue names only the next number: the words looked at start after <paramref name="previousEnd"/>, the end of the
    /// long number before, so "rekening BCA 1234567890, hp 081234567890" does not make the phone an account.
    /// </summary>
    private static PersonalDataKind? Classify(string text, int start, int length, int previousEnd)
    {
        var run = text.AsSpan(start, length);
        Span<char> buffer = stackalloc char[32];
        var count = 0;
        foreach (var c in run)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == buffer.Length)
                {
                    return null;
                }

                buffer[count++] = c;
            }
        }

        var digits = buffer[..count];
        if (digits.Length < 8 || LooksLikeAmountOrDate(run))
        {
            return null;
        }

        var from = Math.Max(previousEnd, start - CueWindow);
        var cue = CueBefore(text[from..start]);
        switch (cue)
        {
            case PersonalDataKind.Nik when digits.Length == 16:
            case PersonalDataKind.Npwp when digits.Length is 15 or 16:
            case PersonalDataKind.Account when digits.Length is >= 8 and <= 18:
            case PersonalDataKind.Card when digits.Length is >= 13 and <= 19 && PassesLuhn(digits):
                return cue;
        }

        if (IsCardPrefix(digits) && PassesLuhn(digits))
        {
            return PersonalDataKind.Card;
        }

        if (digits.Length == 15 && PrintedNpwp().IsMatch(run))
        {
            return PersonalDataKind.Npwp;
        }

        return digits.Length == 16 && IsPlausibleNik(digits) ? PersonalDataKind.Nik : null;
    }

    /// <summary>The issuer prefixes and lengths of the card schemes used in Indonesia (Visa, Mastercard, Amex, JCB, Diners,
    /// Discover, UnionPay and GPN debit cards, Maestro).</summary>
    internal static bool IsCardPrefix(ReadOnlySpan<char> digits)
    {
        var length = digits.Length;
        if (length is < 13 or > 19)
        {
            return false;
        }

        var two = Two(digits, 0);
        var four = two * 100 + Two(digits, 2);
        return digits[0] switch
        {
            '4' => length is 13 or 16 or 19,
            '2' => four is >= 2221 and <= 2720 && length == 16,
            '5' => two is >= 51 and <= 55 ? length == 16 : two is 50 or >= 56 and <= 58 && length >= 13,
            '3' => two is 34 or 37 ? length == 15
                : two is 36 or 38 || four is >= 3000 and <= 3059 ? length is >= 14 and <= 19
                : four is >= 3528 and <= 3589 && length >= 16,
            '6' => (two is 60 or 62 or 65 || four is >= 6440 and <= 6499 || two is 63 or 67) && length >= 16,
            _ => false,
        };
    }

    // How far back the words naming a number may be: "nomor rekening BCA saya adalah" fits.
    private const int CueWindow = 40;

    /// <summary>The kind named by the last cue word in <paramref name="before"/>, if any.</summary>
    private static PersonalDataKind? CueBefore(string before)
    {
        PersonalDataKind? kind = null;
        for (var m = Cue().Match(before); m.Success; m = m.NextMatch())
        {
            kind = m.Groups["nik"].Success ? PersonalDataKind.Nik
                : m.Groups["npwp"].Success ? PersonalDataKind.Npwp
                : m.Groups["account"].Success ? PersonalDataKind.Account
                : PersonalDataKind.Card;
        }

        return kind;
    }

    /// <summary>
    /// NIK: two-digit province code of an Indonesian province, regency and district codes, the date of birth as DDMMYY
    /// (day plus 40 for women), then a four-digit serial that is not 0000.
    /// </summary>
    internal static bool IsPlausibleNik(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 16)
        {
            return false;
        }

        var province = Two(digits, 0);
        var day = Two(digits, 6);
        var month = Two(digits, 8);
        return Provinces.Contains(province)
            && Two(digits, 2) > 0
            && Two(digits, 4) > 0
            && (day is >= 1 and <= 31 || day is >= 41 and <= 71)
            && month is >= 1 and <= 12
            && !digits[12..].SequenceEqual("0000");
    }

    private static int Two(ReadOnlySpan<char> digits, int at) => (digits[at] - '0') * 10 + (digits[at + 1] - '0');

    // Kemendagri province codes (Aceh 11 … Papua and the 2022 Papuan provinces 91–97).
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
        71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
    ];

    internal static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>Thousands groups ("1.500.000", "2,500,000") and day-month-year dates are amounts and dates, not numbers of a person.</summary>
    private static bool LooksLikeAmountOrDate(ReadOnlySpan<char> run) => Grouped().IsMatch(run) || NumericDate().IsMatch(run);

    /// <summary>A run inside an order, invoice or ticket id, an amount or a date the recogniser found.</summary>
    private static bool IsBusinessData(IReadOnlyList<EntityMatch> recognised, int start, int length)
    {
        foreach (var entity in recognised)
        {
            var overlaps = entity.Start < start + length && start < entity.Start + entity.Length;
            if (!overlaps)
            {
                continue;
            }

            switch (entity.Type)
            {
                case EntityTypes.OrderId or EntityTypes.InvoiceId or EntityTypes.TicketId:
                    return true;
                case EntityTypes.Money or EntityTypes.Date or EntityTypes.DateRange
                    when entity.Start <= start && start + length <= entity.Start + entity.Length:
                    return true;
            }
        }

        return false;
    }

    private static int DigitCount(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    private static bool ContainsPasswordCue(string text) =>
        text.Contains("pass", StringComparison.OrdinalIgnoreCase) || text.Contains("pwd", StringComparison.OrdinalIgnoreCase)
        || text.Contains("sandi", StringComparison.OrdinalIgnoreCase) || text.Contains("pin", StringComparison.OrdinalIgnoreCase);

    private static void CollectPasswords(string text, List<PersonalDataMatch> into)
    {
        for (var m = Password().Match(text); m.Success; m = m.NextMatch())
        {
            var secret = m.Groups["secret"];
            var word = secret.ValueSpan.TrimEnd(".,;!?\"'”’)");
            if (word.Length == 0 || NotASecret.Contains(word.ToString().ToLowerInvariant())
                || (!m.Groups["explicit"].Success && !LooksLikeSecret(word)))
            {
                continue;
            }

            into.Add(new(PersonalDataKind.Password, secret.Index, secret.Length));
        }
    }

    /// <summary>A digit, a symbol, or a capital after the first letter: not an ordinary word.</summary>
    private static bool LooksLikeSecret(ReadOnlySpan<char> word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (!char.IsLetter(word[i]) || (i > 0 && char.IsUpper(word[i])))
            {
                return true;
            }
        }

        return false;
    }

    // Words that follow "my password is" / "password saya" in a complaint rather than a secret.
    private static readonly HashSet<string> NotASecret = new(StringComparer.Ordinal)
    {
        "expired", "wrong", "not", "incorrect", "invalid", "locked", "blocked", "too", "still", "the", "a", "no", "being",
        "correct", "right", "same", "weak", "changed", "forgotten", "lost", "case", "required", "working", "gone",
        "lupa", "tidak", "tdk", "nggak", "ngga", "gak", "ga", "enggak", "salah", "kadaluarsa", "kedaluwarsa", "terkunci",
        "diblokir", "hilang", "sudah", "udah", "sdh", "belum", "blm", "bisa", "mau", "ingin", "minta", "di", "ke", "untuk",
        "yang", "harus", "perlu", "direset", "reset", "diganti", "ganti", "error", "kok", "kenapa", "apa", "bagaimana",
        "gimana", "masih", "sama", "lama", "baru", "ini", "itu", "dan", "tapi", "terlalu", "kurang", "expire", "terblokir",
        "keblokir", "kena", "gagal", "ditolak", "berubah", "berapa", "dimana", "disimpan", "tersimpan", "please", "help",
    };

    private static void Render(StringBuilder into, PersonalDataKind kind, ReadOnlySpan<char> value, DataExposure exposure)
    {
        var name = kind.ToString().ToLowerInvariant();
        switch (exposure)
        {
            case DataExposure.Full:
                into.Append(value);
                return;
            case DataExposure.Partial when kind == PersonalDataKind.Email && value.IndexOf('@') is > 0 and var at:
                into.Append(value[0]).Append("***").Append(value[at..]);
                return;
            case DataExposure.Last4 or DataExposure.Partial when kind != PersonalDataKind.Email:
                var digits = new StringBuilder(value.Length);
                foreach (var c in value)
                {
                    if (char.IsAsciiDigit(c))
                    {
                        digits.Append(c);
                    }
                }

                if (digits.Length >= 8)
                {
                    into.Append('[').Append(name).Append(' ');
                    if (exposure == DataExposure.Last4)
                    {
                        into.Append('…').Append(digits.ToString(digits.Length - 4, 4));
                    }
                    else
                    {
                        into.Append(digits.ToString(0, 4)).Append('*', digits.Length - 8).Append(digits.ToString(digits.Length - 4, 4));
                    }

                    into.Append(']');
                    return;
                }

                break;
        }

        into.Append('[').Append(name).Append(']');
    }

    // A run of digits with at most one space, dash or dot between two of them, not glued to letters, other digits, or an
    // id's prefix ("INV-", "#", "/"). Each repetition starts with an optional separator and ends with a digit (linear).
    [GeneratedRegex(
        """(?<![\p{L}\p{N}_\-\#/.,@+])[0-9](?:[\s.\-]?[0-9])*(?![\p{L}\p{N}_])(?![.,/][0-9])""",
        RegexOptions.CultureInvariant, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex DigitRun();

    // A "+" and a country code other than Indonesia's (those are read by the entity recogniser), then digits with at most
    // one separator between two, and optionally an area code in brackets: "+1 (415) 555-0100", "+65 6123 4567".
    [GeneratedRegex(
        """(?<![\p{L}\p{N}+])\+(?!62)[1-9](?:[\s.\-]?(?:\([0-9]{1,4}\)|[0-9])){6,16}(?![\p{L}\p{N}])""",
        RegexOptions.CultureInvariant, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex InternationalPhone();

    // The printed NPWP: 99.999.999.9-999.999.
    [GeneratedRegex("""^[0-9]{2}\.[0-9]{3}\.[0-9]{3}\.[0-9]-[0-9]{3}\.[0-9]{3}$""", RegexOptions.CultureInvariant, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex PrintedNpwp();

    [GeneratedRegex("""^[0-9]{1,3}(?:[.,][0-9]{3})+$""", RegexOptions.CultureInvariant, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Grouped();

    [GeneratedRegex("""^[0-9]{1,2}[.\-/][0-9]{1,2}[.\-/](?:19|20)[0-9]{2}$|^(?:19|20)[0-9]{2}[.\-/][0-9]{1,2}[.\-/][0-9]{1,2}$""", RegexOptions.CultureInvariant, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex NumericDate();

    // Words that say what the number after them is. Bank names count as "account": "BCA 1234567890".
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?<nik>nik|e-?ktp|ktp|nomor\s+induk\s+kependudukan|national\s+id|id\s+card\s+(?:number|no)|identity\s+number)
          | (?<npwp>npwp|nomor\s+pokok\s+wajib\s+pajak|tax\s+(?:id|number|file\s+number))
          | (?<account>rekening|rek|norek|no\.?\s*rek|account\s*(?:number|no|num|\#)|acct|a/c|bank\s+account|virtual\s+account|va
              |bca|mandiri|bni|bri|bsi|btn|cimb(?:\s+niaga)?|danamon|permata|ocbc(?:\s+nisp)?|maybank|panin|jago|seabank|blu|jenius)
          | (?<card>card|kartu|cc|credit|debit|kredit|visa|mastercard|amex|jcb)
        )
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Cue();

    // The token after a password cue. Explicit cues ("my password is", "password:", "password saya adalah", "kata sandi
    // saya adalah", "sandi:", "PIN:") mask any token but a complaint word; loose ones ("password saya", "pin saya",
    // "kata sandi saya", "pwd") only a token that looks like a secret, since "password saya lupa" is how people say they
    // forgot it. Only the token is masked, so the rest of the sentence stays readable.
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?<explicit>
                my\s+(?:new\s+|old\s+|current\s+)?(?:password|passcode|pin|pwd)\s+(?:is|was|=)
              | (?:the\s+)?(?:password|passcode|pwd)\s+(?:is|was)
              | (?:password|passwd|passcode|pwd|pass|pw|sandi|pin)\s*[:=]
              | (?:password|passcode|pin|pass|pw)\s+(?:saya|sy|ku|aku|nya)\s*(?:[:=]|(?:adalah|yaitu|ialah)(?![\p{L}\p{N}]))
              | kata\s+sandi(?:\s+(?:saya|sy|ku|aku)|nya)?\s*(?:[:=]|(?:adalah|yaitu|ialah)(?![\p{L}\p{N}]))
            )
            \s*:?
          | (?:password|passcode|pin|pass|pw)\s+(?:saya|sy|ku|aku|nya)
          | kata\s+sandi(?:\s+(?:saya|sy|ku|aku)|nya)?
          | pwd
        )
        \s*["'“‘]?(?<secret>[^\s"'“”‘’]+)
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Password();
}
