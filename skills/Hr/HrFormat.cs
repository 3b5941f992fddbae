using System.Globalization;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Hr;

/// <summary>Leave types, day counts, date ranges and pay periods as the HR replies say them.</summary>
internal static class HrFormat
{
    public static string TypeName(LeaveType type, string language) => TypePhrase(type).In(language);

    public static Phrase TypePhrase(LeaveType type) => type switch
    {
        LeaveType.Annual => HrPhrases.AnnualLeave,
        LeaveType.Sick => HrPhrases.SickLeave,
        LeaveType.Unpaid => HrPhrases.UnpaidLeave,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown leave type."),
    };

    /// <summary>"7", "2.5" in English, "2,5" in Indonesian.</summary>
    public static string Number(decimal value, string language)
    {
        var text = value.ToString("0.##", CultureInfo.InvariantCulture);
        return language == Languages.Indonesian ? text.Replace('.', ',') : text;
    }

    /// <summary>"1 day", "3 days", "3 hari".</summary>
    public static string Days(decimal days, string language) =>
        days == 1m ? HrPhrases.OneDay.In(language) : HrPhrases.ManyDays.Format(language, ("count", Number(days, language)));

    /// <summary>"1 working day", "3 working days", "3 hari kerja".</summary>
    public static string WorkingDays(decimal days, string language) =>
        days == 1m ? HrPhrases.OneWorkingDay.In(language) : HrPhrases.ManyWorkingDays.Format(language, ("count", Number(days, language)));

    /// <summary>"22 December 2026", "22–24 December 2026", "30 November – 2 December 2026", "22 December 2026 – 2 January 2027".</summary>
    public static string DateRange(DateOnly start, DateOnly end, string language)
    {
        if (start == end)
        {
            return LocalFormat.Date(start, language);
        }

        var endText = LocalFormat.Date(end, language);
        if (start.Year != end.Year)
        {
            return $"{LocalFormat.Date(start, language)} – {endText}";
        }

        if (start.Month == end.Month)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{start.Day}–{endText}");
        }

        var startText = LocalFormat.Date(start, language);
        return $"{startText[..startText.LastIndexOf(' ')]} – {endText}";
    }

    /// <summary>"November 2026" / "November 2026": the date format without its day.</summary>
    public static string Month(DateOnly period, string language)
    {
        var text = LocalFormat.Date(new DateOnly(period.Year, period.Month, 1), language);
        return text[(text.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>Today in the time zone dates are understood in (Asia/Jakarta unless configured otherwise).</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
}
