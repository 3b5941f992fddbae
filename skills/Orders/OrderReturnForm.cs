using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Orders;

/// <summary>The return form: order number, the visitor's e-mail if anonymous, the reason (and a note for "other"), then yes or no.</summary>
public sealed record OrderReturnFormState : OrderFormState
{
    public const string Discriminator = "order.return";

    public ReturnReason? Reason { get; init; }

    /// <summary>The user's own words when the reason is <see cref="ReturnReason.Other"/>.</summary>
    public string? Note { get; init; }

    /// <summary>What the order system said it would refund, shown again at the confirmation.</summary>
    public decimal RefundIdr { get; init; }
}

/// <summary>
/// "I want to return my order": order number (verified for anonymous visitors), the order system's check, the reason
/// as buttons, then the user's yes before the return is opened. Pure.
/// </summary>
public static class OrderReturnForm
{
    /// <summary>The longest note passed on to the order system.</summary>
    public const int MaxNoteLength = 500;

    private static readonly (ReturnReason Reason, Phrase Title, string[] Words)[] Reasons =
    [
        (ReturnReason.Damaged, OrderActionPhrases.ReasonDamaged, ["damaged", "broken", "defective", "rusak", "cacat", "pecah"]),
        (ReturnReason.WrongItem, OrderActionPhrases.ReasonWrongItem, ["wrong item", "wrong", "salah barang", "barang salah", "salah kirim", "salah"]),
        (ReturnReason.NotAsDescribed, OrderActionPhrases.ReasonNotAsDescribed, ["not as described", "different", "tidak sesuai", "nggak sesuai", "gak sesuai", "beda"]),
        (ReturnReason.NoLongerNeeded, OrderActionPhrases.ReasonNoLongerNeeded, ["no longer needed", "don't need", "dont need", "changed my mind", "tidak diperlukan", "tidak perlu", "nggak perlu", "gak perlu", "tidak butuh", "berubah pikiran"]),
        (ReturnReason.Other, OrderActionPhrases.ReasonOther, ["other", "something else", "lainnya", "lain", "alasan lain"]),
    ];

    public static OrderFormStep<OrderReturnFormState> Begin(string? orderNumber, OrderAccess access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(access);
        return OrderForms.Begin(new OrderReturnFormState { LastActivityAt = now }, orderNumber, access, now);
    }

    public static OrderFormStep<OrderReturnFormState> NextTurn(
        OrderReturnFormState state, string input, string? recognizedEmail, OrderAccess access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (OrderForms.Interrupted(state, input, now) is { } interrupted)
        {
            return interrupted;
        }

        return state.Question switch
        {
            OrderQuestion.Email => OrderForms.AnswerEmail(state, input, recognizedEmail, access, now),
            OrderQuestion.ReturnReason => AnswerReason(state, input, now),
            OrderQuestion.ReturnNote => AnswerNote(state, input, now),
            OrderQuestion.Confirmation => OrderForms.AnswerConfirmation(
                state, input, access, now, OrderActionPhrases.ReturnConfirmReprompt, OrderActionPhrases.ReturnDeclined, OrderActionPhrases.ReturnConfirmGiveUp),
            _ => OrderForms.AnswerOrderNumber(state, input, access, now),
        };
    }

    public static OrderFormStep<OrderReturnFormState> AfterVerification(OrderReturnFormState state, OrderVerification verification, DateTimeOffset now) =>
        OrderForms.AfterVerification(state, verification, now);

    /// <summary>The order system says the order can be returned for <paramref name="refundIdr"/>: ask why.</summary>
    public static OrderFormStep<OrderReturnFormState> AskReason(OrderReturnFormState state, decimal refundIdr, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(
            OrderFormAction.Ask,
            state with { Question = OrderQuestion.ReturnReason, RefundIdr = refundIdr, FailedAttempts = 0, LastActivityAt = now },
            new FormPrompt(OrderActionPhrases.AskReason, state.OrderNumber),
            state.OrderNumber);
    }

    /// <summary>A button per reason, in the user's language; pressing one sends a title <see cref="ParseReason"/> reads.</summary>
    public static IReadOnlyList<SuggestedAction> ReasonButtons(string language) =>
        [.. Reasons.Select(r => new SuggestedAction(r.Title.In(language), r.Title.In(language)))];

    /// <summary>The reason a button title, its number in the list, or a typed description names; null when none does.</summary>
    public static ReturnReason? ParseReason(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var normalized = Interruptions.Normalize(input);
        if (normalized.Length == 0)
        {
            return null;
        }

        if (int.TryParse(normalized, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number >= 1 && number <= Reasons.Length)
        {
            return Reasons[number - 1].Reason;
        }

        foreach (var (reason, title, _) in Reasons)
        {
            if (normalized == Interruptions.Normalize(title.En) || normalized == Interruptions.Normalize(title.Id))
            {
                return reason;
            }
        }

        foreach (var (reason, _, words) in Reasons)
        {
            if (words.Any(word => ContainsWords(normalized, word)))
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>The reason as the user saw it on its button.</summary>
    public static Phrase TitleOf(ReturnReason reason) => Array.Find(Reasons, r => r.Reason == reason).Title;

    private static OrderFormStep<OrderReturnFormState> AnswerReason(OrderReturnFormState state, string input, DateTimeOffset now)
    {
        var reason = ParseReason(input);
        if (reason == ReturnReason.Other)
        {
            return new(
                OrderFormAction.Ask,
                state with { Question = OrderQuestion.ReturnNote, Reason = reason, FailedAttempts = 0, LastActivityAt = now },
                new FormPrompt(OrderActionPhrases.AskNote, state.OrderNumber),
                state.OrderNumber);
        }

        if (reason is not null)
        {
            return OrderForms.AwaitConfirmation(state with { Reason = reason, Note = null }, now);
        }

        return OrderForms.Failed(
            state,
            now,
            new FormPrompt(OrderActionPhrases.ReasonReprompt),
            new FormPrompt(OrderActionPhrases.ReasonReprompt),
            new FormPrompt(OrderActionPhrases.ReasonGiveUp));
    }

    private static OrderFormStep<OrderReturnFormState> AnswerNote(OrderReturnFormState state, string input, DateTimeOffset now)
    {
        var note = input.Trim();
        if (note.Length == 0)
        {
            return OrderForms.Failed(
                state,
                now,
                new FormPrompt(OrderActionPhrases.NoteReprompt),
                new FormPrompt(OrderActionPhrases.NoteReprompt),
                new FormPrompt(OrderActionPhrases.ReasonGiveUp));
        }

        return OrderForms.AwaitConfirmation(state with { Note = note.Length > MaxNoteLength ? note[..MaxNoteLength] : note }, now);
    }

    private static bool ContainsWords(string text, string words)
    {
        var index = text.IndexOf(words, StringComparison.Ordinal);
        while (index >= 0)
        {
            var end = index + words.Length;
            if ((index == 0 || text[index - 1] == ' ') && (end == text.Length || text[end] == ' '))
            {
                return true;
            }

            index = text.IndexOf(words, index + 1, StringComparison.Ordinal);
        }

        return false;
    }
}
