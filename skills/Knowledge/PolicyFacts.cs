using System.Globalization;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Skills.Knowledge;

/// <summary>What a number is a number of, so "14 days" is not taken as support for "14 weeks" or "14%".</summary>
internal enum FactUnit
{
    None,
    Percent,
    Money,
    Day,
    WorkingDay,
    Week,
    Month,
    Year,
    Hour,
    Minute,
}

/// <summary>A checkable fact in a policy text: a number (with its unit, if any), a date or a time of day.</summary>
internal abstract record PolicyFact(string Text)
{
    public abstract bool IsSupportedBy(PolicyFact other);
}

/// <summary>
/// A number, with every value its writing can mean: "5.000" is five thousand in Indonesian and five in some English, so
/// it carries both, and two facts agree when they share a value. Multipliers (juta, million, ribu) are applied.
/// </summary>
internal sealed record NumberFact(string Text, IReadOnlyList<decimal> Values, FactUnit Unit) : PolicyFact(Text)
{
    public override bool IsSupportedBy(PolicyFact other) =>
        other is NumberFact number
        && (Unit == FactUnit.None || number.Unit == FactUnit.None || Unit == number.Unit)
        && (Values.Count == 0 ? string.Equals(Text, number.Text, StringComparison.Ordinal) : Values.Any(number.Values.Contains));
}

/// <summary>A calendar date; the year and day are null when the text leaves them out ("1 December", "December 2026").</summary>
internal sealed record DateFact(string Text, int? Year, int Month, int? Day) : PolicyFact(Text)
{
    /// <summary>Supported by a date that agrees on every part this one names: "1 December" by "1 December 2026", not the reverse.</summary>
    public override bool IsSupportedBy(PolicyFact other) =>
        other is DateFact date && date.Month == Month && (Year is null || date.Year == Year) && (Day is null || date.Day == Day);
}

/// <summary>A time of day, "17:00" or (in Indonesian texts) "17.00".</summary>
internal sealed record TimeFact(string Text, int Hour, int Minute) : PolicyFact(Text)
{
    public override bool IsSupportedBy(PolicyFact other) => other is TimeFact time && time.Hour == Hour && time.Minute == Minute;
}

/// <summary>
/// Finds the numbers, amounts, percentages, durations, dates and times in English and Indonesian policy text, normalised
/// so that "14 days" and "14 hari", "Rp 5.000.000", "5,000,000" and "Rp 5 juta", "1 December 2026", "1 Desember 2026" and
/// "2026-12-01" compare equal. An answer is read strictly (a date is one fact, not three numbers); a passage generously
/// (its dates also count as their numbers, "17.00" also as a time), so that a fact the passage really states is found.
/// </summary>
internal static partial class PolicyFacts
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["january"] = 1, ["januari"] = 1, ["jan"] = 1,
        ["february"] = 2, ["februari"] = 2, ["feb"] = 2,
        ["march"] = 3, ["maret"] = 3, ["mar"] = 3,
        ["april"] = 4, ["apr"] = 4,
        ["may"] = 5, ["mei"] = 5,
        ["june"] = 6, ["juni"] = 6, ["jun"] = 6,
        ["july"] = 7, ["juli"] = 7, ["jul"] = 7,
        ["august"] = 8, ["agustus"] = 8, ["aug"] = 8, ["agu"] = 8, ["agt"] = 8,
        ["september"] = 9, ["sept"] = 9, ["sep"] = 9,
        ["october"] = 10, ["oktober"] = 10, ["oct"] = 10, ["okt"] = 10,
        ["november"] = 11, ["nov"] = 11,
        ["december"] = 12, ["desember"] = 12, ["dec"] = 12, ["des"] = 12,
    };

    // Numbers written as words are checked only before a unit ("two weeks", "tiga puluh hari"): alone they are too often
    // ordinary words ("one of the items").
    private static readonly Dictionary<string, decimal> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fourteen"] = 14, ["fifteen"] = 15, ["twenty"] = 20,
        ["thirty"] = 30, ["forty-five"] = 45, ["sixty"] = 60, ["ninety"] = 90,
        ["satu"] = 1, ["dua"] = 2, ["tiga"] = 3, ["empat"] = 4, ["lima"] = 5, ["enam"] = 6, ["tujuh"] = 7, ["delapan"] = 8,
        ["sembilan"] = 9, ["sepuluh"] = 10, ["sebelas"] = 11, ["dua belas"] = 12, ["empat belas"] = 14, ["lima belas"] = 15,
        ["dua puluh"] = 20, ["tiga puluh"] = 30, ["empat puluh lima"] = 45, ["enam puluh"] = 60, ["sembilan puluh"] = 90,
    };

    /// <summary>The facts an answer states, each once: a date's digits are not also numbers.</summary>
    public static IReadOnlyList<PolicyFact> InAnswer(string text) => Extract(text, generous: false);

    /// <summary>Everything a passage can support, read generously.</summary>
    public static IReadOnlyList<PolicyFact> InPassage(string text) => Extract(text, generous: true);

    private static List<PolicyFact> Extract(string text, bool generous)
    {
        var facts = new List<PolicyFact>();
        var taken = new bool[text.Length];

        foreach (Match match in DatePattern().Matches(text))
        {
            if (ToDate(match) is { } date)
            {
                facts.Add(date);
                Take(taken, match, generous);
            }
        }

        foreach (Match match in TimePattern().Matches(text))
        {
            var isColon = match.Groups["sep"].Value == ":";
            if (Overlaps(taken, match) || (!isColon && !generous))
            {
                continue;
            }

            facts.Add(new TimeFact(match.Value, int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture)));
            Take(taken, match, generous);
        }

        foreach (Match match in NumberPattern().Matches(text))
        {
            if (Overlaps(taken, match))
            {
                continue;
            }

            var values = Values(match.Groups["num"].Value);
            var (multiplier, unit) = Tail(text, match.Index + match.Length);
            if (match.Groups["pct"].Success)
            {
                unit = FactUnit.Percent;
            }
            else if (match.Groups["money"].Success)
            {
                unit = FactUnit.Money;
            }

            facts.Add(new NumberFact(match.Groups["num"].Value, [.. values.Select(v => v * multiplier)], unit));
        }

        foreach (Match match in WordNumberPattern().Matches(text))
        {
            var (_, unit) = Tail(text, match.Index + match.Length);
            if (unit != FactUnit.None && !Overlaps(taken, match))
            {
                facts.Add(new NumberFact(match.Value, [NumberWords[Regex.Replace(match.Value, @"\s+", " ")]], unit));
            }
        }

        return facts;
    }

    private static void Take(bool[] taken, Match match, bool generous)
    {
        // A passage's dates and times also count as their numbers ("in 2026" is supported by "1 December 2026").
        if (generous)
        {
            return;
        }

        for (var i = match.Index; i < match.Index + match.Length; i++)
        {
            taken[i] = true;
        }
    }

    private static bool Overlaps(bool[] taken, Match match)
    {
        for (var i = match.Index; i < match.Index + match.Length; i++)
        {
            if (taken[i])
            {
                return true;
            }
        }

        return false;
    }

    private static DateFact? ToDate(Match match)
    {
        var month = match.Groups["mn"].Success ? Months[match.Groups["mn"].Value] : int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        int? day = match.Groups["d"].Success ? int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : null;
        int? year = match.Groups["y"].Success ? int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
        return month is < 1 or > 12 || day is < 1 or > 31 ? null : new DateFact(match.Value, year, month, day);
    }

    /// <summary>
    /// Every value a written number can mean. Dots and commas both group thousands and mark decimals, depending on the
    /// language: with both, the last one is the decimal mark; one kind repeated groups thousands; a single one followed
    /// by exactly three digits is either. A dotted code such as a section number "3.2.1" is compared as written.
    /// </summary>
    internal static IReadOnlyList<decimal> Values(string written)
    {
        var hasDot = written.Contains('.', StringComparison.Ordinal);
        var hasComma = written.Contains(',', StringComparison.Ordinal);
        if (!hasDot && !hasComma)
        {
            return [Parse(written)];
        }

        if (hasDot && hasComma)
        {
            var decimalMark = written.LastIndexOf('.') > written.LastIndexOf(',') ? '.' : ',';
            var grouping = decimalMark == '.' ? "," : ".";
            var whole = written.Replace(grouping, string.Empty, StringComparison.Ordinal);
            return whole.Count(c => c == decimalMark) == 1 ? [Parse(whole.Replace(decimalMark, '.'))] : [];
        }

        var parts = written.Split(hasDot ? '.' : ',');
        if (parts.Length > 2)
        {
            return parts.Skip(1).All(p => p.Length == 3) ? [Parse(string.Concat(parts))] : [];
        }

        var asDecimal = Parse($"{parts[0]}.{parts[1]}");
        return parts[1].Length == 3 ? [Parse(parts[0] + parts[1]), asDecimal] : [asDecimal];
    }

    private static decimal Parse(string digits) => decimal.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static (decimal Multiplier, FactUnit Unit) Tail(string text, int from)
    {
        var tail = TailPattern().Match(text, from);
        if (!tail.Success)
        {
            return (1, FactUnit.None);
        }

        var multiplier = tail.Groups["mult"].Value.ToUpperInvariant() switch
        {
            "RIBU" or "RB" or "THOUSAND" => 1_000m,
            "JUTA" or "JT" or "MILLION" => 1_000_000m,
            "MILIAR" or "MILYAR" or "BILLION" => 1_000_000_000m,
            _ => 1m,
        };
        var unit = tail.Groups["unit"].Success ? UnitOf(tail.Groups["unit"].Value) : FactUnit.None;
        return (multiplier, unit);
    }

    private static FactUnit UnitOf(string unit)
    {
        var u = Regex.Replace(unit.ToUpperInvariant(), @"[\s-]+", " ");
        return u switch
        {
            "%" or "PERCENT" or "PER CENT" or "PERSEN" => FactUnit.Percent,
            "RUPIAH" or "IDR" or "USD" or "DOLLAR" or "DOLLARS" => FactUnit.Money,
            _ when u.StartsWith("HARI KERJA", StringComparison.Ordinal) || u.StartsWith("WORK", StringComparison.Ordinal) || u.StartsWith("BUSINESS", StringComparison.Ordinal) => FactUnit.WorkingDay,
            _ when u.StartsWith("HARI", StringComparison.Ordinal) || u.StartsWith("DAY", StringComparison.Ordinal) || u.StartsWith("CALENDAR", StringComparison.Ordinal) => FactUnit.Day,
            _ when u.StartsWith("WEEK", StringComparison.Ordinal) || u is "MINGGU" or "PEKAN" => FactUnit.Week,
            _ when u.StartsWith("MONTH", StringComparison.Ordinal) || u == "BULAN" => FactUnit.Month,
            _ when u.StartsWith("YEAR", StringComparison.Ordinal) || u == "TAHUN" => FactUnit.Year,
            _ when u.StartsWith("HOUR", StringComparison.Ordinal) || u == "JAM" => FactUnit.Hour,
            _ when u.StartsWith("MINUTE", StringComparison.Ordinal) || u == "MENIT" => FactUnit.Minute,
            _ => FactUnit.None,
        };
    }

    private const string MonthNames =
        "januari|january|februari|february|maret|march|april|mei|may|juni|june|juli|july|agustus|august|september|oktober|october|november|desember|december|"
        + "jan|feb|mar|apr|jun|jul|aug|agu|agt|sept|sep|oct|okt|nov|dec|des";

    [GeneratedRegex(
        @"(?<![\d\p{L}])(?:"
        + @"(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})"
        + @"|(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4})"
        + @"|(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?<mn>" + MonthNames + @")(?!\p{L})\.?(?:,?\s+(?<y>\d{4}))?"
        + @"|(?<mn>" + MonthNames + @")(?!\p{L})\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<y>\d{4}))?"
        + @"|(?<mn>" + MonthNames + @")(?!\p{L})\.?\s+(?<y>\d{4})"
        + @")(?!\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"(?<![\d.,:])(?<h>[01]?\d|2[0-3])(?<sep>[:.])(?<min>[0-5]\d)(?![\d.,:])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex TimePattern();

    [GeneratedRegex(
        @"(?:(?<!\p{L})(?<money>(?:Rp|IDR|USD|US\$|\$)\.?\s?)|(?<![\d\p{L}.,]))(?<num>\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?(?!\d)(?<pct>\s?%)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(
        @"(?<!\p{L})(?:forty-five|empat puluh lima|sembilan puluh|enam puluh|tiga puluh|dua puluh|lima belas|empat belas|dua belas|"
        + @"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|sixty|ninety|"
        + @"satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)(?!\p{L})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex WordNumberPattern();

    // After a number: an aside such as "14 (empat belas) hari", a multiplier, then a unit.
    [GeneratedRegex(
        @"\G(?:\s*\([^()\d]{1,40}\))?(?:[\s-]*(?<mult>juta|jt|million|ribu|rb|thousand|miliar|milyar|billion)(?!\p{L}))?"
        + @"(?:[\s-]*(?<unit>%|per\s?cent|percent|persen|rupiah|IDR|USD|dollars?|hari\s+kerja|(?:working|business|work)[\s-]?days?|workdays?|"
        + @"calendar\s+days?|days?|hari(?:\s+kalender)?|weeks?|minggu|pekan|months?|bulan|years?|tahun|hours?|jam|minutes?|menit)(?!\p{L}))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex TailPattern();
}
