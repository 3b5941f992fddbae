using System.Text.RegularExpressions;
using HelpdeskBot.Classifier.Entities;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Orders;

/// <summary>The order-status form waiting for an order number.</summary>
public sealed record OrderStatusFormState : FormState
{
    public const string Discriminator = "order.status";

    /// <summary>How many answers so far held no order number.</summary>
    public int FailedAttempts { get; init; }

    public override bool IsExpiredAt(DateTimeOffset now) => now - LastActivityAt >= OrderStatusForm.Timeout;
}

public enum OrderStatusFormAction
{
    /// <summary>The first question: the request had no order number.</summary>
    AskForNumber,

    /// <summary>The answer held no order number; ask again.</summary>
    Reprompt,

    /// <summary>Look <see cref="OrderStatusFormStep.OrderNumber"/> up; the form is done.</summary>
    LookUp,

    /// <summary>Too many answers without an order number; the form ends.</summary>
    GiveUp,

    /// <summary>The user cancelled; the form ends.</summary>
    Cancelled,

    /// <summary>The form waited too long; it ends without taking the input, which should be handled as a new request.</summary>
    Expired,
}

/// <summary>
/// What the form decided for one input.
/// </summary>
/// <param name="Action">What to do next.</param>
/// <param name="State">The form's new state, or null when the form has ended.</param>
/// <param name="OrderNumber">The canonical order number to look up (<see cref="OrderStatusFormAction.LookUp"/> only).</param>
/// <param name="Prompt">What to say, in every language; null when the reply depends on the lookup or on another skill.</param>
public sealed record OrderStatusFormStep(
    OrderStatusFormAction Action,
    OrderStatusFormState? State,
    string? OrderNumber = null,
    Phrase? Prompt = null);

/// <summary>
/// Asks for an order number until it gets one. Pure: no I/O and no clock of its own, so every path is a plain test.
/// </summary>
public static partial class OrderStatusForm
{
    /// <summary>Answers without an order number before the form gives up.</summary>
    public const int MaxFailedAttempts = 3;

    /// <summary>A form left this long without input expires.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>The user asked about an order: look it up if the request names one, otherwise ask for the number.</summary>
    public static OrderStatusFormStep Begin(string utterance, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var orderNumber = OrderNumberRecognizer.FindOrderNumber(utterance);
        return orderNumber is not null
            ? new OrderStatusFormStep(OrderStatusFormAction.LookUp, null, orderNumber)
            : new OrderStatusFormStep(
                OrderStatusFormAction.AskForNumber,
                new OrderStatusFormState { LastActivityAt = now },
                Prompt: OrderPhrases.AskForNumber);
    }

    /// <summary>The user answered the form's question with <paramref name="input"/>.</summary>
    public static OrderStatusFormStep NextTurn(OrderStatusFormState state, string input, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);

        if (state.IsExpiredAt(now))
        {
            return new OrderStatusFormStep(OrderStatusFormAction.Expired, null);
        }

        if (Interruptions.IsCancel(input))
        {
            return new OrderStatusFormStep(OrderStatusFormAction.Cancelled, null, Prompt: DialogPhrases.Cancelled);
        }

        var orderNumber = FindOrderNumberInAnswer(input);
        if (orderNumber is not null)
        {
            return new OrderStatusFormStep(OrderStatusFormAction.LookUp, null, orderNumber);
        }

        var failedAttempts = state.FailedAttempts + 1;
        if (failedAttempts >= MaxFailedAttempts)
        {
            return new OrderStatusFormStep(OrderStatusFormAction.GiveUp, null, Prompt: OrderPhrases.GiveUp);
        }

        return new OrderStatusFormStep(
            OrderStatusFormAction.Reprompt,
            state with { FailedAttempts = failedAttempts, LastActivityAt = now },
            Prompt: failedAttempts == MaxFailedAttempts - 1 ? OrderPhrases.LastTry : OrderPhrases.Reprompt);
    }

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

    [GeneratedRegex(@"^\W*(?<digits>[1-9][0-9]{5})\W*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex BareOrderDigits();
}
