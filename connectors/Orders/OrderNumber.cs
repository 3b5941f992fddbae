using System.Globalization;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Connectors.Orders;

/// <summary>The canonical order number format, <c>ORD-</c> followed by six digits.</summary>
internal static partial class OrderNumber
{
    public static string Format(int number) =>
        string.Create(CultureInfo.InvariantCulture, $"ORD-{number:D6}");

    /// <summary>The canonical form of <paramref name="text"/> (any case, surrounding spaces ignored), or null when it is not an order number.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var candidate = text.Trim().ToUpperInvariant();
        return Canonical().IsMatch(candidate) ? candidate : null;
    }

    [GeneratedRegex(@"^ORD-[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Canonical();
}
