using HelpdeskBot.Skills.Hr;

namespace HelpdeskBot.Skills.Tests.Hr;

public sealed class WorkingDaysTests
{
    private static readonly DateOnly[] None = [];

    [Theory]
    [InlineData("2026-12-07", "2026-12-11", 5)] // Monday to Friday
    [InlineData("2026-12-07", "2026-12-07", 1)] // one Monday
    [InlineData("2026-12-05", "2026-12-06", 0)] // a weekend
    [InlineData("2026-12-04", "2026-12-07", 2)] // Friday over the weekend to Monday
    [InlineData("2026-12-01", "2026-12-31", 23)]
    public void Weekends_do_not_count(string start, string end, int expected)
    {
        Assert.Equal(expected, WorkingDays.Count(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), None));
    }

    [Fact]
    public void Public_holidays_do_not_count()
    {
        DateOnly[] holidays = [new(2026, 12, 24), new(2026, 12, 25)];

        // 21–25 December 2026 is Monday to Friday; Christmas Eve (cuti bersama) and Christmas are holidays.
        Assert.Equal(3, WorkingDays.Count(new(2026, 12, 21), new(2026, 12, 25), holidays));
    }

    [Fact]
    public void A_holiday_on_a_weekend_is_not_subtracted_twice()
    {
        DateOnly[] holidays = [new(2026, 3, 21), new(2026, 3, 22)]; // Idul Fitri 1447 H fell on a Saturday and Sunday

        // 16–22 March 2026: five weekdays, one of them (the 18th, cuti bersama Nyepi) a holiday.
        Assert.Equal(4, WorkingDays.Count(new(2026, 3, 16), new(2026, 3, 22), [.. holidays, new(2026, 3, 18)]));
    }

    [Fact]
    public void A_range_across_the_year_end_counts_both_years_and_their_holidays()
    {
        DateOnly[] holidays = [new(2026, 12, 24), new(2026, 12, 25), new(2027, 1, 1)];

        // 22 December 2026 (Tuesday) to 5 January 2027 (Tuesday): 11 weekdays, 3 of them holidays.
        Assert.Equal(8, WorkingDays.Count(new(2026, 12, 22), new(2027, 1, 5), holidays));
    }

    [Fact]
    public void A_range_of_only_holidays_and_weekends_has_no_working_days()
    {
        Assert.Equal(0, WorkingDays.Count(new(2026, 12, 24), new(2026, 12, 27), [new(2026, 12, 24), new(2026, 12, 25)]));
    }

    [Fact]
    public void End_before_start_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingDays.Count(new(2026, 12, 10), new(2026, 12, 9), None));
    }
}
