using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

/// <summary>Single dates, asked on Friday 27 November 2026 in Jakarta unless a test says otherwise.</summary>
public sealed class DateRecognitionTests
{
    [Theory]
    [InlineData("today", "2026-11-27", "today")]
    [InlineData("can it arrive tomorrow?", "2026-11-28", "tomorrow")]
    [InlineData("I ordered yesterday", "2026-11-26", "yesterday")]
    [InlineData("the day after tomorrow", "2026-11-29", "the day after tomorrow")]
    [InlineData("Friday", "2026-11-27", "Friday")]
    [InlineData("this Friday", "2026-11-27", "this Friday")]
    [InlineData("next Friday", "2026-12-04", "next Friday")]
    [InlineData("last Friday", "2026-11-20", "last Friday")]
    [InlineData("deliver it on Monday", "2026-11-30", "Monday")]
    [InlineData("next Wednesday", "2026-12-02", "next Wednesday")]
    [InlineData("Wednesday next week", "2026-12-02", "Wednesday next week")]
    [InlineData("22 Dec", "2026-12-22", "22 Dec")]
    [InlineData("Dec 22", "2026-12-22", "Dec 22")]
    [InlineData("on 22 December 2026", "2026-12-22", "22 December 2026")]
    [InlineData("December 22nd, 2026", "2026-12-22", "December 22nd, 2026")]
    [InlineData("the 22nd of December", "2026-12-22", "22nd of December")]
    [InlineData("22/12/2026", "2026-12-22", "22/12/2026")]
    [InlineData("22-12-26", "2026-12-22", "22-12-26")]
    [InlineData("2026-12-22", "2026-12-22", "2026-12-22")]
    [InlineData("on the 22nd", "2026-12-22", "the 22nd")]
    [InlineData("in 3 days", "2026-11-30", "in 3 days")]
    [InlineData("within a week", "2026-12-04", "within a week")]
    [InlineData("3 days ago", "2026-11-24", "3 days ago")]
    [InlineData("shipped on May 5", "2027-05-05", "May 5")]
    [InlineData("deadline Friday 4 Dec", "2026-12-04", "Friday 4 Dec")]
    [InlineData("Fri, 4 Dec 2026", "2026-12-04", "Fri, 4 Dec 2026")]
    public void English_dates_resolve_against_the_clock(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.Date);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("hari ini", "2026-11-27", "hari ini")]
    [InlineData("bisa dikirim besok?", "2026-11-28", "besok")]
    [InlineData("lusa", "2026-11-29", "lusa")]
    [InlineData("saya pesan kemarin", "2026-11-26", "kemarin")]
    [InlineData("Jumat depan", "2026-12-04", "Jumat depan")]
    [InlineData("hari Jumat", "2026-11-27", "hari Jumat")]
    [InlineData("kirim hari Senin", "2026-11-30", "hari Senin")]
    [InlineData("hari Minggu", "2026-11-29", "hari Minggu")]
    [InlineData("Jum'at lalu", "2026-11-20", "Jum'at lalu")]
    [InlineData("Rabu minggu depan", "2026-12-02", "Rabu minggu depan")]
    [InlineData("tanggal 22", "2026-12-22", "tanggal 22")]
    [InlineData("tanggal 27", "2026-11-27", "tanggal 27")]
    [InlineData("22 Desember", "2026-12-22", "22 Desember")]
    [InlineData("22 Des 2026", "2026-12-22", "22 Des 2026")]
    [InlineData("tanggal 5 Januari", "2027-01-05", "tanggal 5 Januari")]
    [InlineData("tgl 5/1", "2027-01-05", "tgl 5/1")]
    [InlineData("3 hari lagi", "2026-11-30", "3 hari lagi")]
    [InlineData("dalam 2 minggu", "2026-12-11", "dalam 2 minggu")]
    [InlineData("seminggu lagi", "2026-12-04", "seminggu lagi")]
    [InlineData("Jumat, 04/12/2026", "2026-12-04", "Jumat, 04/12/2026")]
    public void Indonesian_dates_resolve_against_the_clock(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.Date);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("22 Dec", "2026-12-22")]
    [InlineData("2 Jan", "2027-01-02")]
    [InlineData("27 Nov", "2026-11-27")]
    [InlineData("26 Nov", "2027-11-26")]
    [InlineData("29 Feb", "2028-02-29")]
    [InlineData("tanggal 26", "2026-12-26")]
    [InlineData("tanggal 31", "2026-12-31")]
    public void A_date_without_a_year_is_its_next_occurrence_on_or_after_today(string text, string value)
    {
        Assert.Equal(value, Recognizers.Friday.Single(text, EntityTypes.Date).Value);
    }

    [Theory]
    [InlineData("02/01/2027", "2027-01-02")]
    [InlineData("12/01/2027", "2027-01-12")]
    [InlineData("13/01/2027", "2027-01-13")]
    [InlineData("22.12.2026", "2026-12-22")]
    public void Numeric_dates_are_day_first(string text, string value)
    {
        Assert.Equal(value, Recognizers.Friday.Single(text, EntityTypes.Date).Value);
    }

    [Theory]
    [InlineData("today", "2026-11-28")]
    [InlineData("hari ini", "2026-11-28")]
    [InlineData("tomorrow", "2026-11-29")]
    [InlineData("kemarin", "2026-11-27")]
    [InlineData("Friday", "2026-12-04")]
    [InlineData("hari Sabtu", "2026-11-28")]
    [InlineData("28 Nov", "2026-11-28")]
    public void Dates_resolve_in_the_configured_time_zone_not_in_utc(string text, string value)
    {
        var recognizer = Recognizers.At(Recognizers.SaturdayNightInJakartaFridayInUtc);

        Assert.Equal(value, recognizer.Single(text, EntityTypes.Date).Value);
    }

    [Fact]
    public void Another_configured_time_zone_changes_what_today_is()
    {
        var recognizer = Recognizers.At(Recognizers.SaturdayNightInJakartaFridayInUtc, "Etc/UTC");

        Assert.Equal("2026-11-27", recognizer.Single("today", EntityTypes.Date).Value);
    }

    [Theory]
    [InlineData("2026")]
    [InlineData("back in 2026")]
    [InlineData("tahun 2026")]
    [InlineData("December 2026")]
    [InlineData("Rp 22.500")]
    [InlineData("harga 12.12")]
    [InlineData("$12.25")]
    [InlineData("support 24/7")]
    [InlineData("1/2 kg")]
    [InlineData("jam 10:30")]
    [InlineData("31 Feb")]
    [InlineData("32/12/2026")]
    [InlineData("2026-13-01")]
    [InlineData("22")]
    [InlineData("2 miliar")]
    [InlineData("order 100123")]
    [InlineData("0812-3456-7890")]
    [InlineData("I may 5 times have asked")]
    [InlineData("delivered 3/12")]
    [InlineData("my payslip for May")]
    public void Years_prices_times_numbers_and_impossible_days_are_not_dates(string text)
    {
        Assert.DoesNotContain(Recognizers.Friday.Recognize(text), m => m.Type == EntityTypes.Date);
    }
}
