using System.Text.RegularExpressions;
using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Orders;

/// <summary>What an order form waits for. Stored as a number: append new values, never reorder.</summary>
public enum OrderQuestion
{
    OrderNumber = 0,

    /// <summary>The e-mail address on the order, which an anonymous visitor gives to prove the order is theirs.</summary>
    Email = 1,

    /// <summary>Yes or no to the side effect the form is about (cancel, return).</summary>
    Confirmation = 2,

    ReturnReason = 3,

    /// <summary>A short description when the return reason is "other".</summary>
    ReturnNote = 4,
}

/// <summary>
/// The state every order form shares: it first needs an order number and, for an anonymous visitor, the e-mail on the
/// order. The verification sub-step lives here so status, cancel and return ask for it in the same words.
/// </summary>
public abstract record OrderFormState : FormState
{
    public OrderQuestion Question { get; init; }

    /// <summary>The canonical order number, once known.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>Unusable answers to the current question; reset when the form moves to the next one.</summary>
    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= OrderForms.Timeout;

    public override bool AwaitsConfirmation => Question == OrderQuestion.Confirmation;

    public override bool AwaitsFreeText => Question == OrderQuestion.ReturnNote;
}

public enum OrderFormAction
{
    /// <summary>Say <see cref="OrderFormStep{TState}.Prompt"/> and wait for the answer to the state's question.</summary>
    Ask,

    /// <summary>Check <see cref="OrderFormStep{TState}.Email"/> against the order with the order system, then call the form's <c>AfterVerification</c>.</summary>
    Verify,

    /// <summary>The requester may ask about the order: look it up or check what the form wants to do with it.</summary>
    Proceed,

    /// <summary>Ask the form's yes/no question; the wording needs the order system's figures, so the skill writes it.</summary>
    Confirm,

    /// <summary>The user said yes: do it.</summary>
    Execute,

    /// <summary>The user said no at the confirmation: nothing was done; the form ends.</summary>
    Declined,

    /// <summary>Too many unusable answers; the form ends.</summary>
    GiveUp,

    /// <summary>Too many wrong e-mail addresses; the order system refuses to check more for a while. The form ends.</summary>
    LockedOut,

    /// <summary>The user cancelled; the form ends.</summary>
    Cancelled,

    /// <summary>The form waited too long; it ends without taking the input, which is handled as a new request.</summary>
    Expired,
}

/// <summary>A text for the user with the only values a form knows (no dates or amounts, which need the language).</summary>
public sealed record FormPrompt(Phrase Phrase, string? Subject = null, int? Count = null)
{
    /// <summary>The text in <paramref name="language"/>: <c>{order}</c>/<c>{invoice}</c> get the subject, <c>{count}</c> the count.</summary>
    public string In(string language) => Phrase.Format(
        language,
        ("order", Subject ?? string.Empty),
        ("invoice", Subject ?? string.Empty),
        ("count", Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
}

/// <summary>What an order form decided for one input.</summary>
/// <param name="State">The form's new state; null when the form has ended.</param>
/// <param name="OrderNumber">The order to verify, look up, check or act on.</param>
/// <param name="Email">The e-mail to verify (<see cref="OrderFormAction.Verify"/> only).</param>
public sealed record OrderFormStep<TState>(
    OrderFormAction Action,
    TState? State,
    FormPrompt? Prompt = null,
    string? OrderNumber = null,
    string? Email = null)
    where TState : OrderFormState;

/// <summary>Who is asking, as far as an order form cares: must they verify, and which orders did they already verify.</summary>
/// <param name="MustVerify">True for anonymous visitors; signed-in customers never verify.</param>
public sealed record OrderAccess(bool MustVerify, IReadOnlyCollection<string> Verified)
{
    public static OrderAccess SignedIn { get; } = new(false, []);

    public bool NeedsVerification(string orderNumber) => MustVerify && !Verified.Contains(orderNumber, StringComparer.Ordinal);
}

/// <summary>
/// The order-number and e-mail questions every order form starts with, and the yes/no question most end with. Pure.
/// </summary>
public static partial class OrderForms
{
    /// <summary>Unusable answers to one question before the form gives up.</summary>
    public const int MaxFailedAttempts = 3;

    /// <summary>A form left this long without input expires.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>The start of a form: verify or proceed when the request names an order, otherwise ask for its number.</summary>
    internal static OrderFormStep<TState> Begin<TState>(TState fresh, string? orderNumber, OrderAccess access, DateTimeOffset now)
        where TState : OrderFormState =>
        orderNumber is null
            ? new(OrderFormAction.Ask, fresh, new FormPrompt(OrderPhrases.AskForNumber))
            : Identified(fresh, orderNumber, access, now);

    /// <summary>The order number is known: an anonymous visitor who has not verified it yet is asked for the e-mail on it.</summary>
    internal static OrderFormStep<TState> Identified<TState>(TState state, string orderNumber, OrderAccess access, DateTimeOffset now)
        where TState : OrderFormState =>
        access.NeedsVerification(orderNumber)
            ? new(
                OrderFormAction.Ask,
                Update(state, s => s with { Question = OrderQuestion.Email, OrderNumber = orderNumber, FailedAttempts = 0, LastActivityAt = now }),
                new FormPrompt(OrderPhrases.AskEmail, orderNumber))
            : new(
                OrderFormAction.Proceed,
                Update(state, s => s with { OrderNumber = orderNumber, FailedAttempts = 0, LastActivityAt = now }),
                OrderNumber: orderNumber);

    /// <summary>Expiry and cancel, which every question handles alike; null when the input is an answer.</summary>
    internal static OrderFormStep<TState>? Interrupted<TState>(TState state, string input, DateTimeOffset now)
        where TState : OrderFormState
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        if (state.IsExpiredAt(now))
        {
            return new(OrderFormAction.Expired, null);
        }

        // At the confirmation a yes may repeat the form's action ("ya, batalin aja"): that is an answer, not a cancel.
        var answersConfirmation = state.Question == OrderQuestion.Confirmation
            && Confirmation.Parse(input, EchoesOf(state)) != ConfirmationAnswer.Unclear;
        return Interruptions.IsCancel(input) && !answersConfirmation
            ? new(OrderFormAction.Cancelled, null, new FormPrompt(DialogPhrases.Cancelled))
            : null;
    }

    internal static OrderFormStep<TState> AnswerOrderNumber<TState>(TState state, string input, OrderAccess access, DateTimeOffset now)
        where TState : OrderFormState
    {
        var orderNumber = FindOrderNumberInAnswer(input);
        return orderNumber is not null
            ? Identified(state, orderNumber, access, now)
            : Failed(state, now, new FormPrompt(OrderPhrases.Reprompt), new FormPrompt(OrderPhrases.LastTry), new FormPrompt(OrderPhrases.GiveUp));
    }

    internal static OrderFormStep<TState> AnswerEmail<TState>(TState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now)
        where TState : OrderFormState
    {
        var email = FindEmailInAnswer(input, recognizedEmail);
        if (email is not null)
        {
            return new(OrderFormAction.Verify, Update(state, s => s with { LastActivityAt = now }), OrderNumber: state.OrderNumber, Email: email);
        }

        // "Sorry, it's ORD-100124": the visitor corrects the order number instead.
        if (OrderNumberRecognizer.FindOrderNumber(input) is { } other && other != state.OrderNumber)
        {
            return Identified(state, other, access, now);
        }

        return Failed(
            state,
            now,
            new FormPrompt(OrderPhrases.EmailReprompt, state.OrderNumber),
            new FormPrompt(OrderPhrases.EmailLastTry, state.OrderNumber),
            new FormPrompt(OrderPhrases.EmailGiveUp));
    }

    /// <summary>
    /// What the order system said about the e-mail. A mismatch reads the same whether the order exists or not; the order
    /// system counts the failures and locks the visitor out, so the form follows its count rather than its own.
    /// </summary>
    internal static OrderFormStep<TState> AfterVerification<TState>(TState state, OrderVerification verification, DateTimeOffset now)
        where TState : OrderFormState
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(verification);
        var orderNumber = state.OrderNumber ?? throw new InvalidOperationException("Verification needs an order number.");
        return verification switch
        {
            { Outcome: OrderVerificationOutcome.Verified } => new(
                OrderFormAction.Proceed,
                Update(state, s => s with { FailedAttempts = 0, LastActivityAt = now }),
                OrderNumber: orderNumber),
            { Outcome: OrderVerificationOutcome.Mismatch, AttemptsLeft: > 1 } => new(
                OrderFormAction.Ask,
                Update(state, s => s with { LastActivityAt = now }),
                new FormPrompt(OrderPhrases.EmailMismatch, orderNumber, verification.AttemptsLeft)),
            { Outcome: OrderVerificationOutcome.Mismatch, AttemptsLeft: 1 } => new(
                OrderFormAction.Ask,
                Update(state, s => s with { LastActivityAt = now }),
                new FormPrompt(OrderPhrases.EmailMismatchLastTry, orderNumber)),
            _ => new(OrderFormAction.LockedOut, null, new FormPrompt(OrderPhrases.LockedOut)),
        };
    }

    /// <summary>The order system said the action is possible: ask the user to confirm it.</summary>
    internal static OrderFormStep<TState> AwaitConfirmation<TState>(TState state, DateTimeOffset now)
        where TState : OrderFormState =>
        new(
            OrderFormAction.Confirm,
            Update(state, s => s with { Question = OrderQuestion.Confirmation, FailedAttempts = 0, LastActivityAt = now }),
            OrderNumber: state.OrderNumber);

    /// <summary>Yes does it, no drops it, another order number starts over with that order, anything else is asked again.</summary>
    internal static OrderFormStep<TState> AnswerConfirmation<TState>(
        TState state, string input, OrderAccess access, DateTimeOffset now, Phrase reprompt, Phrase declined, Phrase giveUp)
        where TState : OrderFormState
    {
        switch (Confirmation.Parse(input, EchoesOf(state)))
        {
            case ConfirmationAnswer.Yes:
                return new(OrderFormAction.Execute, Update(state, s => s with { LastActivityAt = now }), OrderNumber: state.OrderNumber);
            case ConfirmationAnswer.No:
                return new(OrderFormAction.Declined, null, new FormPrompt(declined, state.OrderNumber), state.OrderNumber);
        }

        if (OrderNumberRecognizer.FindOrderNumber(input) is { } other && other != state.OrderNumber)
        {
            return Identified(Update(state, s => s with { Question = OrderQuestion.OrderNumber }), other, access, now);
        }

        var failed = new FormPrompt(reprompt, state.OrderNumber);
        return Failed(state, now, failed, failed, new FormPrompt(giveUp, state.OrderNumber));
    }

    /// <summary>The form's own action, which a yes may repeat ("iya, batalin aja").</summary>
    private static IReadOnlySet<string>? EchoesOf(OrderFormState state) => state switch
    {
        OrderCancelFormState => Confirmation.CancelEchoes,
        OrderReturnFormState => Confirmation.ReturnEchoes,
        _ => null,
    };

    /// <summary>One more unusable answer: ask again with the reason, warn on the last try, give up after three.</summary>
    internal static OrderFormStep<TState> Failed<TState>(TState state, DateTimeOffset now, FormPrompt reprompt, FormPrompt lastTry, FormPrompt giveUp)
        where TState : OrderFormState
    {
        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= MaxFailedAttempts)
        {
            return new(OrderFormAction.GiveUp, null, giveUp);
        }

        return new(
            OrderFormAction.Ask,
            Update(state, s => s with { FailedAttempts = failedAttempts, LastActivityAt = now }),
            failedAttempts == MaxFailedAttempts - 1 ? lastTry : reprompt);
    }

    /// <summary>Whether <paramref name="input"/> answers the question the form asked (the engine's interruption check).</summary>
    internal static bool Answers(OrderFormState state, string input, string? recognizedEmail) => state.Question switch
    {
        OrderQuestion.OrderNumber => FindOrderNumberInAnswer(input) is not null,
        OrderQuestion.Email => FindEmailInAnswer(input, recognizedEmail) is not null || OrderNumberRecognizer.FindOrderNumber(input) is not null,
        OrderQuestion.Confirmation => Confirmation.Parse(input, EchoesOf(state)) != ConfirmationAnswer.Unclear || OrderNumberRecognizer.FindOrderNumber(input) is not null,
        OrderQuestion.ReturnReason => OrderReturnForm.ParseReason(input) is not null,
        OrderQuestion.ReturnNote => !string.IsNullOrWhiteSpace(input),
        _ => false,
    };

    /// <summary>
    /// The recognizer ignores a bare "100123" in free text (it could be an invoice or a phone fragment), but as the answer
    /// to "what's your order number?" the question itself says what the digits are.
    /// </summary>
    internal static string? FindOrderNumberInAnswer(string input)
    {
        var recognized = OrderNumberRecognizer.FindOrderNumber(input);
        if (recognized is not null)
        {
            return recognized;
        }

        var bare = BareOrderDigits().Match(input);
        return bare.Success ? OrderNumberRecognizer.Prefix + bare.Groups["digits"].Value : null;
    }

    /// <summary>The e-mail the turn's recogniser found, or the whole answer when it is shaped like an address.</summary>
    internal static string? FindEmailInAnswer(string input, string? recognizedEmail)
    {
        if (!string.IsNullOrWhiteSpace(recognizedEmail))
        {
            return recognizedEmail;
        }

        var trimmed = input.Trim();
        return WholeEmail().IsMatch(trimmed) ? trimmed.ToLowerInvariant() : null;
    }

    private static TState Update<TState>(TState state, Func<OrderFormState, OrderFormState> change)
        where TState : OrderFormState => (TState)change(state);

    [GeneratedRegex(@"^\W*(?<digits>[1-9][0-9]{5})\W*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BareOrderDigits();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeEmail();
}
