using System.Globalization;
using HelpdeskBot.Skills.Handoff;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Handoff;

/// <summary>Where handed-off conversations go. Section <c>Handoff</c>.</summary>
public enum HandoffMode
{
    /// <summary>The built-in agent console at <c>/agent</c>.</summary>
    Console,

    /// <summary>An external agent hub through the channel: <c>handoff.initiate</c> out, <c>handoff.status</c> in.</summary>
    External,
}

public sealed class HandoffOptions
{
    public const string SectionName = "Handoff";

    public HandoffMode Mode { get; set; } = HandoffMode.Console;

    /// <summary>The time zone business hours are in (IANA id).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>Per queue (<see cref="HandoffQueues"/>): business hours and how long a conversation takes on average.</summary>
    public Dictionary<string, QueueOptions> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long an agent may be disconnected (a page reload, a network blip) before their conversations go back to the queue.</summary>
    public int AgentReconnectGraceSeconds { get; set; } = 30;

    /// <summary>How often the host looks for conversations whose agent has gone.</summary>
    public int SweepIntervalSeconds { get; set; } = 5;

    /// <summary>The options of <paramref name="queue"/>, defaults when not configured.</summary>
    public QueueOptions For(string queue) => Queues.TryGetValue(queue, out var options) ? options : QueueOptions.Default;
}

/// <summary>One queue's hours: open on <see cref="Days"/> from <see cref="Opens"/> to <see cref="Closes"/> (24 h clock).</summary>
public sealed class QueueOptions
{
    public static QueueOptions Default { get; } = new();

    /// <summary>Days open: "Mon-Fri", "Mon-Sat", "Mon,Wed,Fri", "Daily".</summary>
    public string Days { get; set; } = "Daily";

    public string Opens { get; set; } = "00:00";

    /// <summary>"24:00" for midnight at the end of the day.</summary>
    public string Closes { get; set; } = "24:00";

    /// <summary>Average minutes an agent spends on a conversation; the estimated wait is position × this ÷ agents online.</summary>
    public double AverageHandleMinutes { get; set; } = 6;
}

/// <summary>Reads <see cref="QueueOptions"/> hours and answers "open now?" and "when does it open next?".</summary>
internal sealed class BusinessHours
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly bool[] _days = new bool[7];
    private readonly TimeSpan _opens;
    private readonly TimeSpan _closes;
    private readonly TimeZoneInfo _zone;

    public BusinessHours(QueueOptions options, TimeZoneInfo zone)
    {
        _zone = zone;
        _opens = ParseTime(options.Opens, nameof(options.Opens));
        _closes = ParseTime(options.Closes, nameof(options.Closes));
        if (_closes <= _opens)
        {
            throw new OptionsValidationException(nameof(QueueOptions), typeof(QueueOptions), [$"Closes ({options.Closes}) must be after Opens ({options.Opens})."]);
        }

        foreach (var part in options.Days.ToLowerInvariant().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part is "daily" or "every day" or "all")
            {
                Array.Fill(_days, true);
                continue;
            }

            var range = part.Split('-', StringSplitOptions.TrimEntries);
            var from = DayIndex(range[0]);
            var to = range.Length == 2 ? DayIndex(range[1]) : from;
            for (var day = from; ; day = (day + 1) % 7)
            {
                _days[day] = true;
                if (day == to)
                {
                    break;
                }
            }
        }

        if (!_days.Any(open => open))
        {
            throw new OptionsValidationException(nameof(QueueOptions), typeof(QueueOptions), [$"Days '{options.Days}' names no day."]);
        }
    }

    public bool IsOpen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        return _days[(int)local.DayOfWeek] && local.TimeOfDay >= _opens && local.TimeOfDay < _closes;
    }

    /// <summary>The next moment the queue opens after <paramref name="now"/>, in the queue's time zone.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        for (var offset = 0; offset <= 7; offset++)
        {
            var date = local.Date.AddDays(offset);
            if (!_days[(int)date.DayOfWeek])
            {
                continue;
            }

            var opening = date + _opens;
            if (opening > local.DateTime)
            {
                return new DateTimeOffset(opening, _zone.GetUtcOffset(opening));
            }
        }

        throw new InvalidOperationException("A queue open on some day opens within a week.");
    }

    private static int DayIndex(string name)
    {
        var index = Array.IndexOf(DayNames, name.Length >= 3 ? name[..3] : name);
        return index >= 0
            ? index
            : throw new OptionsValidationException(nameof(QueueOptions), typeof(QueueOptions), [$"'{name}' is not a day (Mon, Tue, … Sun)."]);
    }

    private static TimeSpan ParseTime(string value, string name)
    {
        if (value == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        return TimeSpan.TryParseExact(value, @"hh\:mm", CultureInfo.InvariantCulture, out var time)
            ? time
            : throw new OptionsValidationException(nameof(QueueOptions), typeof(QueueOptions), [$"{name} '{value}' is not a time like 08:00."]);
    }
}

/// <summary>Checks the handoff options at start: a typo in a queue's hours should stop the host, not a customer's handoff.</summary>
internal sealed class HandoffOptionsValidator : IValidateOptions<HandoffOptions>
{
    public ValidateOptionsResult Validate(string? name, HandoffOptions options)
    {
        var errors = new List<string>();
        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors.Add($"Handoff:TimeZone '{options.TimeZone}' is not a known time zone.");
        }

        foreach (var (queue, queueOptions) in options.Queues)
        {
            if (HandoffQueues.Normalize(queue) is null)
            {
                errors.Add($"Handoff:Queues:{queue} is not a queue; the queues are {string.Join(", ", HandoffQueues.All)}.");
            }

            if (queueOptions.AverageHandleMinutes is <= 0 or > 24 * 60)
            {
                errors.Add($"Handoff:Queues:{queue}:AverageHandleMinutes must be between 0 and 1440.");
            }

            try
            {
                _ = new BusinessHours(queueOptions, zone ?? TimeZoneInfo.Utc);
            }
            catch (OptionsValidationException ex)
            {
                errors.AddRange(ex.Failures.Select(f => $"Handoff:Queues:{queue}: {f}"));
            }
        }

        if (options.AgentReconnectGraceSeconds is < 0 or > 3600)
        {
            errors.Add("Handoff:AgentReconnectGraceSeconds must be between 0 and 3600.");
        }

        if (options.SweepIntervalSeconds is < 1 or > 3600)
        {
            errors.Add("Handoff:SweepIntervalSeconds must be between 1 and 3600.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
