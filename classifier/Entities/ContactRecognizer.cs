using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>E-mail addresses and Indonesian phone numbers.</summary>
internal static partial class ContactRecognizer
{
    public static void Collect(string text, List<EntityCandidate> into)
    {
        var span = text.AsSpan();
        if (span.Contains('@'))
        {
            for (var match = Email().Match(text); match.Success; match = match.NextMatch())
            {
                if (IsPlausibleEmail(match.ValueSpan))
                {
                    into.Add(new(EntityTypes.Email, match.Value.ToLowerInvariant(), match.Index, match.Length));
                }
            }
        }

        if (span.ContainsAnyInRange('0', '9'))
        {
            for (var match = Phone().Match(text); match.Success; match = match.NextMatch())
            {
                if (ToE164(match.Groups["national"].ValueSpan) is { } phone)
                {
                    into.Add(new(EntityTypes.Phone, phone, match.Index, match.Length));
                }
            }
        }
    }

    /// <summary>
    /// "+62" and the national number's digits, or null when they are not an Indonesian mobile number (8xx, 9–12 digits)
    /// or landline (area code 2x–7x or 9x, 8–11 digits with the area code).
    /// </summary>
    internal static string? ToE164(ReadOnlySpan<char> national)
    {
        Span<char> digits = stackalloc char[16];
        var count = 0;
        foreach (var c in national)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return null;
                }

                digits[count++] = c;
            }
        }

        var number = digits[..count];
        var valid = number.Length > 0 && number[0] switch
        {
            '8' => number.Length is >= 9 and <= 12,
            >= '2' and <= '7' or '9' => number.Length is >= 8 and <= 11,
            _ => false,
        };
        return valid ? string.Concat("+62", number) : null;
    }

    private static bool IsPlausibleEmail(ReadOnlySpan<char> address)
    {
        var at = address.IndexOf('@');
        var local = address[..at];
        var domain = address[(at + 1)..];
        return local[0] != '.' && local[^1] != '.' && !local.Contains("..", StringComparison.Ordinal)
            && domain[0] != '-' && !domain.Contains("-.", StringComparison.Ordinal) && !domain.Contains(".-", StringComparison.Ordinal);
    }

    // NonBacktracking: the local part can be long and is scanned from every start, which a backtracking engine would
    // make quadratic. Its leftmost match starts at the beginning of the address; the top-level domain is letters only,
    // so a full stop ending the sentence stays out.
    [GeneratedRegex(
        """[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}""",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Email();

    // Country code (+62, (+62), 62, optionally "(0)"), a trunk zero, or an area code in brackets "(021)", then digits
    // with at most one space, dot or dash between any two. Not glued to letters, other digits, "+", "#", "/", "@" or a
    // dash, so ids ("INV-2026-08123", "#081234"), dates, decimals and 16-digit NIK numbers are not read as phones;
    // ToE164 then checks the length. Each repetition starts with an optional separator and ends with a digit, so the
    // loop cannot split a run two ways (linear).
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}+.,/\#@\-])
        (?:
            (?:\+62|\(\+62\)|\+\(62\)|62)[\s.\-]?(?:\(0\)[\s.\-]?)?(?<national>[1-9](?:[\s.\-]?[0-9]){6,12})
          | \(0(?<national>[1-9][0-9]{1,2}\)[\s.\-]?[0-9](?:[\s.\-]?[0-9]){4,7})
          | 0(?<national>[1-9](?:[\s.\-]?[0-9]){6,12})
        )
        (?![\p{L}\p{N}])(?![.,\-]?[0-9])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Phone();
}
