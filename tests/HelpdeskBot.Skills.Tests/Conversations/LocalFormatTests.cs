using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Conversations;

public sealed class LocalFormatTests
{
    [Theory]
    [InlineData(1, "Januari")]
    [InlineData(2, "Februari")]
    [InlineData(3, "Maret")]
    [InlineData(4, "April")]
    [InlineData(5, "Mei")]
    [InlineData(6, "Juni")]
    [InlineData(7, "Juli")]
    [InlineData(8, "Agustus")]
    [InlineData(9, "September")]
    [InlineData(10, "Oktober")]
    [InlineData(11, "November")]
    [InlineData(12, "Desember")]
    public void Indonesian_dates_use_Indonesian_month_names(int month, string name)
    {
        Assert.Equal($"7 {name} 2026", LocalFormat.Date(new DateOnly(2026, month, 7), "id"));
    }

    [Theory]
    [InlineData(2026, 11, 27, "en", "27 November 2026")]
    [InlineData(2026, 11, 27, "id", "27 November 2026")]
    [InlineData(2026, 12, 2, "en", "2 December 2026")]
    [InlineData(2026, 12, 2, "id", "2 Desember 2026")]
    [InlineData(2027, 5, 1, "en", "1 May 2027")]
    [InlineData(2027, 5, 1, "id", "1 Mei 2027")]
    public void Dates_are_day_month_year_without_leading_zeros(int year, int month, int day, string language, string expected)
    {
        Assert.Equal(expected, LocalFormat.Date(new DateOnly(year, month, day), language));
    }

    [Theory]
    [InlineData("1250000", "Rp 1.250.000")]
    [InlineData("0", "Rp 0")]
    [InlineData("999", "Rp 999")]
    [InlineData("1000", "Rp 1.000")]
    [InlineData("89000.49", "Rp 89.000")]
    [InlineData("89000.5", "Rp 89.001")]
    [InlineData("1234567890", "Rp 1.234.567.890")]
    public void Amounts_are_whole_rupiah_with_dots_between_thousands(string amount, string expected)
    {
        Assert.Equal(expected, LocalFormat.Rupiah(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
