using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

/// <summary>Date ranges, asked on Friday 27 November 2026 in Jakarta.</summary>
public sealed class DateRangeRecognitionTests
{
    [Theory]
    [InlineData("leave from 22 Dec to 2 Jan", "2026-12-22/2027-01-02", "from 22 Dec to 2 Jan")]
    [InlineData("from 22 to 24 December", "2026-12-22/2026-12-24", "from 22 to 24 December")]
    [InlineData("22-24 Dec", "2026-12-22/2026-12-24", "22-24 Dec")]
    [InlineData("Dec 22-24", "2026-12-22/2026-12-24", "Dec 22-24")]
    [InlineData("between 22 and 24 December", "2026-12-22/2026-12-24", "between 22 and 24 December")]
    [InlineData("5 to 9 August", "2027-08-05/2027-08-09", "5 to 9 August")]
    [InlineData("from the 22nd to the 24th", "2026-12-22/2026-12-24", "from the 22nd to the 24th")]
    [InlineData("22/12/2026 - 02/01/2027", "2026-12-22/2027-01-02", "22/12/2026 - 02/01/2027")]
    [InlineData("22 Dec 2026 until 2 Jan", "2026-12-22/2027-01-02", "22 Dec 2026 until 2 Jan")]
    [InlineData("Friday to Monday", "2026-11-27/2026-11-30", "Friday to Monday")]
    [InlineData("next week", "2026-11-30/2026-12-06", "next week")]
    [InlineData("this week", "2026-11-23/2026-11-29", "this week")]
    [InlineData("next month", "2026-12-01/2026-12-31", "next month")]
    public void English_ranges_become_iso_intervals(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.DateRange);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("cuti 22 Desember s/d 2 Januari", "2026-12-22/2027-01-02", "22 Desember s/d 2 Januari")]
    [InlineData("22 sampai 24 Desember", "2026-12-22/2026-12-24", "22 sampai 24 Desember")]
    [InlineData("dari tanggal 22 sampai 2 Januari", "2026-12-22/2027-01-02", "dari tanggal 22 sampai 2 Januari")]
    [InlineData("tanggal 22-24 Desember", "2026-12-22/2026-12-24", "tanggal 22-24 Desember")]
    [InlineData("besok sampai Senin", "2026-11-28/2026-11-30", "besok sampai Senin")]
    [InlineData("antara 1 dan 3 Desember", "2026-12-01/2026-12-03", "antara 1 dan 3 Desember")]
    [InlineData("cuti Senin sampai Rabu minggu depan", "2026-11-30/2026-12-02", "Senin sampai Rabu minggu depan")]
    [InlineData("Senin 7 Desember sampai Rabu 9 Desember", "2026-12-07/2026-12-09", "Senin 7 Desember sampai Rabu 9 Desember")]
    [InlineData("minggu depan", "2026-11-30/2026-12-06", "minggu depan")]
    [InlineData("pekan depan", "2026-11-30/2026-12-06", "pekan depan")]
    [InlineData("bulan depan", "2026-12-01/2026-12-31", "bulan depan")]
    [InlineData("bulan ini", "2026-11-01/2026-11-30", "bulan ini")]
    public void Indonesian_ranges_become_iso_intervals(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.DateRange);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Fact]
    public void An_end_before_the_start_rolls_into_the_next_year()
    {
        Assert.Equal("2026-12-22/2027-01-02", Recognizers.Friday.Single("22 Dec to 2 Jan", EntityTypes.DateRange).Value);
    }

    [Fact]
    public void A_range_that_has_already_begun_stays_in_this_year()
    {
        Assert.Equal("2026-11-20/2026-12-02", Recognizers.Friday.Single("20 Nov to 2 Dec", EntityTypes.DateRange).Value);
    }

    [Fact]
    public void A_weekday_end_before_the_start_rolls_a_week()
    {
        var saturday = Recognizers.At(Recognizers.SaturdayNightInJakartaFridayInUtc);

        Assert.Equal("2026-12-04/2026-12-07", saturday.Single("Friday to Monday", EntityTypes.DateRange).Value);
    }

    [Fact]
    public void A_weekday_end_is_the_first_such_day_after_a_calendar_start()
    {
        Assert.Equal("2026-12-22/2026-12-25", Recognizers.Friday.Single("22 Dec to Friday", EntityTypes.DateRange).Value);
    }

    [Fact]
    public void Next_week_starts_on_the_monday_after_the_jakarta_date()
    {
        var saturday = Recognizers.At(Recognizers.SaturdayNightInJakartaFridayInUtc);

        Assert.Equal("2026-11-30/2026-12-06", saturday.Single("next week", EntityTypes.DateRange).Value);
    }

    [Theory]
    [InlineData("today and tomorrow")]
    [InlineData("from 10 to 12")]
    [InlineData("22 Dec 2026 to 2 Jan 2026")]
    [InlineData("Rp 50.000 - Rp 100.000")]
    public void Dates_that_are_not_joined_into_a_range_stay_apart(string text)
    {
        Assert.DoesNotContain(Recognizers.Friday.Recognize(text), m => m.Type == EntityTypes.DateRange);
    }

    [Fact]
    public void A_range_is_one_match_not_two_dates()
    {
        var match = Assert.Single(Recognizers.Friday.Recognize("cuti 22 Desember s/d 2 Januari ya"));

        Assert.Equal(EntityTypes.DateRange, match.Type);
    }
}
