namespace HelpdeskBot.Classifier.Entities;

internal enum DateKind
{
    /// <summary>A day fixed by the words alone: "today", "in 3 days", "Friday next week".</summary>
    Relative,

    /// <summary>A full calendar date: "22 December 2026", "2026-12-22", "22/12/2026".</summary>
    FullDate,

    /// <summary>A day and month without a year: "22 Dec", "Dec 22", "22/12".</summary>
    DayMonth,

    /// <summary>A day of the month on its own: "tanggal 22", "the 22nd".</summary>
    DayOnly,

    /// <summary>A bare day number that is only a date as the open end of a range: the "22" of "22-24 Dec".</summary>
    PartialDay,

    /// <summary>A weekday: "Friday", "next Friday", "Jumat depan".</summary>
    Weekday,

    /// <summary>A whole week or month: "next week", "bulan depan".</summary>
    Period,
}

/// <summary>
/// What a date expression says, and the day (or period) it means on its own. Ranges need more than the resolved day:
/// "22 Dec to 2 Jan" places the start relative to the end, which only works while the start is known to have no year.
/// </summary>
internal readonly record struct DateSpec(DateKind Kind, DateOnly Date, DateOnly End = default, int Day = 0, int Month = 0)
{
    /// <summary>Says a day of the month, so a bare day number next to it can borrow its month ("22-24 Dec").</summary>
    public bool HasDayOfMonth => Kind is DateKind.FullDate or DateKind.DayMonth or DateKind.DayOnly;

    /// <summary>Leaves the month or year open, so in a range it is placed next to the other end.</summary>
    public bool IsOpen => Kind is DateKind.DayMonth or DateKind.DayOnly or DateKind.PartialDay;

    /// <summary>How much of the date is said: a range resolves its better-anchored end first.</summary>
    public int Precision => Kind switch
    {
        DateKind.PartialDay => 0,
        DateKind.DayOnly => 1,
        DateKind.DayMonth => 2,
        _ => 3,
    };

    public static DateSpec Relative(DateOnly date) => new(DateKind.Relative, date);

    public static DateSpec Weekday(DateOnly date) => new(DateKind.Weekday, date);

    public static DateSpec Period(DateOnly start, DateOnly end) => new(DateKind.Period, start, end);

    public static DateSpec PartialDay(int day) => new(DateKind.PartialDay, default, Day: day);

    /// <summary>A day and month, with a year or resolved to the next occurrence on or after today; null if no such day.</summary>
    public static DateSpec? Calendar(int day, int month, int? year, DateOnly today)
    {
        if (month is < 1 or > 12 || day is < 1 or > 31)
        {
            return null;
        }

        if (year is { } y)
        {
            return y is >= 1 and <= 9999 && day <= DateTime.DaysInMonth(y, month)
                ? new(DateKind.FullDate, new DateOnly(y, month, day), Day: day, Month: month)
                : null;
        }

        return Calendars.NextOnOrAfter(day, month, today) is { } next ? new(DateKind.DayMonth, next, Day: day, Month: month) : null;
    }

    /// <summary>A day of the month, resolved to the next occurrence on or after today.</summary>
    public static DateSpec? DayOfMonth(int day, DateOnly today) =>
        day is >= 1 and <= 31 && Calendars.NextDayOnOrAfter(day, today) is { } next ? new(DateKind.DayOnly, next, Day: day) : null;

    /// <summary>The latest day this open spec can be that is not after <paramref name="anchor"/>.</summary>
    public DateOnly? LatestOnOrBefore(DateOnly anchor) => Kind switch
    {
        DateKind.DayMonth => Calendars.LatestOnOrBefore(Day, Month, anchor),
        DateKind.DayOnly or DateKind.PartialDay => Calendars.LatestDayOnOrBefore(Day, anchor),
        _ => Date,
    };

    /// <summary>The earliest day this open spec can be that is not before <paramref name="anchor"/>.</summary>
    public DateOnly? EarliestOnOrAfter(DateOnly anchor) => Kind switch
    {
        DateKind.DayMonth => Calendars.NextOnOrAfter(Day, Month, anchor),
        DateKind.DayOnly or DateKind.PartialDay => Calendars.NextDayOnOrAfter(Day, anchor),
        _ => Date,
    };

    /// <summary>
    /// The inclusive range from <paramref name="start"/> to <paramref name="end"/>, or null when they make none. When the
    /// end is a calendar date that says at least as much as an open start, the end is resolved first and the start put
    /// before it: in "22 Dec to 2 Jan" the end is the next 2 January and the start the latest 22 December before it, so
    /// the end rolls into the next year and a range that has already begun ("20 Nov to 2 Dec" on 27 Nov) stays in this
    /// year. Otherwise the start is resolved first and an open end put after it ("22 Dec 2026 to 2 Jan", "Dec 22-24"); a
    /// weekday end rolls by weeks ("Friday to Monday"). A bare day number needs a day of the month at the other end
    /// ("22-24 Dec"); weeks and months don't combine.
    /// </summary>
    public static (DateOnly Start, DateOnly End)? Range(DateSpec start, DateSpec end)
    {
        if (start.Kind == DateKind.Period || end.Kind == DateKind.Period
            || (start.Kind == DateKind.PartialDay && !end.HasDayOfMonth)
            || (end.Kind == DateKind.PartialDay && !start.HasDayOfMonth))
        {
            return null;
        }

        DateOnly? first, last;
        if (start.IsOpen && end.HasDayOfMonth && (!end.IsOpen || start.Precision <= end.Precision))
        {
            last = end.Date;
            first = start.LatestOnOrBefore(end.Date);
        }
        else
        {
            first = start.Date;
            last = end.IsOpen ? end.EarliestOnOrAfter(start.Date) : end.Date;
            if (end.Kind == DateKind.Weekday && last < first)
            {
                last = last.Value.AddDays(7 * ((first.Value.DayNumber - last.Value.DayNumber + 6) / 7));
            }
        }

        // Placing a yearless end can only stretch a range to a year; longer ones need both years said.
        var bothYearsSaid = start.Kind == DateKind.FullDate && end.Kind == DateKind.FullDate;
        return first is { } s && last is { } e && s <= e && (bothYearsSaid || e.DayNumber - s.DayNumber <= 366) ? (s, e) : null;
    }
}

/// <summary>Calendar arithmetic for dates said without a year or month.</summary>
internal static class Calendars
{
    // 29 February needs up to eight years to come round again.
    private const int YearsToSearch = 8;

    public static DateOnly? NextOnOrAfter(int day, int month, DateOnly from)
    {
        for (var year = from.Year; year <= Math.Min(from.Year + YearsToSearch, 9999); year++)
        {
            if (day <= DateTime.DaysInMonth(year, month) && new DateOnly(year, month, day) is var date && date >= from)
            {
                return date;
            }
        }

        return null;
    }

    public static DateOnly? LatestOnOrBefore(int day, int month, DateOnly anchor)
    {
        for (var year = anchor.Year; year >= Math.Max(anchor.Year - YearsToSearch, 1); year--)
        {
            if (day <= DateTime.DaysInMonth(year, month) && new DateOnly(year, month, day) is var date && date <= anchor)
            {
                return date;
            }
        }

        return null;
    }

    public static DateOnly? NextDayOnOrAfter(int day, DateOnly from)
    {
        var month = new DateOnly(from.Year, from.Month, 1);
        for (var i = 0; i < 12 && month.Year < 9999; i++, month = month.AddMonths(1))
        {
            if (day <= DateTime.DaysInMonth(month.Year, month.Month) && new DateOnly(month.Year, month.Month, day) is var date && date >= from)
            {
                return date;
            }
        }

        return null;
    }

    public static DateOnly? LatestDayOnOrBefore(int day, DateOnly anchor)
    {
        var month = new DateOnly(anchor.Year, anchor.Month, 1);
        for (var i = 0; i < 12 && month.Year > 1; i++, month = month.AddMonths(-1))
        {
            if (day <= DateTime.DaysInMonth(month.Year, month.Month) && new DateOnly(month.Year, month.Month, day) is var date && date <= anchor)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>The Monday of the (ISO, Monday-first) week <paramref name="date"/> is in.</summary>
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
