using System.Globalization;
using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Connectors.Hr;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Hr;

public enum LeaveRequestStage
{
    AskType,
    AskDates,
    AskEnd,

    /// <summary>Type and dates are valid; the skill looks up the balance in the same turn.</summary>
    CheckBalance,
    Confirm,
}

/// <summary>The leave-request form: type, then dates, then the balance check and a confirmation.</summary>
public sealed record LeaveRequestFormState : FormState
{
    public const string Discriminator = "hr.leave_request";

    public LeaveRequestStage Stage { get; init; }

    public LeaveType? Type { get; init; }

    public DateOnly? Start { get; init; }

    public DateOnly? End { get; init; }

    /// <summary>Working days between <see cref="Start"/> and <see cref="End"/>, once both are valid.</summary>
    public int WorkingDays { get; init; }

    /// <summary>The balance available before this request; null when the HR system keeps no balance for the type.</summary>
    public decimal? AvailableDays { get; init; }

    /// <summary>Unusable answers to the current question.</summary>
    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= LeaveRequestForm.Timeout;
}

public enum LeaveRequestFormAction
{
    /// <summary>Ask for the next missing slot.</summary>
    Ask,

    /// <summary>The answer was unusable; ask again with the reason.</summary>
    Reprompt,

    /// <summary>Look up the balance of <see cref="LeaveRequestFormState.Type"/> and call <see cref="LeaveRequestForm.WithBalance"/>.</summary>
    CheckBalance,

    /// <summary>Ask the user to confirm the request.</summary>
    Confirm,

    /// <summary>The user confirmed: submit <see cref="LeaveRequestFormStep.Request"/>; the form is done.</summary>
    Submit,

    /// <summary>The user said no at the confirmation; nothing was done.</summary>
    Declined,

    /// <summary>Too many unusable answers, or nothing left to request; the form ends.</summary>
    GiveUp,

    Cancelled,

    /// <summary>The form waited too long; the input should be handled as a new request.</summary>
    Expired,
}

/// <param name="Reply">What to say (null for <see cref="LeaveRequestFormAction.CheckBalance"/>, <see cref="LeaveRequestFormAction.Submit"/> and <see cref="LeaveRequestFormAction.Expired"/>).</param>
public sealed record LeaveRequestFormStep(
    LeaveRequestFormAction Action,
    LeaveRequestFormState? State,
    Reply? Reply = null,
    NewLeaveRequest? Request = null);

/// <summary>What the form needs to know about the calendar: today in the bot's time zone and the public holidays.</summary>
public sealed record LeaveCalendar(DateOnly Today, IReadOnlySet<DateOnly> Holidays);

/// <summary>The dates a message names: a range, one date (start only), or nothing.</summary>
public sealed record LeaveDates(DateOnly? Start, DateOnly? End)
{
    public static LeaveDates None { get; } = new(null, null);

    /// <summary>Reads the recogniser's <c>date_range</c> ("2026-12-22/2026-12-24") or <c>date</c> entities; two dates make a range.</summary>
    public static LeaveDates From(IEnumerable<EntityMatch> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var list = entities.ToList();
        if (list.FirstOrDefault(e => e.Type == EntityTypes.DateRange)?.Value.Split('/') is [var from, var to]
            && TryParse(from, out var start) && TryParse(to, out var end))
        {
            return new LeaveDates(start, end);
        }

        var dates = list.Where(e => e.Type == EntityTypes.Date)
            .Select(e => TryParse(e.Value, out var date) ? date : (DateOnly?)null)
            .OfType<DateOnly>()
            .ToList();
        return dates switch
        {
            [] => None,
            [var only] => new LeaveDates(only, null),
            [var first, var second, ..] => new LeaveDates(first, second),
        };
    }

    private static bool TryParse(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>
/// Asks for the leave type and dates one at a time, checks the dates (order, not in the past, at most a year ahead, at
/// least one working day), then hands over to the balance check and asks for confirmation. Pure: the skill passes the
/// recognised dates, the calendar and the balance in.
/// </summary>
public static class LeaveRequestForm
{
    public const int MaxFailedAttempts = 3;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    public static LeaveRequestFormStep Begin(string utterance, LeaveDates dates, LeaveCalendar calendar, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        return BeginWith(ParseType(utterance), dates, calendar, language, now);
    }

    /// <summary>Starts the form with what is already known (from the message, or from a kernel function's arguments).</summary>
    public static LeaveRequestFormStep BeginWith(LeaveType? type, LeaveDates dates, LeaveCalendar calendar, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(calendar);
        var state = new LeaveRequestFormState { LastActivityAt = now, Type = type, Start = dates.Start, End = dates.End };
        return Advance(state, calendar, language, null);
    }

    public static LeaveRequestFormStep NextTurn(
        LeaveRequestFormState state, string input, LeaveDates dates, LeaveCalendar calendar, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(calendar);

        if (state.IsExpiredAt(now))
        {
            return new LeaveRequestFormStep(LeaveRequestFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new LeaveRequestFormStep(LeaveRequestFormAction.Cancelled, null, new Reply(DialogPhrases.Cancelled.In(language)));
        }

        state = state with { LastActivityAt = now };
        switch (state.Stage)
        {
            case LeaveRequestStage.AskType:
                if (ParseType(input) is not { } type)
                {
                    return Fail(state, HrPhrases.UnknownType.In(language), language);
                }

                // "sick leave tomorrow" answers the type and the dates at once.
                state = state with { Type = type, FailedAttempts = 0 };
                if (dates.Start is not null)
                {
                    state = state with { Start = dates.Start, End = dates.End };
                }

                return Advance(state, calendar, language, null);

            case LeaveRequestStage.AskDates:
                return dates.Start is null
                    ? Fail(state, HrPhrases.NoDate.In(language), language)
                    : Advance(state with { Start = dates.Start, End = dates.End }, calendar, language, null);

            case LeaveRequestStage.AskEnd:
                if (IsJustThatDay(input))
                {
                    return Advance(state with { End = state.Start }, calendar, language, null);
                }

                return dates switch
                {
                    { Start: { } start, End: { } end } => Advance(state with { Start = start, End = end }, calendar, language, null),
                    { Start: { } single } => Advance(state with { End = single }, calendar, language, null),
                    _ => Fail(state, HrPhrases.NoDate.In(language), language),
                };

            case LeaveRequestStage.Confirm:
                switch (Confirmation.Parse(input))
                {
                    case ConfirmationAnswer.Yes:
                        return new LeaveRequestFormStep(
                            LeaveRequestFormAction.Submit,
                            null,
                            Request: new NewLeaveRequest(state.Type!.Value, state.Start!.Value, state.End!.Value, state.WorkingDays));
                    case ConfirmationAnswer.No:
                        return new LeaveRequestFormStep(LeaveRequestFormAction.Declined, null, new Reply(HrPhrases.Declined.In(language)));
                    default:
                        return Fail(state, null, language);
                }

            default:
                return Advance(state, calendar, language, null);
        }
    }

    /// <summary>
    /// A submitted card: every slot it carries at once (a blank one keeps what the form had), then the same checks and the
    /// same next step as typed answers — a missing slot is asked for, bad dates are refused with the reason.
    /// </summary>
    public static LeaveRequestFormStep FromCard(
        LeaveRequestFormState state, LeaveType? type, DateOnly? start, DateOnly? end, LeaveCalendar calendar, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(calendar);
        if (state.IsExpiredAt(now))
        {
            return new LeaveRequestFormStep(LeaveRequestFormAction.Expired, null);
        }

        state = state with
        {
            LastActivityAt = now,
            Type = type ?? state.Type,
            Start = start ?? state.Start,
            End = end ?? (start is null ? state.End : null),
        };
        return Advance(state, calendar, language, null);
    }

    /// <summary>The balance of the requested type (null when the HR system keeps none for it): confirm, or ask for other dates.</summary>
    public static LeaveRequestFormStep WithBalance(LeaveRequestFormState state, LeaveBalanceInfo? balance, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not { Stage: LeaveRequestStage.CheckBalance, Type: { } type, Start: not null, End: not null })
        {
            throw new InvalidOperationException("The leave form is not waiting for a balance.");
        }

        state = state with { LastActivityAt = now };
        var available = balance?.AvailableDays;

        // Sick leave is never refused for balance (the HR system's rule); its balance is still shown.
        var enforced = type == LeaveType.Sick ? null : available;
        if (enforced is { } left && left <= 0)
        {
            var text = HrPhrases.NothingLeft.Format(
                language,
                ("type", HrFormat.TypeName(type, language).ToLowerInvariant()),
                ("year", balance!.Year.ToString(CultureInfo.InvariantCulture)),
                ("available", HrFormat.Days(left, language)));
            return new LeaveRequestFormStep(LeaveRequestFormAction.GiveUp, null, new Reply(text, IntentActions.HelpOrAgent(language)));
        }

        if (enforced is { } enough && state.WorkingDays > enough)
        {
            var reason = HrPhrases.OverBalance.Format(
                language,
                ("requested", HrFormat.WorkingDays(state.WorkingDays, language)),
                ("available", HrFormat.Days(enough, language)),
                ("type", HrFormat.TypeName(type, language).ToLowerInvariant()));
            return Fail(state with { Stage = LeaveRequestStage.AskDates, Start = null, End = null }, reason, language);
        }

        var confirming = state with { Stage = LeaveRequestStage.Confirm, AvailableDays = type == LeaveType.Sick && available < state.WorkingDays ? null : available, FailedAttempts = 0 };
        return new LeaveRequestFormStep(
            LeaveRequestFormAction.Confirm,
            confirming,
            new Reply(Question(confirming, language), Confirmation.Buttons(language)));
    }

    /// <summary>The form's pending question, as asked (also the reminder after an interruption).</summary>
    public static string Question(LeaveRequestFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            LeaveRequestStage.AskType => HrPhrases.AskType.In(language),
            LeaveRequestStage.AskEnd when state.Start is { } start => HrPhrases.AskEnd.Format(language, ("start", LocalFormat.Date(start, language))),
            LeaveRequestStage.Confirm => ConfirmText(state, language),
            _ => HrPhrases.AskDates.In(language),
        };
    }

    /// <summary>The buttons that go with <see cref="Question"/>.</summary>
    public static IReadOnlyList<SuggestedAction> Buttons(LeaveRequestFormState state, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Stage switch
        {
            LeaveRequestStage.AskType =>
                [.. Enum.GetValues<LeaveType>().Select(type => HrFormat.TypeName(type, language)).Select(title => new SuggestedAction(title, title))],
            LeaveRequestStage.AskEnd => [new SuggestedAction(HrPhrases.JustThatDay.In(language), HrPhrases.JustThatDay.In(language))],
            LeaveRequestStage.Confirm => Confirmation.Buttons(language),
            _ => [],
        };
    }

    /// <summary>Whether <paramref name="input"/> answers the pending question (for the engine's interruption check).</summary>
    /// <remarks>
    /// With <paramref name="today"/>, dates starting in the past (which the form refuses anyway) are no answer to take for granted: a question such as
    /// "gajian bulan ini tanggal berapa?" mentions a date, and is answered as the request it is (the form waits). When the
    /// message is no other request, the form still gets it and says the date has passed.
    /// </remarks>
    public static bool Accepts(LeaveRequestFormState state, string input, LeaveDates dates, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(dates);
        var upcoming = dates.Start is not null && (today is null || dates.Start >= today);
        return state.Stage switch
        {
            LeaveRequestStage.AskType => ParseType(input) is not null,
            LeaveRequestStage.AskDates => upcoming,
            LeaveRequestStage.AskEnd => upcoming || IsJustThatDay(input),
            LeaveRequestStage.Confirm => Confirmation.Parse(input) != ConfirmationAnswer.Unclear,
            _ => false,
        };
    }

    /// <summary>The leave type a message names: "annual"/"tahunan", "sick"/"sakit", "unpaid"/"tanpa gaji"; null when it names none.</summary>
    public static LeaveType? ParseType(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = $" {Interruptions.Normalize(text)} ";
        if (ContainsAny(words, "unpaid", "tanpa gaji", "tidak dibayar", "di luar tanggungan", "luar tanggungan"))
        {
            return LeaveType.Unpaid;
        }

        if (ContainsAny(words, "sick", "ill", "sakit"))
        {
            return LeaveType.Sick;
        }

        return ContainsAny(words, "annual", "tahunan", "vacation", "liburan") ? LeaveType.Annual : null;
    }

    /// <summary>Why the dates can't be requested, or null when they can.</summary>
    internal static string? Problem(DateOnly start, DateOnly end, LeaveCalendar calendar, string language)
    {
        var limit = calendar.Today.AddYears(1);
        if (end < start)
        {
            return HrPhrases.EndBeforeStart.Format(language, ("start", LocalFormat.Date(start, language)), ("end", LocalFormat.Date(end, language)));
        }

        if (start < calendar.Today)
        {
            return HrPhrases.InThePast.Format(language, ("date", LocalFormat.Date(start, language)));
        }

        if (end > limit)
        {
            return HrPhrases.TooFarAhead.Format(language, ("date", LocalFormat.Date(end, language)), ("limit", LocalFormat.Date(limit, language)));
        }

        // Balances are per calendar year and the HR system takes one year per request.
        if (start.Year != end.Year)
        {
            return HrPhrases.CrossesYear.Format(
                language,
                ("year", start.Year.ToString(CultureInfo.InvariantCulture)),
                ("next", end.Year.ToString(CultureInfo.InvariantCulture)));
        }

        return CountWorkingDays(start, end, calendar) == 0
            ? HrPhrases.NoWorkingDays.Format(language, ("dates", HrFormat.DateRange(start, end, language)))
            : null;
    }

    private static int CountWorkingDays(DateOnly start, DateOnly end, LeaveCalendar calendar) => WorkingDays.Count(start, end, calendar.Holidays);

    /// <summary>Asks for whatever is missing next, or validates the dates and hands over to the balance check.</summary>
    private static LeaveRequestFormStep Advance(LeaveRequestFormState state, LeaveCalendar calendar, string language, string? reason)
    {
        if (state.Type is null)
        {
            return AskFor(state with { Stage = LeaveRequestStage.AskType }, language, reason);
        }

        if (state.Start is not { } start)
        {
            return AskFor(state with { Stage = LeaveRequestStage.AskDates, End = null }, language, reason);
        }

        if (state.End is not { } end)
        {
            return AskFor(state with { Stage = LeaveRequestStage.AskEnd }, language, reason);
        }

        if (Problem(start, end, calendar, language) is { } problem)
        {
            // A wrong end date keeps the start; any other problem is about the dates as a whole.
            var retry = end < start
                ? state with { Stage = LeaveRequestStage.AskEnd, End = null }
                : state with { Stage = LeaveRequestStage.AskDates, Start = null, End = null };
            return Fail(retry, problem, language);
        }

        return new LeaveRequestFormStep(
            LeaveRequestFormAction.CheckBalance,
            state with { Stage = LeaveRequestStage.CheckBalance, WorkingDays = CountWorkingDays(start, end, calendar), FailedAttempts = 0 });
    }

    private static LeaveRequestFormStep AskFor(LeaveRequestFormState state, string language, string? reason)
    {
        var question = Question(state, language);
        return new LeaveRequestFormStep(
            reason is null ? LeaveRequestFormAction.Ask : LeaveRequestFormAction.Reprompt,
            state,
            new Reply(reason is null ? question : $"{reason} {question}", Buttons(state, language)));
    }

    /// <summary>An unusable answer: say why and ask again, or give up after the third.</summary>
    private static LeaveRequestFormStep Fail(LeaveRequestFormState state, string? reason, string language)
    {
        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= MaxFailedAttempts)
        {
            var text = reason is null ? HrPhrases.GiveUp.In(language) : $"{reason} {HrPhrases.GiveUp.In(language)}";
            return new LeaveRequestFormStep(LeaveRequestFormAction.GiveUp, null, new Reply(text, IntentActions.HelpOrAgent(language)));
        }

        state = state with { FailedAttempts = failedAttempts };
        var question = state.Stage == LeaveRequestStage.Confirm ? HrPhrases.ConfirmReprompt.In(language) : Question(state, language);
        return new LeaveRequestFormStep(
            LeaveRequestFormAction.Reprompt,
            state,
            new Reply(reason is null ? question : $"{reason} {question}", Buttons(state, language)));
    }

    private static string ConfirmText(LeaveRequestFormState state, string language)
    {
        var type = HrFormat.TypeName(state.Type!.Value, language);
        var dates = HrFormat.DateRange(state.Start!.Value, state.End!.Value, language);
        var days = HrFormat.WorkingDays(state.WorkingDays, language);
        return state.AvailableDays is { } available
            ? HrPhrases.Confirm.Format(language, ("type", type), ("dates", dates), ("days", days), ("left", HrFormat.Days(available - state.WorkingDays, language)))
            : HrPhrases.ConfirmWithoutBalance.Format(language, ("type", type), ("dates", dates), ("days", days));
    }

    private static bool IsJustThatDay(string input)
    {
        var normalized = Interruptions.Normalize(input);
        return normalized is "just that day" or "that day" or "same day" or "one day" or "only that day" or "hanya hari itu" or "hari itu saja"
            or "hari itu" or "sehari" or "satu hari" or "sehari saja" or "hari yang sama";
    }

    private static bool ContainsAny(string paddedWords, params ReadOnlySpan<string> keywords)
    {
        foreach (var keyword in keywords)
        {
            if (paddedWords.Contains($" {keyword} ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
