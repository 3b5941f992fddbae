using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>
/// Finds a customer order number in free text and returns it in the canonical form <c>ORD-123456</c>.
/// Order numbers are six digits from 100000 to 999999. A bare number only counts when a cue says it is an order
/// ("ORD", "#", "order", "order no.", "pesanan", "nomor pesanan"): invoice ids, ticket ids, phone numbers and
/// amounts are left alone. <see cref="EntityRecognizer"/> uses the same pattern for its <see cref="EntityTypes.OrderId"/> matches.
/// </summary>
public static partial class OrderNumberRecognizer
{
    public const string Prefix = "ORD-";

    /// <summary>Returns the first order number in <paramref name="text"/> as <c>ORD-123456</c>, or null if there is none.</summary>
    public static string? FindOrderNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var match = Pattern().Match(text);
            return match.Success ? Prefix + match.Groups["digits"].Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            // The pattern is linear, so this needs pathological input; such a message holds no order number worth finding.
            return null;
        }
    }

    // Three ways a number is marked as an order: the ORD prefix ("ORD-100123", "ord 100123", "ORD100123"), a hash
    // that is not glued to another id ("#100123" but not "INV#100123"), or an order word followed by filler words
    // ("order no. 100123", "pesanan saya 100123", "my order number is 100123"). The digits must not run on into a
    // longer number or a decimal/thousands group, which rules out phone numbers and amounts such as "100.000,50".
    [GeneratedRegex(
        """
        (?:
            \bord[\s\-\#:.]?
          | (?<![\w\#])\#\s?
          | \b(?:order|orders|orderan|pesanan|pesenan|pemesanan)\b
            (?:\s*(?:no\b\.?|nomor\b|nomer\b|nmr\b|number\b|num\b|nr\b|id\b|is\b|adalah\b|saya\b|sy\b|ku\b|aku\b|my\b|[:\#\-]))*
            \s*
        )
        (?<digits>[1-9][0-9]{5})
        (?![0-9])(?![.,][0-9])
        """,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture,
        EntityPatterns.MatchTimeoutMilliseconds)]
    internal static partial Regex Pattern();
}
