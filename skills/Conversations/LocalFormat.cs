using System.Globalization;

namespace HelpdeskBot.Skills.Conversations;

/// <summary>
/// Dates and amounts as people write them in each language. Month names are spelled out here rather than taken from
/// <see cref="CultureInfo"/> so replies don't change with the ICU data (or invariant globalization) of the machine.
/// </summary>
internal static class LocalFormat
{
    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] IndonesianMonths =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    /// <summary>"27 November 2026" in English, "27 Desember 2026" in Indonesian.</summary>
    public static string Date(DateOnly date, string language)
    {
        var months = language == Languages.Indonesian ? IndonesianMonths : EnglishMonths;
        return string.Create(CultureInfo.InvariantCulture, $"{date.Day} {months[date.Month - 1]} {date.Year}");
    }

    /// <summary>Rupiah without decimals and with dots between thousands, "Rp 1.250.000", the way both languages' users read prices.</summary>
    public static string Rupiah(decimal amount)
    {
        var rounded = decimal.Round(amount, 0, MidpointRounding.AwayFromZero);
        var digits = decimal.Abs(rounded).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');
        return rounded < 0 ? $"-Rp {digits}" : $"Rp {digits}";
    }
}
