using System.Text.RegularExpressions;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.ItSupport;

/// <summary>The ticket-status form, waiting for the user to pick one of their open tickets or type a ticket number.</summary>
public sealed record TicketStatusFormState : FormState
{
    public const string Discriminator = "it.ticket_status";

    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= TicketStatusForm.Timeout;
}

public enum TicketStatusFormAction { LookUp, Reprompt, GiveUp, Cancelled, Expired }

public sealed record TicketStatusFormStep(TicketStatusFormAction Action, TicketStatusFormState? State, Reply? Reply = null, string? TicketId = null);

/// <summary>Takes a ticket number as the answer to "which ticket?". Pure.</summary>
public static partial class TicketStatusForm
{
    public const int MaxFailedAttempts = 3;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <param name="recognized">The <c>ticket_id</c> entity of the turn, if the recogniser found one.</param>
    public static TicketStatusFormStep NextTurn(TicketStatusFormState state, string input, string? recognized, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);

        if (state.IsExpiredAt(now))
        {
            return new TicketStatusFormStep(TicketStatusFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new TicketStatusFormStep(TicketStatusFormAction.Cancelled, null, new Reply(DialogPhrases.Cancelled.In(language)));
        }

        if (FindTicketId(input, recognized) is { } ticketId)
        {
            return new TicketStatusFormStep(TicketStatusFormAction.LookUp, null, TicketId: ticketId);
        }

        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= MaxFailedAttempts)
        {
            return new TicketStatusFormStep(
                TicketStatusFormAction.GiveUp, null, new Reply(ItPhrases.TicketStatusGiveUp.In(language), IntentActions.HelpOrAgent(language)));
        }

        return new TicketStatusFormStep(
            TicketStatusFormAction.Reprompt,
            state with { FailedAttempts = failedAttempts, LastActivityAt = now },
            new Reply($"{ItPhrases.NotATicketNumber.In(language)} {ItPhrases.WhichTicket.In(language)}"));
    }

    /// <summary>
    /// The recognised ticket id, or — as the answer to "which ticket?" — a bare six-digit number ("000123" means IT-000123,
    /// which free text alone would not).
    /// </summary>
    public static string? FindTicketId(string input, string? recognized)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (recognized is not null)
        {
            return recognized;
        }

        var bare = BareTicketDigits().Match(input);
        return bare.Success ? "IT-" + bare.Groups["digits"].Value : null;
    }

    [GeneratedRegex(@"^\W*(?<digits>[0-9]{6})\W*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BareTicketDigits();
}
