using System.Globalization;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Handoff;

/// <summary>When a queue opens again, as people say it: "Monday 30 November 2026, 08:00" / "Senin, 30 November 2026 pukul 08.00".</summary>
internal static class HandoffFormat
{
    private static readonly string[] EnglishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] IndonesianDays = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

    /// <summary><paramref name="opening"/> in its own offset (the queue's time zone), with the day named.</summary>
    public static string Opening(DateTimeOffset opening, string language)
    {
        var date = LocalFormat.Date(DateOnly.FromDateTime(opening.DateTime), language);
        var day = (language == Languages.Indonesian ? IndonesianDays : EnglishDays)[(int)opening.DayOfWeek];
        return language == Languages.Indonesian
            ? string.Create(CultureInfo.InvariantCulture, $"{day}, {date} pukul {opening:HH.mm}")
            : string.Create(CultureInfo.InvariantCulture, $"{day} {date}, {opening:HH:mm}");
    }
}
