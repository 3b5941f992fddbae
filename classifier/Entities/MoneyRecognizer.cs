using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>
/// Amounts with a currency ("Rp 1.500.000", "IDR 250,000", "$20", "USD 20.50", "20 dollars") or an Indonesian scale word
/// that implies rupiah ("1,5 juta", "1.5jt", "500rb", "2 miliar"). A bare number is never money.
/// </summary>
internal static partial class MoneyRecognizer
{
    private static readonly FrozenDictionary<string, string> Currencies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["rp"] = "IDR", ["rp."] = "IDR", ["idr"] = "IDR", ["rupiah"] = "IDR",
        ["$"] = "USD", ["us$"] = "USD", ["usd"] = "USD", ["dollar"] = "USD", ["dollars"] = "USD", ["dolar"] = "USD", ["bucks"] = "USD",
        ["€"] = "EUR", ["eur"] = "EUR", ["euro"] = "EUR", ["euros"] = "EUR",
        ["s$"] = "SGD", ["sgd"] = "SGD",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, decimal> Scales = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        ["k"] = 1e3m, ["rb"] = 1e3m, ["ribu"] = 1e3m, ["thousand"] = 1e3m,
        ["jt"] = 1e6m, ["juta"] = 1e6m, ["million"] = 1e6m, ["mio"] = 1e6m, ["mn"] = 1e6m,
        ["miliar"] = 1e9m, ["milyar"] = 1e9m, ["billion"] = 1e9m, ["bn"] = 1e9m,
        ["triliun"] = 1e12m, ["trilyun"] = 1e12m,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static void Collect(string text, List<EntityCandidate> into)
    {
        if (!text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return;
        }

        for (var match = Amount().Match(text); match.Success; match = match.NextMatch())
        {
            if (!TryParseNumber(match.Groups["number"].ValueSpan, out var amount))
            {
                continue;
            }

            var currency = match.Groups["currency"];
            var scale = match.Groups["scale"];
            if (scale.Success)
            {
                amount *= Scales[scale.Value];
            }

            // Without a currency only the Indonesian scale words match, so the amount is in rupiah.
            var code = currency.Success ? Currencies[currency.Value] : "IDR";
            into.Add(new(EntityTypes.Money, string.Concat(code, " ", Format(amount)), match.Index, match.Length));
        }
    }

    /// <summary>Whole amounts without decimals ("1500000"), others with at least two ("20.50", "0.125").</summary>
    internal static string Format(decimal amount) =>
        amount.ToString(amount == decimal.Truncate(amount) ? "0" : "0.00##########", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a number written the Indonesian way ("1.500.000,50", "1,5") or the English way ("1,500,000.50", "20.50"),
    /// telling them apart by shape: with both marks the last one is the decimal mark; a mark that repeats groups
    /// thousands; a single mark followed by exactly three digits groups thousands ("150.000", "250,000") unless the
    /// number starts with "0" ("0.125"); any other single mark is the decimal mark ("1,5", "20.50"). Groups after the
    /// first must have three digits. Amounts above 10^15 (before the scale word) are refused.
    /// </summary>
    internal static bool TryParseNumber(ReadOnlySpan<char> number, out decimal amount)
    {
        amount = 0;
        if (number.IsEmpty || number.Length > 40)
        {
            return false;
        }

        int dots = number.Count('.'), commas = number.Count(',');
        char grouping = '\0', decimalMark = '\0';
        if (dots > 0 && commas > 0)
        {
            decimalMark = number[number.LastIndexOfAny('.', ',')];
            grouping = decimalMark == '.' ? ',' : '.';
            if (number.Count(decimalMark) != 1)
            {
                return false;
            }
        }
        else if (dots + commas == 1)
        {
            var mark = dots == 1 ? '.' : ',';
            var at = number.IndexOf(mark);
            var whole = number[..at];
            var thousands = number.Length - at - 1 == 3 && whole.Length <= 3 && whole is not "0";
            if (thousands)
            {
                grouping = mark;
            }
            else
            {
                decimalMark = mark;
            }
        }
        else if (dots + commas > 1)
        {
            grouping = dots > 0 ? '.' : ',';
        }

        var decimalAt = decimalMark == '\0' ? -1 : number.IndexOf(decimalMark);
        var integer = decimalAt < 0 ? number : number[..decimalAt];
        var fraction = decimalAt < 0 ? [] : number[(decimalAt + 1)..];
        if (decimalAt >= 0 && fraction.Length is 0 or > 4)
        {
            return false;
        }

        Span<char> digits = stackalloc char[number.Length];
        int count = 0, groupIndex = 0, groupLength = 0;
        foreach (var c in integer)
        {
            if (c != grouping)
            {
                digits[count++] = c;
                groupLength++;
                continue;
            }

            if (!IsValidGroup(groupIndex++, groupLength))
            {
                return false;
            }

            groupLength = 0;
        }

        if (grouping != '\0' && !IsValidGroup(groupIndex, groupLength))
        {
            return false;
        }

        if (!fraction.IsEmpty)
        {
            digits[count++] = '.';
            fraction.CopyTo(digits[count..]);
            count += fraction.Length;
        }

        return decimal.TryParse(digits[..count], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount)
            && amount <= 1e15m;
    }

    // The first group of a grouped number has one to three digits, every later one exactly three.
    private static bool IsValidGroup(int index, int length) => index == 0 ? length is >= 1 and <= 3 : length == 3;

    private const string Number = """(?<number>[0-9]{1,15}(?:[.,][0-9]{1,15}){0,6})(?![0-9])(?![.,][0-9])""";
    private const string IndonesianScale = "ribu|rb|juta|jt|miliar|milyar|triliun|trilyun";
    private const string Scale = IndonesianScale + "|k|thousand|million|mio|mn|billion|bn";
    private const string CurrencyWord = """rupiah|idr|usd|dollars?|dolar|bucks|euros?|eur|sgd""";

    // A currency sign or code before the number ("Rp1,5 juta", "US$ 20"), or after it ("20 dollars", "500 ribu rupiah"),
    // or only an Indonesian scale word ("500rb"). "Rp 1.500.000,-" keeps its ",-".
    [GeneratedRegex(
        $$"""
        (?<![\p{L}\p{N}.,$€])
        (?:
            (?<currency>rp\.?|idr|usd|us\$|\$|eur|€|sgd|s\$)\s*
            {{Number}}
            (?:\s*(?<scale>{{Scale}})(?![\p{L}\p{N}]))?
          |
            {{Number}}\s*
            (?:
                (?<scale>{{IndonesianScale}})(?![\p{L}\p{N}])(?:\s*(?<currency>{{CurrencyWord}})(?![\p{L}\p{N}]))?
              | (?:(?<scale>{{Scale}})(?![\p{L}\p{N}])\s*)?(?<currency>{{CurrencyWord}})(?![\p{L}\p{N}])
            )
        )
        (?:,-)?
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Amount();
}
