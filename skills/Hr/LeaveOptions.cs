namespace HelpdeskBot.Skills.Hr;

/// <summary>
/// Leave settings, bound from "Skills:Leave". The public holidays (national holidays and cuti bersama) are not working
/// days, so a leave request over them costs no leave; the defaults in the bot's appsettings.json follow the SKB 3 Menteri lists.
/// </summary>
public sealed class LeaveOptions
{
    public const string SectionName = "Skills:Leave";

    /// <summary>Dates that are not working days besides Saturdays and Sundays.</summary>
    public List<DateOnly> PublicHolidays { get; set; } = [];
}
