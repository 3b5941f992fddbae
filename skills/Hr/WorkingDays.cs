namespace HelpdeskBot.Skills.Hr;

/// <summary>Counts the working days a leave costs: Monday to Friday, except public holidays.</summary>
public static class WorkingDays
{
    /// <summary>Working days from <paramref name="start"/> to <paramref name="end"/>, both included.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static int Count(DateOnly start, DateOnly end, IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);

        var closed = holidays as IReadOnlySet<DateOnly> ?? holidays.ToHashSet();
        var count = 0;
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            if (IsWorkingDay(day, closed))
            {
                count++;
            }
        }

        return count;
    }

    public static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly> holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);
}
