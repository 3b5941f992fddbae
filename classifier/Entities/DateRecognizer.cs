using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>
/// Dates and date ranges in English and Indonesian, resolved against "today" in the configured time zone.
/// <list type="bullet">
/// <item>Numeric dates are day-first, as written in Indonesia and most of the world: 02/01/2027 is 2 January. A numeric
/// date without a year needs a slash and two-digit day and month ("22/12") or a cue ("tgl 3/12"), so "24/7" and "1/2"
/// stay text; with dots or dashes it needs a year ("22.12.2026"), so prices such as "22.500" are not dates.</item>
/// <item>A date without a year is its next occurrence on or after today; "tanggal 22" is the next 22nd on or after today.</item>
/// <item>A bare weekday, "this Friday", "on Friday", "hari Jumat" and "Jumat ini" are the next such day on or after today
/// (today counts); "next Friday", "coming Friday", "Jumat depan" and "Jumat besok" are the next one after today; "last
/// Friday" and "Jumat lalu" the last one before today. "Friday next week" and "Jumat minggu depan" are in next
/// (Monday-first) week.</item>
/// <item>"next week"/"minggu depan"/"pekan depan" and "next month"/"bulan depan" (and this/last) are ranges of the whole
/// Monday–Sunday week or calendar month. Indonesian "minggu" is Sunday only after "hari" ("hari Minggu"); otherwise it is
/// "week".</item>
/// <item>Two dates joined by "to", "until", "-", "s/d", "sampai", "hingga" (or "and"/"dan" after "between"/"antara")
/// are a range; see <see cref="DateSpec.Range"/> for how the ends are placed. A bare year or number is never a date.</item>
/// </list>
/// </summary>
internal static partial class DateRecognizer
{
    private readonly record struct DateCandidate(int Start, int Length, DateSpec Spec)
    {
        public int End => Start + Length;
    }

    private static readonly FrozenDictionary<string, int> Months = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["feb"] = 2, ["peb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["mei"] = 5, ["jun"] = 6, ["jul"] = 7,
        ["aug"] = 8, ["agu"] = 8, ["agt"] = 8, ["ags"] = 8, ["sep"] = 9, ["oct"] = 10, ["okt"] = 10, ["nov"] = 11, ["nop"] = 11,
        ["dec"] = 12, ["des"] = 12,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, DayOfWeek> Weekdays = new Dictionary<string, DayOfWeek>(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["sen"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["sel"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["rab"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["kam"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["jum"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["sab"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday, ["min"] = DayOfWeek.Sunday, ["aha"] = DayOfWeek.Sunday,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, int> CountWords = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["se"] = 1, ["satu"] = 1, ["two"] = 2, ["dua"] = 2, ["three"] = 3, ["tiga"] = 3,
        ["four"] = 4, ["empat"] = 4, ["five"] = 5, ["lima"] = 5, ["six"] = 6, ["enam"] = 6, ["seven"] = 7, ["tujuh"] = 7,
        ["eight"] = 8, ["delapan"] = 8, ["nine"] = 9, ["sembilan"] = 9, ["ten"] = 10, ["sepuluh"] = 10,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> WeekdayNames = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "jumaat", "sabtu", "minggu", "ahad");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> WeekdayNamesBySpan =
        WeekdayNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> MonthsBySpan =
        Months.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, DayOfWeek>.AlternateLookup<ReadOnlySpan<char>> WeekdaysBySpan =
        Weekdays.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> CountWordsBySpan =
        CountWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Gaps longer than this between two dates ("sampai dengan" plus spaces) cannot be a range connector.
    private const int MaxConnectorLength = 16;

    public static void Collect(string text, DateOnly today, List<EntityCandidate> into)
    {
        var dates = new List<DateCandidate>();
        if (text.AsSpan().ContainsAnyInRange('0', '9'))
        {
            for (var m = NumericDate().Match(text); m.Success; m = m.NextMatch())
            {
                AddCalendarDate(text, dates, m, FromNumeric(m, today));
            }

            for (var m = DayMonthDate().Match(text); m.Success; m = m.NextMatch())
            {
                AddCalendarDate(text, dates, m, FromNamedMonth(m, today));
            }

            for (var m = MonthDayDate().Match(text); m.Success; m = m.NextMatch())
            {
                AddCalendarDate(text, dates, m, FromNamedMonth(m, today));
            }

            for (var m = DayOfMonthDate().Match(text); m.Success; m = m.NextMatch())
            {
                Add(dates, m, DateSpec.DayOfMonth(Number(m, "day"), today));
            }

            for (var m = BareDay().Match(text); m.Success; m = m.NextMatch())
            {
                Add(dates, m, Number(m, "day") is var day and >= 1 and <= 31 ? DateSpec.PartialDay(day) : null);
            }
        }

        for (var m = RelativeDay().Match(text); m.Success; m = m.NextMatch())
        {
            Add(dates, m, DateSpec.Relative(today.AddDays(RelativeOffset(m))));
        }

        for (var m = Offset().Match(text); m.Success; m = m.NextMatch())
        {
            Add(dates, m, FromOffset(m, today));
        }

        for (var m = EnglishWeekday().Match(text); m.Success; m = m.NextMatch())
        {
            Add(dates, m, FromWeekday(m, today));
        }

        for (var m = IndonesianWeekday().Match(text); m.Success; m = m.NextMatch())
        {
            Add(dates, m, FromWeekday(m, today));
        }

        for (var m = Period().Match(text); m.Success; m = m.NextMatch())
        {
            Add(dates, m, FromPeriod(m, today));
        }

        foreach (var date in dates)
        {
            if (date.Spec.Kind == DateKind.Period)
            {
                into.Add(new(EntityTypes.DateRange, Interval(date.Spec.Date, date.Spec.End), date.Start, date.Length));
            }
            else if (date.Spec.Kind != DateKind.PartialDay)
            {
                into.Add(new(EntityTypes.Date, Iso(date.Spec.Date), date.Start, date.Length));
            }
        }

        AddRanges(text, dates, into);
    }

    private static void AddRanges(string text, List<DateCandidate> dates, List<EntityCandidate> into)
    {
        DropCoveredBareDays(text, dates);
        dates.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        for (var i = 0; i < dates.Count; i++)
        {
            var first = dates[i];
            var (start, afterBetween) = RangeOpening(text, first.Start);
            for (var j = i + 1; j < dates.Count; j++)
            {
                var last = dates[j];
                if (last.Start < first.End)
                {
                    continue;
                }

                if (last.Start - first.End > MaxConnectorLength)
                {
                    break;
                }

                if (IsRangeConnector(text.AsSpan(first.End, last.Start - first.End), afterBetween)
                    && DateSpec.Range(first.Spec, last.Spec) is { } range)
                {
                    into.Add(new(EntityTypes.DateRange, Interval(range.Start, range.End), start, last.End - start));
                }
            }
        }
    }

    /// <summary>
    /// A bare day number inside a fuller date is that date's day, not an open range end: the "2" of "2 Jan 2026" must not
    /// make "22 Dec 2026 to 2" a range.
    /// </summary>
    private static void DropCoveredBareDays(string text, List<DateCandidate> dates)
    {
        if (!dates.Exists(static date => date.Spec.Kind == DateKind.PartialDay))
        {
            return;
        }

        var covered = new bool[text.Length];
        foreach (var date in dates)
        {
            if (date.Spec.Kind != DateKind.PartialDay)
            {
                covered.AsSpan(date.Start, date.Length).Fill(true);
            }
        }

        dates.RemoveAll(date => date.Spec.Kind == DateKind.PartialDay && covered.AsSpan(date.Start, date.Length).Contains(true));
    }

    /// <summary>Where a range starting at <paramref name="dateStart"/> begins: before "from", "dari", "between", "antara" or "mulai".</summary>
    private static (int Start, bool AfterBetween) RangeOpening(string text, int dateStart)
    {
        var end = dateStart;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        if (end == dateStart || start == end)
        {
            return (dateStart, false);
        }

        var word = text.AsSpan(start, end - start);
        if (word.Equals("between", StringComparison.OrdinalIgnoreCase) || word.Equals("antara", StringComparison.OrdinalIgnoreCase))
        {
            return (start, true);
        }

        return word.Equals("from", StringComparison.OrdinalIgnoreCase) || word.Equals("dari", StringComparison.OrdinalIgnoreCase)
            || word.Equals("mulai", StringComparison.OrdinalIgnoreCase)
            ? (start, false)
            : (dateStart, false);
    }

    private static bool IsRangeConnector(ReadOnlySpan<char> gap, bool afterBetween)
    {
        var word = gap.Trim();
        return word is "-" or "–" or "—" or "~"
            || word.Equals("to", StringComparison.OrdinalIgnoreCase) || word.Equals("till", StringComparison.OrdinalIgnoreCase)
            || word.Equals("until", StringComparison.OrdinalIgnoreCase) || word.Equals("through", StringComparison.OrdinalIgnoreCase)
            || word.Equals("thru", StringComparison.OrdinalIgnoreCase) || word.Equals("s/d", StringComparison.OrdinalIgnoreCase)
            || word.Equals("s.d.", StringComparison.OrdinalIgnoreCase) || word.Equals("s.d", StringComparison.OrdinalIgnoreCase)
            || word.Equals("sd", StringComparison.OrdinalIgnoreCase) || word.Equals("sampai", StringComparison.OrdinalIgnoreCase)
            || word.Equals("sampe", StringComparison.OrdinalIgnoreCase) || word.Equals("hingga", StringComparison.OrdinalIgnoreCase)
            || word.Equals("sampai dengan", StringComparison.OrdinalIgnoreCase)
            || (afterBetween && (word.Equals("and", StringComparison.OrdinalIgnoreCase) || word.Equals("dan", StringComparison.OrdinalIgnoreCase)));
    }

    private static void Add(List<DateCandidate> dates, Match match, DateSpec? spec)
    {
        if (spec is { } value)
        {
            dates.Add(new(match.Index, match.Length, value));
        }
    }

    /// <summary>
    /// Adds a calendar date together with a weekday written just before it ("Friday 4 Dec", "Jumat, 04/12/2026"): the
    /// weekday belongs to the date, and the date decides. Looked for here rather than in the patterns, where an optional
    /// leading word would make every letter a possible start.
    /// </summary>
    private static void AddCalendarDate(string text, List<DateCandidate> dates, Match match, DateSpec? spec)
    {
        if (spec is not { } value)
        {
            return;
        }

        var start = match.Index;
        var end = start;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end < start && end > 0 && text[end - 1] == ',')
        {
            end--;
        }

        if (end > 0 && text[end - 1] == '.')
        {
            end--;
        }

        var wordStart = end;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] is '\'' or '’'))
        {
            wordStart--;
        }

        if (end < match.Index && wordStart < end && WeekdayNamesBySpan.Contains(text.AsSpan(wordStart, end - wordStart)))
        {
            start = wordStart;
        }

        dates.Add(new(start, match.Index + match.Length - start, value));
    }

    private static DateSpec? FromNumeric(Match m, DateOnly today)
    {
        var year = m.Groups["year"];
        if (!year.Success && (m.Groups["sep"].ValueSpan is not "/"
            || (!m.Groups["cue"].Success && (m.Groups["day"].Length != 2 || m.Groups["month"].Length != 2))))
        {
            return null;
        }

        int? y = year.Success ? Number(m, "year") + (year.Length == 2 ? 2000 : 0) : null;
        return DateSpec.Calendar(Number(m, "day"), Number(m, "month"), y, today);
    }

    private static DateSpec? FromNamedMonth(Match m, DateOnly today) =>
        DateSpec.Calendar(
            Number(m, "day"),
            MonthsBySpan[m.Groups["month"].ValueSpan[..3]],
            m.Groups["year"].Success ? Number(m, "year") : null,
            today);

    private static int RelativeOffset(Match m) =>
        m.Groups["plus2"].Success ? 2
        : m.Groups["minus2"].Success ? -2
        : m.Groups["plus1"].Success ? 1
        : m.Groups["minus1"].Success ? -1
        : 0;

    private static DateSpec? FromOffset(Match m, DateOnly today)
    {
        var count = m.Groups["count"].ValueSpan;
        var n = char.IsAsciiDigit(count[0]) ? int.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture) : CountWordsBySpan[count];
        if (m.Groups["past"].Success)
        {
            n = -n;
        }

        var unit = m.Groups["unit"].ValueSpan;
        return DateSpec.Relative(
            unit.StartsWith("month", StringComparison.OrdinalIgnoreCase) || unit.Equals("bulan", StringComparison.OrdinalIgnoreCase) ? today.AddMonths(n)
            : unit.StartsWith("year", StringComparison.OrdinalIgnoreCase) || unit.Equals("tahun", StringComparison.OrdinalIgnoreCase) ? today.AddYears(n)
            : unit.StartsWith("day", StringComparison.OrdinalIgnoreCase) || unit.Equals("hari", StringComparison.OrdinalIgnoreCase) ? today.AddDays(n)
            : today.AddDays(7 * n));
    }

    private static DateSpec FromWeekday(Match m, DateOnly today)
    {
        var weekday = WeekdaysBySpan[m.Groups["weekday"].ValueSpan[..3]];
        var week = m.Groups["week"];
        if (week.Success)
        {
            var monday = Calendars.MondayOf(today).AddDays(7 * Direction(week.ValueSpan));
            return DateSpec.Relative(monday.AddDays(((int)weekday + 6) % 7));
        }

        var ahead = ((int)weekday - (int)today.DayOfWeek + 7) % 7;
        var mod = m.Groups["mod"];
        return DateSpec.Weekday((mod.Success ? Direction(mod.ValueSpan) : 0) switch
        {
            > 0 => today.AddDays(ahead == 0 ? 7 : ahead),
            < 0 => today.AddDays(ahead == 0 ? -7 : ahead - 7),
            _ => today.AddDays(ahead),
        });
    }

    private static DateSpec FromPeriod(Match m, DateOnly today)
    {
        var offset = Direction(m.Groups["rel"].ValueSpan);
        var unit = m.Groups["unit"].ValueSpan;
        if (unit.Equals("month", StringComparison.OrdinalIgnoreCase) || unit.Equals("bulan", StringComparison.OrdinalIgnoreCase))
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(offset);
            return DateSpec.Period(first, first.AddMonths(1).AddDays(-1));
        }

        var monday = Calendars.MondayOf(today).AddDays(7 * offset);
        return DateSpec.Period(monday, monday.AddDays(6));
    }

    /// <summary>+1 for next/coming/depan/besok/nanti, -1 for last/past/lalu/kemarin, 0 for this/ini.</summary>
    private static int Direction(ReadOnlySpan<char> words)
    {
        if (words.Contains("last", StringComparison.OrdinalIgnoreCase) || words.Contains("past", StringComparison.OrdinalIgnoreCase)
            || words.Contains("lalu", StringComparison.OrdinalIgnoreCase) || words.Contains("kemar", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        return words.Contains("next", StringComparison.OrdinalIgnoreCase) || words.Contains("coming", StringComparison.OrdinalIgnoreCase)
            || words.Contains("depan", StringComparison.OrdinalIgnoreCase) || words.Contains("besok", StringComparison.OrdinalIgnoreCase)
            || words.Contains("nanti", StringComparison.OrdinalIgnoreCase)
            ? 1
            : 0;
    }

    private static int Number(Match m, string group) =>
        int.Parse(m.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Interval(DateOnly start, DateOnly end) => string.Concat(Iso(start), "/", Iso(end));

    // Full names must not run on into letters; abbreviations may take a full stop ("Dec.", "Agt."). English "May" counts
    // only capitalised, or "I may 5 times…" would be a date.
    private const string MonthName = """
        (?<month>
            (?:january|januari|february|februari|pebruari|march|maret|april|(?-i:May|MAY)|mei|june|juni|july|juli|august|agustus
              |september|october|oktober|november|nopember|december|desember)(?!\p{L})
          | (?:jan|feb|peb|mar|apr|jun|jul|aug|agu|agt|ags|sept|sep|oct|okt|nov|nop|dec|des)(?:\.|(?!\p{L}))
        )
        """;

    private const string Year = """(?<year>(?:19|20)[0-9]{2})(?![\p{L}\p{N}])""";

    // "22/12/2026", "22-12-26", "2026-12-22", "2026/12/22", "22/12", "tgl 3/12". FromNumeric enforces the rules for dates
    // without a year. The separators must agree, and nothing numeric may continue the date on either side.
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}.,/\-])
        (?:(?<cue>tanggal|tgl\.?)\s*)?
        (?:
            (?<year>(?:19|20)[0-9]{2})(?<sep>[\-/.])(?<month>[0-9]{1,2})\k<sep>(?<day>[0-9]{1,2})
          | (?<day>[0-9]{1,2})(?<sep>[\-/.])(?<month>[0-9]{1,2})(?:\k<sep>(?<year>(?:19|20)?[0-9]{2}))?
        )
        (?![\p{L}\p{N}])(?![.,/\-][0-9])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex NumericDate();

    // "22 Dec", "22 December 2026", "22nd of December", "22-Dec-2026", "tanggal 22 Desember", "22 Des 2026".
    [GeneratedRegex(
        $$"""
        (?<![\p{L}\p{N}])
        (?:(?:tanggal|tgl\.?)\s*)?
        (?<day>[0-9]{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]*
        {{MonthName}}
        (?:,?[\s\-]*{{Year}})?
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex DayMonthDate();

    // "Dec 22", "December 22nd, 2026". "December 2026" has no day: the day may not run on into more digits.
    [GeneratedRegex(
        $$"""
        (?<![\p{L}\p{N}])
        {{MonthName}}\s*
        (?<day>[0-9]{1,2})(?:st|nd|rd|th)?(?![\p{L}\p{N}])(?![.,:/][0-9])
        (?:,?\s*{{Year}})?
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex MonthDayDate();

    // "tanggal 22", "tgl. 5", "the 22nd": a day of the month needs a cue; a bare "22" is not a date.
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?:tanggal|tgl\.?)\s*(?<day>[0-9]{1,2})
          | the\s+(?<day>[0-9]{1,2})(?:st|nd|rd|th)
        )
        (?![\p{L}\p{N}])(?![.,/:][0-9])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex DayOfMonthDate();

    // Any standalone one- or two-digit number: a date only as the open end of a range ("22-24 Dec", "Dec 22-24").
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}.,:/])
        (?<day>[0-9]{1,2})(?:st|nd|rd|th)?
        (?![\p{L}\p{N}])(?![.,:/][0-9])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex BareDay();

    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?<plus2>(?:the\s+)?day\s+after\s+tomorrow|besok\s+lusa|lusa)
          | (?<minus2>(?:the\s+)?day\s+before\s+yesterday|kemarin\s+lusa)
          | (?<plus1>tomorrow|tmrw|tmr|besok|besuk|bsk)
          | (?<minus1>yesterday|kemarin|kemaren|kmrn)
          | (?<zero>today|tonight|hari\s+ini|hr\s+ini|malam\s+ini|nanti\s+malam)
        )
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex RelativeDay();

    private const string Quantity = """
        (?:
            (?<count>[0-9]{1,3})\s*
          | (?<count>an|a|one|two|three|four|five|six|seven|eight|nine|ten|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s+
          | (?<count>se)
        )
        (?<unit>days?|weeks?|months?|years?|hari|minggu|pekan|bulan|tahun)(?![\p{L}\p{N}])
        """;

    // "in 3 days", "within a week", "dalam 2 minggu", "3 hari lagi", "seminggu lagi", "3 days from now", "2 days ago".
    [GeneratedRegex(
        $$"""
        (?<![\p{L}\p{N}])
        (?:
            (?:in|dalam|within)\s+{{Quantity}}(?:\s+(?:lagi|from\s+now|later|ke\s*depan)(?![\p{L}\p{N}]))?
          | {{Quantity}}\s+(?:lagi|from\s+now|later|kemudian|ke\s*depan|(?<past>ago|yang\s+lalu|yg\s+lalu|lalu|sebelumnya))
        )
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Offset();

    // "Friday", "next Friday", "this coming Friday", "last Friday", "Friday next week", "next week on Friday".
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?<week>(?:next|this|last)\s+week)\s+(?:on\s+)?
          | (?<mod>this\s+coming|next|this|coming|last|past)\s+
        )?
        (?<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)
        (?:\s+(?<week>(?:next|this|last)\s+week))?
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex EnglishWeekday();

    // "Jumat", "hari Jumat", "Jumat depan", "Jumat ini", "Jumat lalu", "Jumat minggu depan", "hari Minggu" (a bare
    // "minggu" means week), "Jum'at".
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:(?<week>(?:minggu|pekan)\s+(?:depan|ini|lalu|kemarin|kemaren))\s+(?:pada\s+)?)?
        (?:
            hari\s+(?<weekday>minggu|ahad)
          | (?:hari\s+)?(?<weekday>senin|selasa|rabu|kamis|jum['’]?at|jumaat|sabtu|ahad)
        )
        (?:
            \s+(?:
                (?<week>(?:minggu|pekan)\s+(?:depan|ini|lalu|kemarin|kemaren))
              | (?<mod>depan|besok|nanti|ini|yang\s+lalu|lalu|kemarin|kemaren)
            )
        )?
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex IndonesianWeekday();

    // "next week", "this month", "minggu depan", "pekan ini", "bulan depan", "bulan lalu".
    [GeneratedRegex(
        """
        (?<![\p{L}\p{N}])
        (?:
            (?<rel>next|coming|this|last|past)\s+(?<unit>week|month)
          | (?<unit>minggu|pekan|bulan)\s+(?<rel>depan|ini|yang\s+lalu|lalu|kemarin|kemaren)
        )
        (?![\p{L}\p{N}])
        """,
        EntityPatterns.Options, EntityPatterns.MatchTimeoutMilliseconds)]
    private static partial Regex Period();
}
